/*
 * linux/export.h - EXPORT_SYMBOL and friends.
 *
 * Compat layer. A kwork module is linked into one program, so there is no
 * symbol table for other modules to resolve against: exporting is a
 * declaration that checks sym exists, and nothing else.
 */
#ifndef KWORK_LINUX_EXPORT_H
#define KWORK_LINUX_EXPORT_H

#define EXPORT_SYMBOL(sym) extern __typeof__(sym) sym
#define EXPORT_SYMBOL_GPL(sym) extern __typeof__(sym) sym
#define EXPORT_SYMBOL_NS(sym, ns) extern __typeof__(sym) sym
#define EXPORT_SYMBOL_NS_GPL(sym, ns) extern __typeof__(sym) sym
#define EXPORT_SYMBOL_GPL_FUTURE(sym) extern __typeof__(sym) sym

#endif /* KWORK_LINUX_EXPORT_H */

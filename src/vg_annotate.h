/*
 * vg_annotate.h - what helgrind and DRD cannot see, told to them.
 *
 * Layer: build support (internal). Nothing here exists in a normal build:
 * every macro below is empty unless KWORK_VALGRIND_ANNOTATE is 1 (CMake
 * -DKWORK_VALGRIND_ANNOTATE=ON, the build/helgrind tree of `make helgrind`
 * and `make drd`; docs/debugging.md).
 *
 * Helgrind and DRD know pthreads, not C11 atomics. kwork's spinlock,
 * mutex, wait/wake protocol, work PENDING bit and hand-offs are atomics
 * (and futexes, which order nothing by themselves: the atomics on the
 * futex word do). Without help the tools see (1) every atomic word as
 * racy - an atomic store against an atomic load or compare-and-swap - and
 * (2) all the data those atomics publish as racy, since no edge orders
 * the two threads.
 *
 * In the annotated build this header is force-included (-include) into
 * every C file of kwork and its tests, and it wraps the __atomic builtins
 * kwork uses (all the _n forms) so that each one tells the tool what C11
 * says it does:
 * - the atomic word is not checked for races (atomic accesses never race;
 *   plain accesses to atomic words are the TSan build's job);
 * - a release (or stronger) operation on the word is a happens-before
 *   send on its address, just before it; an acquire (or stronger) one a
 *   happens-after receive on it, just after (for a compare-and-swap, with
 *   the success or the failure order, whichever applied). This is the
 *   release/acquire edge of C11, given per address as TSan models it.
 * Relaxed operations create no edge. Fences are not wrapped: each one is
 * annotated where it is used, with the edge it creates.
 *
 * The explicit annotations, for code to use:
 * - KW_VG_HAPPENS_BEFORE(addr) / KW_VG_HAPPENS_AFTER(addr): an edge the
 *   wrapped atomics do not give (a fence's pairing).
 * - KW_VG_BENIGN_RACE(addr, size): memory read racily on purpose (a
 *   statistics snapshot). Every use says why at the call.
 * Both helgrind's and DRD's requests are issued; each tool ignores the
 * other's. The happens-before and lock requests share their numbers.
 */
#ifndef KWORK_VG_ANNOTATE_H
#define KWORK_VG_ANNOTATE_H

#if defined(KWORK_VALGRIND_ANNOTATE) && KWORK_VALGRIND_ANNOTATE

#include <stddef.h>
#include <valgrind/drd.h>
#include <valgrind/helgrind.h>

#ifdef __cplusplus
#define KW__VG_AUTO auto
#define KW__VG_BOOL bool
#else
#define KW__VG_AUTO __auto_type
#define KW__VG_BOOL _Bool
#endif

#define KW_VG_HAPPENS_BEFORE(addr) ANNOTATE_HAPPENS_BEFORE(addr)
#define KW_VG_HAPPENS_AFTER(addr) ANNOTATE_HAPPENS_AFTER(addr)

/* Helgrind: untracked until freed; DRD: suppressed until freed. */
#define KW_VG_BENIGN_RACE(addr, size)                                       \
	do {                                                                \
		VALGRIND_HG_DISABLE_CHECKING((addr), (size));               \
		VALGRIND_DO_CLIENT_REQUEST_STMT(                            \
			VG_USERREQ__DRD_START_SUPPRESSION, (addr), (size),  \
			0, 0, 0);                                           \
	} while (0)

#define KW__VG_RELEASES(mo) \
	((mo) == __ATOMIC_RELEASE || (mo) == __ATOMIC_ACQ_REL || \
	 (mo) == __ATOMIC_SEQ_CST)
#define KW__VG_ACQUIRES(mo) \
	((mo) == __ATOMIC_ACQUIRE || (mo) == __ATOMIC_ACQ_REL || \
	 (mo) == __ATOMIC_SEQ_CST || (mo) == __ATOMIC_CONSUME)

/* Before an atomic access of size bytes at p with order mo. */
static inline __attribute__((always_inline)) void
kw__vg_atomic_pre(const volatile void *p, size_t size, int releases)
{
	KW_VG_BENIGN_RACE((const void *)p, size);
	if (releases)
		ANNOTATE_HAPPENS_BEFORE((const void *)p);
}

/* After it. */
static inline __attribute__((always_inline)) void
kw__vg_atomic_post(const volatile void *p, int acquires)
{
	if (acquires)
		ANNOTATE_HAPPENS_AFTER((const void *)p);
}

/* The wrappers: a macro does not expand inside itself, so the builtin's
 * name inside each body is the builtin. */
#define __atomic_load_n(p, mo) __extension__ ({                             \
	__typeof__(p) kw__vg_p = (p);                                       \
	kw__vg_atomic_pre(kw__vg_p, sizeof(*kw__vg_p), 0);                  \
	KW__VG_AUTO kw__vg_v = __atomic_load_n(kw__vg_p, (mo));             \
	kw__vg_atomic_post(kw__vg_p, KW__VG_ACQUIRES(mo));                  \
	kw__vg_v; })

#define __atomic_store_n(p, v, mo) __extension__ ({                         \
	__typeof__(p) kw__vg_p = (p);                                       \
	kw__vg_atomic_pre(kw__vg_p, sizeof(*kw__vg_p), KW__VG_RELEASES(mo));\
	__atomic_store_n(kw__vg_p, (v), (mo)); })

#define __atomic_compare_exchange_n(p, exp, des, weak, smo, fmo)            \
	__extension__ ({                                                    \
	__typeof__(p) kw__vg_p = (p);                                       \
	kw__vg_atomic_pre(kw__vg_p, sizeof(*kw__vg_p), KW__VG_RELEASES(smo));\
	KW__VG_BOOL kw__vg_ok = __atomic_compare_exchange_n(kw__vg_p, (exp),      \
				(des), (weak), (smo), (fmo));               \
	kw__vg_atomic_post(kw__vg_p, kw__vg_ok ? KW__VG_ACQUIRES(smo)       \
					       : KW__VG_ACQUIRES(fmo));     \
	kw__vg_ok; })

/* exchange, fetch_op and op_fetch: (p, v, mo) returning a value. */
#define KW__VG_RMW(builtin, p, v, mo) __extension__ ({                      \
	__typeof__(p) kw__vg_p = (p);                                       \
	kw__vg_atomic_pre(kw__vg_p, sizeof(*kw__vg_p), KW__VG_RELEASES(mo));\
	KW__VG_AUTO kw__vg_v = builtin(kw__vg_p, (v), (mo));                \
	kw__vg_atomic_post(kw__vg_p, KW__VG_ACQUIRES(mo));                  \
	kw__vg_v; })

#define __atomic_exchange_n(p, v, mo) KW__VG_RMW(__atomic_exchange_n, p, v, mo)
#define __atomic_fetch_add(p, v, mo) KW__VG_RMW(__atomic_fetch_add, p, v, mo)
#define __atomic_fetch_sub(p, v, mo) KW__VG_RMW(__atomic_fetch_sub, p, v, mo)
#define __atomic_fetch_and(p, v, mo) KW__VG_RMW(__atomic_fetch_and, p, v, mo)
#define __atomic_fetch_or(p, v, mo) KW__VG_RMW(__atomic_fetch_or, p, v, mo)
#define __atomic_fetch_xor(p, v, mo) KW__VG_RMW(__atomic_fetch_xor, p, v, mo)
#define __atomic_add_fetch(p, v, mo) KW__VG_RMW(__atomic_add_fetch, p, v, mo)
#define __atomic_sub_fetch(p, v, mo) KW__VG_RMW(__atomic_sub_fetch, p, v, mo)
#define __atomic_and_fetch(p, v, mo) KW__VG_RMW(__atomic_and_fetch, p, v, mo)
#define __atomic_or_fetch(p, v, mo) KW__VG_RMW(__atomic_or_fetch, p, v, mo)
#define __atomic_xor_fetch(p, v, mo) KW__VG_RMW(__atomic_xor_fetch, p, v, mo)

#else /* !KWORK_VALGRIND_ANNOTATE */

#define KW_VG_HAPPENS_BEFORE(addr) ((void)0)
#define KW_VG_HAPPENS_AFTER(addr) ((void)0)
#define KW_VG_BENIGN_RACE(addr, size) ((void)0)

#endif /* KWORK_VALGRIND_ANNOTATE */

#endif /* KWORK_VG_ANNOTATE_H */

/*
 * linux/cleanup.h - scope-based resource management: __free(), CLASS(),
 * guard(), scoped_guard(), scoped_cond_guard().
 *
 * Built on the compiler's cleanup attribute: a variable declared with
 * __free(name) or by CLASS()/guard() runs its destructor when it leaves
 * scope, on every path out (return, break, goto, end of block), in reverse
 * order of declaration. The kernel's semantics:
 *
 *   DEFINE_FREE(name, type, free)   free runs with _T = the variable's value;
 *                                   it must cope with NULL (no_free_ptr()
 *                                   leaves NULL behind) and, for kfree,
 *                                   error pointers.
 *   no_free_ptr(p) / return_ptr(p)  take the value out; nothing is freed.
 *   DEFINE_CLASS(name, type, exit, init, args...)
 *                                   CLASS(name, var)(args) = init, exit at
 *                                   scope end with _T = var.
 *   DEFINE_GUARD(name, type, lock, unlock)
 *                                   a class whose value is the lock pointer;
 *                                   guard(name)(ptr) holds it to scope end.
 *   DEFINE_GUARD_COND(name, ext, condlock)
 *                                   name##ext: a conditional form whose value
 *                                   is NULL when condlock failed (nothing to
 *                                   unlock); used by scoped_cond_guard().
 *   DEFINE_LOCK_GUARD_1(name, type, lock, unlock, extra fields...)
 *                                   a guard over a struct { type *lock; extra }
 *                                   so lock/unlock can keep state (the
 *                                   irqsave flags) in _T->field.
 *
 * The guards for the locks live next to the locks (linux/mutex.h,
 * spinlock.h, rwsem.h), as in the kernel. Not provided: guard(rcu) and the
 * _0 lock guards it needs (no RCU here yet).
 */
#ifndef KWORK_LINUX_CLEANUP_H
#define KWORK_LINUX_CLEANUP_H

#include <stddef.h>

#define KW__CLEANUP_PASTE2(a, b) a##b
#define KW__CLEANUP_PASTE(a, b) KW__CLEANUP_PASTE2(a, b)
#define KW__CLEANUP_ID(prefix) KW__CLEANUP_PASTE(KW__CLEANUP_PASTE(__kw_, prefix), __COUNTER__)

/* ---- __free ------------------------------------------------------------------ */

#define DEFINE_FREE(_name, _type, _free)                                        \
	static inline void __free_##_name(void *p)                              \
	{                                                                       \
		_type _T = *(_type *)p;                                         \
		_free;                                                          \
	}

#define __free(_name) __attribute__((__cleanup__(__free_##_name)))

/* Take the value out of a __free variable; the variable is left NULL. */
#define no_free_ptr(p)                                                          \
	({                                                                      \
		__typeof__(p) __kw_ptr = (p);                                   \
		(p) = NULL;                                                     \
		__kw_ptr;                                                       \
	})
#define take_ptr(p) no_free_ptr(p)
#define return_ptr(p) return no_free_ptr(p)

/* ---- classes ----------------------------------------------------------------- */

/*
 * The public macros paste their name argument at once (class_##_name##_t)
 * and hand the pasted identifiers down: a name that is also a macro here
 * (mutex is kw_mutex) must not be expanded on the way.
 */
#define KW__DEFINE_CLASS(_t, _dtor, _ctor, _type, _exit, _init, ...)           \
	typedef _type _t;                                                       \
	static inline void _dtor(_type *p)                                      \
	{                                                                       \
		_type _T = *p;                                                  \
		_exit;                                                          \
	}                                                                       \
	static inline _type _ctor(__VA_ARGS__)                                  \
	{                                                                       \
		_type t = _init;                                                \
		return t;                                                       \
	}

#define KW__CLASS(_t, _dtor, _ctor, var)                                        \
	_t var __attribute__((__cleanup__(_dtor))) = _ctor

#define DEFINE_CLASS(_name, _type, _exit, _init, _init_args...)                 \
	KW__DEFINE_CLASS(class_##_name##_t, class_##_name##_destructor,         \
			 class_##_name##_constructor, _type, _exit, _init,      \
			 _init_args)

#define CLASS(_name, var)                                                       \
	KW__CLASS(class_##_name##_t, class_##_name##_destructor,                \
		  class_##_name##_constructor, var)

/* ---- guards ------------------------------------------------------------------ */

#define DEFINE_GUARD(_name, _type, _lock, _unlock)                              \
	KW__DEFINE_CLASS(class_##_name##_t, class_##_name##_destructor,         \
			 class_##_name##_constructor, _type,                    \
			 if (_T) { _unlock; }, ({ _lock; _T; }), _type _T)      \
	static inline void *class_##_name##_lock_ptr(class_##_name##_t *_T)     \
	{                                                                       \
		return (void *)*_T;                                             \
	}

#define DEFINE_GUARD_COND(_name, _ext, _condlock)                               \
	KW__DEFINE_CLASS(class_##_name##_ext##_t,                               \
			 class_##_name##_ext##_destructor,                      \
			 class_##_name##_ext##_constructor, class_##_name##_t,  \
		     class_##_name##_destructor(&_T),                           \
		     ({ class_##_name##_t _t = _T;                              \
			if (_T && !(_condlock))                                 \
				_t = NULL;                                      \
			_t; }),                                                 \
		     class_##_name##_t _T);                                     \
	static inline void *class_##_name##_ext##_lock_ptr(class_##_name##_t *_T) \
	{                                                                       \
		return (void *)*_T;                                             \
	}

#define DEFINE_LOCK_GUARD_1(_name, _type, _lock, _unlock, ...)                  \
	typedef struct {                                                        \
		_type *lock;                                                    \
		__VA_ARGS__;                                                    \
	} class_##_name##_t;                                                    \
	static inline void class_##_name##_destructor(class_##_name##_t *_T)    \
	{                                                                       \
		if (_T->lock) {                                                 \
			_unlock;                                                \
		}                                                               \
	}                                                                       \
	static inline void *class_##_name##_lock_ptr(class_##_name##_t *_T)     \
	{                                                                       \
		return (void *)_T->lock;                                        \
	}                                                                       \
	static inline class_##_name##_t class_##_name##_constructor(_type *l)   \
	{                                                                       \
		class_##_name##_t _t, *_T = &_t;                              \
		__builtin_memset(&_t, 0, sizeof(_t));                           \
		_t.lock = l;                \
		_lock;                                                          \
		return _t;                                                      \
	}

#define DEFINE_LOCK_GUARD_1_COND(_name, _ext, _condlock)                        \
	typedef class_##_name##_t class_##_name##_ext##_t;                      \
	static inline void class_##_name##_ext##_destructor(class_##_name##_t *_T) \
	{                                                                       \
		class_##_name##_destructor(_T);                                 \
	}                                                                       \
	static inline void *class_##_name##_ext##_lock_ptr(class_##_name##_t *_T) \
	{                                                                       \
		return class_##_name##_lock_ptr(_T);                            \
	}                                                                       \
	static inline class_##_name##_t class_##_name##_ext##_constructor(      \
		__typeof__(((class_##_name##_t *)0)->lock) l)                   \
	{                                                                       \
		class_##_name##_t _t, *_T = &_t;                              \
		__builtin_memset(&_t, 0, sizeof(_t));                           \
		_t.lock = l;                \
		if (_T->lock && !(_condlock))                                   \
			_T->lock = NULL;                                        \
		return _t;                                                      \
	}

#define __guard_ptr(_name) class_##_name##_lock_ptr

/* Hold the guard from here to the end of the enclosing scope. */
#define guard(_name)                                                            \
	KW__CLASS(class_##_name##_t, class_##_name##_destructor,                \
		  class_##_name##_constructor, KW__CLEANUP_ID(guard))

/* Hold the guard for the statement or block that follows. */
#define scoped_guard(_name, args...)                                            \
	for (KW__CLASS(class_##_name##_t, class_##_name##_destructor,           \
		       class_##_name##_constructor, scope)(args),               \
	     *done = NULL;                                                      \
	     class_##_name##_lock_ptr(&scope) && !done;                         \
	     done = (class_##_name##_t *)1)

/*
 * Like scoped_guard() for a conditional guard: when taking it fails, run
 * _fail (a statement: return -EINTR, break, ...) instead of the block.
 */
#define scoped_cond_guard(_name, _fail, args...)                                \
	for (KW__CLASS(class_##_name##_t, class_##_name##_destructor,           \
		       class_##_name##_constructor, scope)(args),               \
	     *done = NULL;                                                      \
	     !done; done = (class_##_name##_t *)1)                              \
		if (!class_##_name##_lock_ptr(&scope)) {                        \
			_fail;                                                  \
		} else

#endif /* KWORK_LINUX_CLEANUP_H */

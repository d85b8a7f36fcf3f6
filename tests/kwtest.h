/*
 * kwtest.h - the test harness every kwork test links against.
 *
 * A test file holds any number of KWT_TEST(rule_ids, name) bodies. The
 * runner (kwtest.c) forks each test into its own process with a timeout
 * (KWTEST_TIMEOUT seconds, default 60), prints one "ok"/"not ok" line per
 * test naming its rule IDs, and closes with "N passed, N failed".
 * `test_x name` runs only the named test (in the foreground, for gdb).
 *
 * Any WARN a test does not announce with KWT_EXPECT_WARN fails it.
 * Concurrency tests use gates (a handler blocked on a completion the test
 * releases) and observable state; never a sleep that hopes.
 */
#ifndef KWTEST_H
#define KWTEST_H

#include <kwork/kwork.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct kwt_case {
	const char *rules;
	const char *name;
	void (*fn)(void);
};

void kwt_register(const struct kwt_case *c);
void kwt_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));
void kwt_expect_warn_begin(void);
void kwt_expect_warn_end(const char *file, int line, const char *expr,
			 const char *substring);

#define KWT_TEST(rules_, name_)                                            \
	static void kwt_fn_##name_(void);                                  \
	static const struct kwt_case kwt_case_##name_ = { rules_, #name_,  \
							  kwt_fn_##name_ }; \
	__attribute__((constructor)) static void kwt_reg_##name_(void)     \
	{                                                                  \
		kwt_register(&kwt_case_##name_);                           \
	}                                                                  \
	static void kwt_fn_##name_(void)

#define KWT_ASSERT(cond)                                                   \
	do {                                                               \
		if (!(cond))                                               \
			kwt_fail(__FILE__, __LINE__, "assertion failed: %s", \
				 #cond);                                   \
	} while (0)

#define KWT_ASSERT_EQ(a, b)                                                \
	do {                                                               \
		long long __a = (long long)(a), __b = (long long)(b);      \
		if (__a != __b)                                            \
			kwt_fail(__FILE__, __LINE__,                       \
				 "%s == %s: %lld != %lld", #a, #b, __a, __b); \
	} while (0)

#define KWT_ASSERT_STREQ(a, b)                                             \
	do {                                                               \
		const char *__a = (a), *__b = (b);                         \
		if (strcmp(__a, __b) != 0)                                 \
			kwt_fail(__FILE__, __LINE__, "%s == %s: \"%s\" != \"%s\"", \
				 #a, #b, __a, __b);                        \
	} while (0)

/*
 * KWT_EXPECT_WARN(stmt, "substring"): stmt must raise exactly one WARN whose
 * message contains substring ("" accepts any message).
 */
#define KWT_EXPECT_WARN(stmt, substring)                                   \
	do {                                                               \
		kwt_expect_warn_begin();                                   \
		stmt;                                                      \
		kwt_expect_warn_end(__FILE__, __LINE__, #stmt, substring); \
	} while (0)

/*
 * kwt_loops(n): the iteration count of a race loop, n divided by
 * KWTEST_LOOP_DIVISOR (default 1; scripts/valgrind.sh sets it for the race
 * tools, which find a race from one interleaving's happens-before graph,
 * not from repetition, and run each iteration ~100x slower). Return: at
 * least 1, and a multiple of 4 when n is and n/divisor >= 4.
 */
unsigned long kwt_loops(unsigned long n);

/* Log capture: lines logged since the last kwt_log_reset(). */
void kwt_log_reset(void);
/* Return: true if some captured line contains substring. */
bool kwt_log_contains(const char *substring);
/* Return: number of captured lines containing substring. */
int kwt_log_count(const char *substring);

#endif /* KWTEST_H */

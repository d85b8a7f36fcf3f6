/*
 * test_jiffies_hz250.c - the header's jiffies conversions at HZ=250 (T14:
 * 1 ms -> 1 jiffy, 5 ms -> 2). Only header math: KW_HZ is overridden here.
 */
#define KW_HZ 250
#include "kwtest.h"

KWT_TEST("T14", msecs_to_jiffies_rounds_up_at_hz_250)
{
	KWT_ASSERT_EQ(kw_msecs_to_jiffies(1), 1);
	KWT_ASSERT_EQ(kw_msecs_to_jiffies(4), 1);
	KWT_ASSERT_EQ(kw_msecs_to_jiffies(5), 2);
	KWT_ASSERT_EQ(kw_msecs_to_jiffies(0), 0);
	KWT_ASSERT_EQ(kw_jiffies_to_msecs(2), 8);
}

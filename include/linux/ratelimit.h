/* linux/ratelimit.h - struct ratelimit_state over kwork/ratelimit.h. */
#ifndef KWORK_LINUX_RATELIMIT_H
#define KWORK_LINUX_RATELIMIT_H

#include <linux/jiffies.h>
#include <kwork/ratelimit.h>

#define ratelimit_state kw_ratelimit_state
#define DEFAULT_RATELIMIT_INTERVAL KW_DEFAULT_RATELIMIT_INTERVAL
#define DEFAULT_RATELIMIT_BURST KW_DEFAULT_RATELIMIT_BURST
#define RATELIMIT_MSG_ON_RELEASE KW_RATELIMIT_MSG_ON_RELEASE
#define RATELIMIT_STATE_INIT(name, interval, burst) \
	KW_RATELIMIT_STATE_INIT(interval, burst)
#define DEFINE_RATELIMIT_STATE(name, interval, burst) \
	struct kw_ratelimit_state name = KW_RATELIMIT_STATE_INIT(interval, burst)
#define ratelimit_state_init(rs, interval, burst) \
	kw_ratelimit_state_init(rs, interval, burst)
#define ratelimit_set_flags(rs, f) ((rs)->flags = (f))
#define ratelimit_state_exit(rs) kw_ratelimit_state_exit(rs)
#define __ratelimit(rs) kw___ratelimit(rs, __func__)

#endif /* KWORK_LINUX_RATELIMIT_H */

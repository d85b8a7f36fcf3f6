/* linux/completion.h - struct completion over kwork/completion.h. */
#ifndef KWORK_LINUX_COMPLETION_H
#define KWORK_LINUX_COMPLETION_H

#include <linux/wait.h>
#include <kwork/completion.h>

#define completion kw_completion
#define COMPLETION_INITIALIZER(work) KW_COMPLETION_INITIALIZER(work)
#define COMPLETION_INITIALIZER_ONSTACK(work) (*({ init_completion(&(work)); &(work); }))
#define DECLARE_COMPLETION(work) struct kw_completion work = KW_COMPLETION_INITIALIZER(work)
#define DECLARE_COMPLETION_ONSTACK(work) DECLARE_COMPLETION(work)
#define init_completion(x) kw_init_completion(x)
#define reinit_completion(x) kw_reinit_completion(x)
#define complete(x) kw_complete(x)
#define complete_all(x) kw_complete_all(x)
#define complete_on_current_cpu(x) kw_complete_on_current_cpu(x)
#define wait_for_completion(x) kw_wait_for_completion(x)
#define wait_for_completion_io(x) kw_wait_for_completion_io(x)
#define wait_for_completion_timeout(x, t) kw_wait_for_completion_timeout(x, t)
#define wait_for_completion_io_timeout(x, t) kw_wait_for_completion_io_timeout(x, t)
#define wait_for_completion_interruptible(x) kw_wait_for_completion_interruptible(x)
#define wait_for_completion_killable(x) kw_wait_for_completion_killable(x)
#define wait_for_completion_state(x, s) kw_wait_for_completion_state(x, s)
#define wait_for_completion_interruptible_timeout(x, t) \
	kw_wait_for_completion_interruptible_timeout(x, t)
#define wait_for_completion_killable_timeout(x, t) \
	kw_wait_for_completion_killable_timeout(x, t)
#define try_wait_for_completion(x) kw_try_wait_for_completion(x)
#define completion_done(x) kw_completion_done(x)

#endif /* KWORK_LINUX_COMPLETION_H */

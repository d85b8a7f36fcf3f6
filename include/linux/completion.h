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
#define init_completion kw_init_completion
#define reinit_completion kw_reinit_completion
#define complete kw_complete
#define complete_all kw_complete_all
#define complete_on_current_cpu kw_complete_on_current_cpu
#define wait_for_completion kw_wait_for_completion
#define wait_for_completion_io kw_wait_for_completion_io
#define wait_for_completion_timeout kw_wait_for_completion_timeout
#define wait_for_completion_io_timeout kw_wait_for_completion_io_timeout
#define wait_for_completion_interruptible kw_wait_for_completion_interruptible
#define wait_for_completion_killable kw_wait_for_completion_killable
#define wait_for_completion_state kw_wait_for_completion_state
#define wait_for_completion_interruptible_timeout \
	kw_wait_for_completion_interruptible_timeout
#define wait_for_completion_killable_timeout \
	kw_wait_for_completion_killable_timeout
#define try_wait_for_completion kw_try_wait_for_completion
#define completion_done kw_completion_done

#endif /* KWORK_LINUX_COMPLETION_H */

/*
 * Seed 000, section 1 (struct task_struct): print the current task.
 * The two seed lines are unmodified; kwork adds the includes and the module
 * around them. init runs in insmod's context, as in the kernel, so this
 * prints "Current task is: insmod (pid: N)".
 */
#include <linux/module.h>
#include <linux/sched.h>

static int __init current_init(void)
{
	/* --- seed 000 --- */
struct task_struct *t = current;
pr_info("Current task is: %s (pid: %d)", t->comm, t->pid);
	/* --- end of seed text --- */
	return 0;
}

static void __exit current_exit(void)
{
}

module_init(current_init);
module_exit(current_exit);
MODULE_LICENSE("GPL");

/*
 * Seed 000, section 3 (struct work_struct): a work on the system workqueue.
 * The seed's two lines are unmodified; kwork adds work_func, the module
 * around them, and the cancel_work_sync() the seed's resource section asks
 * for. The work runs in a kworker/* thread, as the seed says.
 */
#include <linux/module.h>
#include <linux/workqueue.h>
#include <linux/sched.h>

static struct work_struct my_work;

static void work_func(struct work_struct *work)
{
	pr_info("work_func runs in %s\n", current->comm);
}

static int __init work_init(void)
{
	/* --- seed 000 --- */
INIT_WORK(&my_work, work_func);
schedule_work(&my_work);
	/* --- end of seed text --- */
	return 0;
}

static void __exit work_exit(void)
{
	cancel_work_sync(&my_work);
}

module_init(work_init);
module_exit(work_exit);
MODULE_LICENSE("GPL");

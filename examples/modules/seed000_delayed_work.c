/*
 * Seed 000, section 4 (struct delayed_work): a work run one second later.
 * The seed's two lines are unmodified; kwork adds work_func and the module
 * around them, with cancel_delayed_work_sync() at exit. (The seed's
 * "struct delayed_work { ... }" listing shows the kernel's own definition,
 * which <linux/workqueue.h> provides.) Run with --time 1.5 to see it fire.
 */
#include <linux/module.h>
#include <linux/workqueue.h>
#include <linux/jiffies.h>

static struct delayed_work dw;

static void work_func(struct work_struct *work)
{
	pr_info("delayed work_func ran\n");
}

static int __init dw_init(void)
{
	/* --- seed 000 --- */
INIT_DELAYED_WORK(&dw, work_func);
schedule_delayed_work(&dw, msecs_to_jiffies(1000)); // 1秒后执行
	/* --- end of seed text --- */
	return 0;
}

static void __exit dw_exit(void)
{
	cancel_delayed_work_sync(&dw);
}

module_init(dw_init);
module_exit(dw_exit);
MODULE_LICENSE("GPL");

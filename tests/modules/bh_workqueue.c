// SPDX-License-Identifier: GPL-2.0
/* Uses a BH workqueue: kwork refuses it at compile time with a reason. */
#include <linux/module.h>
#include <linux/workqueue.h>

static void bh_fn(struct work_struct *w)
{
}

static DECLARE_WORK(bh_work, bh_fn);

static int __init bh_init(void)
{
	queue_work(system_bh_wq, &bh_work);
	return 0;
}

static void __exit bh_exit(void)
{
	cancel_work_sync(&bh_work);
}

module_init(bh_init);
module_exit(bh_exit);
MODULE_LICENSE("GPL");

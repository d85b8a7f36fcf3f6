/*
 * The diagnostics Kbuild gives beyond -Wall. As it is, the module loads and
 * runs; its global helper has no prototype, which 6.8+ Kbuild warns about.
 * -DWRONG_POINTER passes a delayed_work where a work_struct is wanted and
 * -DOLD_PROTOTYPE declares a function with empty parentheses: Kbuild makes
 * both errors, so the module does not build.
 */
#include <linux/module.h>
#include <linux/workqueue.h>

static struct delayed_work dwork;

void kbuild_diags_fn(struct work_struct *work)
{
	pr_info("kbuild_diags: ran\n");
}

#ifdef OLD_PROTOTYPE
static int old_style();
#endif

static int __init kbuild_diags_init(void)
{
	INIT_DELAYED_WORK(&dwork, kbuild_diags_fn);
	schedule_delayed_work(&dwork, 0);
	flush_delayed_work(&dwork);
	return 0;
}

static void __exit kbuild_diags_exit(void)
{
#ifdef WRONG_POINTER
	cancel_work_sync(&dwork);
#else
	cancel_delayed_work_sync(&dwork);
#endif
}

module_init(kbuild_diags_init);
module_exit(kbuild_diags_exit);
MODULE_LICENSE("GPL");

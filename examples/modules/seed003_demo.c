/*
 * Seed 003, "kthread worker 机制详解": the demo module, unmodified (the page
 * lost its indentation); kwork adds only the module_init / module_exit
 * lines the seed omits.
 */
#include <linux/module.h>
#include <linux/kthread.h>
static struct kthread_worker *worker;
static struct kthread_work mywork;
static void my_fn(struct kthread_work *work)
{
pr_info("hello worker\n");
}
static int __init demo_init(void)
{
worker = kthread_create_worker(0, "demo");
kthread_init_work(&mywork, my_fn);
kthread_queue_work(worker, &mywork);
return 0;
}
static void __exit demo_exit(void)
{
kthread_flush_work(&mywork);
kthread_destroy_worker(worker);
}
module_init(demo_init);
module_exit(demo_exit);

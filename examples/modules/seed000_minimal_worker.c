/*
 * Seed 000, "最小合法用法示例": the minimal kthread_worker module, unmodified;
 * kwork adds only the includes and the module_init / module_exit lines.
 */
#include <linux/module.h>
#include <linux/kthread.h>

static struct kthread_worker *worker;
static struct kthread_work my_work;

void my_work_fn(struct kthread_work *work)
{
    pr_info("Running my work function!\n");
}

static int __init mymod_init(void)
{
    worker = kthread_create_worker(0, "my_worker_thread");
    if (IS_ERR(worker)) {
        pr_err("Failed to create worker thread\n");
        return PTR_ERR(worker);
    }

    kthread_init_work(&my_work, my_work_fn);
    kthread_queue_work(worker, &my_work);
    return 0;
}

static void __exit mymod_exit(void)
{
    kthread_destroy_worker(worker);
}

module_init(mymod_init);
module_exit(mymod_exit);

/*
 * Seed 004, the question: a kthread that runs once and returns, no
 * kthread_stop() at exit, and a global variable named "kthread". Unmodified;
 * kwork adds only the module_init / module_exit lines. The thread is gone
 * long before unload, so the run is clean - but nothing guarantees that:
 * see seed004_completion.c for the answer's fix.
 */
#include<linux/module.h>
#include<linux/init.h>
#include<linux/kthread.h>

MODULE_LICENSE("GPL");

struct task_struct *kthread;


static int thread_func(void* data)
{
    printk("In %s function\n", __func__);
    return 0;
}

static int hello_init(void)
{
    int ret = 0;

    printk("Hello World\n");
    kthread = kthread_run(thread_func,
            NULL, "kthread-test");
    if (IS_ERR(kthread)) {
        ret = PTR_ERR(kthread);
        printk("Unable to run kthread err %d\n", ret);
        return ret;
    }
    return 0;
}


static void hello_exit(void)
{
    printk("Bye World\n");

}

module_init(hello_init);
module_exit(hello_exit);

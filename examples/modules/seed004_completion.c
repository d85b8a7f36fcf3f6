/*
 * Seed 004, the answer: the thread signals a completion as it exits
 * (complete_and_exit), and module exit waits for it, so no module code can
 * run after unload. The question's module with the answer's five steps
 * applied; each seed line unmodified, kwork adds only the module_init /
 * module_exit lines.
 */
#include<linux/module.h>
#include<linux/init.h>
#include<linux/kthread.h>
/* 1. 先决条件 */
#include <linux/completion.h>

MODULE_LICENSE("GPL");

struct task_struct *kthread;
/* 2. 初始化完成结构 */
static DECLARE_COMPLETION(thread_done);


static int thread_func(void* data)
{
    printk("In %s function\n", __func__);
    /* 4. 退出线程 */
    complete_and_exit(&thread_done, 0);
}

static int hello_init(void)
{
    int ret = 0;

    printk("Hello World\n");
    /* 3. 创建线程 */
    kthread = kthread_run(thread_func, NULL, "kthread-test");
    if (IS_ERR(kthread)) {
        complete(&thread_done); /* <-- may or may not be required */
        ret = PTR_ERR(kthread);
        return ret;
    }
    return 0;
}


static void hello_exit(void)
{
    /* 5. 确保线程已完成 */
    wait_for_completion(&thread_done);
    printk("Bye World\n");

}

module_init(hello_init);
module_exit(hello_exit);

/*
 * Seed 002, section 4: kthread_run() of a thread that prints once and
 * returns. The page lost its line breaks; they are restored, every token is
 * unmodified. The thread returns on its own right away, so nothing is left
 * at unload.
 */
#include <linux/module.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/sched.h>
#include <linux/delay.h>
 static int   thread_work(void *data){allow_signal(SIGTERM);current->state = TASK_INTERRUPTIBLE;
 
	printk("New kernel thread run\n");return 0;}
 static int __init test_init(void){/* Schedule the test thread */kthread_run (thread_work, NULL, "thread_1");
 return 0;}
 static void __exit test_exit(void){return;}
 MODULE_LICENSE("Dual BSD/GPL");module_init(test_init);module_exit(test_exit);

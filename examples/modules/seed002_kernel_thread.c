/*
 * Seed 002, section 2: the 2.6-era kernel_thread() + daemonize() module.
 * The seed's page lost its line breaks; they are restored here, every token
 * is unmodified. As printed, the seed defines test_exit twice (an int one
 * that starts another thread, then "static void test_exit(void) {}"), so
 * it does not compile - with Kbuild or with `kwork run`, which shows the
 * compiler's "conflicting types for 'test_exit'" and fails.
 */
#include <linux/kernel.h>
#include <linux/module.h>
static int Loop(void *dummy){   int i = 0;   daemonize("mythread");/*内核线程取的名字*/   while(i++ < 5) {   printk("current->mm = %p\n", current->mm);   printk("current->active_mm = %p\n", current->active_mm);   set_current_state(TASK_INTERRUPTIBLE);   schedule_timeout(10 * HZ);   }   return 0;}
static __init int test_init(void){   kernel_thread(Loop, NULL, CLONE_KERNEL | SIGCHLD);   return 0;}
static __exit int test_exit(void){   kernel_thread(Loop, NULL, CLONE_KERNEL | SIGCHLD);   return 0;}
static void test_exit(void) {}
module_init(test_init);
module_exit(test_exit);

/*
 * needs_devices.c - a module built on what a process does not have: a GPIO
 * line (<linux/gpio.h> resolves to the uapi header, so the failure is an
 * incomplete type) and a /proc file (<linux/proc_fs.h> does not exist).
 * kwork run must fail to compile it and name both includes and why.
 */
#include <linux/module.h>
#include <linux/gpio.h>
#include <linux/proc_fs.h>

static struct gpio led = { 4, GPIOF_OUT_INIT_LOW, "LED" };

static int __init needs_init(void)
{
	return gpio_request(led.gpio, led.label);
}

static void __exit needs_exit(void)
{
	gpio_free(led.gpio);
}

module_init(needs_init);
module_exit(needs_exit);
MODULE_LICENSE("GPL");

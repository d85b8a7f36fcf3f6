/*
 * Every module_param type, module_param_named, module_param_array,
 * module_param_string and module_param_cb: init prints what was set, so a
 * test can pass name=value words and read the values back.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>

static unsigned char b = 1;
static short s = -2;
static unsigned short us = 3;
static int i = -4;
static unsigned int ui = 5;
static long l = -6;
static unsigned long ul = 7;
static bool flag;
static bool inv = true;
static char *name = "default";
static int arr[3];
static unsigned int narr;
static char str[8] = "abc";
static int internal_var = 10;
static int cb_value;
static int cb_calls;

module_param(b, byte, 0444);
module_param(s, short, 0444);
module_param(us, ushort, 0444);
module_param(i, int, 0644);
MODULE_PARM_DESC(i, "a signed int");
module_param(ui, uint, 0444);
module_param(l, long, 0444);
module_param(ul, ulong, 0444);
module_param(flag, bool, 0444);
module_param(inv, invbool, 0444);
module_param(name, charp, 0444);
module_param_array(arr, int, &narr, 0444);
module_param_string(str, str, sizeof(str), 0444);
module_param_named(renamed_int, internal_var, int, 0444);

static int cb_set(const char *val, const struct kernel_param *kp)
{
	cb_calls++;
	return param_set_int(val, kp);
}

static const struct kernel_param_ops cb_ops = {
	.set = cb_set,
	.get = param_get_int,
};
module_param_cb(cb, &cb_ops, &cb_value, 0644);

static int __init params_init(void)
{
	char buf[64];

	pr_info("b=%u s=%d us=%u i=%d ui=%u l=%ld ul=%lu\n", b, s, us, i, ui, l, ul);
	pr_info("flag=%d inv=%d name=%s str=%s renamed_int=%d\n", flag, inv, name,
		str, internal_var);
	pr_info("narr=%u arr=%d,%d,%d\n", narr, arr[0], arr[1], arr[2]);
	param_get_int(buf, &(struct kernel_param){ .arg = &cb_value });
	pr_info("cb=%d cb_calls=%d get=%s", cb_value, cb_calls, buf);
	pr_info("module %s\n", THIS_MODULE->name);
#ifdef EXTRA
	pr_err("EXTRA=%d\n", EXTRA);	/* -DEXTRA=n on the kwork run line */
#endif
	return 0;
}

static void __exit params_exit(void)
{
}

module_init(params_init);
module_exit(params_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("kwork");
MODULE_DESCRIPTION("module parameters of every type");
MODULE_VERSION("1.0");
MODULE_ALIAS("kwork-params");

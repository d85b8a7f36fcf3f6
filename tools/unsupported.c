/*
 * unsupported.c - after a module fails to compile, say which of its
 * #includes name kernel facilities kwork cannot provide in a process, so
 * the user reads one line of why instead of guessing from a cascade of
 * "incomplete type" errors (linux/gpio.h and linux/fs.h, for instance,
 * resolve to the uapi headers of the same name, which lack the kernel API).
 *
 * Only consulted on failure: a module that includes <linux/fs.h> and uses
 * nothing of it compiles, and nothing is said.
 *
 * Threads: one (the kwork command).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* A header (or, ending in '/', a directory of headers) and what it needs. */
struct unsupported {
	const char *header;
	const char *needs;
};

static const struct unsupported table[] = {
	{ "linux/proc_fs.h", "/proc files" },
	{ "linux/seq_file.h", "/proc and debugfs files" },
	{ "linux/debugfs.h", "debugfs files" },
	{ "linux/fs.h", "files and character devices" },
	{ "linux/cdev.h", "character devices" },
	{ "linux/miscdevice.h", "character devices" },
	{ "linux/uaccess.h", "user-space memory behind a system call" },
	{ "linux/poll.h", "files and character devices" },
	{ "linux/device.h", "the device model and sysfs" },
	{ "linux/platform_device.h", "the device model and sysfs" },
	{ "linux/kobject.h", "sysfs" },
	{ "linux/sysfs.h", "sysfs" },
	{ "linux/of.h", "a device tree" },
	{ "linux/of_device.h", "a device tree" },
	{ "linux/gpio.h", "hardware (GPIO lines)" },
	{ "linux/gpio/", "hardware (GPIO lines)" },
	{ "linux/irq.h", "hardware interrupts" },
	{ "linux/io.h", "hardware (I/O memory)" },
	{ "linux/ioport.h", "hardware (I/O ports)" },
	{ "asm/io.h", "hardware (I/O memory)" },
	{ "linux/pci.h", "hardware (PCI)" },
	{ "linux/usb.h", "hardware (USB)" },
	{ "linux/i2c.h", "hardware (I2C)" },
	{ "linux/spi/", "hardware (SPI)" },
	{ "linux/input.h", "the input subsystem" },
	{ "linux/tty.h", "terminals" },
	{ "linux/kd.h", "the virtual console" },
	{ "linux/vt_kern.h", "the virtual console" },
	{ "linux/console_struct.h", "the virtual console" },
	{ "linux/netdevice.h", "the network stack" },
	{ "linux/skbuff.h", "the network stack" },
	{ "crypto/", "the crypto API" },
};

static const struct unsupported *lookup(const char *header)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		const char *h = table[i].header;
		size_t n = strlen(h);
		if (h[n - 1] == '/' ? strncmp(header, h, n) == 0 : strcmp(header, h) == 0)
			return &table[i];
	}
	return NULL;
}

/* The <name> of an `#include <name>` line, copied into out; 0 if none. */
static int included_header(const char *line, char *out, size_t size)
{
	while (isspace((unsigned char)*line))
		line++;
	if (*line++ != '#')
		return 0;
	while (isspace((unsigned char)*line))
		line++;
	if (strncmp(line, "include", 7) != 0)
		return 0;
	line += 7;
	while (isspace((unsigned char)*line))
		line++;
	const char *end = *line == '<' ? strchr(line + 1, '>') : NULL;
	if (!end || (size_t)(end - line - 1) >= size)
		return 0;
	memcpy(out, line + 1, (size_t)(end - line - 1));
	out[end - line - 1] = '\0';
	return 1;
}

/*
 * kwork_explain_unsupported - print, on stderr, one line for each #include
 * of src that names something a process does not have. Return: how many
 * lines were printed (0 when src cannot be read).
 */
int kwork_explain_unsupported(const char *src)
{
	FILE *f = fopen(src, "r");
	char line[1024], header[256];
	int lineno = 0, printed = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		const struct unsupported *u;
		if (!included_header(line, header, sizeof(header)) || !(u = lookup(header)))
			continue;
		fprintf(stderr, "kwork: %s:%d: <%s> is not provided: it needs %s, which a "
			"process does not have (docs/compat.md, \"Interrupts and devices\")\n",
			src, lineno, header, u->needs);
		printed++;
	}
	fclose(f);
	return printed;
}

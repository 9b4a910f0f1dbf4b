/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the demos print with, besides their own step(): a detail line and
 * a set of invalidation granularities.
 */
#ifndef __VFIO_SVM_DEMO_H
#define __VFIO_SVM_DEMO_H

#include <stdarg.h>
#include <stdio.h>
#include <linux/types.h>

/* A detail under the last step, indented */
static inline void show(const char *fmt, ...)
{
	va_list ap;

	printf("      ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

#define GRANUS_LEN	32

/* The granularities in an inv_granu[] bit set, written into @s */
static inline const char *granus(char s[GRANUS_LEN], __u32 bits)
{
	static const char * const names[] = { "domain", "pasid", "address" };
	size_t n = 0;
	int i;

	if (!bits)
		return "(none)";
	for (i = 0; i < 3; i++)
		if (bits & (1U << i))
			n += snprintf(s + n, GRANUS_LEN - n, "%s%s",
				      n ? " " : "", names[i]);
	return s;
}

#endif /* __VFIO_SVM_DEMO_H */

/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers for the VFIO SVM selftests: mock devices, containers, ioctls. */
#ifndef __VFIO_SVM_UTILS_H
#define __VFIO_SVM_UTILS_H

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/iommu_svm.h>
#include <linux/vfio.h>

#include "../../../../drivers/iommu/iommu-svm-test.h"

#ifndef VFIO_SVM_NO_HARNESS	/* the demo is not a test */
#include "../kselftest_harness.h"
#endif

/*
 * The uAPI has one layout on every ABI. Built with -m32 and run on a 64-bit
 * kernel, these tests check it: a field that is not naturally aligned would
 * move, and the compat ioctl path would see another structure.
 */
static_assert(sizeof(struct vfio_iommu_svm_bind) == 48, "bind layout");
static_assert(sizeof(struct vfio_iommu_svm_unbind) == 16, "unbind layout");
static_assert(sizeof(struct vfio_iommu_svm_invalidate) == 32, "inv layout");
static_assert(sizeof(struct iommu_svm_inv_entry) == 32, "entry layout");
static_assert(sizeof(struct vfio_iommu_type1_info_cap_svm) == 176,
	      "capability layout");
static_assert(offsetof(struct vfio_iommu_svm_bind, vendor_uptr) == 40,
	      "bind layout");
static_assert(offsetof(struct vfio_iommu_svm_invalidate, entries_uptr) == 24,
	      "inv layout");
static_assert(offsetof(struct iommu_svm_inv_entry, addr) == 16,
	      "entry layout");

#define MOCK_SYSFS	"/sys/bus/vfio_svm_mock/devices"
#define MOCK_DEBUGFS	"/sys/kernel/debug/vfio_svm_mock"
#define TABLE_IOVA	0x100000ULL
#define PGD_IOVA	0x101000ULL
#define BUF_SIZE	0x10000ULL
#define MOCK_TABLE_SIZE	(8 << 8)	/* 256 PASIDs of the 1 << 20 */

/* The IOMMU group number of mock device @n, or -1. */
static inline int mock_group(int n)
{
	char path[PATH_MAX], link[PATH_MAX];
	ssize_t len;

	snprintf(path, sizeof(path), MOCK_SYSFS "/svm_mock%d/iommu_group", n);
	len = readlink(path, link, sizeof(link) - 1);
	if (len < 0)
		return -1;
	link[len] = 0;
	return atoi(basename(link));
}

/* Read mock device @n's debugfs state into @buf. */
static inline int mock_state(int n, char *buf, size_t size)
{
	char path[PATH_MAX];
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), MOCK_DEBUGFS "/svm_mock%d", n);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	len = read(fd, buf, size - 1);
	close(fd);
	if (len < 0)
		return -1;
	buf[len] = 0;
	return 0;
}

/* One value from a "<key> v0 v1 ..." line of the mock state; -1 if absent. */
static inline long long mock_val(int n, const char *key, int idx)
{
	char buf[4096], *line, *save = NULL;

	if (mock_state(n, buf, sizeof(buf)))
		return -1;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		size_t klen = strlen(key);
		char *p;
		int i;

		if (strncmp(line, key, klen) || line[klen] != ' ')
			continue;
		p = line + klen;
		for (i = 0; i <= idx; i++) {
			long long v = strtoll(p, &p, 0);

			if (i == idx)
				return v;
		}
	}
	return -1;
}

/* Mock device @n writes @val at stage-1 address @addr of @pasid. */
static inline int mock_dma(int n, __u32 pasid, __u64 addr, __u64 val)
{
	char path[PATH_MAX], cmd[80];
	int fd, len, ret;

	snprintf(path, sizeof(path), MOCK_DEBUGFS "/svm_mock%d.dma", n);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	len = snprintf(cmd, sizeof(cmd), "%u %llx %llx", pasid,
		       (unsigned long long)addr, (unsigned long long)val);
	ret = write(fd, cmd, len) == len ? 0 : -1;
	close(fd);
	return ret;
}

/* Open mock device @n's group and put it in @container. */
static inline int group_attach(int container, int n)
{
	struct vfio_group_status st = { .argsz = sizeof(st) };
	char path[64];
	int group;

	snprintf(path, sizeof(path), "/dev/vfio/%d", mock_group(n));
	group = open(path, O_RDWR);
	if (group < 0)
		return -1;
	if (ioctl(group, VFIO_GROUP_GET_STATUS, &st) ||
	    !(st.flags & VFIO_GROUP_FLAGS_VIABLE) ||
	    ioctl(group, VFIO_GROUP_SET_CONTAINER, &container)) {
		close(group);
		return -1;
	}
	return group;
}

static inline int dma_map(int container, void *buf, __u64 iova, __u64 size)
{
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.vaddr = (__u64)(unsigned long)buf,
		.iova = iova,
		.size = size,
	};

	return ioctl(container, VFIO_IOMMU_MAP_DMA, &map);
}

/*
 * The SVM capability in a VFIO_IOMMU_GET_INFO reply of @size bytes in @buf,
 * or NULL. The chain is followed only forward and inside @buf.
 */
static inline struct vfio_iommu_type1_info_cap_svm *
svm_find_cap(char *buf, size_t size)
{
	struct vfio_iommu_type1_info *info = (void *)buf;
	struct vfio_info_cap_header *hdr;
	__u32 off, prev = 0;

	if (!(info->flags & VFIO_IOMMU_INFO_CAPS))
		return NULL;
	for (off = info->cap_offset; off; prev = off, off = hdr->next) {
		if (off <= prev || off + sizeof(*hdr) > size)
			return NULL;
		hdr = (void *)(buf + off);
		if (hdr->id == VFIO_IOMMU_TYPE1_INFO_CAP_SVM &&
		    off + sizeof(struct vfio_iommu_type1_info_cap_svm) <= size)
			return (void *)hdr;
	}
	return NULL;
}

/* VFIO_IOMMU_GET_INFO into @buf, then its SVM capability, or NULL. */
static inline struct vfio_iommu_type1_info_cap_svm *
svm_cap(int container, char *buf, size_t size)
{
	struct vfio_iommu_type1_info *info = (void *)buf;

	memset(buf, 0, size);
	info->argsz = size;
	if (ioctl(container, VFIO_IOMMU_GET_INFO, info))
		return NULL;
	return svm_find_cap(buf, size);
}

static inline struct iommu_svm_mock_pasid_table *mock_table_vendor(void)
{
	static struct iommu_svm_mock_pasid_table v;

	memset(&v, 0, sizeof(v));
	return &v;
}

/* A valid PASID-table bind of the mock's model. */
static inline struct vfio_iommu_svm_bind table_bind(void)
{
	return (struct vfio_iommu_svm_bind){
		.argsz = sizeof(struct vfio_iommu_svm_bind),
		.flags = VFIO_SVM_BIND_PASID_TABLE,
		.format = IOMMU_SVM_MODEL_MOCK,
		.variant = 1,
		.addr = TABLE_IOVA,
		.size = MOCK_TABLE_SIZE,
		.vendor_len = sizeof(struct iommu_svm_mock_pasid_table),
		.vendor_uptr = (__u64)(unsigned long)mock_table_vendor(),
	};
}

/* A valid page-table bind of @pasid. */
static inline struct vfio_iommu_svm_bind pgtable_bind(__u32 pasid)
{
	static struct iommu_svm_mock_pgtable v;

	memset(&v, 0, sizeof(v));
	return (struct vfio_iommu_svm_bind){
		.argsz = sizeof(struct vfio_iommu_svm_bind),
		.flags = VFIO_SVM_BIND_PGTABLE,
		.format = IOMMU_SVM_PGTF_MOCK,
		.variant = 1,
		.pasid = pasid,
		.addr = PGD_IOVA,
		.vendor_len = sizeof(v),
		.vendor_uptr = (__u64)(unsigned long)&v,
	};
}

static inline int svm_unbind(int container, __u32 flags, __u32 pasid)
{
	struct vfio_iommu_svm_unbind u = {
		.argsz = sizeof(u),
		.flags = flags,
		.pasid = pasid,
	};

	return ioctl(container, VFIO_IOMMU_UNBIND, &u);
}

/* An invalidation entry with the mock's vendor part. */
struct mock_inv {
	struct iommu_svm_inv_entry e;
	struct iommu_svm_inv_mock v;
};

/* Invalidate @n entries; returns the ioctl result, *done the count. */
static inline int svm_inv(int container, struct mock_inv *inv, __u32 n,
			  __u32 *done)
{
	struct vfio_iommu_svm_invalidate cmd = {
		.argsz = sizeof(cmd),
		.entry_len = sizeof(*inv),
		.vendor_len = sizeof(inv->v),
		.entry_num = n,
		.entries_uptr = (__u64)(unsigned long)inv,
	};
	int ret = ioctl(container, VFIO_IOMMU_SVM_INVALIDATE, &cmd);

	if (done)
		*done = cmd.entry_num;
	return ret;
}

#ifndef VFIO_SVM_NO_HARNESS
#define EXPECT_ERRNO(expected, cmd)				\
	({							\
		ASSERT_EQ(-1, cmd);				\
		EXPECT_EQ(expected, errno);			\
	})
#endif

#endif /* __VFIO_SVM_UTILS_H */

// SPDX-License-Identifier: GPL-2.0-only
/*
 * VFIO SVM selftests: VFIO_IOMMU_BIND, VFIO_IOMMU_UNBIND and
 * VFIO_IOMMU_SVM_INVALIDATE on a type1 container holding mock devices
 * (CONFIG_VFIO_SVM_MOCK). The mock's debugfs state shows what reached the
 * IOMMU.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include "vfio_svm_utils.h"

/* The 6.12 SVA core refuses x86, so the kernel hides process binds there. */
static bool process_binds(void)
{
	struct utsname u;

	if (uname(&u))
		return false;
	return strcmp(u.machine, "x86_64") && strcmp(u.machine, "i686");
}

FIXTURE(svm)
{
	int container;
	int group;
	void *buf;
};

FIXTURE_VARIANT(svm)
{
	int type;
	bool nested;
};

FIXTURE_VARIANT_ADD(svm, nesting)
{
	.type = VFIO_TYPE1_NESTING_IOMMU,
	.nested = true,
};

FIXTURE_VARIANT_ADD(svm, type1v2)
{
	.type = VFIO_TYPE1v2_IOMMU,
	.nested = false,
};

FIXTURE_SETUP(svm)
{
	int ret;

	if (mock_group(0) < 0)
		SKIP(return, "no mock devices (CONFIG_VFIO_SVM_MOCK)");
	self->container = open("/dev/vfio/vfio", O_RDWR);
	ASSERT_LE(0, self->container);
	self->group = group_attach(self->container, 0);
	ASSERT_LE(0, self->group);
	ret = ioctl(self->container, VFIO_SET_IOMMU, variant->type);
	if (ret && errno == EPERM)
		SKIP(return, "mock devices have no MSI isolation, %s",
		     "boot with vfio_iommu_type1.allow_unsafe_interrupts=1");
	ASSERT_EQ(0, ret);
	self->buf = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->buf);
	ASSERT_EQ(0, dma_map(self->container, self->buf, TABLE_IOVA, BUF_SIZE));
}

FIXTURE_TEARDOWN(svm)
{
	if (self->group > 0)
		close(self->group);
	if (self->container > 0)
		close(self->container);
	if (self->buf && self->buf != MAP_FAILED)
		munmap(self->buf, BUF_SIZE);
}

TEST_F(svm, check_extension)
{
	ASSERT_EQ(1, ioctl(self->container, VFIO_CHECK_EXTENSION,
			   VFIO_IOMMU_SVM));
}

TEST_F(svm, info_cap)
{
	char buf[4096] = {};
	struct vfio_iommu_type1_info *info = (void *)buf;
	struct vfio_iommu_type1_info_cap_svm *cap = NULL;
	struct vfio_info_cap_header *hdr;
	__u32 off;

	info->argsz = sizeof(buf);
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_GET_INFO, info));
	ASSERT_TRUE(info->flags & VFIO_IOMMU_INFO_CAPS);
	for (off = info->cap_offset; off; off = hdr->next) {
		hdr = (void *)(buf + off);
		if (hdr->id == VFIO_IOMMU_TYPE1_INFO_CAP_SVM)
			cap = (void *)hdr;
	}
	ASSERT_NE(NULL, cap);
	EXPECT_EQ(1, cap->header.version);
	EXPECT_EQ(variant->nested ? VFIO_IOMMU_SVM_CAP_NESTED : 0, cap->flags);
	EXPECT_EQ(IOMMU_SVM_MODEL_MOCK, cap->model);
	EXPECT_EQ(0, memcmp(&cap->model, "MOCK", 4));
	EXPECT_EQ(1, cap->variant);
	/* Process binds need the SVA core, which refuses x86 in 6.12. */
	EXPECT_EQ(1 << IOMMU_SVM_BIND_PASID_TABLE |
		  1 << IOMMU_SVM_BIND_PGTABLE |
		  (process_binds() ? 1 << IOMMU_SVM_BIND_PROCESS : 0),
		  cap->bind_kinds);
	EXPECT_EQ(8, cap->pasid_bits);
	ASSERT_EQ(1, cap->nr_pgtable_formats);
	EXPECT_EQ(IOMMU_SVM_PGTF_MOCK, cap->pgtable_formats[0].format);
	EXPECT_EQ(1, cap->pgtable_formats[0].variant);
	EXPECT_EQ(7, cap->inv_granu[0]);
	EXPECT_EQ(6, cap->inv_granu[1]);
	EXPECT_EQ(3, cap->inv_granu[2]);
	EXPECT_EQ(0, cap->inv_granu[3]);
	EXPECT_EQ(sizeof(struct iommu_svm_inv_mock), cap->inv_vendor_len);
}

TEST_F(svm, device_flags)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	int dev = ioctl(self->group, VFIO_GROUP_GET_DEVICE_FD, "svm_mock0");

	ASSERT_LE(0, dev);
	ASSERT_EQ(0, ioctl(dev, VFIO_DEVICE_GET_INFO, &info));
	EXPECT_TRUE(info.flags & VFIO_DEVICE_FLAGS_SVM);
	close(dev);
}

TEST_F(svm, bind_pasid_table)
{
	struct vfio_iommu_svm_bind b = table_bind();

	if (!variant->nested) {
		EXPECT_ERRNO(ENXIO, ioctl(self->container, VFIO_IOMMU_BIND, &b));
		EXPECT_EQ(0, mock_val(0, "table", 0));
		return;
	}
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	EXPECT_EQ(TABLE_IOVA, mock_val(0, "table", 0));
	EXPECT_EQ(MOCK_TABLE_SIZE, mock_val(0, "table", 1));
	EXPECT_ERRNO(EEXIST, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	b = pgtable_bind(5);
	EXPECT_ERRNO(EEXIST, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	ASSERT_EQ(0, svm_unbind(self->container, VFIO_SVM_BIND_PASID_TABLE |
				VFIO_SVM_PASID_RELEASE_CLEAN, 0));
	EXPECT_EQ(0, mock_val(0, "table", 0));
	EXPECT_ERRNO(ENOENT, svm_unbind(self->container,
					VFIO_SVM_BIND_PASID_TABLE, 0));
}

TEST_F(svm, bind_pgtable)
{
	struct vfio_iommu_svm_bind b = pgtable_bind(5);

	if (!variant->nested) {
		EXPECT_ERRNO(ENXIO, ioctl(self->container, VFIO_IOMMU_BIND, &b));
		return;
	}
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	EXPECT_EQ(PGD_IOVA, mock_val(0, "pgtable 5", 0));
	EXPECT_ERRNO(EEXIST, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	b = pgtable_bind(6);
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	EXPECT_EQ(PGD_IOVA, mock_val(0, "pgtable 6", 0));
	b = table_bind();
	EXPECT_ERRNO(EEXIST, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	ASSERT_EQ(0, svm_unbind(self->container, VFIO_SVM_BIND_PGTABLE, 5));
	EXPECT_EQ(-1, mock_val(0, "pgtable 5", 0));
	EXPECT_EQ(PGD_IOVA, mock_val(0, "pgtable 6", 0));
	EXPECT_ERRNO(ENOENT, svm_unbind(self->container,
					VFIO_SVM_BIND_PGTABLE, 5));
	ASSERT_EQ(0, svm_unbind(self->container, VFIO_SVM_BIND_PGTABLE, 6));
}

/* The caller's address space, at the PASID the kernel gives it. */
TEST_F(svm, bind_process)
{
	struct vfio_iommu_svm_bind b = { .argsz = sizeof(b),
		.flags = VFIO_SVM_BIND_PROCESS };
	char key[32];
	__u32 pasid;

	if (!process_binds())
		SKIP(return, "the SVA core refuses x86 in this kernel");
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	pasid = b.pasid;
	EXPECT_NE(0, pasid);
	snprintf(key, sizeof(key), "sva");
	EXPECT_EQ(pasid, mock_val(0, key, 0));
	b.pasid = 0;
	EXPECT_ERRNO(EEXIST, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	/* The PASID belongs to the process: a page-table bind cannot take it. */
	if (variant->nested) {
		struct vfio_iommu_svm_bind p = pgtable_bind(pasid);

		EXPECT_ERRNO(EBUSY, ioctl(self->container, VFIO_IOMMU_BIND, &p));
	}
	EXPECT_ERRNO(ENOENT, svm_unbind(self->container, VFIO_SVM_BIND_PROCESS,
					pasid + 1));
	ASSERT_EQ(0, svm_unbind(self->container, VFIO_SVM_BIND_PROCESS, pasid));
	EXPECT_EQ(-1, mock_val(0, "sva", 0));
}

/* The BDF of QEMU's edu device (1234:11e8), if there is one. */
static int find_edu(char *bdf, size_t size)
{
	char path[PATH_MAX], id[32];
	int i, found = -1;
	FILE *f;

	for (i = 0; i < 32 && found; i++) {
		snprintf(bdf, size, "0000:00:%02x.0", i);
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/device",
			 bdf);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(id, sizeof(id), f) && !strncmp(id, "0x11e8", 6))
			found = 0;
		fclose(f);
	}
	return found;
}

static int sysfs_write(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY), ret;

	if (fd < 0)
		return -1;
	ret = write(fd, val, strlen(val)) == (ssize_t)strlen(val) ? 0 : -1;
	close(fd);
	return ret;
}

/*
 * A vfio-pci device reports VFIO_DEVICE_FLAGS_SVM exactly when its
 * container offers the SVM capability (no platform IOMMU backend yet).
 */
TEST(pci_device_flags)
{
	struct vfio_device_info dinfo = { .argsz = sizeof(dinfo) };
	char bdf[32], path[PATH_MAX], link[PATH_MAX], buf[4096] = {};
	struct vfio_iommu_type1_info *info = (void *)buf;
	struct vfio_info_cap_header *hdr;
	bool cap = false;
	int container, group, dev;
	ssize_t len;
	__u32 off;

	if (find_edu(bdf, sizeof(bdf)))
		SKIP(return, "no edu PCI device");
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver_override",
		 bdf);
	ASSERT_EQ(0, sysfs_write(path, "vfio-pci"));
	sysfs_write("/sys/bus/pci/drivers_probe", bdf);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group",
		 bdf);
	len = readlink(path, link, sizeof(link) - 1);
	if (len < 0)
		SKIP(return, "edu has no IOMMU group");
	link[len] = 0;
	snprintf(path, sizeof(path), "/dev/vfio/%s", basename(link));
	group = open(path, O_RDWR);
	ASSERT_LE(0, group);
	container = open("/dev/vfio/vfio", O_RDWR);
	ASSERT_LE(0, container);
	ASSERT_EQ(0, ioctl(group, VFIO_GROUP_SET_CONTAINER, &container));
	ASSERT_EQ(0, ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU));

	info->argsz = sizeof(buf);
	ASSERT_EQ(0, ioctl(container, VFIO_IOMMU_GET_INFO, info));
	if (info->flags & VFIO_IOMMU_INFO_CAPS) {
		for (off = info->cap_offset; off; off = hdr->next) {
			hdr = (void *)(buf + off);
			cap |= hdr->id == VFIO_IOMMU_TYPE1_INFO_CAP_SVM;
		}
	}
	EXPECT_EQ(cap, ioctl(container, VFIO_CHECK_EXTENSION, VFIO_IOMMU_SVM));

	dev = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, bdf);
	ASSERT_LE(0, dev);
	ASSERT_EQ(0, ioctl(dev, VFIO_DEVICE_GET_INFO, &dinfo));
	EXPECT_TRUE(dinfo.flags & VFIO_DEVICE_FLAGS_PCI);
	EXPECT_EQ(cap, !!(dinfo.flags & VFIO_DEVICE_FLAGS_SVM));
	close(dev);
	close(container);
	close(group);
}

/* Every malformed bind fails with its documented errno and binds nothing. */
TEST_F(svm, bind_errors)
{
	struct {
		struct vfio_iommu_svm_bind b;
		__u64 tail;
	} big;
	struct {
		struct iommu_svm_mock_pasid_table v;
		__u64 tail;
	} vbig = {};
	struct vfio_iommu_svm_bind b;
	int c = self->container;

	/* Structure rules, before anything else. */
	b = table_bind();
	b.argsz = offsetof(struct vfio_iommu_svm_bind, vendor_uptr);
	EXPECT_ERRNO(EINVAL, ioctl(c, VFIO_IOMMU_BIND, &b));
	b = table_bind();
	b.flags = 0;
	EXPECT_ERRNO(EINVAL, ioctl(c, VFIO_IOMMU_BIND, &b));
	b.flags = VFIO_SVM_BIND_PASID_TABLE | VFIO_SVM_BIND_PGTABLE;
	EXPECT_ERRNO(EINVAL, ioctl(c, VFIO_IOMMU_BIND, &b));
	b.flags = VFIO_SVM_BIND_PASID_TABLE | (1 << 7);
	EXPECT_ERRNO(EINVAL, ioctl(c, VFIO_IOMMU_BIND, &b));
	big.b = table_bind();
	big.b.argsz = sizeof(big);
	big.tail = 1;
	EXPECT_ERRNO(E2BIG, ioctl(c, VFIO_IOMMU_BIND, &big));
	b = table_bind();
	b.pasid = 1;
	EXPECT_ERRNO(EINVAL, ioctl(c, VFIO_IOMMU_BIND, &b));
	b = pgtable_bind(5);
	b.size = 4096;
	EXPECT_ERRNO(EINVAL, ioctl(c, VFIO_IOMMU_BIND, &b));
	b = (struct vfio_iommu_svm_bind){ .argsz = sizeof(b),
		.flags = VFIO_SVM_BIND_PROCESS, .addr = 4096 };
	EXPECT_ERRNO(EINVAL, ioctl(c, VFIO_IOMMU_BIND, &b));
	b = table_bind();
	b.vendor_len = 4097;
	EXPECT_ERRNO(E2BIG, ioctl(c, VFIO_IOMMU_BIND, &b));
	b = table_bind();
	b.vendor_uptr = 8;
	EXPECT_ERRNO(EFAULT, ioctl(c, VFIO_IOMMU_BIND, &b));

	/* What the IOMMU supports. */
	if (!process_binds()) {
		b = (struct vfio_iommu_svm_bind){ .argsz = sizeof(b),
			.flags = VFIO_SVM_BIND_PROCESS };
		EXPECT_ERRNO(EOPNOTSUPP, ioctl(c, VFIO_IOMMU_BIND, &b));
	}
	b = table_bind();
	b.format = IOMMU_SVM_MODEL_INTEL_VTD;
	EXPECT_ERRNO(EOPNOTSUPP, ioctl(c, VFIO_IOMMU_BIND, &b));
	b = table_bind();
	b.variant = 2;
	EXPECT_ERRNO(EOPNOTSUPP, ioctl(c, VFIO_IOMMU_BIND, &b));
	b = pgtable_bind(5);
	b.format = IOMMU_SVM_PGTF_X86_64;
	EXPECT_ERRNO(EOPNOTSUPP, ioctl(c, VFIO_IOMMU_BIND, &b));
	b = table_bind();
	b.size = 0;
	EXPECT_ERRNO(ERANGE, ioctl(c, VFIO_IOMMU_BIND, &b));
	b.size = MOCK_TABLE_SIZE * 2;
	EXPECT_ERRNO(ERANGE, ioctl(c, VFIO_IOMMU_BIND, &b));
	b = pgtable_bind(0);
	EXPECT_ERRNO(ERANGE, ioctl(c, VFIO_IOMMU_BIND, &b));
	b = pgtable_bind(256);
	EXPECT_ERRNO(ERANGE, ioctl(c, VFIO_IOMMU_BIND, &b));
	b = table_bind();
	b.addr = TABLE_IOVA + 8;
	EXPECT_ERRNO(EINVAL, ioctl(c, VFIO_IOMMU_BIND, &b));

	if (!variant->nested) {
		b = table_bind();
		EXPECT_ERRNO(ENXIO, ioctl(c, VFIO_IOMMU_BIND, &b));
		return;
	}
	/* Vendor checks, in the driver. */
	b = table_bind();
	b.vendor_len = 4;
	EXPECT_ERRNO(EINVAL, ioctl(c, VFIO_IOMMU_BIND, &b));
	b = table_bind();
	b.vendor_uptr = (__u64)(unsigned long)&vbig;
	vbig.v.flags = 1;
	EXPECT_ERRNO(EINVAL, ioctl(c, VFIO_IOMMU_BIND, &b));
	vbig.v.flags = 0;
	vbig.v.__reserved = 1;
	EXPECT_ERRNO(EINVAL, ioctl(c, VFIO_IOMMU_BIND, &b));
	vbig.v.__reserved = 0;
	vbig.tail = 1;
	b.vendor_len = sizeof(vbig);
	EXPECT_ERRNO(E2BIG, ioctl(c, VFIO_IOMMU_BIND, &b));
	b = table_bind();
	b.size = 12;				/* not a power of two */
	EXPECT_ERRNO(EINVAL, ioctl(c, VFIO_IOMMU_BIND, &b));
	b = table_bind();
	b.addr = TABLE_IOVA + BUF_SIZE;		/* not in stage 2 */
	EXPECT_ERRNO(EFAULT, ioctl(c, VFIO_IOMMU_BIND, &b));
	EXPECT_EQ(0, mock_val(0, "table", 0));

	/* Zero bytes past the structures are fine. */
	vbig.tail = 0;
	big.b = table_bind();
	big.b.argsz = sizeof(big);
	big.b.vendor_uptr = (__u64)(unsigned long)&vbig;
	big.b.vendor_len = sizeof(vbig);
	big.tail = 0;
	ASSERT_EQ(0, ioctl(c, VFIO_IOMMU_BIND, &big));
	EXPECT_EQ(TABLE_IOVA, mock_val(0, "table", 0));
}

TEST_F(svm, unbind_errors)
{
	struct vfio_iommu_svm_unbind u = { .argsz = 8,
		.flags = VFIO_SVM_BIND_PGTABLE, .pasid = 5 };
	struct {
		struct vfio_iommu_svm_unbind u;
		__u64 tail;
	} big;
	int c = self->container;

	EXPECT_ERRNO(EINVAL, ioctl(c, VFIO_IOMMU_UNBIND, &u));
	EXPECT_ERRNO(EINVAL, svm_unbind(c, 0, 0));
	EXPECT_ERRNO(EINVAL, svm_unbind(c, VFIO_SVM_BIND_PGTABLE |
					VFIO_SVM_PASID_RELEASE_FLUSHED |
					VFIO_SVM_PASID_RELEASE_CLEAN, 5));
	EXPECT_ERRNO(EINVAL, svm_unbind(c, VFIO_SVM_BIND_PGTABLE | (1 << 3), 5));
	EXPECT_ERRNO(EINVAL, svm_unbind(c, VFIO_SVM_BIND_PASID_TABLE, 5));
	u.argsz = sizeof(u);
	u.reserved = 1;
	EXPECT_ERRNO(EINVAL, ioctl(c, VFIO_IOMMU_UNBIND, &u));
	big.u = (struct vfio_iommu_svm_unbind){ .argsz = sizeof(big),
		.flags = VFIO_SVM_BIND_PGTABLE, .pasid = 5 };
	big.tail = 1;
	EXPECT_ERRNO(E2BIG, ioctl(c, VFIO_IOMMU_UNBIND, &big));
	big.tail = 0;
	EXPECT_ERRNO(ENOENT, ioctl(c, VFIO_IOMMU_UNBIND, &big));
	EXPECT_ERRNO(EFAULT, ioctl(c, VFIO_IOMMU_UNBIND, 8UL));
	EXPECT_ERRNO(ENOENT, svm_unbind(c, VFIO_SVM_BIND_PGTABLE, 5));
}

/* The release flags decide whether the kernel drains page requests. */
TEST_F(svm, unbind_release)
{
	static const __u32 release[] = { 0, VFIO_SVM_PASID_RELEASE_FLUSHED,
					 VFIO_SVM_PASID_RELEASE_CLEAN };
	struct vfio_iommu_svm_bind b;
	long long drains;
	int i;

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	for (i = 0; i < 3; i++) {
		b = pgtable_bind(7);
		ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
		drains = mock_val(0, "drains", 0);
		ASSERT_EQ(0, svm_unbind(self->container,
					VFIO_SVM_BIND_PGTABLE | release[i], 7));
		EXPECT_EQ(drains + (release[i] != VFIO_SVM_PASID_RELEASE_CLEAN),
			  mock_val(0, "drains", 0));
		EXPECT_EQ(-1, mock_val(0, "pgtable 7", 0));
	}
}

static void inv_entry(struct mock_inv *inv, __u32 caches, __u32 granu,
		      __u32 pasid)
{
	memset(inv, 0, sizeof(*inv));
	inv->e.caches = caches;
	inv->e.granu = granu;
	inv->e.pasid = granu == IOMMU_SVM_INV_GRANU_DOMAIN ? 0 : pasid;
	if (granu == IOMMU_SVM_INV_GRANU_ADDR) {
		inv->e.addr = 0x200000;
		inv->e.size = 0x3000;
	}
}

/* Each cache type x granularity: done if published, EOPNOTSUPP if not. */
TEST_F(svm, invalidate_matrix)
{
	static const __u32 allowed[3] = { 7, 6, 3 };
	struct vfio_iommu_svm_bind b = pgtable_bind(9);
	struct mock_inv inv;
	__u32 cache, granu, done;

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	inv_entry(&inv, 1, IOMMU_SVM_INV_GRANU_DOMAIN, 0);
	EXPECT_ERRNO(ENODEV, svm_inv(self->container, &inv, 1, &done));
	EXPECT_EQ(0, done);
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	for (cache = 0; cache < 3; cache++) {
		for (granu = 0; granu < 3; granu++) {
			long long before = mock_val(0, "inv", cache);

			inv_entry(&inv, 1 << cache, granu, 9);
			if (allowed[cache] & (1 << granu)) {
				ASSERT_EQ(0, svm_inv(self->container, &inv, 1,
						     &done));
				EXPECT_EQ(1, done);
				EXPECT_EQ(before + 1, mock_val(0, "inv", cache));
				EXPECT_EQ(granu, mock_val(0, "last_inv", 1));
			} else {
				EXPECT_ERRNO(EOPNOTSUPP,
					     svm_inv(self->container, &inv, 1,
						     &done));
				EXPECT_EQ(0, done);
				EXPECT_EQ(before, mock_val(0, "inv", cache));
			}
		}
	}
	inv_entry(&inv, 1, IOMMU_SVM_INV_GRANU_PASID, 10);
	EXPECT_ERRNO(ENOENT, svm_inv(self->container, &inv, 1, &done));
}

/* A batch stops at its first failure and says how far it got. */
TEST_F(svm, invalidate_batch)
{
	struct vfio_iommu_svm_bind b = table_bind();
	struct mock_inv inv[5];
	long long before;
	__u32 done;
	int i;

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	for (i = 0; i < 5; i++)
		inv_entry(&inv[i], IOMMU_SVM_INV_CACHE_IOTLB,
			  IOMMU_SVM_INV_GRANU_ADDR, i + 1);
	before = mock_val(0, "inv", 0);
	ASSERT_EQ(0, svm_inv(self->container, inv, 5, &done));
	EXPECT_EQ(5, done);
	EXPECT_EQ(before + 5, mock_val(0, "inv", 0));

	inv[2].v.flags = IOMMU_SVM_INV_MOCK_FAIL;
	EXPECT_ERRNO(EIO, svm_inv(self->container, inv, 5, &done));
	EXPECT_EQ(2, done);
	EXPECT_EQ(before + 7, mock_val(0, "inv", 0));

	inv_entry(&inv[2], IOMMU_SVM_INV_CACHE_PASID, IOMMU_SVM_INV_GRANU_ADDR,
		  3);
	EXPECT_ERRNO(EOPNOTSUPP, svm_inv(self->container, inv, 5, &done));
	EXPECT_EQ(2, done);
	EXPECT_EQ(before + 9, mock_val(0, "inv", 0));
}

/* Malformed entries and headers. */
TEST_F(svm, invalidate_errors)
{
	struct vfio_iommu_svm_bind b = table_bind();
	struct vfio_iommu_svm_invalidate cmd;
	struct {
		struct iommu_svm_inv_entry e;
		__u64 tail;
		struct iommu_svm_inv_mock v;
	} big = {};
	struct mock_inv inv;
	__u32 done;
	int c = self->container;

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	ASSERT_EQ(0, ioctl(c, VFIO_IOMMU_BIND, &b));

	inv_entry(&inv, 0, IOMMU_SVM_INV_GRANU_PASID, 1);
	EXPECT_ERRNO(EINVAL, svm_inv(c, &inv, 1, &done));
	inv_entry(&inv, 1 << 3, IOMMU_SVM_INV_GRANU_PASID, 1);
	EXPECT_ERRNO(EINVAL, svm_inv(c, &inv, 1, &done));
	inv_entry(&inv, 1, 3, 1);
	EXPECT_ERRNO(EINVAL, svm_inv(c, &inv, 1, &done));
	inv_entry(&inv, 1, IOMMU_SVM_INV_GRANU_PASID, 1);
	inv.e.flags = 1 << 1;
	EXPECT_ERRNO(EINVAL, svm_inv(c, &inv, 1, &done));
	inv_entry(&inv, 1, IOMMU_SVM_INV_GRANU_DOMAIN, 0);
	inv.e.pasid = 1;
	EXPECT_ERRNO(EINVAL, svm_inv(c, &inv, 1, &done));
	inv_entry(&inv, 1, IOMMU_SVM_INV_GRANU_ADDR, 1);
	inv.e.addr = 0x200010;
	EXPECT_ERRNO(EINVAL, svm_inv(c, &inv, 1, &done));
	inv_entry(&inv, 1, IOMMU_SVM_INV_GRANU_ADDR, 1);
	inv.e.size = 0;
	EXPECT_ERRNO(EINVAL, svm_inv(c, &inv, 1, &done));
	inv_entry(&inv, 1, IOMMU_SVM_INV_GRANU_PASID, 1);
	inv.v.__reserved = 1;
	EXPECT_ERRNO(EINVAL, svm_inv(c, &inv, 1, &done));
	EXPECT_EQ(0, done);

	/* A longer generic part: zeros are fine, anything else is E2BIG. */
	big.e.caches = 1;
	big.e.granu = IOMMU_SVM_INV_GRANU_PASID;
	big.e.pasid = 1;
	cmd = (struct vfio_iommu_svm_invalidate){ .argsz = sizeof(cmd),
		.entry_len = sizeof(big), .vendor_len = sizeof(big.v),
		.entry_num = 1, .entries_uptr = (__u64)(unsigned long)&big };
	ASSERT_EQ(0, ioctl(c, VFIO_IOMMU_SVM_INVALIDATE, &cmd));
	EXPECT_EQ(1, cmd.entry_num);
	big.tail = 1;
	EXPECT_ERRNO(E2BIG, ioctl(c, VFIO_IOMMU_SVM_INVALIDATE, &cmd));
	EXPECT_EQ(0, cmd.entry_num);

	/* Header rules. */
	inv_entry(&inv, 1, IOMMU_SVM_INV_GRANU_PASID, 1);
	cmd = (struct vfio_iommu_svm_invalidate){ .argsz = sizeof(cmd),
		.entry_len = sizeof(inv), .vendor_len = sizeof(inv.v),
		.entry_num = 1, .entries_uptr = (__u64)(unsigned long)&inv };
	cmd.flags = 1;
	EXPECT_ERRNO(EINVAL, ioctl(c, VFIO_IOMMU_SVM_INVALIDATE, &cmd));
	cmd.flags = 0;
	cmd.reserved = 1;
	EXPECT_ERRNO(EINVAL, ioctl(c, VFIO_IOMMU_SVM_INVALIDATE, &cmd));
	cmd.reserved = 0;
	cmd.vendor_len = sizeof(inv) + 1;
	EXPECT_ERRNO(EINVAL, ioctl(c, VFIO_IOMMU_SVM_INVALIDATE, &cmd));
	cmd.vendor_len = sizeof(inv) - 8;
	EXPECT_ERRNO(EINVAL, ioctl(c, VFIO_IOMMU_SVM_INVALIDATE, &cmd));
	cmd.vendor_len = sizeof(inv.v);
	cmd.entry_num = 4097;
	EXPECT_ERRNO(E2BIG, ioctl(c, VFIO_IOMMU_SVM_INVALIDATE, &cmd));
	cmd.entry_num = 1;
	cmd.entries_uptr = 8;
	EXPECT_ERRNO(EFAULT, ioctl(c, VFIO_IOMMU_SVM_INVALIDATE, &cmd));
	cmd.argsz = 8;
	EXPECT_ERRNO(EINVAL, ioctl(c, VFIO_IOMMU_SVM_INVALIDATE, &cmd));
}

/* A group attached later receives the container's bindings. */
TEST_F(svm, late_attach)
{
	struct vfio_iommu_svm_bind b = table_bind();
	long long drains;
	int group1;

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	if (mock_group(1) < 0)
		SKIP(return, "needs a second mock device");
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	group1 = group_attach(self->container, 1);
	ASSERT_LE(0, group1);
	EXPECT_EQ(TABLE_IOVA, mock_val(1, "table", 0));
	drains = mock_val(1, "drains", 0);
	close(group1);
	/* Torn down by the SVM layer (which drains), not only by blocking. */
	EXPECT_EQ(drains + 1, mock_val(1, "drains", 0));
	EXPECT_EQ(0, mock_val(1, "table", 0));
	EXPECT_EQ(TABLE_IOVA, mock_val(0, "table", 0));
}

/* Make mock device @n fail its next bindings with @err (0: stop). */
static int mock_fail(int n, int err)
{
	char path[PATH_MAX], val[16];

	snprintf(path, sizeof(path), MOCK_DEBUGFS "/svm_mock%d.fail", n);
	snprintf(val, sizeof(val), "%d", err);
	return sysfs_write(path, val);
}

/* A bind that fails on one group leaves no trace on the others. */
TEST_F(svm, bind_rollback)
{
	struct vfio_iommu_svm_bind b = table_bind();
	int group1;

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	if (mock_group(1) < 0)
		SKIP(return, "needs a second mock device");
	group1 = group_attach(self->container, 1);
	ASSERT_LE(0, group1);
	ASSERT_EQ(0, mock_fail(1, ENOMEM));
	EXPECT_ERRNO(ENOMEM, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	ASSERT_EQ(0, mock_fail(1, 0));
	EXPECT_EQ(0, mock_val(0, "table", 0));
	EXPECT_EQ(0, mock_val(1, "table", 0));
	/* Nothing was left half-bound: the same bind now succeeds on both. */
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	EXPECT_EQ(TABLE_IOVA, mock_val(0, "table", 0));
	EXPECT_EQ(TABLE_IOVA, mock_val(1, "table", 0));
	close(group1);
}

/* A group that cannot receive the bindings does not join the container. */
TEST_F(svm, late_attach_fails)
{
	struct vfio_iommu_svm_bind b = pgtable_bind(14);
	int group1;

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	if (mock_group(1) < 0)
		SKIP(return, "needs a second mock device");
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	ASSERT_EQ(0, mock_fail(1, EIO));
	group1 = group_attach(self->container, 1);
	ASSERT_EQ(0, mock_fail(1, 0));
	EXPECT_EQ(-1, group1);
	EXPECT_EQ(-1, mock_val(1, "pgtable 14", 0));
	EXPECT_EQ(PGD_IOVA, mock_val(0, "pgtable 14", 0));
	/* The group is free again, and joins once it can take the binding. */
	group1 = group_attach(self->container, 1);
	ASSERT_LE(0, group1);
	EXPECT_EQ(PGD_IOVA, mock_val(1, "pgtable 14", 0));
	close(group1);
}

/* Closing the group tears its bindings down. */
TEST_F(svm, close_while_bound)
{
	struct vfio_iommu_svm_bind b = pgtable_bind(11);

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	EXPECT_EQ(PGD_IOVA, mock_val(0, "pgtable 11", 0));
	close(self->group);
	self->group = -1;
	EXPECT_EQ(-1, mock_val(0, "pgtable 11", 0));
}

/* A PASID belongs to one container at a time. */
TEST_F(svm, pasid_owned)
{
	struct vfio_iommu_svm_bind b = pgtable_bind(12);
	int c2, g2;
	void *buf2;

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	if (mock_group(2) < 0)
		SKIP(return, "needs a third mock device");
	c2 = open("/dev/vfio/vfio", O_RDWR);
	ASSERT_LE(0, c2);
	g2 = group_attach(c2, 2);
	ASSERT_LE(0, g2);
	ASSERT_EQ(0, ioctl(c2, VFIO_SET_IOMMU, VFIO_TYPE1_NESTING_IOMMU));
	buf2 = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, buf2);
	ASSERT_EQ(0, dma_map(c2, buf2, TABLE_IOVA, BUF_SIZE));

	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	EXPECT_ERRNO(EBUSY, ioctl(c2, VFIO_IOMMU_BIND, &b));
	EXPECT_ERRNO(ENOENT, svm_unbind(c2, VFIO_SVM_BIND_PGTABLE, 12));
	ASSERT_EQ(0, svm_unbind(self->container, VFIO_SVM_BIND_PGTABLE, 12));
	ASSERT_EQ(0, ioctl(c2, VFIO_IOMMU_BIND, &b));
	EXPECT_EQ(PGD_IOVA, mock_val(2, "pgtable 12", 0));
	close(g2);
	close(c2);
	munmap(buf2, BUF_SIZE);
	/* The PASID went back with the container. */
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
}

/*
 * Guest memory layout for the DMA tests, all in the fixture's buffer
 * (stage-2 IOVA TABLE_IOVA + offset): the PASID table, an MKPT root and
 * a leaf page, then data pages.
 */
#define ROOT_OFF	0x1000
#define LEAF_OFF	0x2000
#define DATA_OFF(n)	(0x4000 + (n) * 0x1000)
#define S1_VA		0x10000ULL	/* stage-1 address the device uses */

static __u64 *u64_at(void *buf, __u64 off)
{
	return (__u64 *)((char *)buf + off);
}

/* Map S1_VA to data page @n (writable or not) in the guest's page table. */
static void s1_map(void *buf, int n, bool write)
{
	*u64_at(buf, ROOT_OFF) = (TABLE_IOVA + LEAF_OFF) | 1;
	*u64_at(buf, LEAF_OFF + (S1_VA >> 12) * 8) =
		(TABLE_IOVA + DATA_OFF(n)) | 1 | (write ? 2 : 0);
}

/* DMA goes where stage 1 then stage 2 say, and a stale stage 1 is visible. */
TEST_F(svm, dma_pgtable)
{
	struct vfio_iommu_svm_bind b = pgtable_bind(5);
	struct mock_inv inv;

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	s1_map(self->buf, 0, true);
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));

	ASSERT_EQ(0, mock_dma(0, 5, S1_VA + 8, 0x1111));
	EXPECT_EQ(0x1111, *u64_at(self->buf, DATA_OFF(0) + 8));

	/* The guest remaps without invalidating: the IOTLB still hits. */
	s1_map(self->buf, 1, true);
	ASSERT_EQ(0, mock_dma(0, 5, S1_VA + 8, 0x2222));
	EXPECT_EQ(0x2222, *u64_at(self->buf, DATA_OFF(0) + 8));
	EXPECT_EQ(0, *u64_at(self->buf, DATA_OFF(1) + 8));

	/* Invalidating another page leaves it; invalidating this one ends it. */
	inv_entry(&inv, IOMMU_SVM_INV_CACHE_IOTLB, IOMMU_SVM_INV_GRANU_ADDR, 5);
	inv.e.addr = S1_VA + 0x1000;
	inv.e.size = 0x1000;
	ASSERT_EQ(0, svm_inv(self->container, &inv, 1, NULL));
	ASSERT_EQ(0, mock_dma(0, 5, S1_VA + 8, 0x3333));
	EXPECT_EQ(0x3333, *u64_at(self->buf, DATA_OFF(0) + 8));
	inv.e.addr = S1_VA;
	ASSERT_EQ(0, svm_inv(self->container, &inv, 1, NULL));
	ASSERT_EQ(0, mock_dma(0, 5, S1_VA + 8, 0x4444));
	EXPECT_EQ(0x4444, *u64_at(self->buf, DATA_OFF(1) + 8));
	EXPECT_EQ(0x3333, *u64_at(self->buf, DATA_OFF(0) + 8));

	/* Faults: no stage-1 entry, read-only, other PASID, after unbind. */
	EXPECT_ERRNO(EFAULT, mock_dma(0, 5, S1_VA + 0x2000, 1));
	s1_map(self->buf, 1, false);
	inv_entry(&inv, IOMMU_SVM_INV_CACHE_IOTLB, IOMMU_SVM_INV_GRANU_PASID, 5);
	ASSERT_EQ(0, svm_inv(self->container, &inv, 1, NULL));
	EXPECT_ERRNO(EACCES, mock_dma(0, 5, S1_VA, 1));
	EXPECT_ERRNO(ENOENT, mock_dma(0, 6, S1_VA, 1));
	ASSERT_EQ(0, svm_unbind(self->container, VFIO_SVM_BIND_PGTABLE, 5));
	EXPECT_ERRNO(ENOENT, mock_dma(0, 5, S1_VA, 1));
}

/* A PASID table entry points at the page directory, through stage 2. */
TEST_F(svm, dma_pasid_table)
{
	struct vfio_iommu_svm_bind b = table_bind();
	struct mock_inv inv;

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	s1_map(self->buf, 2, true);
	*u64_at(self->buf, 7 * 8) = (TABLE_IOVA + ROOT_OFF) | 1;
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	ASSERT_EQ(0, mock_dma(0, 7, S1_VA + 16, 0x7777));
	EXPECT_EQ(0x7777, *u64_at(self->buf, DATA_OFF(2) + 16));
	EXPECT_ERRNO(ENOENT, mock_dma(0, 8, S1_VA, 1));

	/* Stage 1 can only point inside stage 2: outside it faults. */
	*u64_at(self->buf, LEAF_OFF + (S1_VA >> 12) * 8) =
		(TABLE_IOVA + BUF_SIZE) | 3;
	inv_entry(&inv, IOMMU_SVM_INV_CACHE_IOTLB, IOMMU_SVM_INV_GRANU_DOMAIN,
		  0);
	ASSERT_EQ(0, svm_inv(self->container, &inv, 1, NULL));
	EXPECT_ERRNO(EFAULT, mock_dma(0, 7, S1_VA, 1));
}

/* kill -9 of a process holding a bound container leaves nothing behind. */
TEST_F(svm, kill_while_bound)
{
	struct vfio_iommu_svm_bind b13 = pgtable_bind(13);
	int ready[2], status;
	pid_t pid;
	char c;

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	if (mock_group(3) < 0)
		SKIP(return, "needs a fourth mock device");
	ASSERT_EQ(0, pipe(ready));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct vfio_iommu_svm_bind b = pgtable_bind(13);
		int c2 = open("/dev/vfio/vfio", O_RDWR);
		int g2 = group_attach(c2, 3);
		void *buf2 = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (g2 < 0 ||
		    ioctl(c2, VFIO_SET_IOMMU, VFIO_TYPE1_NESTING_IOMMU) ||
		    dma_map(c2, buf2, TABLE_IOVA, BUF_SIZE) ||
		    ioctl(c2, VFIO_IOMMU_BIND, &b))
			_exit(1);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(ready[1]);
	ASSERT_EQ(1, read(ready[0], &c, 1));
	EXPECT_EQ(PGD_IOVA, mock_val(3, "pgtable 13", 0));
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status));
	EXPECT_EQ(-1, mock_val(3, "pgtable 13", 0));
	/* The PASID came back: this container can take it. */
	EXPECT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b13));
	close(ready[0]);
}

struct race {
	int container;
	void *buf;
	int stop;		/* __atomic: threads poll it */
	int errors;
};

/* MAP_DMA/UNMAP_DMA of a second range, racing with the SVM ioctls. */
static void *race_mapper(void *arg)
{
	struct race *r = arg;
	struct vfio_iommu_type1_dma_unmap unmap = {
		.argsz = sizeof(unmap),
		.iova = TABLE_IOVA + 0x100000,
		.size = BUF_SIZE,
	};

	while (!__atomic_load_n(&r->stop, __ATOMIC_RELAXED)) {
		if (dma_map(r->container, r->buf, unmap.iova, BUF_SIZE) ||
		    ioctl(r->container, VFIO_IOMMU_UNMAP_DMA, &unmap))
			r->errors++;
	}
	return NULL;
}

struct binder {
	struct race *r;
	__u32 pasid;
};

/* Bind, invalidate and unbind one PASID per thread, over and over. */
static void *race_binder(void *arg)
{
	struct binder *t = arg;
	struct race *r = t->r;
	__u32 pasid = t->pasid;
	struct mock_inv inv;
	int i;

	for (i = 0; i < 200 && !__atomic_load_n(&r->stop, __ATOMIC_RELAXED);
	     i++) {
		struct vfio_iommu_svm_bind b = pgtable_bind(pasid);

		memset(&inv, 0, sizeof(inv));
		inv.e.caches = IOMMU_SVM_INV_CACHE_IOTLB;
		inv.e.granu = IOMMU_SVM_INV_GRANU_PASID;
		inv.e.pasid = pasid;
		if (ioctl(r->container, VFIO_IOMMU_BIND, &b) ||
		    svm_inv(r->container, &inv, 1, NULL) ||
		    svm_unbind(r->container, VFIO_SVM_BIND_PGTABLE, pasid))
			r->errors++;
	}
	return NULL;
}

TEST_F(svm, concurrency)
{
	struct race r = { .container = self->container };
	pthread_t mapper, binders[3];
	struct binder t[3];
	int i;

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	r.buf = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, r.buf);
	ASSERT_EQ(0, pthread_create(&mapper, NULL, race_mapper, &r));
	for (i = 0; i < 3; i++) {
		t[i].r = &r;
		t[i].pasid = 20 + i;
		ASSERT_EQ(0, pthread_create(&binders[i], NULL, race_binder,
					    &t[i]));
	}
	for (i = 0; i < 3; i++)
		ASSERT_EQ(0, pthread_join(binders[i], NULL));
	__atomic_store_n(&r.stop, 1, __ATOMIC_RELAXED);
	ASSERT_EQ(0, pthread_join(mapper, NULL));
	EXPECT_EQ(0, r.errors);
	EXPECT_EQ(-1, mock_val(0, "pgtable", 0));	/* none left */
	munmap(r.buf, BUF_SIZE);
}

/*
 * Fail the n-th allocation of each ioctl until it succeeds: every failure
 * must return an error and leave the mock's state as it was.
 */
static int fail_nth_fd(void)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/task/%ld/fail-nth",
		 (long)syscall(SYS_gettid));
	return open(path, O_RDWR);
}

static int set_nth(int fd, int nth)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%d", nth);

	return pwrite(fd, buf, len, 0) == len ? 0 : -1;
}

TEST_F(svm, fail_nth)
{
	char before[4096], after[4096];
	struct mock_inv inv;
	int fd, nth, ret, failures = 0;

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	fd = fail_nth_fd();
	if (fd < 0)
		SKIP(return, "no fail-nth (CONFIG_FAULT_INJECTION)");

	/* Bind a table: fail each allocation in turn. */
	for (nth = 1; nth < 200; nth++) {
		struct vfio_iommu_svm_bind b = table_bind();

		ASSERT_EQ(0, mock_state(0, before, sizeof(before)));
		ASSERT_EQ(0, set_nth(fd, nth));
		ret = ioctl(self->container, VFIO_IOMMU_BIND, &b);
		set_nth(fd, 0);
		if (!ret)
			break;
		failures++;
		ASSERT_EQ(0, mock_state(0, after, sizeof(after)));
		EXPECT_STREQ(before, after);
	}
	ASSERT_EQ(0, ret);
	EXPECT_LT(0, failures);
	EXPECT_EQ(TABLE_IOVA, mock_val(0, "table", 0));

	/* Invalidate: a failure leaves the counters alone. */
	memset(&inv, 0, sizeof(inv));
	inv.e.caches = IOMMU_SVM_INV_CACHE_IOTLB;
	inv.e.granu = IOMMU_SVM_INV_GRANU_DOMAIN;
	for (nth = 1; nth < 50; nth++) {
		ASSERT_EQ(0, mock_state(0, before, sizeof(before)));
		ASSERT_EQ(0, set_nth(fd, nth));
		ret = svm_inv(self->container, &inv, 1, NULL);
		set_nth(fd, 0);
		if (!ret)
			break;
		ASSERT_EQ(0, mock_state(0, after, sizeof(after)));
		EXPECT_STREQ(before, after);
	}
	ASSERT_EQ(0, ret);

	/* Unbind: only reading the argument can fail; then nothing changes. */
	for (nth = 1; nth < 50; nth++) {
		ASSERT_EQ(0, set_nth(fd, nth));
		ret = svm_unbind(self->container, VFIO_SVM_BIND_PASID_TABLE, 0);
		set_nth(fd, 0);
		if (!ret)
			break;
		EXPECT_EQ(EFAULT, errno);
		EXPECT_EQ(TABLE_IOVA, mock_val(0, "table", 0));
	}
	ASSERT_EQ(0, ret);
	EXPECT_EQ(0, mock_val(0, "table", 0));
	close(fd);
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0-only
/*
 * VFIO SVM selftests: VFIO_IOMMU_BIND, VFIO_IOMMU_UNBIND and
 * VFIO_IOMMU_SVM_INVALIDATE on a type1 container holding mock devices
 * (CONFIG_IOMMU_SVM_MOCK). The mock's debugfs state shows what reached the
 * IOMMU.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>

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
		SKIP(return, "no mock devices (CONFIG_IOMMU_SVM_MOCK)");
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
	ASSERT_TRUE(self->buf != MAP_FAILED);
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

/* 1 only where something can be bound on this container now. */
TEST_F(svm, check_extension)
{
	int fresh = open("/dev/vfio/vfio", O_RDWR);

	ASSERT_LE(0, fresh);
	/* Before VFIO_SET_IOMMU: type1 implements the ioctls. */
	EXPECT_EQ(1, ioctl(fresh, VFIO_CHECK_EXTENSION, VFIO_IOMMU_SVM));
	close(fresh);
	EXPECT_EQ(variant->nested || process_binds(),
		  ioctl(self->container, VFIO_CHECK_EXTENSION, VFIO_IOMMU_SVM));
}

TEST_F(svm, info_cap)
{
	struct vfio_iommu_type1_info_cap_svm *cap;
	char buf[4096];

	cap = svm_cap(self->container, buf, sizeof(buf));
	ASSERT_TRUE(!!cap);
	EXPECT_EQ(1, cap->header.version);
	EXPECT_EQ(variant->nested ? VFIO_IOMMU_SVM_CAP_NESTED : 0, cap->flags);
	EXPECT_EQ(IOMMU_SVM_MODEL_MOCK, cap->model);
	EXPECT_EQ(1, cap->variant);
	/*
	 * Masked by what this container can do: table binds on a nesting
	 * container, process binds on a plain one where the SVA core binds
	 * (the 6.12 SVA core refuses x86).
	 */
	EXPECT_EQ(variant->nested ?
		  VFIO_SVM_BIND_PASID_TABLE | VFIO_SVM_BIND_PGTABLE :
		  process_binds() ? VFIO_SVM_BIND_PROCESS : 0,
		  cap->bind_kinds);
	EXPECT_EQ(20, cap->pasid_bits);
	EXPECT_EQ(8ULL << 20, cap->max_table_size);
	EXPECT_LT(0, cap->max_bindings);
	EXPECT_EQ(4096, cap->max_inv_entries);
	EXPECT_EQ(256, cap->max_inv_entry_len);
	EXPECT_EQ(256, cap->max_vendor_len);
	ASSERT_EQ(8, cap->hw_info_len);
	EXPECT_EQ(MOCK_HW_IDR_MAGIC, cap->hw_info[0] & ~0xffULL);
	EXPECT_EQ(cap->pasid_bits, MOCK_HW_IDR_PASID_BITS(cap->hw_info[0]));
	EXPECT_EQ(0, cap->hw_info[1]);
	ASSERT_EQ(1, cap->nr_pgtable_formats);
	EXPECT_EQ(IOMMU_SVM_PGTF_MOCK, cap->pgtable_formats[0].format);
	EXPECT_EQ(1, cap->pgtable_formats[0].variant);
	EXPECT_EQ(7, cap->inv_granu[0]);
	EXPECT_EQ(6, cap->inv_granu[1]);
	EXPECT_EQ(3, cap->inv_granu[2]);
	EXPECT_EQ(0, cap->inv_granu[3]);
	EXPECT_EQ(sizeof(struct iommu_svm_inv_mock), cap->inv_vendor_len);
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
	ASSERT_EQ(0, svm_unbind(self->container, VFIO_SVM_BIND_PASID_TABLE, 0));
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

/*
 * The caller's address space, at the PASID the kernel gives it, on the
 * devices of the container that are open, and only on a plain container.
 */
TEST_F(svm, bind_process)
{
	struct vfio_iommu_svm_bind b = { .argsz = sizeof(b),
		.flags = VFIO_SVM_BIND_PROCESS };
	__u32 pasid;
	int dev;

	if (variant->nested) {
		EXPECT_ERRNO(EOPNOTSUPP,
			     ioctl(self->container, VFIO_IOMMU_BIND, &b));
		return;
	}
	if (!process_binds())
		SKIP(return, "the SVA core refuses x86 in this kernel");
	/* No open device: nothing to bind to. */
	EXPECT_ERRNO(ENODEV, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	dev = ioctl(self->group, VFIO_GROUP_GET_DEVICE_FD, "svm_mock0");
	ASSERT_LE(0, dev);
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	pasid = b.pasid;
	EXPECT_NE(0, pasid);
	EXPECT_EQ(pasid, mock_val(0, "sva", 0));
	/* I/O page faults and SVA were enabled on the device for it. */
	EXPECT_EQ(0x3, mock_val(0, "features", 0));
	b.pasid = 0;
	EXPECT_ERRNO(EEXIST, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	EXPECT_ERRNO(ENOENT, svm_unbind(self->container, VFIO_SVM_BIND_PROCESS,
					pasid + 1));
	ASSERT_EQ(0, svm_unbind(self->container, VFIO_SVM_BIND_PROCESS, pasid));
	EXPECT_EQ(-1, mock_val(0, "sva", 0));
	EXPECT_EQ(0, mock_val(0, "features", 0));
	/*
	 * Closing the device takes its process binding with it, and the
	 * container's process binding ends with its last device.
	 */
	b.pasid = 0;
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	close(dev);
	EXPECT_EQ(-1, mock_val(0, "sva", 0));
	EXPECT_EQ(0, mock_val(0, "features", 0));
	EXPECT_ERRNO(ENOENT, svm_unbind(self->container, VFIO_SVM_BIND_PROCESS,
					b.pasid));
	b.pasid = 0;
	EXPECT_ERRNO(ENODEV, ioctl(self->container, VFIO_IOMMU_BIND, &b));
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

/* Set debugfs knob @knob of mock device @n to @val. */
static int mock_knob(int n, const char *knob, unsigned int val)
{
	char path[PATH_MAX], v[16];

	snprintf(path, sizeof(path), MOCK_DEBUGFS "/svm_mock%d.%s", n, knob);
	snprintf(v, sizeof(v), "%u", val);
	return sysfs_write(path, v);
}

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
	b.vendor_len = 257;
	EXPECT_ERRNO(E2BIG, ioctl(c, VFIO_IOMMU_BIND, &b));
	b = table_bind();
	b.argsz = 4097;				/* beyond PAGE_SIZE */
	EXPECT_ERRNO(E2BIG, ioctl(c, VFIO_IOMMU_BIND, &b));
	b = table_bind();
	b.addr = TABLE_IOVA + 8;		/* misaligned, on any container */
	EXPECT_ERRNO(EINVAL, ioctl(c, VFIO_IOMMU_BIND, &b));
	b = table_bind();
	b.vendor_uptr = 8;
	EXPECT_ERRNO(EFAULT, ioctl(c, VFIO_IOMMU_BIND, &b));

	/* What the container and the IOMMU support. */
	if (!process_binds() || variant->nested) {
		b = (struct vfio_iommu_svm_bind){ .argsz = sizeof(b),
			.flags = VFIO_SVM_BIND_PROCESS };
		EXPECT_ERRNO(EOPNOTSUPP, ioctl(c, VFIO_IOMMU_BIND, &b));
	}
	if (!variant->nested) {
		b = table_bind();
		EXPECT_ERRNO(ENXIO, ioctl(c, VFIO_IOMMU_BIND, &b));
		b = pgtable_bind(5);
		EXPECT_ERRNO(ENXIO, ioctl(c, VFIO_IOMMU_BIND, &b));
		return;
	}
	b = table_bind();
	b.format = IOMMU_SVM_MODEL_INTEL_VTD;
	EXPECT_ERRNO(EOPNOTSUPP, ioctl(c, VFIO_IOMMU_BIND, &b));
	b = table_bind();
	b.variant = 2;				/* newer than the IOMMU's */
	EXPECT_ERRNO(EOPNOTSUPP, ioctl(c, VFIO_IOMMU_BIND, &b));
	b.variant = 0;
	EXPECT_ERRNO(EOPNOTSUPP, ioctl(c, VFIO_IOMMU_BIND, &b));
	b = pgtable_bind(5);
	b.format = IOMMU_SVM_PGTF_X86_64;
	EXPECT_ERRNO(EOPNOTSUPP, ioctl(c, VFIO_IOMMU_BIND, &b));
	b = table_bind();
	b.size = 0;
	EXPECT_ERRNO(ERANGE, ioctl(c, VFIO_IOMMU_BIND, &b));
	b.size = (8ULL << 20) * 2;
	EXPECT_ERRNO(ERANGE, ioctl(c, VFIO_IOMMU_BIND, &b));
	b = pgtable_bind(0);
	EXPECT_ERRNO(ERANGE, ioctl(c, VFIO_IOMMU_BIND, &b));
	b = pgtable_bind(1 << 20);
	EXPECT_ERRNO(ERANGE, ioctl(c, VFIO_IOMMU_BIND, &b));

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
	/* v1's release flags (bits 8 and 9) are gone. */
	EXPECT_ERRNO(EINVAL, svm_unbind(c, VFIO_SVM_BIND_PGTABLE | (1 << 8), 5));
	EXPECT_ERRNO(EINVAL, svm_unbind(c, VFIO_SVM_BIND_PGTABLE | (1 << 9), 5));
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

/*
 * A batch across bindings is carried out as runs of entries for one
 * binding, with DOMAIN entries between them; it still stops at the first
 * entry that fails, whichever run it is in, and counts what was done:
 * an unbound PASID, an entry the driver fails, a device that fails.
 */
TEST_F(svm, invalidate_runs)
{
	struct vfio_iommu_svm_bind b1 = pgtable_bind(1), b2 = pgtable_bind(2);
	const __u32 iotlb = IOMMU_SVM_INV_CACHE_IOTLB;
	struct mock_inv inv[6];
	long long before;
	__u32 done;
	int c = self->container;

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	ASSERT_EQ(0, ioctl(c, VFIO_IOMMU_BIND, &b1));
	ASSERT_EQ(0, ioctl(c, VFIO_IOMMU_BIND, &b2));
	inv_entry(&inv[0], iotlb, IOMMU_SVM_INV_GRANU_PASID, 1);
	inv_entry(&inv[1], iotlb, IOMMU_SVM_INV_GRANU_ADDR, 1);
	inv_entry(&inv[2], iotlb, IOMMU_SVM_INV_GRANU_DOMAIN, 0);
	inv_entry(&inv[3], iotlb, IOMMU_SVM_INV_GRANU_PASID, 2);
	inv_entry(&inv[4], iotlb, IOMMU_SVM_INV_GRANU_ADDR, 2);
	inv_entry(&inv[5], iotlb, IOMMU_SVM_INV_GRANU_PASID, 1);
	before = mock_val(0, "inv", 0);
	ASSERT_EQ(0, svm_inv(c, inv, 6, &done));
	EXPECT_EQ(6, done);
	EXPECT_EQ(before + 6, mock_val(0, "inv", 0));
	EXPECT_EQ(1, mock_val(0, "last_inv", 2));

	/* An unbound PASID in the second run: the runs before it are done */
	inv_entry(&inv[4], iotlb, IOMMU_SVM_INV_GRANU_PASID, 3);
	EXPECT_ERRNO(ENOENT, svm_inv(c, inv, 6, &done));
	EXPECT_EQ(4, done);
	EXPECT_EQ(before + 10, mock_val(0, "inv", 0));
	EXPECT_EQ(2, mock_val(0, "last_inv", 2));

	/* An entry of the second run that the driver fails */
	inv_entry(&inv[4], iotlb, IOMMU_SVM_INV_GRANU_ADDR, 2);
	inv[4].v.flags = IOMMU_SVM_INV_MOCK_FAIL;
	EXPECT_ERRNO(EIO, svm_inv(c, inv, 6, &done));
	EXPECT_EQ(4, done);
	EXPECT_EQ(before + 14, mock_val(0, "inv", 0));

	/* The device failing its fifth entry, whatever the entry */
	inv[4].v.flags = 0;
	ASSERT_EQ(0, mock_knob(0, "inv_fail_after", 5));
	EXPECT_ERRNO(EIO, svm_inv(c, inv, 6, &done));
	EXPECT_EQ(4, done);
	EXPECT_EQ(before + 18, mock_val(0, "inv", 0));
	ASSERT_EQ(0, svm_inv(c, inv, 6, &done));
	EXPECT_EQ(6, done);
	EXPECT_EQ(before + 24, mock_val(0, "inv", 0));
}

/*
 * One device of a two-device group failing part-way through a batch: the
 * call reports what every device carried out, and no device is asked for
 * entries past the failure except those that came before the failing one.
 */
TEST_F(svm, invalidate_group_partial)
{
	struct vfio_iommu_svm_bind b = table_bind();
	long long b0, b4, b5, d0, d4;
	struct mock_inv inv[3];
	__u32 done;
	int g, i;

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	if (mock_group(4) < 0 || mock_group(4) != mock_group(5))
		SKIP(return, "needs the two-device mock group (removed?)");
	g = group_attach(self->container, 4);
	ASSERT_LE(0, g);
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	for (i = 0; i < 3; i++)
		inv_entry(&inv[i], IOMMU_SVM_INV_CACHE_IOTLB,
			  IOMMU_SVM_INV_GRANU_PASID, i + 1);
	b0 = mock_val(0, "inv", 0);
	b4 = mock_val(4, "inv", 0);
	b5 = mock_val(5, "inv", 0);
	ASSERT_EQ(0, mock_knob(5, "inv_fail_after", 2));
	EXPECT_ERRNO(EIO, svm_inv(self->container, inv, 3, &done));
	EXPECT_EQ(1, done);
	EXPECT_EQ(b5 + 1, mock_val(5, "inv", 0));
	/* All three if invalidated before the failing device, else one */
	d0 = mock_val(0, "inv", 0) - b0;
	d4 = mock_val(4, "inv", 0) - b4;
	EXPECT_TRUE(d0 == 1 || d0 == 3);
	EXPECT_TRUE(d4 == 1 || d4 == 3);

	ASSERT_EQ(0, svm_inv(self->container, inv, 3, &done));
	EXPECT_EQ(3, done);
	EXPECT_EQ(b5 + 4, mock_val(5, "inv", 0));
	EXPECT_EQ(b4 + d4 + 3, mock_val(4, "inv", 0));
	EXPECT_EQ(b0 + d0 + 3, mock_val(0, "inv", 0));
	close(g);
}

/*
 * A structure whose first version runs past the end of a mapping: its
 * argsz still decides the errno (EINVAL below the first version, E2BIG
 * past a page), as if it were read first, and only a plausible argsz
 * gets EFAULT.
 */
TEST_F(svm, short_struct_at_mapping_end)
{
	static const unsigned long cmds[] = {
		VFIO_IOMMU_BIND, VFIO_IOMMU_UNBIND, VFIO_IOMMU_SVM_INVALIDATE,
	};
	long pg = sysconf(_SC_PAGESIZE);
	__u32 *arg;
	char *m;
	int i;

	m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(m != MAP_FAILED);
	ASSERT_EQ(0, munmap(m + pg, pg));
	/* argsz and flags fit; the rest of every structure does not */
	arg = (__u32 *)(m + pg - 2 * sizeof(__u32));
	for (i = 0; i < 3; i++) {
		arg[0] = 2 * sizeof(__u32);
		arg[1] = 0;
		EXPECT_ERRNO(EINVAL, ioctl(self->container, cmds[i], arg));
		arg[0] = 2 * pg;
		EXPECT_ERRNO(E2BIG, ioctl(self->container, cmds[i], arg));
		arg[0] = 64;
		EXPECT_ERRNO(EFAULT, ioctl(self->container, cmds[i], arg));
	}
	munmap(m, pg);
}

/* A group attached later receives the container's bindings. */
TEST_F(svm, late_attach)
{
	struct vfio_iommu_svm_bind b = table_bind();
	int group1;

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	if (mock_group(1) < 0)
		SKIP(return, "needs a second mock device");
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	group1 = group_attach(self->container, 1);
	ASSERT_LE(0, group1);
	EXPECT_EQ(TABLE_IOVA, mock_val(1, "table", 0));
	close(group1);
	EXPECT_EQ(0, mock_val(1, "table", 0));
	EXPECT_EQ(TABLE_IOVA, mock_val(0, "table", 0));
}

/* The scale a container is built for: 4096 page tables on one device. */
TEST_F(svm, scale_4096_pasids)
{
	struct mock_inv inv = {
		.e = {
			.caches = IOMMU_SVM_INV_CACHE_IOTLB,
			.granu = IOMMU_SVM_INV_GRANU_PASID,
			.pasid = 4096,
		},
	};
	struct vfio_iommu_type1_info_cap_svm *cap;
	struct vfio_iommu_svm_bind b;
	char buf[4096];
	__u32 pasid, done = 0;

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	cap = svm_cap(self->container, buf, sizeof(buf));
	ASSERT_TRUE(!!cap);
	ASSERT_LE(12, cap->pasid_bits);
	if (cap->max_bindings < 4096)
		SKIP(return, "svm_binding_limit is %u", cap->max_bindings);
	for (pasid = 1; pasid <= 4096; pasid++) {
		b = pgtable_bind(pasid);
		ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	}
	if (cap->max_bindings == 4096) {
		b = pgtable_bind(4097);
		EXPECT_ERRNO(ENOSPC, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	}
	EXPECT_EQ(0, svm_inv(self->container, &inv, 1, &done));
	EXPECT_EQ(1, done);
	for (pasid = 1; pasid <= 4096; pasid++)
		ASSERT_EQ(0, svm_unbind(self->container, VFIO_SVM_BIND_PGTABLE,
					pasid));
	EXPECT_ERRNO(ENODEV, svm_inv(self->container, &inv, 1, &done));
}

/* 64 devices in one container: a PASID table reaches every one of them. */
TEST_F(svm, scale_64_devices)
{
	struct mock_inv inv = {
		.e = {
			.caches = IOMMU_SVM_INV_CACHE_IOTLB,
			.granu = IOMMU_SVM_INV_GRANU_DOMAIN,
		},
	};
	struct vfio_iommu_svm_bind b = table_bind();
	int groups[64], ids[64], n = 0, i, j;
	__u32 done = 0;

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	if (mock_group(63) < 0)
		SKIP(return, "needs 64 mock devices (iommu_svm_mock.nr_devices)");
	/* Every group once: svm_mock5 shares svm_mock4's; one may be gone */
	ids[0] = mock_group(0);
	for (i = 1; i < 64; i++) {
		ids[i] = mock_group(i);
		for (j = 0; j < i && ids[j] != ids[i]; j++)
			;
		if (ids[i] < 0 || j < i)
			continue;
		groups[n] = group_attach(self->container, i);
		ASSERT_LE(0, groups[n]);
		n++;
	}
	ASSERT_LE(62, n);
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	for (i = 0; i < 64; i++)
		if (ids[i] >= 0)
			EXPECT_EQ(TABLE_IOVA, mock_val(i, "table", 0));
	EXPECT_EQ(0, svm_inv(self->container, &inv, 1, &done));
	EXPECT_EQ(1, done);
	ASSERT_EQ(0, svm_unbind(self->container, VFIO_SVM_BIND_PASID_TABLE, 0));
	for (i = 0; i < 64; i++)
		if (ids[i] >= 0)
			EXPECT_EQ(0, mock_val(i, "table", 0));
	while (n--)
		close(groups[n]);
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
	ASSERT_EQ(0, mock_knob(1, "fail", ENOMEM));
	EXPECT_ERRNO(ENOMEM, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	ASSERT_EQ(0, mock_knob(1, "fail", 0));
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
	ASSERT_EQ(0, mock_knob(1, "fail", EIO));
	group1 = group_attach(self->container, 1);
	ASSERT_EQ(0, mock_knob(1, "fail", 0));
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

/*
 * PASIDs are per device: two containers (two guests) bind the same PASID
 * value on their own devices, neither sees the other's, and no PASID is
 * taken from the host's global space (v1 returned EBUSY here, which let a
 * tenant probe and exhaust the host's PASIDs).
 */
TEST_F(svm, pasid_per_device)
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
	ASSERT_TRUE(buf2 != MAP_FAILED);
	ASSERT_EQ(0, dma_map(c2, buf2, TABLE_IOVA, BUF_SIZE));

	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	ASSERT_EQ(0, ioctl(c2, VFIO_IOMMU_BIND, &b));
	EXPECT_EQ(PGD_IOVA, mock_val(0, "pgtable 12", 0));
	EXPECT_EQ(PGD_IOVA, mock_val(2, "pgtable 12", 0));
	ASSERT_EQ(0, svm_unbind(self->container, VFIO_SVM_BIND_PGTABLE, 12));
	EXPECT_EQ(-1, mock_val(0, "pgtable 12", 0));
	EXPECT_EQ(PGD_IOVA, mock_val(2, "pgtable 12", 0));
	EXPECT_ERRNO(ENOENT, svm_unbind(self->container,
					VFIO_SVM_BIND_PGTABLE, 12));
	close(g2);
	close(c2);
	munmap(buf2, BUF_SIZE);
	EXPECT_EQ(-1, mock_val(2, "pgtable 12", 0));
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

#define ROOT2_OFF	0x3000
#define LEAF2_OFF	DATA_OFF(7)

/*
 * The IOMMU caches PASID-table entries: rewriting one takes a PASID-cache
 * invalidation of that PASID; an IOTLB one, or another PASID's, is not it.
 */
TEST_F(svm, dma_pasid_cache)
{
	static const struct {
		__u64 root;	/* PASID 7's table entry for this step */
		bool pc;	/* with a PASID-cache invalidation of ... */
		__u32 granu;	/* ... this granularity */
		__u32 pasid;	/* ... and PASID */
		int page;	/* where the DMA lands */
	} steps[] = {
		/* Repointed, only the IOTLB flushed: the cached entry wins. */
		{ ROOT2_OFF, false, 0, 0, 2 },
		/* Another PASID's PASID-cache invalidation leaves it. */
		{ ROOT2_OFF, true, IOMMU_SVM_INV_GRANU_PASID, 8, 2 },
		/* Its own ends it. */
		{ ROOT2_OFF, true, IOMMU_SVM_INV_GRANU_PASID, 7, 3 },
		/* DOMAIN covers every PASID. */
		{ ROOT_OFF, true, IOMMU_SVM_INV_GRANU_DOMAIN, 0, 2 },
	};
	struct vfio_iommu_svm_bind b = table_bind();
	struct mock_inv inv[2];
	unsigned int i, n;

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	/* PASID 7 -> ROOT -> LEAF -> data 2; ROOT2 -> LEAF2 -> data 3. */
	s1_map(self->buf, 2, true);
	*u64_at(self->buf, ROOT2_OFF) = (TABLE_IOVA + LEAF2_OFF) | 1;
	*u64_at(self->buf, LEAF2_OFF + (S1_VA >> 12) * 8) =
		(TABLE_IOVA + DATA_OFF(3)) | 3;
	*u64_at(self->buf, 7 * 8) = (TABLE_IOVA + ROOT_OFF) | 1;
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	ASSERT_EQ(0, mock_dma(0, 7, S1_VA, 0x11));
	ASSERT_EQ(0x11, *u64_at(self->buf, DATA_OFF(2)));

	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		__u64 val = 0x100 + i;

		*u64_at(self->buf, 7 * 8) = (TABLE_IOVA + steps[i].root) | 1;
		n = 0;
		if (steps[i].pc)
			inv_entry(&inv[n++], IOMMU_SVM_INV_CACHE_PASID,
				  steps[i].granu, steps[i].pasid);
		inv_entry(&inv[n++], IOMMU_SVM_INV_CACHE_IOTLB,
			  IOMMU_SVM_INV_GRANU_PASID, 7);
		ASSERT_EQ(0, svm_inv(self->container, inv, n, NULL));
		ASSERT_EQ(0, mock_dma(0, 7, S1_VA, val));
		EXPECT_EQ(val, *u64_at(self->buf, DATA_OFF(steps[i].page)));
		EXPECT_NE(val, *u64_at(self->buf,
				       DATA_OFF(steps[i].page == 2 ? 3 : 2)));
	}
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

static int dma_unmap(int container, __u64 iova, __u64 size)
{
	struct vfio_iommu_type1_dma_unmap unmap = {
		.argsz = sizeof(unmap),
		.iova = iova,
		.size = size,
	};

	return ioctl(container, VFIO_IOMMU_UNMAP_DMA, &unmap);
}

struct race {
	int container;
	void *buf;
	int stop;		/* __atomic: threads poll it */
	int errors;
	__u32 inv_pasid;	/* race_invalidator: the PASID it hits */
	int inv_done, inv_enoent;	/* its calls, by outcome */
	int calls;		/* race_container_user's */
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
			__atomic_add_fetch(&r->errors, 1, __ATOMIC_RELAXED);
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
			__atomic_add_fetch(&r->errors, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

#define RACE_MAX_BINDERS	4

/*
 * Run @nr binders (PASIDs @pasid, @pasid + 1, ...) against @other until
 * they are done, then stop @other. Return: 0, or -1 if a thread could not
 * be started or joined.
 */
static int race_run(struct race *r, void *(*other)(void *), int nr,
		    __u32 pasid)
{
	struct binder t[RACE_MAX_BINDERS];
	pthread_t th[RACE_MAX_BINDERS], o;
	int i, started, ret = 0;

	if (nr > RACE_MAX_BINDERS || pthread_create(&o, NULL, other, r))
		return -1;
	for (started = 0; started < nr; started++) {
		t[started] = (struct binder){ .r = r, .pasid = pasid + started };
		if (pthread_create(&th[started], NULL, race_binder,
				   &t[started])) {
			ret = -1;
			break;
		}
	}
	for (i = 0; i < started; i++)
		ret |= pthread_join(th[i], NULL) ? -1 : 0;
	__atomic_store_n(&r->stop, 1, __ATOMIC_RELAXED);
	ret |= pthread_join(o, NULL) ? -1 : 0;
	return ret;
}

TEST_F(svm, concurrency)
{
	struct race r = { .container = self->container };

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	r.buf = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(r.buf != MAP_FAILED);
	ASSERT_EQ(0, race_run(&r, race_mapper, 3, 20));
	EXPECT_EQ(0, r.errors);
	EXPECT_EQ(-1, mock_val(0, "pgtable", 0));	/* none left */
	munmap(r.buf, BUF_SIZE);
}

/* Attach and detach a second group while page tables are bound and unbound. */
static void *race_attacher(void *arg)
{
	struct race *r = arg;
	int i, g;

	for (i = 0; i < 100 && !__atomic_load_n(&r->stop, __ATOMIC_RELAXED);
	     i++) {
		g = group_attach(r->container, 2);
		if (g < 0) {
			__atomic_add_fetch(&r->errors, 1, __ATOMIC_RELAXED);
			continue;
		}
		close(g);
	}
	return NULL;
}

/*
 * Bind/unbind against group attach/detach: every attach receives exactly
 * the bindings live at that moment, and nothing is left behind.
 */
TEST_F(svm, race_bind_attach)
{
	struct race r = { .container = self->container };

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	if (mock_group(2) < 0)
		SKIP(return, "needs a third mock device");
	ASSERT_EQ(0, race_run(&r, race_attacher, 2, 60));
	EXPECT_EQ(0, r.errors);
	EXPECT_EQ(-1, mock_val(0, "pgtable", 0));
	EXPECT_EQ(-1, mock_val(2, "pgtable", 0));
}

/*
 * Invalidate r->inv_pasid, one entry and 64 at a time, while binders bind
 * and unbind it. A call sees the binding for all of its entries or for
 * none: 0 with every entry done, or ENOENT with none.
 */
static void *race_invalidator(void *arg)
{
	static struct mock_inv inv[64];
	struct race *r = arg;
	__u32 n, done;
	int i, ret;

	for (i = 0; i < 64; i++) {
		inv[i].e.caches = IOMMU_SVM_INV_CACHE_IOTLB;
		inv[i].e.granu = IOMMU_SVM_INV_GRANU_PASID;
		inv[i].e.pasid = r->inv_pasid;
	}
	for (i = 0; !__atomic_load_n(&r->stop, __ATOMIC_RELAXED); i++) {
		n = i % 2 ? 64 : 1;
		done = ~0U;
		ret = svm_inv(r->container, inv, n, &done);
		if (!ret && done == n)
			__atomic_add_fetch(&r->inv_done, 1, __ATOMIC_RELAXED);
		else if (ret && errno == ENOENT && !done)
			__atomic_add_fetch(&r->inv_enoent, 1,
					   __ATOMIC_RELAXED);
		else
			__atomic_add_fetch(&r->errors, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

/*
 * Invalidations of a PASID against bind and unbind of it by another
 * thread, with another PASID bound throughout (so that a missing binding
 * is ENOENT, not ENODEV): never a partial batch, another errno or a
 * splat.
 */
TEST_F(svm, race_invalidate_unbind)
{
	struct race r = { .container = self->container, .inv_pasid = 70 };
	struct vfio_iommu_svm_bind b = pgtable_bind(71);

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	ASSERT_EQ(0, race_run(&r, race_invalidator, 1, r.inv_pasid));
	EXPECT_EQ(0, r.errors);
	EXPECT_LT(0, r.inv_done + r.inv_enoent);
	TH_LOG("%d calls found the binding, %d did not", r.inv_done,
	       r.inv_enoent);
	ASSERT_EQ(0, svm_unbind(self->container, VFIO_SVM_BIND_PGTABLE, 71));
	EXPECT_EQ(-1, mock_val(0, "pgtable", 0));
}

/* Container ioctls, with and without an IOMMU set, until r->stop */
static void *race_container_user(void *arg)
{
	struct race *r = arg;
	char buf[256];
	struct vfio_iommu_type1_info *info = (void *)buf;
	struct mock_inv inv = {
		.e = {
			.caches = IOMMU_SVM_INV_CACHE_IOTLB,
			.granu = IOMMU_SVM_INV_GRANU_PASID,
			.pasid = 1,
		},
	};

	while (!__atomic_load_n(&r->stop, __ATOMIC_RELAXED)) {
		/* EINVAL: no group, so no IOMMU driver, at that moment */
		info->argsz = sizeof(buf);
		if (ioctl(r->container, VFIO_IOMMU_GET_INFO, info) &&
		    errno != EINVAL)
			__atomic_add_fetch(&r->errors, 1, __ATOMIC_RELAXED);
		/* ENODEV: the driver is there, with nothing bound */
		if (svm_inv(r->container, &inv, 1, NULL) && errno != EINVAL &&
		    errno != ENODEV)
			__atomic_add_fetch(&r->errors, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&r->calls, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Detaching a container's last group releases its IOMMU driver's data:
 * container ioctls racing with that must see the driver or no driver
 * (EINVAL), never freed memory (a KASAN report fails the run).
 */
TEST_F(svm, container_ioctl_vs_last_group_close)
{
	struct race r = { .container = open("/dev/vfio/vfio", O_RDWR) };
	pthread_t user;
	int cycles = 0, g;
	double end;

	if (mock_group(1) < 0)
		SKIP(return, "needs a second mock device");
	ASSERT_LE(0, r.container);
	ASSERT_EQ(0, pthread_create(&user, NULL, race_container_user, &r));
	for (end = now_s() + 3; now_s() < end; cycles++) {
		g = group_attach(r.container, 1);
		if (g < 0 || ioctl(r.container, VFIO_SET_IOMMU, variant->type))
			__atomic_add_fetch(&r.errors, 1, __ATOMIC_RELAXED);
		if (g >= 0)
			close(g);
	}
	__atomic_store_n(&r.stop, 1, __ATOMIC_RELAXED);
	ASSERT_EQ(0, pthread_join(user, NULL));
	EXPECT_EQ(0, r.errors);
	EXPECT_LT(0, r.calls);
	TH_LOG("%d attach/detach cycles against %d ioctl pairs", cycles,
	       r.calls);
	close(r.container);
}

struct dma_race {
	struct race r;
	int dma_ok, dma_fault, dma_other;
};

/*
 * Map the buffer page by page, so that each page can be unmapped on its
 * own, and bind a PASID table whose PASID 7 maps S1_VA to data page 2.
 */
static int bind_by_page(int container, void *buf)
{
	struct vfio_iommu_svm_bind b = table_bind();
	__u64 off;

	if (dma_unmap(container, TABLE_IOVA, BUF_SIZE))
		return -1;
	for (off = 0; off < BUF_SIZE; off += 0x1000)
		if (dma_map(container, (char *)buf + off, TABLE_IOVA + off,
			    0x1000))
			return -1;
	s1_map(buf, 2, true);
	*u64_at(buf, 7 * 8) = (TABLE_IOVA + ROOT_OFF) | 1;
	return ioctl(container, VFIO_IOMMU_BIND, &b);
}

/* Unmap and remap the PASID table and the data page, over and over. */
static void *race_unmapper(void *arg)
{
	struct dma_race *d = arg;
	static const __u64 offs[] = { 0, DATA_OFF(2) };
	int i;

	for (i = 0; i < 300; i++) {
		__u64 off = offs[i % 2];

		if (dma_unmap(d->r.container, TABLE_IOVA + off, 0x1000) ||
		    dma_map(d->r.container, (char *)d->r.buf + off,
			    TABLE_IOVA + off, 0x1000))
			__atomic_add_fetch(&d->r.errors, 1, __ATOMIC_RELAXED);
	}
	__atomic_store_n(&d->r.stop, 1, __ATOMIC_RELAXED);
	return NULL;
}

/*
 * Mock DMA against UNMAP_DMA of the table and data pages under it: each
 * DMA either lands or faults, and after the race a fresh DMA still works.
 */
TEST_F(svm, race_dma_unmap)
{
	struct dma_race d = { .r = { .container = self->container } };
	pthread_t unmapper;

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	d.r.buf = self->buf;
	ASSERT_EQ(0, bind_by_page(self->container, self->buf));
	ASSERT_EQ(0, pthread_create(&unmapper, NULL, race_unmapper, &d));
	while (!__atomic_load_n(&d.r.stop, __ATOMIC_RELAXED)) {
		if (!mock_dma(0, 7, S1_VA, 0x55))
			d.dma_ok++;
		else if (errno == EFAULT)
			d.dma_fault++;
		else
			d.dma_other++;
	}
	ASSERT_EQ(0, pthread_join(unmapper, NULL));
	EXPECT_EQ(0, d.r.errors);
	EXPECT_EQ(0, d.dma_other);
	ASSERT_EQ(0, mock_dma(0, 7, S1_VA, 0x66));
	EXPECT_EQ(0x66, *u64_at(self->buf, DATA_OFF(2)));
}

/*
 * A seeded fuzzer: random valid and invalid VFIO_IOMMU_BIND, UNBIND and
 * SVM_INVALIDATE calls, MAP/UNMAP_DMA, group attach and detach, and mock
 * DMA. Only documented errnos may come back, well-formed requests the
 * model says must work do work, and at the end the bindings the mock
 * shows are exactly those the fuzzer believes live. Reproduce a run with
 * VFIO_SVM_FUZZ_SEED=<seed>; VFIO_SVM_FUZZ_ITERS sets its length.
 */
#define FUZZ_PASIDS	48

struct fuzz {
	unsigned long long state;
	bool pgtable[FUZZ_PASIDS];
	bool table;
	int g2;
};

static unsigned int fuzz_rand(struct fuzz *f, unsigned int n)
{
	f->state = f->state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (f->state >> 33) % n;
}

static bool errno_in(int err, const int *set)
{
	for (; *set; set++)
		if (*set == err)
			return true;
	return false;
}

static const int bind_errnos[] = { EFAULT, EINVAL, E2BIG, ENXIO, EOPNOTSUPP,
	ERANGE, EEXIST, ENOSPC, ENOMEM, ENODEV, EBUSY, 0 };
static const int unbind_errnos[] = { EFAULT, EINVAL, E2BIG, ENOENT, 0 };
static const int inv_errnos[] = { EFAULT, EINVAL, E2BIG, ENODEV, ENOENT,
	EOPNOTSUPP, EIO, 0 };
static const int dma_errnos[] = { ENOENT, EFAULT, EACCES, EINVAL, 0 };

/* One fuzz step; returns the errno that was not documented, or 0. */
static int fuzz_step(struct fuzz *f, int c, bool nested, void *buf,
		     const char **what)
{
	struct vfio_iommu_svm_bind b;
	struct mock_inv inv[8];
	__u32 pasid = fuzz_rand(f, FUZZ_PASIDS), done;
	bool mutate = !fuzz_rand(f, 3);
	int ret, i, n;

	switch (fuzz_rand(f, 8)) {
	case 0:
	case 1:
		*what = "bind pgtable";
		b = pgtable_bind(pasid);
		if (mutate) {
			switch (fuzz_rand(f, 6)) {
			case 0:
				b.flags |= 1u << fuzz_rand(f, 32);
				break;
			case 1:
				b.argsz = fuzz_rand(f, 80);
				break;
			case 2:
				b.variant = fuzz_rand(f, 3);
				break;
			case 3:
				b.addr += fuzz_rand(f, 4096);
				break;
			case 4:
				b.vendor_len = fuzz_rand(f, 300);
				break;
			default:
				b.format = fuzz_rand(f, 4);
				break;
			}
		}
		ret = ioctl(c, VFIO_IOMMU_BIND, &b);
		if (!ret) {
			if (pasid >= FUZZ_PASIDS || f->pgtable[pasid] ||
			    f->table || !nested)
				return -1;	/* the model says it cannot */
			f->pgtable[pasid] = true;
			return 0;
		}
		if (!mutate && nested && pasid && pasid < FUZZ_PASIDS &&
		    !f->pgtable[pasid] && !f->table)
			return errno ?: -1;	/* it had to work */
		return errno_in(errno, bind_errnos) ? 0 : errno;
	case 2:
		*what = "bind table";
		b = table_bind();
		if (mutate)
			b.size = 8ULL << fuzz_rand(f, 24);
		ret = ioctl(c, VFIO_IOMMU_BIND, &b);
		if (!ret) {
			for (i = 0; i < FUZZ_PASIDS; i++)
				if (f->pgtable[i])
					return -1;
			if (f->table || !nested)
				return -1;
			f->table = true;
			return 0;
		}
		return errno_in(errno, bind_errnos) ? 0 : errno;
	case 3:
		*what = "unbind";
		if (!fuzz_rand(f, 4)) {
			ret = svm_unbind(c, VFIO_SVM_BIND_PASID_TABLE, 0);
			if (!ret != f->table)
				return ret ? errno : -1;
			f->table = false;
			return 0;
		}
		ret = svm_unbind(c, VFIO_SVM_BIND_PGTABLE |
				 (mutate ? 1u << (3 + fuzz_rand(f, 29)) : 0),
				 pasid);
		if (!ret) {
			if (mutate || pasid >= FUZZ_PASIDS || !f->pgtable[pasid])
				return -1;
			f->pgtable[pasid] = false;
			return 0;
		}
		if (!mutate && pasid < FUZZ_PASIDS && f->pgtable[pasid])
			return errno ?: -1;
		return errno_in(errno, unbind_errnos) ? 0 : errno;
	case 4:
		*what = "invalidate";
		n = fuzz_rand(f, 9);
		for (i = 0; i < n; i++) {
			inv_entry(&inv[i], 1 + fuzz_rand(f, 7), fuzz_rand(f, 4),
				  pasid);
			if (inv[i].e.granu == IOMMU_SVM_INV_GRANU_ADDR) {
				inv[i].e.addr = fuzz_rand(f, 64) << 12;
				inv[i].e.size = (1 + fuzz_rand(f, 4)) << 12;
			}
			if (mutate)
				inv[i].v.flags = fuzz_rand(f, 3);
		}
		ret = svm_inv(c, inv, n, &done);
		if (ret && !errno_in(errno, inv_errnos))
			return errno;
		return done <= (unsigned int)n ? 0 : -1;
	case 5:
		*what = "map/unmap";
		if (fuzz_rand(f, 2))
			dma_map(c, buf, 0x400000 + (fuzz_rand(f, 4) << 12),
				0x1000);
		else
			dma_unmap(c, 0x400000, 0x4000);
		return 0;
	case 6:
		*what = "attach/detach";
		if (f->g2 >= 0) {
			close(f->g2);
			f->g2 = -1;
		} else {
			f->g2 = group_attach(c, 2);
		}
		return 0;
	default:
		*what = "dma";
		ret = mock_dma(fuzz_rand(f, 2) ? 0 : 2, pasid,
			       (fuzz_rand(f, 32) << 12) + 8 * fuzz_rand(f, 4),
			       f->state);
		if (ret && errno != ENOENT && !errno_in(errno, dma_errnos))
			return errno;
		return 0;
	}
}

TEST_F_TIMEOUT(svm, fuzz, 7000)
{
	const char *env = getenv("VFIO_SVM_FUZZ_SEED"), *what = "";
	unsigned long iters = 3000, it;
	struct fuzz f = { .g2 = -1 };
	unsigned int seed;
	char key[32];
	void *buf;
	int i, err;

	if (mock_group(2) < 0)
		SKIP(return, "needs a third mock device");
	seed = env ? strtoul(env, NULL, 0) : (unsigned int)time(NULL);
	env = getenv("VFIO_SVM_FUZZ_ITERS");
	if (env)
		iters = strtoul(env, NULL, 0);
	f.state = seed;
	TH_LOG("seed %u, %lu calls (VFIO_SVM_FUZZ_SEED, VFIO_SVM_FUZZ_ITERS)",
	       seed, iters);
	buf = mmap(NULL, 0x1000, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(buf != MAP_FAILED);
	memset(self->buf, 0, BUF_SIZE);
	s1_map(self->buf, 2, true);
	for (it = 0; it < iters; it++) {
		err = fuzz_step(&f, self->container, variant->nested, buf,
				&what);
		if (err) {
			TH_LOG("seed %u call %lu (%s): %s", seed, it, what,
			       err < 0 ? "the model disagrees" : strerror(err));
			ASSERT_EQ(0, err);
		}
	}
	/* What the mock has bound is what the fuzzer believes is bound. */
	for (i = 1; i < FUZZ_PASIDS; i++) {
		snprintf(key, sizeof(key), "pgtable %d", i);
		EXPECT_EQ(f.pgtable[i] ? (long long)PGD_IOVA : -1,
			  mock_val(0, key, 0));
		if (f.g2 >= 0)
			EXPECT_EQ(f.pgtable[i] ? (long long)PGD_IOVA : -1,
				  mock_val(2, key, 0));
	}
	EXPECT_EQ(f.table ? (long long)TABLE_IOVA : 0, mock_val(0, "table", 0));
	if (f.g2 >= 0)
		close(f.g2);
	munmap(buf, 0x1000);
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

/*
 * Injected failures print a stack trace by default, which the harness
 * would count as a kernel splat: quiet them, as iommufd_fail_nth does.
 */
static void fail_nth_quiet(void)
{
	static const char * const attrs[] = {
		"/sys/kernel/debug/failslab/verbose",
		"/sys/kernel/debug/fail_usercopy/verbose",
		"/sys/kernel/debug/fail_page_alloc/verbose",
	};
	unsigned int i;
	int fd;

	for (i = 0; i < ARRAY_SIZE(attrs); i++) {
		fd = open(attrs[i], O_WRONLY);
		if (fd < 0)
			continue;
		if (write(fd, "0", 1) != 1)
			errno = 0;
		close(fd);
	}
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
	fail_nth_quiet();

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

	/*
	 * Unbind: only reading the argument can fail (user-copy fault
	 * injection); then nothing changes.
	 */
	failures = 0;
	for (nth = 1; nth < 50; nth++) {
		ASSERT_EQ(0, set_nth(fd, nth));
		ret = svm_unbind(self->container, VFIO_SVM_BIND_PASID_TABLE, 0);
		set_nth(fd, 0);
		if (!ret)
			break;
		failures++;
		EXPECT_EQ(EFAULT, errno);
		EXPECT_EQ(TABLE_IOVA, mock_val(0, "table", 0));
	}
	ASSERT_EQ(0, ret);
	EXPECT_LT(0, failures);
	EXPECT_EQ(0, mock_val(0, "table", 0));
	close(fd);
}

/* Hot-remove mock device @n (it leaves its group; the group stays). */
static int mock_remove(int n)
{
	char val[16];

	snprintf(val, sizeof(val), "%d", n);
	return sysfs_write(MOCK_DEBUGFS "/remove", val);
}

/*
 * A two-device group: page tables need a device alone in its group, so
 * the container offers PASID tables only; one bound survives the
 * hot-removal of the group's first device, and unbinding it afterwards
 * touches only what is left: nothing keeps a pointer to the removed device.
 */
TEST_F(svm, hot_remove_bound)
{
	struct vfio_iommu_type1_info_cap_svm *cap;
	struct vfio_iommu_svm_bind b = pgtable_bind(21);
	char buf[4096];
	int g;

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	if (mock_group(4) < 0 || mock_group(4) != mock_group(5))
		SKIP(return, "needs the two-device mock group (removed?)");
	g = group_attach(self->container, 4);
	ASSERT_LE(0, g);
	cap = svm_cap(self->container, buf, sizeof(buf));
	ASSERT_TRUE(!!cap);
	EXPECT_EQ(VFIO_SVM_BIND_PASID_TABLE, cap->bind_kinds);
	EXPECT_ERRNO(EOPNOTSUPP, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	b = table_bind();
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	EXPECT_EQ(TABLE_IOVA, mock_val(4, "table", 0));
	EXPECT_EQ(TABLE_IOVA, mock_val(5, "table", 0));
	ASSERT_EQ(0, mock_remove(4));
	EXPECT_EQ(-1, mock_group(4));
	EXPECT_EQ(TABLE_IOVA, mock_val(5, "table", 0));
	ASSERT_EQ(0, svm_unbind(self->container, VFIO_SVM_BIND_PASID_TABLE, 0));
	EXPECT_EQ(0, mock_val(5, "table", 0));
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	EXPECT_EQ(TABLE_IOVA, mock_val(5, "table", 0));
	close(g);
	EXPECT_EQ(0, mock_val(5, "table", 0));
}

/*
 * UNMAP_DMA of the PASID table, a leaf table and the data page under a
 * live binding: the next DMA faults and does not write the page, although
 * a combined (stage 1 + stage 2) IOTLB entry for it existed. This holds
 * only if the nest parent's iotlb_sync() flushes what was derived from it.
 */
TEST_F(svm, unmap_under_binding)
{
	static const __u64 offs[] = { 0, LEAF_OFF, DATA_OFF(2) };
	int i;

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	ASSERT_EQ(0, bind_by_page(self->container, self->buf));

	for (i = 0; i < 3; i++) {
		long long syncs = mock_val(0, "s2_syncs", 0);

		ASSERT_EQ(0, mock_dma(0, 7, S1_VA, 0x100 + i));
		ASSERT_EQ(0x100 + i, *u64_at(self->buf, DATA_OFF(2)));
		ASSERT_EQ(0, dma_unmap(self->container, TABLE_IOVA + offs[i],
				       0x1000));
		EXPECT_LT(syncs, mock_val(0, "s2_syncs", 0));
		EXPECT_ERRNO(EFAULT, mock_dma(0, 7, S1_VA, 0xbad));
		EXPECT_EQ(0x100 + i, *u64_at(self->buf, DATA_OFF(2)));
		ASSERT_EQ(0, dma_map(self->container,
				     (char *)self->buf + offs[i],
				     TABLE_IOVA + offs[i], 0x1000));
	}
}

/*
 * Taking a PASID table off a group is a domain attach, which a driver may
 * fail. Unbind then fails and keeps the binding (v1 hit a WARN here); a
 * group that is leaving is blocked instead. Neither splats.
 */
TEST_F(svm, unbind_parent_attach_fails)
{
	struct vfio_iommu_svm_bind b = table_bind();

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	ASSERT_EQ(0, mock_knob(0, "fail_attach", ENOMEM));
	EXPECT_ERRNO(ENOMEM, svm_unbind(self->container,
					VFIO_SVM_BIND_PASID_TABLE, 0));
	ASSERT_EQ(0, mock_knob(0, "fail_attach", 0));
	EXPECT_EQ(TABLE_IOVA, mock_val(0, "table", 0));
	ASSERT_EQ(0, svm_unbind(self->container, VFIO_SVM_BIND_PASID_TABLE, 0));
	EXPECT_EQ(0, mock_val(0, "table", 0));

	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	ASSERT_EQ(0, mock_knob(0, "fail_attach", ENOMEM));
	close(self->group);
	self->group = -1;
	ASSERT_EQ(0, mock_knob(0, "fail_attach", 0));
	EXPECT_EQ(0, mock_val(0, "table", 0));
}

static int read_uint(const char *path)
{
	char buf[32] = {};
	int fd = open(path, O_RDONLY);
	ssize_t len;

	if (fd < 0)
		return -1;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return len > 0 ? atoi(buf) : -1;
}

/*
 * Bind up to the container's limit (ENOSPC after), then invalidate in
 * batches of the largest size against all those bindings: the soft-lockup
 * and hung-task detectors of the test kernel watch this.
 */
TEST_F(svm, binding_limit)
{
	static struct mock_inv inv[4096];
	struct vfio_iommu_svm_bind b;
	long long before;
	int limit, i;
	__u32 done;

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	limit = read_uint("/sys/module/vfio_iommu_type1/parameters/svm_binding_limit");
	if (limit <= 0 || limit > 4096)
		SKIP(return, "binding limit %d", limit);
	for (i = 0; i < limit; i++) {
		b = pgtable_bind(100 + i);
		ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	}
	b = pgtable_bind(100 + limit);
	EXPECT_ERRNO(ENOSPC, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	EXPECT_EQ(-1, mock_val(0, "pgtable 5", 0));

	for (i = 0; i < 4096; i++)
		inv_entry(&inv[i], IOMMU_SVM_INV_CACHE_IOTLB,
			  IOMMU_SVM_INV_GRANU_PASID, 100 + i % limit);
	ASSERT_EQ(0, svm_inv(self->container, inv, 4096, &done));
	EXPECT_EQ(4096, done);
	/* DOMAIN: one driver call per group, not one per binding. */
	for (i = 0; i < 16; i++)
		inv_entry(&inv[i], IOMMU_SVM_INV_CACHE_IOTLB,
			  IOMMU_SVM_INV_GRANU_DOMAIN, 0);
	before = mock_val(0, "inv", 0);
	ASSERT_EQ(0, svm_inv(self->container, inv, 16, &done));
	EXPECT_EQ(16, done);
	EXPECT_EQ(before + 16, mock_val(0, "inv", 0));
	EXPECT_ERRNO(E2BIG, svm_inv(self->container, inv, 4097, &done));

	/* Unbinding one makes room for one. */
	ASSERT_EQ(0, svm_unbind(self->container, VFIO_SVM_BIND_PGTABLE, 100));
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
}

static int send_fd(int sock, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = {};
	char byte = 0;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

static int recv_fd(int sock)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = {};
	char byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm;
	int fd;

	if (recvmsg(sock, &msg, 0) != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&msg);
	if (!cm || cm->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

/*
 * A child binds (its own address space on a plain container, a page table
 * on a nesting one), hands the container fd over with SCM_RIGHTS and exits.
 * The receiver, another mm, attaches a second group and opens its device:
 * nothing binds the dead child's mm there (v1 did, and hit a BUG in
 * mmu_notifier_register()), table bindings do follow the group, and the
 * receiver can unbind and bind for itself.
 */
TEST_F(svm, fd_passed_binder_exits)
{
	int sv[2], status, c, g1, dev1;
	__u32 pasid = 0;
	pid_t pid;

	if (!variant->nested && !process_binds())
		SKIP(return, "no process binds in this kernel (x86)");
	if (mock_group(1) < 0)
		SKIP(return, "needs a second mock device");
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct vfio_iommu_svm_bind b = { .argsz = sizeof(b),
			.flags = VFIO_SVM_BIND_PROCESS };
		int dev;

		if (variant->nested) {
			b = pgtable_bind(30);
		} else {
			dev = ioctl(self->group, VFIO_GROUP_GET_DEVICE_FD,
				    "svm_mock0");
			if (dev < 0)
				_exit(1);
		}
		if (ioctl(self->container, VFIO_IOMMU_BIND, &b))
			_exit(2);
		if (write(sv[1], &b.pasid, sizeof(b.pasid)) != sizeof(b.pasid) ||
		    send_fd(sv[1], self->container))
			_exit(3);
		_exit(0);
	}
	ASSERT_EQ(sizeof(pasid), read(sv[0], &pasid, sizeof(pasid)));
	c = recv_fd(sv[0]);
	ASSERT_LE(0, c);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
	close(self->container);
	self->container = c;

	g1 = group_attach(c, 1);
	ASSERT_LE(0, g1);
	dev1 = ioctl(g1, VFIO_GROUP_GET_DEVICE_FD, "svm_mock1");
	ASSERT_LE(0, dev1);
	if (variant->nested) {
		EXPECT_EQ(PGD_IOVA, mock_val(1, "pgtable 30", 0));
		ASSERT_EQ(0, svm_unbind(c, VFIO_SVM_BIND_PGTABLE, 30));
	} else {
		struct vfio_iommu_svm_bind b = { .argsz = sizeof(b),
			.flags = VFIO_SVM_BIND_PROCESS };

		/*
		 * The child's device closed with it, taking the process
		 * binding along; dev1 got nothing; the receiver binds its own.
		 */
		EXPECT_EQ(-1, mock_val(0, "sva", 0));
		EXPECT_EQ(-1, mock_val(1, "sva", 0));
		EXPECT_ERRNO(ENOENT, svm_unbind(c, VFIO_SVM_BIND_PROCESS, pasid));
		ASSERT_EQ(0, ioctl(c, VFIO_IOMMU_BIND, &b));
		EXPECT_EQ(b.pasid, mock_val(1, "sva", 0));
		ASSERT_EQ(0, svm_unbind(c, VFIO_SVM_BIND_PROCESS, b.pasid));
	}
	close(dev1);
	close(g1);
	close(sv[0]);
	close(sv[1]);
}

/*
 * Arguments larger than a page are refused, even when every byte past the
 * structure is zero (which copy_struct_from_user() alone would accept,
 * after scanning all of it with the container locked, as v1 did).
 */
TEST_F(svm, argsz_page)
{
	static char page2[8192];
	struct vfio_iommu_svm_unbind *u = (void *)page2;
	struct vfio_iommu_svm_invalidate *cmd = (void *)page2;

	memset(page2, 0, sizeof(page2));
	*u = (struct vfio_iommu_svm_unbind){ .argsz = 4097,
		.flags = VFIO_SVM_BIND_PGTABLE, .pasid = 5 };
	EXPECT_ERRNO(E2BIG, ioctl(self->container, VFIO_IOMMU_UNBIND, u));
	u->argsz = sizeof(*u);
	EXPECT_ERRNO(ENOENT, ioctl(self->container, VFIO_IOMMU_UNBIND, u));
	memset(page2, 0, sizeof(page2));
	cmd->argsz = 8192;
	EXPECT_ERRNO(E2BIG, ioctl(self->container, VFIO_IOMMU_SVM_INVALIDATE,
				  cmd));
}

/*
 * A group with a software-managed MSI window cannot take a PASID table:
 * the guest's stage 1 would sit in front of its MSI writes. Discovery
 * leaves the kind out, a bind and a late attach are refused; page tables
 * (at a PASID, not at the RID) still work.
 */
TEST_F(svm, sw_msi_no_pasid_table)
{
	struct vfio_iommu_type1_info_cap_svm *cap;
	struct vfio_iommu_svm_bind b = table_bind();
	char buf[4096], path[PATH_MAX];
	int g1;

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	if (mock_group(1) < 0)
		SKIP(return, "needs a second mock device");
	snprintf(path, sizeof(path), MOCK_DEBUGFS "/svm_mock1.sw_msi");
	ASSERT_EQ(0, sysfs_write(path, "1"));
	g1 = group_attach(self->container, 1);
	ASSERT_EQ(0, sysfs_write(path, "0"));
	ASSERT_LE(0, g1);
	cap = svm_cap(self->container, buf, sizeof(buf));
	ASSERT_TRUE(!!cap);
	EXPECT_EQ(VFIO_SVM_BIND_PGTABLE, cap->bind_kinds);
	EXPECT_ERRNO(EOPNOTSUPP, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	EXPECT_EQ(0, mock_val(0, "table", 0));
	b = pgtable_bind(40);
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	EXPECT_EQ(PGD_IOVA, mock_val(1, "pgtable 40", 0));
	ASSERT_EQ(0, svm_unbind(self->container, VFIO_SVM_BIND_PGTABLE, 40));
	close(g1);

	/* A bound PASID table keeps such a group out. */
	b = table_bind();
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	ASSERT_EQ(0, sysfs_write(path, "1"));
	g1 = group_attach(self->container, 1);
	ASSERT_EQ(0, sysfs_write(path, "0"));
	EXPECT_EQ(-1, g1);
	EXPECT_EQ(0, mock_val(1, "table", 0));
}

/*
 * A malformed entry is reported as such, before any lookup, and after the
 * well-formed entries before it were carried out.
 */
TEST_F(svm, inv_shape_first)
{
	struct vfio_iommu_svm_bind b = pgtable_bind(9);
	struct mock_inv inv[2];
	__u32 done;

	inv_entry(&inv[0], 0, IOMMU_SVM_INV_GRANU_PASID, 77);
	EXPECT_ERRNO(EINVAL, svm_inv(self->container, inv, 1, &done));
	inv_entry(&inv[0], IOMMU_SVM_INV_CACHE_IOTLB, 7, 77);
	EXPECT_ERRNO(EINVAL, svm_inv(self->container, inv, 1, &done));
	EXPECT_EQ(0, done);
	inv_entry(&inv[0], IOMMU_SVM_INV_CACHE_IOTLB, IOMMU_SVM_INV_GRANU_PASID,
		  77);
	EXPECT_ERRNO(ENODEV, svm_inv(self->container, inv, 1, &done));
	if (!variant->nested)
		return;
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	EXPECT_ERRNO(ENOENT, svm_inv(self->container, inv, 1, &done));
	inv_entry(&inv[0], IOMMU_SVM_INV_CACHE_IOTLB, IOMMU_SVM_INV_GRANU_PASID,
		  9);
	inv_entry(&inv[1], IOMMU_SVM_INV_CACHE_IOTLB, IOMMU_SVM_INV_GRANU_PASID,
		  77);
	inv[1].e.flags = IOMMU_SVM_INV_FLAG_LEAF;	/* not for PASID */
	EXPECT_ERRNO(EINVAL, svm_inv(self->container, inv, 2, &done));
	EXPECT_EQ(1, done);
}

/*
 * Groups whose IOMMUs report different things: the container offers what
 * all of them support (the narrowest PASID width, the matrix both have),
 * and no raw registers, since they disagree.
 */
TEST_F(svm, mixed_capabilities)
{
	struct vfio_iommu_type1_info_cap_svm *cap;
	struct vfio_iommu_svm_bind b;
	struct mock_inv inv;
	char buf[4096];
	int g1;

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	if (mock_group(1) < 0)
		SKIP(return, "needs a second mock device");
	ASSERT_EQ(0, mock_knob(1, "pasid_bits", 10));
	ASSERT_EQ(0, mock_knob(1, "inv_mask", 1 << 2));	/* IOTLB x ADDR */
	g1 = group_attach(self->container, 1);
	ASSERT_EQ(0, mock_knob(1, "pasid_bits", 20));
	ASSERT_EQ(0, mock_knob(1, "inv_mask", 0));
	ASSERT_LE(0, g1);
	cap = svm_cap(self->container, buf, sizeof(buf));
	ASSERT_TRUE(!!cap);
	EXPECT_EQ(10, cap->pasid_bits);
	EXPECT_EQ(8ULL << 10, cap->max_table_size);
	EXPECT_EQ(3, cap->inv_granu[0]);
	EXPECT_EQ(0, cap->hw_info_len);
	EXPECT_EQ(0, cap->hw_info[0]);
	b = pgtable_bind(1 << 10);
	EXPECT_ERRNO(ERANGE, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	b = pgtable_bind((1 << 10) - 1);
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	EXPECT_EQ(PGD_IOVA, mock_val(1, "pgtable 1023", 0));
	inv_entry(&inv, IOMMU_SVM_INV_CACHE_IOTLB, IOMMU_SVM_INV_GRANU_ADDR,
		  1023);
	EXPECT_ERRNO(EOPNOTSUPP, svm_inv(self->container, &inv, 1, NULL));
	close(g1);
}

/*
 * A group whose IOMMU gives no nest parent (only the older enable_nesting)
 * joins a nesting container that has nothing bound, which then cannot
 * nest; with something bound it is refused with ENXIO.
 */
TEST_F(svm, late_attach_enxio)
{
	struct vfio_iommu_type1_info_cap_svm *cap;
	struct vfio_iommu_svm_bind b = pgtable_bind(30);
	char buf[4096];
	int g1, err;

	if (!variant->nested)
		SKIP(return, "needs a nesting container");
	if (mock_group(1) < 0)
		SKIP(return, "needs a second mock device");
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	ASSERT_EQ(0, mock_knob(1, "no_nest", 1));
	g1 = group_attach(self->container, 1);
	err = errno;
	EXPECT_EQ(-1, g1);
	EXPECT_EQ(ENXIO, err);
	EXPECT_EQ(-1, mock_val(1, "pgtable 30", 0));
	ASSERT_EQ(0, svm_unbind(self->container, VFIO_SVM_BIND_PGTABLE, 30));
	g1 = group_attach(self->container, 1);
	ASSERT_EQ(0, mock_knob(1, "no_nest", 0));
	ASSERT_LE(0, g1);
	cap = svm_cap(self->container, buf, sizeof(buf));
	ASSERT_TRUE(!!cap);
	EXPECT_EQ(0, cap->flags & VFIO_IOMMU_SVM_CAP_NESTED);
	EXPECT_EQ(0, cap->bind_kinds);
	EXPECT_EQ(0, ioctl(self->container, VFIO_CHECK_EXTENSION,
			   VFIO_IOMMU_SVM));
	EXPECT_ERRNO(ENXIO, ioctl(self->container, VFIO_IOMMU_BIND, &b));
	close(g1);
}

TEST_HARNESS_MAIN

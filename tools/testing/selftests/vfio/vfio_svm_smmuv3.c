// SPDX-License-Identifier: GPL-2.0-only
/*
 * End-to-end test of VFIO SVM on an SMMUv3: QEMU's "edu" PCI device, bound
 * to vfio-pci in a VFIO_TYPE1_NESTING_IOMMU container, does DMA through a
 * Context Descriptor table and stage-1 page tables this test builds in its
 * own memory, as a guest would, nested over the container's stage 2.
 *
 * VFIO_SVM_SMMUV3=nest: the SMMU nests here (ACPI boot, CANWBS root
 * complex); every step must work. VFIO_SVM_SMMUV3=refuse: it must not
 * (device-tree boot, or no CANWBS): no PASID-table bind is offered, BIND
 * fails with EOPNOTSUPP, and the container's stage 2 still works.
 *
 * Address plan (edu masks DMA addresses to 28 bits, so all below 256 MiB;
 * 0x8000000 + 1 MiB is the SMMUv3 software MSI window):
 *   stage 2 (IOVA = IPA): tables at TBL_IPA (CD, L1, L2, L3 pages),
 *                         data pages A, B and P at DATA_IPA
 *   stage 1 (VA -> IPA):  V -> A (or B), P_VA -> P, and the MSI window
 *                         identity-mapped by a 2 MiB block
 */
#include <poll.h>
#include <sys/eventfd.h>
#include <linux/pci_regs.h>

#include "vfio_svm_utils.h"

#ifndef BIT_ULL
#define BIT_ULL(n)		(1ULL << (n))
#endif

#define EDU_VENDOR		"0x1234"
#define EDU_DEVICE		"0x11e8"
#define EDU_IRQ_RAISE		0x60
#define EDU_IRQ_ACK		0x64
#define EDU_DMA_SRC		0x80
#define EDU_DMA_DST		0x88
#define EDU_DMA_CNT		0x90
#define EDU_DMA_CMD		0x98
#define EDU_DMA_RUN		0x1
#define EDU_DMA_TO_RAM		0x2
#define EDU_BUF			0x40000	/* edu's own 4 KiB buffer */

#define PG			0x1000ULL
#define TBL_IPA			0x100000ULL
#define CD_IPA			(TBL_IPA + 0 * PG)
#define L1_IPA			(TBL_IPA + 1 * PG)
#define L2_IPA			(TBL_IPA + 2 * PG)
#define L3_IPA			(TBL_IPA + 3 * PG)
#define TBL_SIZE		(4 * PG)
#define DATA_IPA		0x200000ULL
#define A_IPA			(DATA_IPA + 0 * PG)
#define B_IPA			(DATA_IPA + 1 * PG)
#define P_IPA			(DATA_IPA + 2 * PG)
#define DATA_SIZE		(4 * PG)
#define V			0x400000ULL	/* stage-1 VA, not an IPA */
#define P_VA			(V + PG)
#define MSI_WINDOW		0x8000000ULL
#define ASID			1
#define XFER			64

/* Context descriptor (SMMUv3 5.4) and VMSAv8-64 stage-1 descriptors */
#define CD0_T0SZ(x)		((__u64)(x) << 0)
#define CD0_IRGN0_WBWA		BIT_ULL(8)
#define CD0_ORGN0_WBWA		BIT_ULL(10)
#define CD0_SH0_ISH		(3ULL << 12)
#define CD0_EPD1		BIT_ULL(30)
#define CD0_V			BIT_ULL(31)
#define CD0_IPS_40		(2ULL << 32)
#define CD0_AA64		BIT_ULL(41)
#define CD0_R			BIT_ULL(45)
#define CD0_A			BIT_ULL(46)
#define CD0_ASET		BIT_ULL(47)
#define CD0_ASID(x)		((__u64)(x) << 48)
#define MAIR_NORMAL_WB		0xffULL		/* AttrIndx 0 */
#define MAIR_DEVICE_NGNRE	(0x04ULL << 8)	/* AttrIndx 1 */
#define PTE_TABLE		3ULL
#define PTE_PAGE		3ULL
#define PTE_BLOCK		1ULL
#define PTE_ATTR(i)		((__u64)(i) << 2)
#define PTE_AP_RW_ALL		BIT_ULL(6)
#define PTE_SH_ISH		(3ULL << 8)
#define PTE_AF			BIT_ULL(10)
#define PTE_NG			BIT_ULL(11)
#define PTE_LEAF(ipa, attr)	((ipa) | PTE_ATTR(attr) | PTE_AP_RW_ALL | \
				 PTE_SH_ISH | PTE_AF | PTE_NG)

struct smmuv3_inv {
	struct iommu_svm_inv_entry e;
	struct iommu_svm_smmuv3_inv v;
};

static_assert(sizeof(struct iommu_svm_smmuv3_pasid_table) == 16,
	      "SMMUv3 table vendor block layout");
static_assert(sizeof(struct iommu_svm_smmuv3_inv) == 8,
	      "SMMUv3 invalidation vendor part layout");

static bool expect_nest(void)
{
	const char *m = getenv("VFIO_SVM_SMMUV3");

	return !m || strcmp(m, "refuse");
}

static bool sysfs_is(const char *bdf, const char *attr, const char *val)
{
	char path[PATH_MAX], buf[32] = {};
	int fd, n;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/%s", bdf, attr);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 && !strncmp(buf, val, strlen(val)) &&
	       (buf[strlen(val)] == '\n' || !buf[strlen(val)]);
}

static void sysfs_write(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);

	/* Failures (already bound, say) show up as a missing group */
	if (fd >= 0) {
		if (write(fd, val, strlen(val)) < 0)
			errno = 0;
		close(fd);
	}
}

/*
 * Find edu, bind it to vfio-pci and return its IOMMU group number, with
 * its PCI address in @bdf; -1 if there is none. A PCI device gets its
 * IOMMU fwspec, and so its group, only when a driver binds to it.
 */
static int edu_find(char *bdf, size_t len)
{
	char path[PATH_MAX], link[PATH_MAX] = {};
	int n;

	for (n = 0; n < 32; n++) {
		snprintf(bdf, len, "0000:00:%02x.0", n);
		if (!sysfs_is(bdf, "vendor", EDU_VENDOR) ||
		    !sysfs_is(bdf, "device", EDU_DEVICE))
			continue;
		snprintf(path, sizeof(path),
			 "/sys/bus/pci/devices/%s/driver_override", bdf);
		sysfs_write(path, "vfio-pci");
		sysfs_write("/sys/bus/pci/drivers_probe", bdf);
		snprintf(path, sizeof(path),
			 "/sys/bus/pci/devices/%s/iommu_group", bdf);
		if (readlink(path, link, sizeof(link) - 1) < 0)
			return -1;
		return atoi(strrchr(link, '/') + 1);
	}
	return -1;
}

FIXTURE(smmuv3) {
	int container, group, device;
	__u64 bar;	/* BAR0's offset in the device fd */
	__u64 *tbl;
	__u8 *data;
	int irq;
};

FIXTURE_SETUP(smmuv3)
{
	struct vfio_region_info reg = { .argsz = sizeof(reg) };
	char path[64], bdf[32];
	__u16 cmd;
	int g, i;

	self->device = -1;
	self->group = -1;
	self->container = -1;
	self->irq = -1;
	g = edu_find(bdf, sizeof(bdf));
	/* Told what to expect, the test needs edu; run bare, it skips */
	if (g < 0 && !getenv("VFIO_SVM_SMMUV3"))
		SKIP(return, "no edu device with an IOMMU group");
	ASSERT_LE(0, g);

	self->container = open("/dev/vfio/vfio", O_RDWR);
	ASSERT_LE(0, self->container);
	snprintf(path, sizeof(path), "/dev/vfio/%d", g);
	self->group = open(path, O_RDWR);
	ASSERT_LE(0, self->group);
	ASSERT_EQ(0, ioctl(self->group, VFIO_GROUP_SET_CONTAINER,
			   &self->container));
	ASSERT_EQ(0, ioctl(self->container, VFIO_SET_IOMMU,
			   VFIO_TYPE1_NESTING_IOMMU));
	self->device = ioctl(self->group, VFIO_GROUP_GET_DEVICE_FD, bdf);
	ASSERT_LE(0, self->device);

	reg.index = VFIO_PCI_BAR0_REGION_INDEX;
	ASSERT_EQ(0, ioctl(self->device, VFIO_DEVICE_GET_REGION_INFO, &reg));
	self->bar = reg.offset;

	/* Memory space and bus mastering */
	reg.index = VFIO_PCI_CONFIG_REGION_INDEX;
	ASSERT_EQ(0, ioctl(self->device, VFIO_DEVICE_GET_REGION_INFO, &reg));
	ASSERT_EQ(2, pread(self->device, &cmd, 2, reg.offset + PCI_COMMAND));
	cmd |= PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	ASSERT_EQ(2, pwrite(self->device, &cmd, 2, reg.offset + PCI_COMMAND));

	self->tbl = mmap(NULL, TBL_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	self->data = mmap(NULL, DATA_SIZE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->tbl);
	ASSERT_NE(MAP_FAILED, self->data);
	memset(self->tbl, 0, TBL_SIZE);
	memset(self->data, 0, DATA_SIZE);
	ASSERT_EQ(0, dma_map(self->container, self->tbl, TBL_IPA, TBL_SIZE));
	/* Page by page, so that a test can unmap one */
	for (i = 0; i < DATA_SIZE; i += PG)
		ASSERT_EQ(0, dma_map(self->container, self->data + i,
				     DATA_IPA + i, PG));
}

FIXTURE_TEARDOWN(smmuv3)
{
	if (self->irq >= 0)
		close(self->irq);
	if (self->device >= 0)
		close(self->device);
	if (self->group >= 0)
		close(self->group);
	if (self->container >= 0)
		close(self->container);
	if (self->tbl && self->tbl != MAP_FAILED)
		munmap(self->tbl, TBL_SIZE);
	if (self->data && self->data != MAP_FAILED)
		munmap(self->data, DATA_SIZE);
}

/* edu registers through the vfio-pci region: 4 or 8 bytes, aligned */
static bool edu_write(FIXTURE_DATA(smmuv3) * self, unsigned int reg,
		      __u64 val, size_t size)
{
	__u32 v32 = val;

	return pwrite(self->device, size == 8 ? (void *)&val : (void *)&v32,
		      size, self->bar + reg) == (ssize_t)size;
}

static __u32 edu_read32(FIXTURE_DATA(smmuv3) * self, unsigned int reg)
{
	__u32 v = ~0U;

	if (pread(self->device, &v, 4, self->bar + reg) != 4)
		return ~0U;
	return v;
}

/* One edu DMA of XFER bytes; false if edu did not finish in time. */
static bool edu_dma(FIXTURE_DATA(smmuv3) * self, __u64 src, __u64 dst,
		    __u64 cmd)
{
	int i;

	if (!edu_write(self, EDU_DMA_SRC, src, 8) ||
	    !edu_write(self, EDU_DMA_DST, dst, 8) ||
	    !edu_write(self, EDU_DMA_CNT, XFER, 8) ||
	    !edu_write(self, EDU_DMA_CMD, EDU_DMA_RUN | cmd, 8))
		return false;
	for (i = 0; i < 1000; i++) {
		if (!(edu_read32(self, EDU_DMA_CMD) & EDU_DMA_RUN))
			return true;
		usleep(10000);
	}
	return false;
}

static __u8 *page(FIXTURE_DATA(smmuv3) * self, __u64 ipa)
{
	return self->data + (ipa - DATA_IPA);
}

/*
 * Put @pattern in P, have edu read P at @src_iova into its buffer and
 * write its buffer at @dst_iova; A and B start as 0xaa and 0xbb.
 */
static bool dma_pattern(FIXTURE_DATA(smmuv3) * self, __u64 src_iova,
			__u64 dst_iova, __u8 pattern)
{
	memset(page(self, A_IPA), 0xaa, PG);
	memset(page(self, B_IPA), 0xbb, PG);
	memset(page(self, P_IPA), pattern, PG);
	return edu_dma(self, src_iova, EDU_BUF, 0) &&
	       edu_dma(self, EDU_BUF, dst_iova, EDU_DMA_TO_RAM);
}

static bool filled(const __u8 *p, __u8 val)
{
	int i;

	for (i = 0; i < XFER; i++)
		if (p[i] != val)
			return false;
	return true;
}

static void set_v(FIXTURE_DATA(smmuv3) * self, __u64 ipa)
{
	__u64 *l3 = self->tbl + (L3_IPA - TBL_IPA) / 8;

	l3[(V >> 12) & 511] = PTE_LEAF(ipa, 0) | PTE_PAGE;
}

/* A CD for ASID 1 and a 3-level 4 KiB stage 1 (39-bit VA), all IPAs */
static void build_stage1(FIXTURE_DATA(smmuv3) * self)
{
	__u64 *cd = self->tbl, *l1 = self->tbl + 512, *l2 = self->tbl + 1024;
	__u64 *l3 = self->tbl + 1536;

	cd[0] = CD0_T0SZ(64 - 39) | CD0_IRGN0_WBWA | CD0_ORGN0_WBWA |
		CD0_SH0_ISH | CD0_EPD1 | CD0_V | CD0_IPS_40 | CD0_AA64 |
		CD0_R | CD0_A | CD0_ASET | CD0_ASID(ASID);
	cd[1] = L1_IPA;
	cd[3] = MAIR_NORMAL_WB | MAIR_DEVICE_NGNRE;
	l1[0] = L2_IPA | PTE_TABLE;
	l2[(V >> 21) & 511] = L3_IPA | PTE_TABLE;
	/* The MSI doorbell stays reachable: identity, device memory */
	l2[(MSI_WINDOW >> 21) & 511] = PTE_LEAF(MSI_WINDOW, 1) | PTE_BLOCK;
	set_v(self, A_IPA);
	l3[(P_VA >> 12) & 511] = PTE_LEAF(P_IPA, 0) | PTE_PAGE;
}

static struct iommu_svm_smmuv3_pasid_table vb_linear(void)
{
	return (struct iommu_svm_smmuv3_pasid_table){
		.s1fmt = 0, .s1cdmax = 0, .s1dss = 0,
		.s1cir = 1, .s1cor = 1, .s1csh = 3,
	};
}

static int bind_cd_table(int container,
			 const struct iommu_svm_smmuv3_pasid_table *vb)
{
	struct vfio_iommu_svm_bind b = {
		.argsz = sizeof(b),
		.flags = VFIO_SVM_BIND_PASID_TABLE,
		.format = IOMMU_SVM_MODEL_ARM_SMMUV3,
		.variant = 1,
		.vendor_len = sizeof(*vb),
		.addr = CD_IPA,
		.size = 64,
		.vendor_uptr = (__u64)(unsigned long)vb,
	};

	return ioctl(container, VFIO_IOMMU_BIND, &b);
}

static int inv(int container, __u32 caches, __u32 granu, __u64 addr,
	       __u32 asid_flag, __u16 asid)
{
	struct smmuv3_inv e = {
		.e = { .caches = caches, .granu = granu,
		       .addr = addr, .size = addr ? PG : 0 },
		.v = { .flags = asid_flag, .asid = asid },
	};
	struct vfio_iommu_svm_invalidate req = {
		.argsz = sizeof(req),
		.entry_len = sizeof(e),
		.vendor_len = sizeof(e.v),
		.entry_num = 1,
		.entries_uptr = (__u64)(unsigned long)&e,
	};

	return ioctl(container, VFIO_IOMMU_SVM_INVALIDATE, &req);
}

/* Before any bind: the nest parent is an ordinary stage 2 */
TEST_F(smmuv3, s2_dma)
{
	ASSERT_TRUE(dma_pattern(self, P_IPA, B_IPA, 0x5a));
	ASSERT_TRUE(filled(page(self, B_IPA), 0x5a));
	ASSERT_TRUE(filled(page(self, A_IPA), 0xaa));
}

TEST_F(smmuv3, discovery)
{
	struct vfio_iommu_type1_info_cap_svm *cap;
	char buf[4096];

	cap = svm_cap(self->container, buf, sizeof(buf));
	if (!expect_nest()) {
		/* Not offered, and the bind is refused */
		struct iommu_svm_smmuv3_pasid_table vb = vb_linear();

		ASSERT_TRUE(!cap || !(cap->bind_kinds &
				      VFIO_SVM_BIND_PASID_TABLE));
		EXPECT_ERRNO(EOPNOTSUPP, bind_cd_table(self->container, &vb));
		return;
	}
	ASSERT_NE(NULL, cap);
	EXPECT_EQ(IOMMU_SVM_MODEL_ARM_SMMUV3, cap->model);
	EXPECT_LE(1, cap->variant);
	EXPECT_EQ(VFIO_IOMMU_SVM_CAP_NESTED | VFIO_IOMMU_SVM_CAP_SW_MSI,
		  cap->flags);
	/* QEMU: no SSIDs on edu, no PRI or SVA, no page-table binds */
	EXPECT_EQ(VFIO_SVM_BIND_PASID_TABLE, cap->bind_kinds);
	EXPECT_EQ(0, cap->pasid_bits);
	EXPECT_EQ(64, cap->max_table_size);
	EXPECT_EQ(7, cap->inv_granu[0]);	/* IOTLB: DOMAIN|PASID|ADDR */
	EXPECT_EQ(0, cap->inv_granu[1]);	/* no DEV_IOTLB: no ATS */
	EXPECT_EQ(3, cap->inv_granu[2]);	/* CD cache: DOMAIN|PASID */
	EXPECT_EQ(sizeof(struct iommu_svm_smmuv3_inv), cap->inv_vendor_len);
	EXPECT_EQ(64, cap->hw_info_len);
	/* IDR0: both stages */
	EXPECT_EQ(3, cap->hw_info[0] & 3);
	ksft_print_msg("SMMUv3 variant %u IDR0 %#llx IDR1 %#llx IDR5 %#llx AIDR %#llx\n",
		       cap->variant, (unsigned long long)cap->hw_info[0],
		       (unsigned long long)cap->hw_info[1],
		       (unsigned long long)cap->hw_info[5],
		       (unsigned long long)cap->hw_info[7]);
}

TEST_F(smmuv3, vendor_block_rejected)
{
	struct iommu_svm_smmuv3_pasid_table vb;

	if (!expect_nest())
		SKIP(return, "the SMMU must refuse nesting here");
	vb = vb_linear();
	vb.flags = 1;
	EXPECT_ERRNO(EINVAL, bind_cd_table(self->container, &vb));
	vb = vb_linear();
	vb.__reserved[5] = 1;
	EXPECT_ERRNO(EINVAL, bind_cd_table(self->container, &vb));
	vb = vb_linear();
	vb.s1fmt = 1;	/* two-level: QEMU has no CD2L */
	EXPECT_ERRNO(EOPNOTSUPP, bind_cd_table(self->container, &vb));
	vb = vb_linear();
	vb.s1fmt = 3;
	EXPECT_ERRNO(EINVAL, bind_cd_table(self->container, &vb));
	vb = vb_linear();
	vb.s1cdmax = 1;	/* edu has no SSIDs */
	EXPECT_ERRNO(ERANGE, bind_cd_table(self->container, &vb));
	vb = vb_linear();
	vb.s1dss = 3;
	EXPECT_ERRNO(EINVAL, bind_cd_table(self->container, &vb));
	vb = vb_linear();
	vb.s1csh = 1;
	EXPECT_ERRNO(EINVAL, bind_cd_table(self->container, &vb));
	vb = vb_linear();
	ASSERT_EQ(0, bind_cd_table(self->container, &vb));
}

/* Steps 1-4: the bytes land where stage 1 + stage 2 say */
TEST_F(smmuv3, bind_dma)
{
	struct iommu_svm_smmuv3_pasid_table vb = vb_linear();

	if (!expect_nest())
		SKIP(return, "the SMMU must refuse nesting here");
	build_stage1(self);
	ASSERT_EQ(0, bind_cd_table(self->container, &vb));
	ASSERT_TRUE(dma_pattern(self, P_VA, V, 0x11));
	EXPECT_TRUE(filled(page(self, A_IPA), 0x11));
	EXPECT_TRUE(filled(page(self, B_IPA), 0xbb));
	/* The stage-1 VA is no IPA: S2-only addresses no longer reach */
	ASSERT_TRUE(dma_pattern(self, P_VA, B_IPA, 0x12));
	EXPECT_TRUE(filled(page(self, B_IPA), 0xbb));
}

/* Step 5: a changed stage 1 is stale until VFIO_IOMMU_SVM_INVALIDATE */
TEST_F(smmuv3, stale_until_invalidate)
{
	struct iommu_svm_smmuv3_pasid_table vb = vb_linear();

	if (!expect_nest())
		SKIP(return, "the SMMU must refuse nesting here");
	build_stage1(self);
	ASSERT_EQ(0, bind_cd_table(self->container, &vb));
	ASSERT_TRUE(dma_pattern(self, P_VA, V, 0x21));
	ASSERT_TRUE(filled(page(self, A_IPA), 0x21));

	set_v(self, B_IPA);
	ASSERT_TRUE(dma_pattern(self, P_VA, V, 0x22));
	if (filled(page(self, B_IPA), 0x22))
		SKIP(return, "the SMMU did not cache the stage-1 entry");
	EXPECT_TRUE(filled(page(self, A_IPA), 0x22));
	ksft_print_msg("stale: V still reaches A after the PTE moved to B\n");

	/* The ASID must come with an IOTLB address invalidation */
	EXPECT_ERRNO(EINVAL, inv(self->container, IOMMU_SVM_INV_CACHE_IOTLB,
				 IOMMU_SVM_INV_GRANU_ADDR, V, 0, 0));
	EXPECT_ERRNO(EOPNOTSUPP,
		     inv(self->container, IOMMU_SVM_INV_CACHE_DEV_IOTLB,
			 IOMMU_SVM_INV_GRANU_ADDR, V,
			 IOMMU_SVM_SMMUV3_INV_ASID, ASID));
	ASSERT_EQ(0, inv(self->container, IOMMU_SVM_INV_CACHE_IOTLB,
			 IOMMU_SVM_INV_GRANU_ADDR, V,
			 IOMMU_SVM_SMMUV3_INV_ASID, ASID));
	ASSERT_TRUE(dma_pattern(self, P_VA, V, 0x23));
	EXPECT_TRUE(filled(page(self, B_IPA), 0x23));
	EXPECT_TRUE(filled(page(self, A_IPA), 0xaa));

	/* Back to A, dropped by ASID this time, with the CD cache too */
	set_v(self, A_IPA);
	ASSERT_EQ(0, inv(self->container, IOMMU_SVM_INV_CACHE_IOTLB |
			 IOMMU_SVM_INV_CACHE_PASID, IOMMU_SVM_INV_GRANU_PASID, 0,
			 IOMMU_SVM_SMMUV3_INV_ASID, ASID));
	ASSERT_TRUE(dma_pattern(self, P_VA, V, 0x24));
	EXPECT_TRUE(filled(page(self, A_IPA), 0x24));
}

/* Several entries in one call: queued together, waited for once */
TEST_F(smmuv3, batch_invalidate)
{
	struct iommu_svm_smmuv3_pasid_table vb = vb_linear();
	struct smmuv3_inv e[3] = {
		{ .e = { .caches = IOMMU_SVM_INV_CACHE_PASID,
			 .granu = IOMMU_SVM_INV_GRANU_PASID } },
		{ .e = { .caches = IOMMU_SVM_INV_CACHE_IOTLB,
			 .granu = IOMMU_SVM_INV_GRANU_ADDR,
			 .addr = P_VA, .size = PG },
		  .v = { .flags = IOMMU_SVM_SMMUV3_INV_ASID, .asid = ASID } },
		{ .e = { .caches = IOMMU_SVM_INV_CACHE_IOTLB,
			 .granu = IOMMU_SVM_INV_GRANU_ADDR,
			 .addr = V, .size = PG },
		  .v = { .flags = IOMMU_SVM_SMMUV3_INV_ASID, .asid = ASID } },
	};
	struct vfio_iommu_svm_invalidate req = {
		.argsz = sizeof(req),
		.entry_len = sizeof(e[0]),
		.vendor_len = sizeof(e[0].v),
		.entry_num = 3,
		.entries_uptr = (__u64)(unsigned long)e,
	};

	if (!expect_nest())
		SKIP(return, "the SMMU must refuse nesting here");
	build_stage1(self);
	ASSERT_EQ(0, bind_cd_table(self->container, &vb));
	ASSERT_TRUE(dma_pattern(self, P_VA, V, 0x91));
	ASSERT_TRUE(filled(page(self, A_IPA), 0x91));
	set_v(self, B_IPA);
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_SVM_INVALIDATE, &req));
	EXPECT_EQ(3, req.entry_num);
	ASSERT_TRUE(dma_pattern(self, P_VA, V, 0x92));
	EXPECT_TRUE(filled(page(self, B_IPA), 0x92));
	EXPECT_TRUE(filled(page(self, A_IPA), 0xaa));

	/* A bad third entry: the first two are done and counted */
	set_v(self, A_IPA);
	e[2].v.asid = 0;
	e[2].v.flags = 0;
	req.entry_num = 3;
	EXPECT_ERRNO(EINVAL, ioctl(self->container, VFIO_IOMMU_SVM_INVALIDATE,
				   &req));
	EXPECT_EQ(2, req.entry_num);
}

/* A new CD takes effect after a CD-cache invalidation */
TEST_F(smmuv3, cd_cache_invalidate)
{
	struct iommu_svm_smmuv3_pasid_table vb = vb_linear();

	if (!expect_nest())
		SKIP(return, "the SMMU must refuse nesting here");
	build_stage1(self);
	ASSERT_EQ(0, bind_cd_table(self->container, &vb));
	ASSERT_TRUE(dma_pattern(self, P_VA, V, 0x31));
	ASSERT_TRUE(filled(page(self, A_IPA), 0x31));
	/* Invalidate the CD and the whole VMID: the DMA now faults */
	self->tbl[0] &= ~CD0_V;
	ASSERT_EQ(0, inv(self->container, IOMMU_SVM_INV_CACHE_PASID,
			 IOMMU_SVM_INV_GRANU_PASID, 0, 0, 0));
	ASSERT_EQ(0, inv(self->container, IOMMU_SVM_INV_CACHE_IOTLB,
			 IOMMU_SVM_INV_GRANU_DOMAIN, 0, 0, 0));
	ASSERT_TRUE(dma_pattern(self, P_VA, V, 0x32));
	EXPECT_TRUE(filled(page(self, A_IPA), 0xaa));
	/*
	 * Back: QEMU does not keep a CD that failed to decode, so this half
	 * passes even without the CD-cache invalidation; the first half is
	 * the one that fails if CFGI_CD is not sent.
	 */
	self->tbl[0] |= CD0_V;
	ASSERT_EQ(0, inv(self->container, IOMMU_SVM_INV_CACHE_PASID,
			 IOMMU_SVM_INV_GRANU_DOMAIN, 0, 0, 0));
	ASSERT_TRUE(dma_pattern(self, P_VA, V, 0x33));
	EXPECT_TRUE(filled(page(self, A_IPA), 0x33));
}

/* Unmapping stage 2 under a live stage 1 drops the nested entries (F5) */
TEST_F(smmuv3, unmap_under_binding)
{
	struct iommu_svm_smmuv3_pasid_table vb = vb_linear();
	struct vfio_iommu_type1_dma_unmap unmap = {
		.argsz = sizeof(unmap), .iova = A_IPA, .size = PG,
	};

	if (!expect_nest())
		SKIP(return, "the SMMU must refuse nesting here");
	build_stage1(self);
	ASSERT_EQ(0, bind_cd_table(self->container, &vb));
	ASSERT_TRUE(dma_pattern(self, P_VA, V, 0x41));
	ASSERT_TRUE(filled(page(self, A_IPA), 0x41));

	/* Unmap A from stage 2; stage 1 still points V at it */
	ASSERT_EQ(0, ioctl(self->container, VFIO_IOMMU_UNMAP_DMA, &unmap));
	ASSERT_TRUE(dma_pattern(self, P_VA, V, 0x42));
	EXPECT_TRUE(filled(page(self, A_IPA), 0xaa));
}

/* edu's MSI to an eventfd, through VFIO_DEVICE_SET_IRQS */
static int msi_setup(FIXTURE_DATA(smmuv3) * self)
{
	char irqbuf[sizeof(struct vfio_irq_set) + sizeof(int)];
	struct vfio_irq_set *set = (void *)irqbuf;

	self->irq = eventfd(0, EFD_NONBLOCK);
	if (self->irq < 0)
		return -1;
	set->argsz = sizeof(irqbuf);
	set->flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	set->index = VFIO_PCI_MSI_IRQ_INDEX;
	set->start = 0;
	set->count = 1;
	memcpy(set->data, &self->irq, sizeof(int));
	return ioctl(self->device, VFIO_DEVICE_SET_IRQS, set);
}

/* Raise edu's interrupt; true if the MSI reached the eventfd */
static bool msi_fires(FIXTURE_DATA(smmuv3) * self)
{
	struct pollfd pfd = { .fd = self->irq, .events = POLLIN };
	__u64 cnt = 0;
	bool ok;

	if (!edu_write(self, EDU_IRQ_RAISE, 1, 4))
		return false;
	ok = poll(&pfd, 1, 5000) == 1 &&
	     read(self->irq, &cnt, sizeof(cnt)) == sizeof(cnt) && cnt >= 1;
	edu_write(self, EDU_IRQ_ACK, 1, 4);
	return ok;
}

/*
 * Step 7: MSIs keep working under the bind (F7), set up before it (the
 * address was mapped in stage 2 then) or after it (mapped through the
 * nested domain's parent).
 */
TEST_F(smmuv3, msi_before_bind)
{
	struct iommu_svm_smmuv3_pasid_table vb = vb_linear();

	if (!expect_nest())
		SKIP(return, "the SMMU must refuse nesting here");
	ASSERT_EQ(0, msi_setup(self));
	ASSERT_TRUE(msi_fires(self));
	build_stage1(self);
	ASSERT_EQ(0, bind_cd_table(self->container, &vb));
	ASSERT_TRUE(msi_fires(self));
}

TEST_F(smmuv3, msi_after_bind)
{
	struct iommu_svm_smmuv3_pasid_table vb = vb_linear();

	if (!expect_nest())
		SKIP(return, "the SMMU must refuse nesting here");
	build_stage1(self);
	ASSERT_EQ(0, bind_cd_table(self->container, &vb));
	ASSERT_EQ(0, msi_setup(self));
	ASSERT_TRUE(msi_fires(self));
	/* DMA still works alongside */
	ASSERT_TRUE(dma_pattern(self, P_VA, V, 0x51));
	EXPECT_TRUE(filled(page(self, A_IPA), 0x51));
}

/* Step 6: unbind returns to stage 2 only; the container still maps */
TEST_F(smmuv3, unbind_then_s2)
{
	struct iommu_svm_smmuv3_pasid_table vb = vb_linear();
	__u8 *vbuf;

	if (!expect_nest())
		SKIP(return, "the SMMU must refuse nesting here");
	build_stage1(self);
	ASSERT_EQ(0, bind_cd_table(self->container, &vb));
	ASSERT_TRUE(dma_pattern(self, P_VA, V, 0x61));
	ASSERT_TRUE(filled(page(self, A_IPA), 0x61));
	ASSERT_EQ(0, svm_unbind(self->container, VFIO_SVM_BIND_PASID_TABLE,
				0));

	/* V is not an IPA of the container: the DMA misses */
	ASSERT_TRUE(dma_pattern(self, P_IPA, V, 0x62));
	EXPECT_TRUE(filled(page(self, A_IPA), 0xaa));

	vbuf = mmap(NULL, PG, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, vbuf);
	memset(vbuf, 0, PG);
	ASSERT_EQ(0, dma_map(self->container, vbuf, V, PG));
	ASSERT_TRUE(dma_pattern(self, P_IPA, V, 0x63));
	EXPECT_TRUE(filled(vbuf, 0x63));
	munmap(vbuf, PG);
}

/* Closing the container with the binding live; the next test reuses edu */
TEST_F(smmuv3, close_while_bound)
{
	struct iommu_svm_smmuv3_pasid_table vb = vb_linear();

	if (!expect_nest())
		SKIP(return, "the SMMU must refuse nesting here");
	build_stage1(self);
	ASSERT_EQ(0, bind_cd_table(self->container, &vb));
	ASSERT_TRUE(dma_pattern(self, P_VA, V, 0x71));
	ASSERT_TRUE(filled(page(self, A_IPA), 0x71));
}

TEST_F(smmuv3, after_close_s2_dma)
{
	ASSERT_TRUE(dma_pattern(self, P_IPA, B_IPA, 0x81));
	EXPECT_TRUE(filled(page(self, B_IPA), 0x81));
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0-only
/*
 * End-to-end test of VFIO SVM on an Intel VT-d that cannot nest: QEMU's
 * "edu" PCI device behind QEMU's scalable-mode VT-d (ECAP.NEST = 0),
 * bound to vfio-pci.
 *
 * It proves that discovery tells the truth and that nothing pretends to
 * nest:
 *  - the SVM capability of a VFIO_TYPE1v2_IOMMU container names the VT-d
 *    model, the unit's version and its raw CAP and ECAP registers, exactly
 *    as the unit's sysfs directory shows them, and offers nothing to bind;
 *  - a VFIO_TYPE1_NESTING_IOMMU container is refused (EOPNOTSUPP), and the
 *    same container then accepts VFIO_TYPE1v2_IOMMU;
 *  - page-table, PASID-table and process binds, and invalidations, are
 *    refused with the errnos of Documentation/userspace-api/vfio-svm.rst;
 *  - plain stage-2 DMA through the IOMMU still works, and stops at
 *    VFIO_IOMMU_UNMAP_DMA.
 *
 * VFIO_SVM_VTD=refuse: edu must be there, behind a VT-d unit; without the
 * variable, a missing edu (or an edu behind another IOMMU) skips. On a
 * unit with ECAP.NEST set, what only holds without NEST is skipped.
 */
#include "vfio_svm_edu.h"

#define ECAP_NEST		BIT_ULL(26)
#define PGD_ADDR		L1_IPA	/* a 4 KiB aligned, mapped IOVA */

static_assert(sizeof(struct iommu_svm_vtd_pgtable) == 16,
	      "VT-d page-table vendor block layout");

/* The VT-d unit in front of edu, as its sysfs directory describes it */
struct vtd_unit {
	char bdf[32];
	char name[32];
	unsigned int major, minor;
	__u64 cap, ecap;
};

static bool expect_edu(void)
{
	return !!getenv("VFIO_SVM_VTD");
}

/* Read the text of /sys/bus/pci/devices/@bdf/iommu/@attr into @buf */
static int unit_attr(const char *bdf, const char *attr, char *buf,
		     size_t size)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu/%s",
		 bdf, attr);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	return 0;
}

/*
 * Find edu (bound to vfio-pci) and the VT-d unit its iommu link names.
 * Return: edu's group; -ENODEV without edu; -ENOENT if edu is not behind
 * a VT-d unit.
 */
static int vtd_unit_find(struct vtd_unit *u)
{
	char path[PATH_MAX], link[PATH_MAX] = {}, buf[64];
	int group;

	memset(u, 0, sizeof(*u));
	group = edu_find(u->bdf, sizeof(u->bdf));
	if (group < 0)
		return -ENODEV;
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu", u->bdf);
	if (readlink(path, link, sizeof(link) - 1) < 0)
		return -ENOENT;
	snprintf(u->name, sizeof(u->name), "%s", basename(link));
	if (unit_attr(u->bdf, "intel-iommu/version", buf, sizeof(buf)) ||
	    sscanf(buf, "%u:%u", &u->major, &u->minor) != 2)
		return -ENOENT;
	if (unit_attr(u->bdf, "intel-iommu/cap", buf, sizeof(buf)))
		return -ENOENT;
	u->cap = strtoull(buf, NULL, 16);
	if (unit_attr(u->bdf, "intel-iommu/ecap", buf, sizeof(buf)))
		return -ENOENT;
	u->ecap = strtoull(buf, NULL, 16);
	return group;
}

static bool unit_nests(const struct vtd_unit *u)
{
	return u->ecap & ECAP_NEST;
}

/*
 * What vtd_unit_find() did not find. A fixture skips for it, unless told
 * to expect edu (VFIO_SVM_VTD): then the test needs it.
 */
static const char *vtd_unit_missing(int ret)
{
	return ret == -ENODEV ? "no edu device with an IOMMU group" :
	       "edu is not behind an Intel VT-d unit";
}

/* A table bind of @kind, variant 1 of @format */
static int vtd_bind(int container, __u32 kind, __u32 format, __u32 pasid,
		    __u64 addr, __u64 size, const void *vendor,
		    __u32 vendor_len)
{
	struct vfio_iommu_svm_bind b = {
		.argsz = sizeof(b),
		.flags = kind,
		.format = format,
		.variant = 1,
		.pasid = pasid,
		.vendor_len = vendor_len,
		.addr = addr,
		.size = size,
		.vendor_uptr = (__u64)(unsigned long)vendor,
	};

	return ioctl(container, VFIO_IOMMU_BIND, &b);
}

/*
 * The fixture: edu in a VFIO_TYPE1v2_IOMMU container, with the tables
 * and data pages of vfio_svm_edu.h mapped.
 */
FIXTURE(vtd) {
	struct vtd_unit u;
	struct edu_ctx c;
};

FIXTURE_SETUP(vtd)
{
	int ret;

	self->c.container = -1;
	self->c.group = -1;
	self->c.device = -1;
	self->c.irq = -1;
	ret = vtd_unit_find(&self->u);
	if (ret < 0 && !expect_edu())
		SKIP(return, "%s", vtd_unit_missing(ret));
	ASSERT_LE(0, ret) TH_LOG("VFIO_SVM_VTD is set, but %s",
				 vtd_unit_missing(ret));
	ASSERT_EQ(0, edu_open_type(&self->c, VFIO_TYPE1v2_IOMMU));
}

FIXTURE_TEARDOWN(vtd)
{
	edu_close(&self->c);
}

/* The capability names the VT-d model and mirrors edu's unit as read */
TEST_F(vtd, cap_describes_unit)
{
	struct vfio_iommu_type1_info_cap_svm *cap;
	char buf[4096];

	ksft_print_msg("%s: %s VT-d %u.%u CAP %#llx ECAP %#llx NEST %d\n",
		       self->u.bdf, self->u.name, self->u.major, self->u.minor,
		       (unsigned long long)self->u.cap,
		       (unsigned long long)self->u.ecap, unit_nests(&self->u));
	cap = svm_cap(self->c.container, buf, sizeof(buf));
	ASSERT_NE(NULL, cap);
	EXPECT_EQ(1, cap->header.version);
	EXPECT_EQ(IOMMU_SVM_MODEL_INTEL_VTD, cap->model);
	/* VER_REG[7:0]: major in bits 7:4, minor in bits 3:0 */
	EXPECT_EQ((self->u.major << 4) | self->u.minor, cap->variant);
	EXPECT_EQ(3 * sizeof(__u64), cap->hw_info_len);
	EXPECT_EQ(self->u.cap, cap->hw_info[0]);
	EXPECT_EQ(self->u.ecap, cap->hw_info[1]);
	/* The read-only stage-2 erratum, reported on every unit */
	EXPECT_EQ(IOMMU_SVM_VTD_HW_ERRATA_772415_SPR17, cap->hw_info[2]);
}

/*
 * A plain container never offers table binds, and x86 has no process
 * binds; edu has no PASID capability. None of this depends on NEST.
 */
TEST_F(vtd, cap_offers_nothing_to_bind)
{
	struct vfio_iommu_type1_info_cap_svm *cap;
	char buf[4096];

	cap = svm_cap(self->c.container, buf, sizeof(buf));
	ASSERT_NE(NULL, cap);
	EXPECT_EQ(0, cap->flags);
	EXPECT_EQ(0, cap->bind_kinds);
	EXPECT_EQ(0, cap->pasid_bits);
	EXPECT_EQ(0, ioctl(self->c.container, VFIO_CHECK_EXTENSION,
			   VFIO_IOMMU_SVM));
}

/* Without NEST the unit has no page-table format and no matrix */
TEST_F(vtd, cap_without_nest)
{
	struct vfio_iommu_type1_info_cap_svm *cap;
	char buf[4096];
	int i;

	if (unit_nests(&self->u))
		SKIP(return, "ECAP.NEST is set: this test expects a unit without it");
	cap = svm_cap(self->c.container, buf, sizeof(buf));
	ASSERT_NE(NULL, cap);
	EXPECT_EQ(0, cap->nr_pgtable_formats);
	for (i = 0; i < 4; i++)
		EXPECT_EQ(0, cap->inv_granu[i]);
	EXPECT_EQ(0, cap->inv_vendor_len);
}

/* A page-table bind needs a nesting container: ENXIO, nothing bound */
TEST_F(vtd, pgtable_bind_needs_nest_parent)
{
	struct iommu_svm_vtd_pgtable vb = { .flags = 0, .addr_width = 48 };
	int fd = self->c.container;

	EXPECT_ERRNO(ENXIO, vtd_bind(fd, VFIO_SVM_BIND_PGTABLE,
				     IOMMU_SVM_PGTF_X86_64, 1, PGD_ADDR, 0,
				     &vb, sizeof(vb)));
	EXPECT_ERRNO(ENOENT, svm_unbind(fd, VFIO_SVM_BIND_PGTABLE, 1));
}

/* So does a PASID-table bind, whatever VT-d thinks of PASID tables */
TEST_F(vtd, pasid_table_bind_needs_nest_parent)
{
	int fd = self->c.container;

	EXPECT_ERRNO(ENXIO, vtd_bind(fd, VFIO_SVM_BIND_PASID_TABLE,
				     IOMMU_SVM_MODEL_INTEL_VTD, 0, TBL_IPA,
				     PG, NULL, 0));
	EXPECT_ERRNO(ENOENT, svm_unbind(fd, VFIO_SVM_BIND_PASID_TABLE, 0));
}

/* x86 has no SVA: a process bind is not supported, no PASID comes back */
TEST_F(vtd, process_bind_refused)
{
	struct vfio_iommu_svm_bind b = {
		.argsz = sizeof(b),
		.flags = VFIO_SVM_BIND_PROCESS,
	};

	EXPECT_ERRNO(EOPNOTSUPP, ioctl(self->c.container, VFIO_IOMMU_BIND,
				       &b));
	EXPECT_EQ(0, b.pasid);
}

/* With nothing bound, an invalidation has nothing to act on: ENODEV */
TEST_F(vtd, invalidate_without_binding)
{
	struct iommu_svm_inv_entry e = {
		.caches = IOMMU_SVM_INV_CACHE_IOTLB,
		.granu = IOMMU_SVM_INV_GRANU_PASID,
		.pasid = 1,
	};
	struct vfio_iommu_svm_invalidate req = {
		.argsz = sizeof(req),
		.entry_len = sizeof(e),
		.vendor_len = 0,
		.entry_num = 0,
		.entries_uptr = (__u64)(unsigned long)&e,
	};

	/* entry_num 0 only checks the header, even with nothing bound */
	ASSERT_EQ(0, ioctl(self->c.container, VFIO_IOMMU_SVM_INVALIDATE, &req));
	EXPECT_EQ(0, req.entry_num);

	req.entry_num = 1;
	EXPECT_ERRNO(ENODEV, ioctl(self->c.container,
				   VFIO_IOMMU_SVM_INVALIDATE, &req));
	EXPECT_EQ(0, req.entry_num);
}

/* The stage 2 translates: edu copies P to B, and A is left alone */
TEST_F(vtd, s2_dma)
{
	ASSERT_TRUE(dma_pattern(&self->c, P_IPA, B_IPA, 0x5a));
	EXPECT_TRUE(filled(page(&self->c, B_IPA), 0x5a));
	EXPECT_TRUE(filled(page(&self->c, A_IPA), 0xaa));
}

/* After UNMAP_DMA, a DMA to the page (translation cached) misses it */
TEST_F(vtd, s2_unmap_blocks_dma)
{
	struct vfio_iommu_type1_dma_unmap unmap = {
		.argsz = sizeof(unmap), .iova = B_IPA, .size = PG,
	};

	ASSERT_TRUE(dma_pattern(&self->c, P_IPA, B_IPA, 0x61));
	ASSERT_TRUE(filled(page(&self->c, B_IPA), 0x61));

	ASSERT_EQ(0, ioctl(self->c.container, VFIO_IOMMU_UNMAP_DMA, &unmap));
	EXPECT_EQ(PG, unmap.size);
	ASSERT_TRUE(dma_pattern(&self->c, P_IPA, B_IPA, 0x62));
	EXPECT_TRUE(filled(page(&self->c, B_IPA), 0xbb));

	/* Mapped again, the page is reached again */
	ASSERT_EQ(0, dma_map(self->c.container, page(&self->c, B_IPA), B_IPA,
			     PG));
	ASSERT_TRUE(dma_pattern(&self->c, P_IPA, B_IPA, 0x63));
	EXPECT_TRUE(filled(page(&self->c, B_IPA), 0x63));
}

/* The fixture: edu's group in a container with no IOMMU set yet */
FIXTURE(vtd_nesting) {
	struct vtd_unit u;
	int container, group;
};

FIXTURE_SETUP(vtd_nesting)
{
	char path[64];
	int ret;

	self->container = -1;
	self->group = -1;
	ret = vtd_unit_find(&self->u);
	if (ret < 0 && !expect_edu())
		SKIP(return, "%s", vtd_unit_missing(ret));
	ASSERT_LE(0, ret) TH_LOG("VFIO_SVM_VTD is set, but %s",
				 vtd_unit_missing(ret));
	snprintf(path, sizeof(path), "/dev/vfio/%d", ret);
	self->container = open("/dev/vfio/vfio", O_RDWR);
	ASSERT_LE(0, self->container);
	self->group = open(path, O_RDWR);
	ASSERT_LE(0, self->group);
	ASSERT_EQ(0, ioctl(self->group, VFIO_GROUP_SET_CONTAINER,
			   &self->container));
}

FIXTURE_TEARDOWN(vtd_nesting)
{
	if (self->group >= 0)
		close(self->group);
	if (self->container >= 0)
		close(self->container);
}

/*
 * Without NEST the unit can neither allocate a nest parent nor enable
 * nesting: VFIO_SET_IOMMU(VFIO_TYPE1_NESTING_IOMMU) fails with
 * EOPNOTSUPP, leaves the container unset, and VFIO_TYPE1v2_IOMMU works.
 */
TEST_F(vtd_nesting, nesting_container_refused)
{
	struct vfio_iommu_type1_info_cap_svm *cap;
	char buf[4096];
	void *mem;

	if (unit_nests(&self->u))
		SKIP(return, "ECAP.NEST is set: a nesting container would work");
	/* Before VFIO_SET_IOMMU: the kernel implements the ioctls */
	EXPECT_EQ(1, ioctl(self->container, VFIO_CHECK_EXTENSION,
			   VFIO_IOMMU_SVM));
	EXPECT_ERRNO(EOPNOTSUPP, ioctl(self->container, VFIO_SET_IOMMU,
				       VFIO_TYPE1_NESTING_IOMMU));

	ASSERT_EQ(0, ioctl(self->container, VFIO_SET_IOMMU,
			   VFIO_TYPE1v2_IOMMU));
	cap = svm_cap(self->container, buf, sizeof(buf));
	ASSERT_NE(NULL, cap);
	EXPECT_EQ(0, cap->flags & VFIO_IOMMU_SVM_CAP_NESTED);
	EXPECT_EQ(0, cap->bind_kinds);
	mem = mmap(NULL, PG, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, mem);
	EXPECT_EQ(0, dma_map(self->container, mem, DATA_IPA, PG));
	munmap(mem, PG);
}

TEST_HARNESS_MAIN

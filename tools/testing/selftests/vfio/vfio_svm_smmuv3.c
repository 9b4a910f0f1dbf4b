// SPDX-License-Identifier: GPL-2.0-only
/*
 * End-to-end test of VFIO SVM on an SMMUv3: QEMU's "edu" PCI device, bound
 * to vfio-pci in a VFIO_TYPE1_NESTING_IOMMU container, does DMA through a
 * Context Descriptor table and stage-1 page tables this test builds in its
 * own memory, as a guest would, nested over the container's stage 2 (see
 * vfio_svm_edu.h for the address plan).
 *
 * VFIO_SVM_SMMUV3=nest: the SMMU nests here (ACPI boot, CANWBS root
 * complex); every step must work. VFIO_SVM_SMMUV3=refuse: it must not
 * (device-tree boot, or no CANWBS): no PASID-table bind is offered, BIND
 * fails with EOPNOTSUPP, and the container's stage 2 still works.
 */
#include "vfio_svm_edu.h"

static bool expect_nest(void)
{
	const char *m = getenv("VFIO_SVM_SMMUV3");

	return !m || strcmp(m, "refuse");
}

FIXTURE(smmuv3) {
	struct edu_ctx c;
};

FIXTURE_SETUP(smmuv3)
{
	int ret = edu_open(&self->c);

	/* Told what to expect, the test needs edu; run bare, it skips */
	if (ret == -ENODEV && !getenv("VFIO_SVM_SMMUV3"))
		SKIP(return, "no edu device with an IOMMU group");
	ASSERT_EQ(0, ret);
}

FIXTURE_TEARDOWN(smmuv3)
{
	edu_close(&self->c);
}

/* Before any bind: the nest parent is an ordinary stage 2 */
TEST_F(smmuv3, s2_dma)
{
	ASSERT_TRUE(dma_pattern(&self->c, P_IPA, B_IPA, 0x5a));
	ASSERT_TRUE(filled(page(&self->c, B_IPA), 0x5a));
	ASSERT_TRUE(filled(page(&self->c, A_IPA), 0xaa));
}

TEST_F(smmuv3, discovery)
{
	struct vfio_iommu_type1_info_cap_svm *cap;
	char buf[4096];

	cap = svm_cap(self->c.container, buf, sizeof(buf));
	if (!expect_nest()) {
		/* Not offered, and the bind is refused */
		struct iommu_svm_smmuv3_pasid_table vb = vb_linear();

		ASSERT_TRUE(!cap || !(cap->bind_kinds &
				      VFIO_SVM_BIND_PASID_TABLE));
		EXPECT_ERRNO(EOPNOTSUPP, bind_cd_table(self->c.container, &vb));
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
	EXPECT_ERRNO(EINVAL, bind_cd_table(self->c.container, &vb));
	vb = vb_linear();
	vb.__reserved[5] = 1;
	EXPECT_ERRNO(EINVAL, bind_cd_table(self->c.container, &vb));
	vb = vb_linear();
	vb.s1fmt = 1;	/* two-level: QEMU has no CD2L */
	EXPECT_ERRNO(EOPNOTSUPP, bind_cd_table(self->c.container, &vb));
	vb = vb_linear();
	vb.s1fmt = 3;
	EXPECT_ERRNO(EINVAL, bind_cd_table(self->c.container, &vb));
	vb = vb_linear();
	vb.s1cdmax = 1;	/* edu has no SSIDs */
	EXPECT_ERRNO(ERANGE, bind_cd_table(self->c.container, &vb));
	vb = vb_linear();
	vb.s1dss = 3;
	EXPECT_ERRNO(EINVAL, bind_cd_table(self->c.container, &vb));
	vb = vb_linear();
	vb.s1csh = 1;
	EXPECT_ERRNO(EINVAL, bind_cd_table(self->c.container, &vb));
	vb = vb_linear();
	ASSERT_EQ(0, bind_cd_table(self->c.container, &vb));
}

/* Steps 1-4: the bytes land where stage 1 + stage 2 say */
TEST_F(smmuv3, bind_dma)
{
	struct iommu_svm_smmuv3_pasid_table vb = vb_linear();

	if (!expect_nest())
		SKIP(return, "the SMMU must refuse nesting here");
	build_stage1(&self->c);
	ASSERT_EQ(0, bind_cd_table(self->c.container, &vb));
	ASSERT_TRUE(dma_pattern(&self->c, P_VA, V, 0x11));
	EXPECT_TRUE(filled(page(&self->c, A_IPA), 0x11));
	EXPECT_TRUE(filled(page(&self->c, B_IPA), 0xbb));
	/* The stage-1 VA is no IPA: S2-only addresses no longer reach */
	ASSERT_TRUE(dma_pattern(&self->c, P_VA, B_IPA, 0x12));
	EXPECT_TRUE(filled(page(&self->c, B_IPA), 0xbb));
}

/* Step 5: a changed stage 1 is stale until VFIO_IOMMU_SVM_INVALIDATE */
TEST_F(smmuv3, stale_until_invalidate)
{
	struct iommu_svm_smmuv3_pasid_table vb = vb_linear();

	if (!expect_nest())
		SKIP(return, "the SMMU must refuse nesting here");
	build_stage1(&self->c);
	ASSERT_EQ(0, bind_cd_table(self->c.container, &vb));
	ASSERT_TRUE(dma_pattern(&self->c, P_VA, V, 0x21));
	ASSERT_TRUE(filled(page(&self->c, A_IPA), 0x21));

	set_v(&self->c, B_IPA);
	ASSERT_TRUE(dma_pattern(&self->c, P_VA, V, 0x22));
	if (filled(page(&self->c, B_IPA), 0x22))
		SKIP(return, "the SMMU did not cache the stage-1 entry");
	EXPECT_TRUE(filled(page(&self->c, A_IPA), 0x22));
	ksft_print_msg("stale: V still reaches A after the PTE moved to B\n");

	/* The ASID must come with an IOTLB address invalidation */
	EXPECT_ERRNO(EINVAL, inv(self->c.container, IOMMU_SVM_INV_CACHE_IOTLB,
				 IOMMU_SVM_INV_GRANU_ADDR, V, 0, 0));
	EXPECT_ERRNO(EOPNOTSUPP,
		     inv(self->c.container, IOMMU_SVM_INV_CACHE_DEV_IOTLB,
			 IOMMU_SVM_INV_GRANU_ADDR, V,
			 IOMMU_SVM_SMMUV3_INV_ASID, ASID));
	ASSERT_EQ(0, inv(self->c.container, IOMMU_SVM_INV_CACHE_IOTLB,
			 IOMMU_SVM_INV_GRANU_ADDR, V,
			 IOMMU_SVM_SMMUV3_INV_ASID, ASID));
	ASSERT_TRUE(dma_pattern(&self->c, P_VA, V, 0x23));
	EXPECT_TRUE(filled(page(&self->c, B_IPA), 0x23));
	EXPECT_TRUE(filled(page(&self->c, A_IPA), 0xaa));

	/* Back to A, dropped by ASID this time, with the CD cache too */
	set_v(&self->c, A_IPA);
	ASSERT_EQ(0, inv(self->c.container, IOMMU_SVM_INV_CACHE_IOTLB |
			 IOMMU_SVM_INV_CACHE_PASID, IOMMU_SVM_INV_GRANU_PASID, 0,
			 IOMMU_SVM_SMMUV3_INV_ASID, ASID));
	ASSERT_TRUE(dma_pattern(&self->c, P_VA, V, 0x24));
	EXPECT_TRUE(filled(page(&self->c, A_IPA), 0x24));
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
		/* With the 4 KiB granule: a range command where RIL is */
		{ .e = { .caches = IOMMU_SVM_INV_CACHE_IOTLB,
			 .granu = IOMMU_SVM_INV_GRANU_ADDR,
			 .addr = V, .size = PG },
		  .v = { .flags = IOMMU_SVM_SMMUV3_INV_ASID, .asid = ASID,
			 .tg = 1 } },
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
	build_stage1(&self->c);
	ASSERT_EQ(0, bind_cd_table(self->c.container, &vb));
	ASSERT_TRUE(dma_pattern(&self->c, P_VA, V, 0x91));
	ASSERT_TRUE(filled(page(&self->c, A_IPA), 0x91));
	set_v(&self->c, B_IPA);
	ASSERT_EQ(0, ioctl(self->c.container, VFIO_IOMMU_SVM_INVALIDATE, &req));
	EXPECT_EQ(3, req.entry_num);
	ASSERT_TRUE(dma_pattern(&self->c, P_VA, V, 0x92));
	EXPECT_TRUE(filled(page(&self->c, B_IPA), 0x92));
	EXPECT_TRUE(filled(page(&self->c, A_IPA), 0xaa));

	/* A bad third entry: the first two are done and counted */
	set_v(&self->c, A_IPA);
	e[2].v.tg = 3;	/* 64 KiB: V + 4 KiB is not aligned to it */
	e[2].e.addr = V + PG;
	req.entry_num = 3;
	EXPECT_ERRNO(EINVAL, ioctl(self->c.container, VFIO_IOMMU_SVM_INVALIDATE,
				   &req));
	EXPECT_EQ(2, req.entry_num);
}

/* A new CD takes effect after a CD-cache invalidation */
TEST_F(smmuv3, cd_cache_invalidate)
{
	struct iommu_svm_smmuv3_pasid_table vb = vb_linear();

	if (!expect_nest())
		SKIP(return, "the SMMU must refuse nesting here");
	build_stage1(&self->c);
	ASSERT_EQ(0, bind_cd_table(self->c.container, &vb));
	ASSERT_TRUE(dma_pattern(&self->c, P_VA, V, 0x31));
	ASSERT_TRUE(filled(page(&self->c, A_IPA), 0x31));
	/* Invalidate the CD and the whole VMID: the DMA now faults */
	self->c.tbl[0] &= ~CD0_V;
	ASSERT_EQ(0, inv(self->c.container, IOMMU_SVM_INV_CACHE_PASID,
			 IOMMU_SVM_INV_GRANU_PASID, 0, 0, 0));
	ASSERT_EQ(0, inv(self->c.container, IOMMU_SVM_INV_CACHE_IOTLB,
			 IOMMU_SVM_INV_GRANU_DOMAIN, 0, 0, 0));
	ASSERT_TRUE(dma_pattern(&self->c, P_VA, V, 0x32));
	EXPECT_TRUE(filled(page(&self->c, A_IPA), 0xaa));
	/*
	 * Back: QEMU does not keep a CD that failed to decode, so this half
	 * passes even without the CD-cache invalidation; the first half is
	 * the one that fails if CFGI_CD is not sent.
	 */
	self->c.tbl[0] |= CD0_V;
	ASSERT_EQ(0, inv(self->c.container, IOMMU_SVM_INV_CACHE_PASID,
			 IOMMU_SVM_INV_GRANU_DOMAIN, 0, 0, 0));
	ASSERT_TRUE(dma_pattern(&self->c, P_VA, V, 0x33));
	EXPECT_TRUE(filled(page(&self->c, A_IPA), 0x33));
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
	build_stage1(&self->c);
	ASSERT_EQ(0, bind_cd_table(self->c.container, &vb));
	ASSERT_TRUE(dma_pattern(&self->c, P_VA, V, 0x41));
	ASSERT_TRUE(filled(page(&self->c, A_IPA), 0x41));

	/* Unmap A from stage 2; stage 1 still points V at it */
	ASSERT_EQ(0, ioctl(self->c.container, VFIO_IOMMU_UNMAP_DMA, &unmap));
	ASSERT_TRUE(dma_pattern(&self->c, P_VA, V, 0x42));
	EXPECT_TRUE(filled(page(&self->c, A_IPA), 0xaa));
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
	ASSERT_EQ(0, msi_setup(&self->c));
	ASSERT_TRUE(msi_fires(&self->c));
	build_stage1(&self->c);
	ASSERT_EQ(0, bind_cd_table(self->c.container, &vb));
	ASSERT_TRUE(msi_fires(&self->c));
}

TEST_F(smmuv3, msi_after_bind)
{
	struct iommu_svm_smmuv3_pasid_table vb = vb_linear();

	if (!expect_nest())
		SKIP(return, "the SMMU must refuse nesting here");
	build_stage1(&self->c);
	ASSERT_EQ(0, bind_cd_table(self->c.container, &vb));
	ASSERT_EQ(0, msi_setup(&self->c));
	ASSERT_TRUE(msi_fires(&self->c));
	/* DMA still works alongside */
	ASSERT_TRUE(dma_pattern(&self->c, P_VA, V, 0x51));
	EXPECT_TRUE(filled(page(&self->c, A_IPA), 0x51));
}

/* Step 6: unbind returns to stage 2 only; the container still maps */
TEST_F(smmuv3, unbind_then_s2)
{
	struct iommu_svm_smmuv3_pasid_table vb = vb_linear();
	__u8 *vbuf;

	if (!expect_nest())
		SKIP(return, "the SMMU must refuse nesting here");
	build_stage1(&self->c);
	ASSERT_EQ(0, bind_cd_table(self->c.container, &vb));
	ASSERT_TRUE(dma_pattern(&self->c, P_VA, V, 0x61));
	ASSERT_TRUE(filled(page(&self->c, A_IPA), 0x61));
	ASSERT_EQ(0, svm_unbind(self->c.container, VFIO_SVM_BIND_PASID_TABLE,
				0));

	/* V is not an IPA of the container: the DMA misses */
	ASSERT_TRUE(dma_pattern(&self->c, P_IPA, V, 0x62));
	EXPECT_TRUE(filled(page(&self->c, A_IPA), 0xaa));

	vbuf = mmap(NULL, PG, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, vbuf);
	memset(vbuf, 0, PG);
	ASSERT_EQ(0, dma_map(self->c.container, vbuf, V, PG));
	ASSERT_TRUE(dma_pattern(&self->c, P_IPA, V, 0x63));
	EXPECT_TRUE(filled(vbuf, 0x63));
	munmap(vbuf, PG);
}

/* Closing the container with the binding live; the next test reuses edu */
TEST_F(smmuv3, close_while_bound)
{
	struct iommu_svm_smmuv3_pasid_table vb = vb_linear();

	if (!expect_nest())
		SKIP(return, "the SMMU must refuse nesting here");
	build_stage1(&self->c);
	ASSERT_EQ(0, bind_cd_table(self->c.container, &vb));
	ASSERT_TRUE(dma_pattern(&self->c, P_VA, V, 0x71));
	ASSERT_TRUE(filled(page(&self->c, A_IPA), 0x71));
}

TEST_F(smmuv3, after_close_s2_dma)
{
	ASSERT_TRUE(dma_pattern(&self->c, P_IPA, B_IPA, 0x81));
	EXPECT_TRUE(filled(page(&self->c, B_IPA), 0x81));
}

TEST_HARNESS_MAIN

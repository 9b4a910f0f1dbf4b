// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the VT-d SVM backend's encodings (nested_bind.c,
 * intel_pasid_fill_nested()): the vendor-block checks, the PASID entry a
 * page-table bind installs and the descriptors of each invalidation. No
 * emulator nests, so these are what shows the bytes the hardware would
 * get. Expected values are written from the VT-d specification's field
 * positions, not from the driver's helpers.
 */
#include <kunit/test.h>
#include <linux/iommu-svm.h>

#include "iommu.h"
#include "pasid.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

/* CAP and ECAP bits the checks read */
#define CAP_FL5LP	BIT_ULL(60)
#define ECAP_SRS	BIT_ULL(31)
#define ECAP_EAFS	BIT_ULL(34)
#define ECAP_SMPWC	BIT_ULL(48)

#define TBL		0x7654000ULL	/* a first-stage root, as a GPA */

struct vb_case {
	const char *name;
	u64 cap, ecap, addr;
	u32 flags, addr_width;
	u64 reserved;
	u32 len;	/* 0: sizeof(struct iommu_svm_vtd_pgtable) */
	u8 tail;	/* a byte past the block, for longer blocks */
	int ret;
};

static const struct vb_case vb_cases[] = {
	{ "4-level", 0, 0, TBL, 0, 48, 0, 0, 0, 0 },
	{ "5-level with FL5LP", CAP_FL5LP, 0, TBL, 0, 57, 0, 0, 0, 0 },
	{ "5-level without FL5LP", 0, 0, TBL, 0, 57, 0, 0, 0, -EOPNOTSUPP },
	{ "width 39", CAP_FL5LP, 0, TBL, 0, 39, 0, 0, 0, -EINVAL },
	{ "width 0", 0, 0, TBL, 0, 0, 0, 0, 0, -EINVAL },
	{ "SRE with SRS", 0, ECAP_SRS, TBL, IOMMU_SVM_VTD_PGTABLE_SRE, 48,
	  0, 0, 0, 0 },
	{ "SRE without SRS", 0, 0, TBL, IOMMU_SVM_VTD_PGTABLE_SRE, 48, 0, 0,
	  0, -EOPNOTSUPP },
	{ "SRE+WPE", 0, ECAP_SRS, TBL,
	  IOMMU_SVM_VTD_PGTABLE_SRE | IOMMU_SVM_VTD_PGTABLE_WPE, 48, 0, 0, 0,
	  0 },
	{ "WPE without SRE", 0, ECAP_SRS, TBL, IOMMU_SVM_VTD_PGTABLE_WPE, 48,
	  0, 0, 0, -EINVAL },
	{ "EAFE with EAFS", 0, ECAP_EAFS, TBL, IOMMU_SVM_VTD_PGTABLE_EAFE, 48,
	  0, 0, 0, 0 },
	{ "EAFE without EAFS", 0, 0, TBL, IOMMU_SVM_VTD_PGTABLE_EAFE, 48, 0,
	  0, 0, -EOPNOTSUPP },
	{ "unknown flag", ~0ULL, ~0ULL, TBL, BIT(3), 48, 0, 0, 0, -EINVAL },
	{ "reserved", 0, 0, TBL, 0, 48, 1, 0, 0, -EINVAL },
	{ "short block", 0, 0, TBL, 0, 48, 0, 8, 0, -EINVAL },
	{ "empty block", 0, 0, TBL, 0, 48, 0, 0xffffffff, 0, -EINVAL },
	{ "longer, zero tail", 0, 0, TBL, 0, 48, 0, 24, 0, 0 },
	{ "longer, non-zero tail", 0, 0, TBL, 0, 48, 0, 24, 1, -E2BIG },
	{ "table at the top of stage 2", 0, 0, BIT_ULL(48) - SZ_4K, 0, 48, 0,
	  0, 0, 0 },
	{ "table beyond stage 2", 0, 0, BIT_ULL(48), 0, 48, 0, 0, 0,
	  -ERANGE },
};

static void vb_case_desc(const struct vb_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vb, vb_cases, vb_case_desc);

/* Every accept and reject of the page-table vendor block */
static void intel_nb_test_vendor_block(struct kunit *test)
{
	const struct vb_case *c = test->param_value;
	u8 buf[32] = {};
	struct iommu_svm_vtd_pgtable *vb = (void *)buf;
	struct iommu_svm_bind_desc desc = {
		.kind = IOMMU_SVM_BIND_PGTABLE,
		.format = IOMMU_SVM_PGTF_X86_64,
		.variant = 1,
		.pasid = 1,
		.addr = c->addr,
		.vendor = buf,
		.vendor_len = c->len == 0xffffffff ? 0 :
			      c->len ?: sizeof(*vb),
	};
	struct iommu_hwpt_vtd_s1 cfg;
	u32 want_flags = 0;

	vb->flags = c->flags;
	vb->addr_width = c->addr_width;
	vb->__reserved = c->reserved;
	buf[sizeof(*vb)] = c->tail;

	KUNIT_ASSERT_EQ(test, c->ret,
			intel_nested_bind_check(c->cap, c->ecap, 48, &desc,
						&cfg));
	if (c->ret)
		return;
	if (c->flags & IOMMU_SVM_VTD_PGTABLE_SRE)
		want_flags |= IOMMU_VTD_S1_SRE;
	if (c->flags & IOMMU_SVM_VTD_PGTABLE_WPE)
		want_flags |= IOMMU_VTD_S1_WPE;
	if (c->flags & IOMMU_SVM_VTD_PGTABLE_EAFE)
		want_flags |= IOMMU_VTD_S1_EAFE;
	KUNIT_EXPECT_EQ(test, cfg.flags, want_flags);
	KUNIT_EXPECT_EQ(test, cfg.pgtbl_addr, c->addr);
	KUNIT_EXPECT_EQ(test, cfg.addr_width, c->addr_width);
}

/* PASID entry fields, by their bit numbers in the 512-bit entry */
#define PE_P		BIT_ULL(0)
#define PE_FPD		BIT_ULL(1)
#define PE_AW(x)	((u64)(x) << 2)
#define PE_PGTT_NESTED	(3ULL << 6)
#define PE_SSADE	BIT_ULL(9)
#define PE1_PWSNP	BIT_ULL(87 - 64)
#define PE1_PGSNP	BIT_ULL(88 - 64)
#define PE2_SRE		BIT_ULL(128 - 128)
#define PE2_FLPM_5	(1ULL << (130 - 128))
#define PE2_WPE		BIT_ULL(132 - 128)
#define PE2_EAFE	BIT_ULL(135 - 128)

struct pe_ctx {
	struct intel_iommu iommu;
	struct dmar_domain s2, s1;
	struct pasid_entry pe;
	u64 slptr;
};

static struct pe_ctx *pe_ctx(struct kunit *test)
{
	struct pe_ctx *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	void *pgd;

	KUNIT_ASSERT_NOT_NULL(test, p);
	pgd = kunit_kzalloc(test, SZ_4K, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pgd);
	p->s2.pgd = pgd;
	p->s2.agaw = 2;			/* 48 bits, 4 levels */
	p->s2.nested_parent = 1;
	p->slptr = virt_to_phys(pgd);
	p->s1.s2_domain = &p->s2;
	p->s1.s1_pgtbl = TBL;
	p->s1.s1_cfg.pgtbl_addr = TBL;
	p->s1.s1_cfg.addr_width = 48;
	/* Whatever was there must go */
	memset(&p->pe, 0xa5, sizeof(p->pe));
	return p;
}

/* The exact entry of a 4-level bind with no options */
static void intel_nb_test_pasid_entry(struct kunit *test)
{
	struct pe_ctx *p = pe_ctx(test);
	u64 want0 = p->slptr | PE_AW(2) | PE_PGTT_NESTED | PE_P;
	int i;

	intel_pasid_fill_nested(&p->iommu, &p->pe, &p->s1, 42);
	KUNIT_EXPECT_EQ(test, p->pe.val[0], want0);
	KUNIT_EXPECT_EQ(test, p->pe.val[1], 42ULL);
	KUNIT_EXPECT_EQ(test, p->pe.val[2], TBL);
	for (i = 3; i < 8; i++)
		KUNIT_EXPECT_EQ(test, p->pe.val[i], 0ULL);
}

/* Every option reaches its field, and nothing else moves */
static void intel_nb_test_pasid_entry_options(struct kunit *test)
{
	struct pe_ctx *p = pe_ctx(test);
	u64 want0, want1, want2;
	int i;

	p->iommu.ecap = ECAP_SMPWC;
	p->s2.agaw = 3;			/* 57 bits, 5 levels */
	p->s2.force_snooping = 1;
	p->s2.dirty_tracking = 1;
	p->s1.s1_cfg.addr_width = 57;
	p->s1.s1_cfg.flags = IOMMU_VTD_S1_SRE | IOMMU_VTD_S1_WPE |
			     IOMMU_VTD_S1_EAFE;
	want0 = p->slptr | PE_AW(3) | PE_SSADE | PE_PGTT_NESTED | PE_P;
	want1 = 0xffff | PE1_PWSNP | PE1_PGSNP;
	want2 = TBL | PE2_SRE | PE2_FLPM_5 | PE2_WPE | PE2_EAFE;

	intel_pasid_fill_nested(&p->iommu, &p->pe, &p->s1, 0xffff);
	KUNIT_EXPECT_EQ(test, p->pe.val[0], want0);
	KUNIT_EXPECT_EQ(test, p->pe.val[1], want1);
	KUNIT_EXPECT_EQ(test, p->pe.val[2], want2);
	for (i = 3; i < 8; i++)
		KUNIT_EXPECT_EQ(test, p->pe.val[i], 0ULL);
	KUNIT_EXPECT_FALSE(test, p->pe.val[0] & PE_FPD);
}

/* Descriptor fields (VT-d 6.5.2): PASID cache, P_IOTLB, device TLB */
#define D_PC		0x7ULL
#define D_PIOTLB	0x6ULL
#define D_PDEVTLB	0x8ULL
#define D_GRAN(g)	((u64)(g) << 4)	/* PC: 1 PASID; P_IOTLB: 2 PASID, 3 page */
#define D_DID(d)	((u64)(d) << 16)
#define D_SID(s)	((u64)(s) << 16)
#define D_PASID(p)	((u64)(p) << 32)
#define D_IH		BIT_ULL(6)
#define D_S		BIT_ULL(11)

#define T_DID		0x1234
#define T_PASID		0x5a5a
#define T_SID		0x0108
#define T_PFSID		0x0100

static const struct intel_nb_inv_target tgt = {
	.did = T_DID, .pasid = T_PASID, .sid = T_SID, .pfsid = T_PFSID,
	.qdep = 0, .ats = true, .addr_width = 48, .max_amask = 18,
};

static int descs(struct kunit *test, const struct intel_nb_inv_target *t,
		 u32 caches, u32 granu, u32 flags, u64 addr, u64 size,
		 struct qi_desc *d)
{
	struct iommu_svm_inv_entry e = {
		.caches = caches, .granu = granu, .flags = flags,
		.pasid = t->pasid, .addr = addr, .size = size,
	};
	int i, n;

	memset(d, 0xa5, INTEL_NB_INV_MAX_DESCS * sizeof(*d));
	n = intel_nested_bind_inv_descs(t, &e, d);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ(test, d[i].qw2, 0ULL);
		KUNIT_EXPECT_EQ(test, d[i].qw3, 0ULL);
	}
	return n;
}

static u64 piotlb_qw0(u32 gran)
{
	return D_PASID(T_PASID) | D_DID(T_DID) | D_GRAN(gran) | D_PIOTLB;
}

/* One 4 KiB page, leaf only: page-selective, AM 0, IH */
static void intel_nb_test_inv_page(struct kunit *test)
{
	struct qi_desc d[INTEL_NB_INV_MAX_DESCS];

	KUNIT_ASSERT_EQ(test, 1, descs(test, &tgt, IOMMU_SVM_INV_CACHE_IOTLB,
				       IOMMU_SVM_INV_GRANU_ADDR,
				       IOMMU_SVM_INV_FLAG_LEAF, 0x12345000,
				       SZ_4K, d));
	KUNIT_EXPECT_EQ(test, d[0].qw0, piotlb_qw0(3));
	KUNIT_EXPECT_EQ(test, d[0].qw1, 0x12345000ULL | D_IH | 0);
}

/* 12 KiB from 0x1000: 4 KiB at 0x1000 (AM 0), 8 KiB at 0x2000 (AM 1) */
static void intel_nb_test_inv_unaligned(struct kunit *test)
{
	struct qi_desc d[INTEL_NB_INV_MAX_DESCS];

	KUNIT_ASSERT_EQ(test, 2, descs(test, &tgt, IOMMU_SVM_INV_CACHE_IOTLB,
				       IOMMU_SVM_INV_GRANU_ADDR, 0, 0x1000,
				       3 * SZ_4K, d));
	KUNIT_EXPECT_EQ(test, d[0].qw0, piotlb_qw0(3));
	KUNIT_EXPECT_EQ(test, d[0].qw1, 0x1000ULL | 0);
	KUNIT_EXPECT_EQ(test, d[1].qw0, piotlb_qw0(3));
	KUNIT_EXPECT_EQ(test, d[1].qw1, 0x2000ULL | 1);
}

/* 2 MiB aligned: one descriptor, AM 9; split by a small MAMV */
static void intel_nb_test_inv_2m(struct kunit *test)
{
	struct intel_nb_inv_target t = tgt;
	struct qi_desc d[INTEL_NB_INV_MAX_DESCS];
	int i;

	KUNIT_ASSERT_EQ(test, 1, descs(test, &t, IOMMU_SVM_INV_CACHE_IOTLB,
				       IOMMU_SVM_INV_GRANU_ADDR, 0, SZ_2M,
				       SZ_2M, d));
	KUNIT_EXPECT_EQ(test, d[0].qw1, (u64)SZ_2M | 9);

	/* MAMV 6: eight 256 KiB chunks */
	t.max_amask = 6;
	KUNIT_ASSERT_EQ(test, 8, descs(test, &t, IOMMU_SVM_INV_CACHE_IOTLB,
				       IOMMU_SVM_INV_GRANU_ADDR, 0, SZ_2M,
				       SZ_2M, d));
	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ(test, d[i].qw1,
				(u64)SZ_2M + i * SZ_256K + 6);

	/* MAMV 4: 32 chunks are too many, the whole PASID goes */
	t.max_amask = 4;
	KUNIT_ASSERT_EQ(test, 1, descs(test, &t, IOMMU_SVM_INV_CACHE_IOTLB,
				       IOMMU_SVM_INV_GRANU_ADDR, 0, SZ_2M,
				       SZ_2M, d));
	KUNIT_EXPECT_EQ(test, d[0].qw0, piotlb_qw0(2));
	KUNIT_EXPECT_EQ(test, d[0].qw1, 0ULL);
}

/* The whole PASID, every cache: PASID cache, IOTLB, then device TLB */
static void intel_nb_test_inv_pasid(struct kunit *test)
{
	struct qi_desc d[INTEL_NB_INV_MAX_DESCS];
	u64 pfsid = ((u64)(T_PFSID & 0xf) << 12) |
		    ((u64)(T_PFSID >> 4) << 52);

	KUNIT_ASSERT_EQ(test, 3, descs(test, &tgt,
				       IOMMU_SVM_INV_CACHE_IOTLB |
				       IOMMU_SVM_INV_CACHE_DEV_IOTLB |
				       IOMMU_SVM_INV_CACHE_PASID,
				       IOMMU_SVM_INV_GRANU_PASID, 0, 0, 0, d));
	KUNIT_EXPECT_EQ(test, d[0].qw0, D_PASID(T_PASID) | D_DID(T_DID) |
					D_GRAN(1) | D_PC);
	KUNIT_EXPECT_EQ(test, d[0].qw1, 0ULL);
	KUNIT_EXPECT_EQ(test, d[1].qw0, piotlb_qw0(2));
	KUNIT_EXPECT_EQ(test, d[1].qw1, 0ULL);
	/* All addresses: bits 62:12 set, 63 clear, S */
	KUNIT_EXPECT_EQ(test, d[2].qw0, D_PASID(T_PASID) | D_SID(T_SID) |
					pfsid | D_PDEVTLB);
	KUNIT_EXPECT_EQ(test, d[2].qw1, GENMASK_ULL(62, 12) | D_S);
}

/* Device TLB ranges: one page (S clear), 8 KiB (S, bit 12 clear) */
static void intel_nb_test_inv_devtlb(struct kunit *test)
{
	struct intel_nb_inv_target t = tgt;
	struct qi_desc d[INTEL_NB_INV_MAX_DESCS];

	KUNIT_ASSERT_EQ(test, 1, descs(test, &t,
				       IOMMU_SVM_INV_CACHE_DEV_IOTLB,
				       IOMMU_SVM_INV_GRANU_ADDR, 0, 0x5000,
				       SZ_4K, d));
	KUNIT_EXPECT_EQ(test, d[0].qw0 & 0xf, D_PDEVTLB);
	KUNIT_EXPECT_EQ(test, d[0].qw1, 0x5000ULL);

	KUNIT_ASSERT_EQ(test, 1, descs(test, &t,
				       IOMMU_SVM_INV_CACHE_DEV_IOTLB,
				       IOMMU_SVM_INV_GRANU_ADDR, 0, 0x6000,
				       2 * SZ_4K, d));
	KUNIT_EXPECT_EQ(test, d[0].qw1, 0x6000ULL | D_S);

	/* 12 KiB from 0x1000: one descriptor for the 16 KiB block at 0 */
	KUNIT_ASSERT_EQ(test, 1, descs(test, &t,
				       IOMMU_SVM_INV_CACHE_DEV_IOTLB,
				       IOMMU_SVM_INV_GRANU_ADDR, 0, 0x1000,
				       3 * SZ_4K, d));
	KUNIT_EXPECT_EQ(test, d[0].qw1, 0x1000ULL | D_S);

	/* With the IOTLB: its two chunks first, then the device TLB */
	KUNIT_ASSERT_EQ(test, 3, descs(test, &t,
				       IOMMU_SVM_INV_CACHE_IOTLB |
				       IOMMU_SVM_INV_CACHE_DEV_IOTLB,
				       IOMMU_SVM_INV_GRANU_ADDR, 0, 0x1000,
				       3 * SZ_4K, d));
	KUNIT_EXPECT_EQ(test, d[0].qw0 & 0xf, D_PIOTLB);
	KUNIT_EXPECT_EQ(test, d[1].qw0 & 0xf, D_PIOTLB);
	KUNIT_EXPECT_EQ(test, d[2].qw0 & 0xf, D_PDEVTLB);

	/* A device needing it gets every device-TLB descriptor twice */
	t.extra = true;
	KUNIT_ASSERT_EQ(test, 2, descs(test, &t,
				       IOMMU_SVM_INV_CACHE_DEV_IOTLB,
				       IOMMU_SVM_INV_GRANU_PASID, 0, 0, 0, d));
	KUNIT_EXPECT_EQ(test, d[0].qw0, d[1].qw0);
	KUNIT_EXPECT_EQ(test, d[0].qw1, d[1].qw1);

	/* Without ATS the device caches nothing: no descriptor */
	t.ats = false;
	KUNIT_EXPECT_EQ(test, 0, descs(test, &t,
				       IOMMU_SVM_INV_CACHE_DEV_IOTLB,
				       IOMMU_SVM_INV_GRANU_ADDR, 0, 0x5000,
				       SZ_4K, d));
}

/* Ranges must be canonical for the first stage's width */
static void intel_nb_test_inv_canonical(struct kunit *test)
{
	struct intel_nb_inv_target t = tgt;
	struct qi_desc d[INTEL_NB_INV_MAX_DESCS];

	/* The lowest supervisor page of a 4-level first stage */
	KUNIT_ASSERT_EQ(test, 1, descs(test, &t, IOMMU_SVM_INV_CACHE_IOTLB,
				       IOMMU_SVM_INV_GRANU_ADDR, 0,
				       0xffff800000000000ULL, SZ_4K, d));
	KUNIT_EXPECT_EQ(test, d[0].qw1, 0xffff800000000000ULL);
	/* Across the hole, or in it */
	KUNIT_EXPECT_EQ(test, -EINVAL,
			descs(test, &t, IOMMU_SVM_INV_CACHE_IOTLB,
			      IOMMU_SVM_INV_GRANU_ADDR, 0,
			      0x7ffffffff000ULL, 2 * SZ_4K, d));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			descs(test, &t, IOMMU_SVM_INV_CACHE_IOTLB,
			      IOMMU_SVM_INV_GRANU_ADDR, 0,
			      0x0001000000000000ULL, SZ_4K, d));
	/* ... which a 5-level first stage translates */
	t.addr_width = 57;
	KUNIT_EXPECT_EQ(test, 1,
			descs(test, &t, IOMMU_SVM_INV_CACHE_IOTLB,
			      IOMMU_SVM_INV_GRANU_ADDR, 0,
			      0x0001000000000000ULL, SZ_4K, d));
}

/* Outside the matrix: never silently dropped */
static void intel_nb_test_inv_refused(struct kunit *test)
{
	struct qi_desc d[INTEL_NB_INV_MAX_DESCS];

	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP,
			descs(test, &tgt, IOMMU_SVM_INV_CACHE_IOTLB,
			      IOMMU_SVM_INV_GRANU_DOMAIN, 0, 0, 0, d));
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP,
			descs(test, &tgt, IOMMU_SVM_INV_CACHE_PASID,
			      IOMMU_SVM_INV_GRANU_ADDR, 0, 0, SZ_4K, d));
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP,
			descs(test, &tgt, BIT(3), IOMMU_SVM_INV_GRANU_PASID,
			      0, 0, 0, d));
}

static struct kunit_case intel_nb_test_cases[] = {
	KUNIT_CASE_PARAM(intel_nb_test_vendor_block, vb_gen_params),
	KUNIT_CASE(intel_nb_test_pasid_entry),
	KUNIT_CASE(intel_nb_test_pasid_entry_options),
	KUNIT_CASE(intel_nb_test_inv_page),
	KUNIT_CASE(intel_nb_test_inv_unaligned),
	KUNIT_CASE(intel_nb_test_inv_2m),
	KUNIT_CASE(intel_nb_test_inv_pasid),
	KUNIT_CASE(intel_nb_test_inv_devtlb),
	KUNIT_CASE(intel_nb_test_inv_canonical),
	KUNIT_CASE(intel_nb_test_inv_refused),
	{},
};

static struct kunit_suite intel_nb_test_suite = {
	.name = "intel-iommu-nested-bind",
	.test_cases = intel_nb_test_cases,
};

kunit_test_suites(&intel_nb_test_suite);

MODULE_DESCRIPTION("KUnit tests of the VT-d SVM bind backend");
MODULE_LICENSE("GPL");

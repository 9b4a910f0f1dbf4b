// SPDX-License-Identifier: GPL-2.0
/*
 * VT-d callbacks for binding user-owned structures (iommu_svm_ops): a
 * user's first-stage page table at one PASID, nested over a nest-parent
 * second stage (PASID entry PGTT=nested).
 *
 * Scalable-mode VT-d walks a PASID table the kernel owns, so there are no
 * PASID-table binds; process binds are the SVA core's, which Linux 6.12
 * does not offer on x86. Everything the user gives is checked against
 * the unit's CAP and ECAP here, before the generic nested-domain code
 * (nested.c, pasid.c) sees it.
 *
 * Invalidations become queued-invalidation descriptors, kept per device
 * and submitted with one wait descriptor per batch: once per
 * VFIO_IOMMU_SVM_INVALIDATE call (intel_svm_invalidate_sync()), or when a
 * batch fills up.
 *
 * Locking: the core calls every callback under the group's mutex, and
 * the caller serialises binds and invalidations of a container, so a
 * device's batch (device_domain_info::svm_inv) is only touched by one
 * thread at a time. The queue itself has its own lock (qi->q_lock).
 */
#include <kunit/visibility.h>
#include <linux/iommu-svm.h>
#include <linux/pci.h>

#include "iommu.h"
#include "pasid.h"

#define INTEL_SVM_VTD_FLAGS	(IOMMU_SVM_VTD_PGTABLE_SRE | \
				 IOMMU_SVM_VTD_PGTABLE_WPE | \
				 IOMMU_SVM_VTD_PGTABLE_EAFE)

/* Descriptors queued per device before a wait is forced */
#define INTEL_SVM_INV_BATCH	64

/**
 * struct intel_svm_inv_batch - a device's queued invalidation descriptors
 * @n: descriptors in @descs
 * @err: -EIO once a submission failed, until reported by the next sync
 * @descs: the descriptors, in the order the hardware must see them
 */
struct intel_svm_inv_batch {
	unsigned int n;
	int err;
	struct qi_desc descs[INTEL_SVM_INV_BATCH];
};

static bool intel_svm_can_nest(struct intel_iommu *iommu)
{
	return nested_supported(iommu) && pasid_supported(iommu) &&
	       ecap_flts(iommu->ecap);
}

static int intel_svm_info(struct device *dev, struct iommu_svm_info *info)
{
	struct device_domain_info *di = dev_iommu_priv_get(dev);
	struct intel_iommu *iommu = di->iommu;

	/* Legacy mode has no PASIDs; report nothing rather than lie */
	if (!sm_supported(iommu))
		return -EOPNOTSUPP;

	info->model = IOMMU_SVM_MODEL_INTEL_VTD;
	info->variant = readl(iommu->reg + DMAR_VER_REG) & 0xff;
	info->hw_info[0] = iommu->cap;
	info->hw_info[1] = iommu->ecap;
	info->hw_info_len = 2 * sizeof(info->hw_info[0]);
	if (pasid_supported(iommu))
		info->pasid_bits = min_t(u32, ecap_pss(iommu->ecap) + 1,
					 IOMMU_SVM_MAX_PASID_BITS);
	/* PROCESS: the SVA core cannot bind on x86 in this kernel */
	if (!intel_svm_can_nest(iommu))
		return 0;

	info->bind_kinds = BIT(IOMMU_SVM_BIND_PGTABLE);
	info->nr_pgtable_formats = 1;
	info->pgtable_formats[0].format = IOMMU_SVM_PGTF_X86_64;
	info->pgtable_formats[0].variant = 1;
	info->inv_granu[ilog2(IOMMU_SVM_INV_CACHE_IOTLB)] =
		BIT(IOMMU_SVM_INV_GRANU_PASID) | BIT(IOMMU_SVM_INV_GRANU_ADDR);
	if (di->ats_supported && ecap_dev_iotlb_support(iommu->ecap))
		info->inv_granu[ilog2(IOMMU_SVM_INV_CACHE_DEV_IOTLB)] =
			BIT(IOMMU_SVM_INV_GRANU_PASID) |
			BIT(IOMMU_SVM_INV_GRANU_ADDR);
	info->inv_granu[ilog2(IOMMU_SVM_INV_CACHE_PASID)] =
		BIT(IOMMU_SVM_INV_GRANU_PASID);
	return 0;
}

/**
 * intel_svm_check_pgtable() - check a page-table bind's vendor block
 * @cap: the unit's CAP register
 * @ecap: the unit's ECAP register
 * @s2_gaw: address width of the nest parent the table is walked through
 * @desc: the bind request, generic checks done
 * @cfg: filled with the first-stage configuration on success
 *
 * Return: 0; -EINVAL (malformed block: short, unknown flags, reserved
 * bits, WPE without SRE, a width other than 48 or 57); -E2BIG (unknown
 * non-zero bytes); -EOPNOTSUPP (57 bits without CAP.FL5LP, SRE without
 * ECAP.SRS, EAFE without ECAP.EAFS); -ERANGE (the table is beyond the
 * stage-2 address width).
 */
VISIBLE_IF_KUNIT
int intel_svm_check_pgtable(u64 cap, u64 ecap, unsigned int s2_gaw,
			    const struct iommu_svm_bind_desc *desc,
			    struct iommu_hwpt_vtd_s1 *cfg)
{
	struct iommu_svm_vtd_pgtable vb;
	int ret;

	ret = iommu_svm_vendor_data(&vb, desc->vendor, desc->vendor_len,
				    __reserved);
	if (ret)
		return ret;
	if ((vb.flags & ~INTEL_SVM_VTD_FLAGS) || vb.__reserved)
		return -EINVAL;
	if ((vb.flags & IOMMU_SVM_VTD_PGTABLE_WPE) &&
	    !(vb.flags & IOMMU_SVM_VTD_PGTABLE_SRE))
		return -EINVAL;
	if (vb.addr_width != ADDR_WIDTH_4LEVEL &&
	    vb.addr_width != ADDR_WIDTH_5LEVEL)
		return -EINVAL;
	if (vb.addr_width == ADDR_WIDTH_5LEVEL && !cap_fl5lp_support(cap))
		return -EOPNOTSUPP;
	if ((vb.flags & IOMMU_SVM_VTD_PGTABLE_SRE) && !ecap_srs(ecap))
		return -EOPNOTSUPP;
	if ((vb.flags & IOMMU_SVM_VTD_PGTABLE_EAFE) && !ecap_eafs(ecap))
		return -EOPNOTSUPP;
	/* The root table is a guest-physical address, walked by stage 2 */
	if (s2_gaw < 64 && desc->addr >> s2_gaw)
		return -ERANGE;

	memset(cfg, 0, sizeof(*cfg));
	if (vb.flags & IOMMU_SVM_VTD_PGTABLE_SRE)
		cfg->flags |= IOMMU_VTD_S1_SRE;
	if (vb.flags & IOMMU_SVM_VTD_PGTABLE_WPE)
		cfg->flags |= IOMMU_VTD_S1_WPE;
	if (vb.flags & IOMMU_SVM_VTD_PGTABLE_EAFE)
		cfg->flags |= IOMMU_VTD_S1_EAFE;
	cfg->pgtbl_addr = desc->addr;
	cfg->addr_width = vb.addr_width;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(intel_svm_check_pgtable);

static struct iommu_domain *
intel_svm_alloc_nested(struct device *dev, struct iommu_domain *parent,
		       const struct iommu_svm_bind_desc *desc)
{
	struct device_domain_info *di = dev_iommu_priv_get(dev);
	struct dmar_domain *s2 = to_dmar_domain(parent);
	struct intel_iommu *iommu = di->iommu;
	struct iommu_hwpt_vtd_s1 cfg;
	struct dmar_domain *nested;
	int ret;

	if (desc->kind != IOMMU_SVM_BIND_PGTABLE ||
	    desc->format != IOMMU_SVM_PGTF_X86_64 ||
	    !intel_svm_can_nest(iommu))
		return ERR_PTR(-EOPNOTSUPP);
	if (parent->ops != intel_iommu_ops.default_domain_ops ||
	    !s2->nested_parent)
		return ERR_PTR(-EINVAL);

	ret = intel_svm_check_pgtable(iommu->cap, iommu->ecap, s2->gaw, desc,
				      &cfg);
	if (ret)
		return ERR_PTR(ret);
	nested = intel_nested_domain_create(s2, &cfg);
	if (IS_ERR(nested))
		return ERR_CAST(nested);
	return &nested->domain;
}

/*
 * Split [@addr, @addr + @size) into naturally aligned power-of-two chunks
 * of at most 2^@max_order pages. Return the number of chunks, or @max + 1
 * if there are more than @max.
 */
static unsigned int intel_svm_chunks(u64 addr, u64 size,
				     unsigned int max_order, u64 *chunk_addr,
				     u8 *chunk_order, unsigned int max)
{
	u64 pfn = addr >> VTD_PAGE_SHIFT, pages = size >> VTD_PAGE_SHIFT;
	unsigned int n = 0, order;

	while (pages) {
		order = min_t(unsigned int, ilog2(pages), max_order);
		if (pfn)
			order = min_t(unsigned int, order, __ffs64(pfn));
		if (n == max)
			return max + 1;
		chunk_addr[n] = pfn << VTD_PAGE_SHIFT;
		chunk_order[n] = order;
		n++;
		pfn += 1ULL << order;
		pages -= 1ULL << order;
	}
	return n;
}

/**
 * intel_svm_inv_descs() - the descriptors of one invalidation entry
 * @t: what the kernel supplies: domain ID, source IDs, queue depth, ATS
 * @e: the entry, checked against the matrix of intel_svm_info()
 * @descs: room for INTEL_SVM_INV_MAX_DESCS descriptors
 *
 * In order: the PASID-cache entry, then the IOTLB, then the device TLB,
 * so that neither the IOMMU nor the device refetches from a cache not
 * yet invalidated. A range becomes page-selective descriptors over
 * naturally aligned chunks (at most CAP.MAMV as the address mask), IH
 * set for LEAF entries; a range needing more than
 * INTEL_SVM_INV_MAX_CHUNKS chunks is invalidated whole for the PASID.
 *
 * Return: the number of descriptors, or -EOPNOTSUPP for a cache type or
 * granularity outside the matrix.
 */
VISIBLE_IF_KUNIT
int intel_svm_inv_descs(const struct intel_svm_inv_target *t,
			const struct iommu_svm_inv_entry *e,
			struct qi_desc *descs)
{
	u64 chunk_addr[INTEL_SVM_INV_MAX_CHUNKS];
	u8 chunk_order[INTEL_SVM_INV_MAX_CHUNKS];
	bool ih = e->flags & IOMMU_SVM_INV_FLAG_LEAF;
	unsigned int i, nr_chunks = 0;
	struct qi_desc *d = descs;

	if ((e->caches & ~(IOMMU_SVM_INV_CACHE_IOTLB |
			   IOMMU_SVM_INV_CACHE_DEV_IOTLB |
			   IOMMU_SVM_INV_CACHE_PASID)) ||
	    (e->granu != IOMMU_SVM_INV_GRANU_PASID &&
	     e->granu != IOMMU_SVM_INV_GRANU_ADDR) ||
	    ((e->caches & IOMMU_SVM_INV_CACHE_PASID) &&
	     e->granu != IOMMU_SVM_INV_GRANU_PASID))
		return -EOPNOTSUPP;

	if (e->granu == IOMMU_SVM_INV_GRANU_ADDR) {
		nr_chunks = intel_svm_chunks(e->addr, e->size, t->max_amask,
					     chunk_addr, chunk_order,
					     INTEL_SVM_INV_MAX_CHUNKS);
		/* Too fragmented: drop the whole PASID instead */
		if (nr_chunks > INTEL_SVM_INV_MAX_CHUNKS)
			nr_chunks = 0;
	}

	/* The qi_desc_*() helpers leave qw2 and qw3 alone: clear them */
	memset(descs, 0, INTEL_SVM_INV_MAX_DESCS * sizeof(*descs));
	if (e->caches & IOMMU_SVM_INV_CACHE_PASID) {
		d->qw0 = QI_PC_DID(t->did) | QI_PC_PASID(t->pasid) |
			 QI_PC_GRAN(QI_PC_PASID_SEL) | QI_PC_TYPE;
		d++;
	}
	if (e->caches & IOMMU_SVM_INV_CACHE_IOTLB) {
		if (!nr_chunks)
			qi_desc_piotlb(t->did, t->pasid, 0, -1, false, d++);
		for (i = 0; i < nr_chunks; i++)
			qi_desc_piotlb(t->did, t->pasid, chunk_addr[i],
				       1UL << chunk_order[i], ih, d++);
	}
	/* No ATS, no device TLB: nothing can be cached there */
	if ((e->caches & IOMMU_SVM_INV_CACHE_DEV_IOTLB) && t->ats) {
		if (!nr_chunks)
			qi_desc_dev_iotlb_pasid(t->sid, t->pfsid, t->pasid,
						t->qdep, 0,
						64 - VTD_PAGE_SHIFT, d++);
		for (i = 0; i < nr_chunks; i++)
			qi_desc_dev_iotlb_pasid(t->sid, t->pfsid, t->pasid,
						t->qdep, chunk_addr[i],
						chunk_order[i], d++);
	}
	return d - descs;
}
EXPORT_SYMBOL_IF_KUNIT(intel_svm_inv_descs);

/* The nested domain must be attached to @dev at @pasid */
static bool intel_svm_attached(struct dmar_domain *nested, struct device *dev,
			       ioasid_t pasid)
{
	struct dev_pasid_info *dp;
	unsigned long flags;
	bool found = false;

	spin_lock_irqsave(&nested->lock, flags);
	list_for_each_entry(dp, &nested->dev_pasids, link_domain)
		if (dp->dev == dev && dp->pasid == pasid) {
			found = true;
			break;
		}
	spin_unlock_irqrestore(&nested->lock, flags);
	return found;
}

static void intel_svm_inv_flush(struct intel_iommu *iommu,
				struct intel_svm_inv_batch *b)
{
	if (b->n && qi_submit_sync(iommu, b->descs, b->n, 0))
		b->err = -EIO;
	b->n = 0;
}

static int intel_svm_invalidate(struct iommu_domain *domain,
				struct device *dev,
				const struct iommu_svm_inv *inv)
{
	struct device_domain_info *di = dev_iommu_priv_get(dev);
	struct dmar_domain *nested = to_dmar_domain(domain);
	const struct iommu_svm_inv_entry *e = &inv->entry;
	struct intel_iommu *iommu = di->iommu;
	struct intel_svm_inv_batch *b;
	struct intel_svm_inv_target t;
	int n;

	/* The model has no vendor part: anything there is unknown */
	if (inv->vendor_len && memchr_inv(inv->vendor, 0, inv->vendor_len))
		return -E2BIG;
	if (domain->type != IOMMU_DOMAIN_NESTED ||
	    domain->owner != &intel_iommu_ops)
		return -EINVAL;
	if (!intel_svm_attached(nested, dev, e->pasid))
		return -EINVAL;

	b = di->svm_inv;
	if (!b) {
		b = kzalloc(sizeof(*b), GFP_KERNEL_ACCOUNT);
		if (!b)
			return -ENOMEM;
		di->svm_inv = b;
	}
	if (b->n + INTEL_SVM_INV_MAX_DESCS > INTEL_SVM_INV_BATCH)
		intel_svm_inv_flush(iommu, b);

	t = (struct intel_svm_inv_target){
		.did = domain_id_iommu(nested, iommu),
		.pasid = e->pasid,
		.sid = PCI_DEVID(di->bus, di->devfn),
		.pfsid = di->pfsid,
		.qdep = di->ats_qdep,
		.ats = di->ats_enabled,
		.max_amask = cap_max_amask_val(iommu->cap),
	};
	n = intel_svm_inv_descs(&t, e, b->descs + b->n);
	if (n < 0)
		return n;
	b->n += n;
	return 0;
}

static int intel_svm_invalidate_sync(struct device *dev)
{
	struct device_domain_info *di = dev_iommu_priv_get(dev);
	struct intel_svm_inv_batch *b = di->svm_inv;
	int ret;

	if (!b)
		return 0;
	intel_svm_inv_flush(di->iommu, b);
	ret = b->err;
	b->err = 0;
	return ret;
}

/**
 * intel_svm_release_device() - free what the callbacks kept for @dev
 * @info: the device's driver data, going away
 */
void intel_svm_release_device(struct device_domain_info *info)
{
	kfree(info->svm_inv);
	info->svm_inv = NULL;
}

const struct iommu_svm_ops intel_svm_nest_ops = {
	.info		= intel_svm_info,
	.alloc_nested	= intel_svm_alloc_nested,
	.invalidate	= intel_svm_invalidate,
	.invalidate_sync = intel_svm_invalidate_sync,
};

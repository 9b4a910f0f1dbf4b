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
 * VFIO_IOMMU_SVM_INVALIDATE call (intel_nb_invalidate_sync()), or when a
 * batch fills up. A batch lives from the first entry of a call to its
 * sync, so no memory stays with the device between calls.
 *
 * Locking: the core calls every callback under the group's mutex, and
 * the caller serialises binds and invalidations of a container, so a
 * device's batch (device_domain_info::nb_batch) is only touched by one
 * thread at a time. The queue itself has its own lock (qi->q_lock).
 */
#include <kunit/visibility.h>
#include <linux/iommu-svm.h>
#include <linux/pci.h>

#include "iommu.h"
#include "pasid.h"

#define INTEL_NB_VTD_FLAGS	(IOMMU_SVM_VTD_PGTABLE_SRE | \
				 IOMMU_SVM_VTD_PGTABLE_WPE | \
				 IOMMU_SVM_VTD_PGTABLE_EAFE)

/* Descriptors queued per device before a wait is forced */
#define INTEL_NB_INV_BATCH	64

/**
 * struct intel_nb_batch - a device's queued invalidation descriptors
 * @n: descriptors in @descs
 * @err: -EIO once a submission failed, until reported by the next sync
 * @descs: the descriptors, in the order the hardware must see them
 */
struct intel_nb_batch {
	unsigned int n;
	int err;
	struct qi_desc descs[INTEL_NB_INV_BATCH];
};

static bool intel_nb_can_nest(struct intel_iommu *iommu)
{
	return nested_supported(iommu) && pasid_supported(iommu) &&
	       ecap_flts(iommu->ecap);
}

static int intel_nb_info(struct device *dev, struct iommu_svm_info *info)
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
	info->hw_info[2] = IOMMU_SVM_VTD_HW_ERRATA_772415_SPR17;
	info->hw_info_len = 3 * sizeof(info->hw_info[0]);
	/* PASIDs that the device could not enable do not count */
	if (pasid_supported(iommu) && di->pasid_enabled)
		info->pasid_bits = min_t(u32, ecap_pss(iommu->ecap) + 1,
					 IOMMU_SVM_MAX_PASID_BITS);
	/* PROCESS: the SVA core cannot bind on x86 in this kernel */
	if (!intel_nb_can_nest(iommu))
		return 0;

	info->bind_kinds = BIT(IOMMU_SVM_BIND_PGTABLE);
	info->nr_pgtable_formats = 1;
	info->pgtable_formats[0].format = IOMMU_SVM_PGTF_X86_64;
	info->pgtable_formats[0].variant = 1;
	info->inv_granu[ilog2(IOMMU_SVM_INV_CACHE_IOTLB)] =
		BIT(IOMMU_SVM_INV_GRANU_PASID) | BIT(IOMMU_SVM_INV_GRANU_ADDR);
	if (di->ats_enabled && ecap_dev_iotlb_support(iommu->ecap))
		info->inv_granu[ilog2(IOMMU_SVM_INV_CACHE_DEV_IOTLB)] =
			BIT(IOMMU_SVM_INV_GRANU_PASID) |
			BIT(IOMMU_SVM_INV_GRANU_ADDR);
	info->inv_granu[ilog2(IOMMU_SVM_INV_CACHE_PASID)] =
		BIT(IOMMU_SVM_INV_GRANU_PASID);
	return 0;
}

/**
 * intel_nested_bind_check() - check a page-table bind's vendor block
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
int intel_nested_bind_check(u64 cap, u64 ecap, unsigned int s2_gaw,
			    const struct iommu_svm_bind_desc *desc,
			    struct iommu_hwpt_vtd_s1 *cfg)
{
	struct iommu_svm_vtd_pgtable vb;
	int ret;

	ret = iommu_svm_vendor_data(&vb, desc->vendor, desc->vendor_len,
				    __reserved);
	if (ret)
		return ret;
	if ((vb.flags & ~INTEL_NB_VTD_FLAGS) || vb.__reserved)
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
EXPORT_SYMBOL_IF_KUNIT(intel_nested_bind_check);

static struct iommu_domain *
intel_nb_alloc_nested(struct device *dev, struct iommu_domain *parent,
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
	    !intel_nb_can_nest(iommu))
		return ERR_PTR(-EOPNOTSUPP);
	if (parent->ops != intel_iommu_ops.default_domain_ops ||
	    !s2->nested_parent)
		return ERR_PTR(-EINVAL);

	ret = intel_nested_bind_check(iommu->cap, iommu->ecap, s2->gaw, desc,
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
static unsigned int intel_nb_chunks(u64 addr, u64 size,
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

/*
 * Whether [@addr, @addr + @size) lies in one half of the canonical
 * address space of a first stage @aw bits wide (bits 63 to @aw - 1 all
 * equal): anything else cannot be cached, and the IOMMU may take bits
 * beyond its width as reserved.
 */
static bool intel_nb_canonical(u64 addr, u64 size, unsigned int aw)
{
	u64 last = addr + size - 1;

	return sign_extend64(addr, aw - 1) == addr &&
	       sign_extend64(last, aw - 1) == last &&
	       !((addr ^ last) >> (aw - 1));
}

/* The device-TLB descriptor(s) covering @e: one aligned range, or all */
static struct qi_desc *intel_nb_devtlb(const struct intel_nb_inv_target *t,
				       const struct iommu_svm_inv_entry *e,
				       struct qi_desc *d)
{
	unsigned int order = 64 - VTD_PAGE_SHIFT;
	u64 first = 0, last;
	int i;

	if (e->granu == IOMMU_SVM_INV_GRANU_ADDR) {
		/* The smallest naturally aligned block holding the range */
		first = e->addr >> VTD_PAGE_SHIFT;
		last = (e->addr + e->size - 1) >> VTD_PAGE_SHIFT;
		order = first == last ? 0 : fls64(first ^ last);
		first = (first >> order << order) << VTD_PAGE_SHIFT;
	}
	for (i = 0; i < (t->extra ? 2 : 1); i++)
		qi_desc_dev_iotlb_pasid(t->sid, t->pfsid, t->pasid, t->qdep,
					first, order, d++);
	return d;
}

/**
 * intel_nested_bind_inv_descs() - the descriptors of one invalidation entry
 * @t: what the kernel supplies: domain ID, source IDs, queue depth, ATS
 * @e: the entry, checked against the matrix of intel_nb_info()
 * @descs: room for INTEL_NB_INV_MAX_DESCS descriptors
 *
 * In order: the PASID-cache entry, then the IOTLB, then the device TLB,
 * so that neither the IOMMU nor the device refetches from a cache not
 * yet invalidated. A range becomes page-selective IOTLB descriptors over
 * naturally aligned chunks (at most CAP.MAMV as the address mask), IH
 * set for LEAF entries; a range needing more than
 * INTEL_NB_INV_MAX_CHUNKS chunks is invalidated whole for the PASID.
 * The device TLB gets one descriptor for the smallest aligned block
 * holding the range (twice for devices that need it), and none without
 * ATS: nothing can be cached there.
 *
 * Return: the number of descriptors; -EINVAL for a range that is not
 * canonical for the first stage's width; -EOPNOTSUPP for a cache type
 * or granularity outside the matrix.
 */
VISIBLE_IF_KUNIT
int intel_nested_bind_inv_descs(const struct intel_nb_inv_target *t,
				const struct iommu_svm_inv_entry *e,
				struct qi_desc *descs)
{
	u64 chunk_addr[INTEL_NB_INV_MAX_CHUNKS];
	u8 chunk_order[INTEL_NB_INV_MAX_CHUNKS];
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
		if (!e->size || !intel_nb_canonical(e->addr, e->size,
						    t->addr_width))
			return -EINVAL;
		nr_chunks = intel_nb_chunks(e->addr, e->size, t->max_amask,
					    chunk_addr, chunk_order,
					    INTEL_NB_INV_MAX_CHUNKS);
		/* Too fragmented: drop the whole PASID instead */
		if (nr_chunks > INTEL_NB_INV_MAX_CHUNKS)
			nr_chunks = 0;
	}

	/* The qi_desc_*() helpers leave qw2 and qw3 alone: clear them */
	memset(descs, 0, INTEL_NB_INV_MAX_DESCS * sizeof(*descs));
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
	if ((e->caches & IOMMU_SVM_INV_CACHE_DEV_IOTLB) && t->ats)
		d = intel_nb_devtlb(t, e, d);
	return d - descs;
}
EXPORT_SYMBOL_IF_KUNIT(intel_nested_bind_inv_descs);

/* The nested domain must be attached to @dev at @pasid */
static bool intel_nb_attached(struct dmar_domain *nested, struct device *dev,
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

static void intel_nb_inv_flush(struct intel_iommu *iommu,
			       struct intel_nb_batch *b)
{
	if (b->n && qi_submit_sync(iommu, b->descs, b->n, 0))
		b->err = -EIO;
	b->n = 0;
}

static int intel_nb_invalidate(struct iommu_domain *domain,
			       struct device *dev,
			       const struct iommu_svm_inv *inv)
{
	struct device_domain_info *di = dev_iommu_priv_get(dev);
	struct dmar_domain *nested = to_dmar_domain(domain);
	const struct iommu_svm_inv_entry *e = &inv->entry;
	struct intel_iommu *iommu = di->iommu;
	struct intel_nb_batch *b;
	struct intel_nb_inv_target t;
	int n;

	/* The model has no vendor part: anything there is unknown */
	if (inv->vendor_len && memchr_inv(inv->vendor, 0, inv->vendor_len))
		return -E2BIG;
	if (domain->type != IOMMU_DOMAIN_NESTED ||
	    domain->owner != &intel_iommu_ops)
		return -EINVAL;
	if (!intel_nb_attached(nested, dev, e->pasid))
		return -EINVAL;

	/* Freed by intel_nb_invalidate_sync(), which the caller always calls */
	b = di->nb_batch;
	if (!b) {
		b = kzalloc(sizeof(*b), GFP_KERNEL_ACCOUNT);
		if (!b)
			return -ENOMEM;
		di->nb_batch = b;
	}
	if (b->n + INTEL_NB_INV_MAX_DESCS > INTEL_NB_INV_BATCH)
		intel_nb_inv_flush(iommu, b);

	t = (struct intel_nb_inv_target){
		.did = domain_id_iommu(nested, iommu),
		.pasid = e->pasid,
		.sid = PCI_DEVID(di->bus, di->devfn),
		.pfsid = di->pfsid,
		.qdep = di->ats_qdep,
		.extra = di->dtlb_extra_inval,
		.addr_width = nested->s1_cfg.addr_width,
		.max_amask = cap_max_amask_val(iommu->cap),
	};
	/* As the kernel's own flushes: not with translation off, nor unplugged */
	if ((e->caches & IOMMU_SVM_INV_CACHE_DEV_IOTLB) && di->ats_enabled)
		t.ats = (iommu->gcmd & DMA_GCMD_TE) &&
			pci_device_is_present(to_pci_dev(dev));
	n = intel_nested_bind_inv_descs(&t, e, b->descs + b->n);
	if (n < 0)
		return n;
	b->n += n;
	return 0;
}

static int intel_nb_invalidate_sync(struct device *dev)
{
	struct device_domain_info *di = dev_iommu_priv_get(dev);
	struct intel_nb_batch *b = di->nb_batch;
	int ret;

	if (!b)
		return 0;
	intel_nb_inv_flush(di->iommu, b);
	ret = b->err;
	di->nb_batch = NULL;
	kfree(b);
	return ret;
}

/**
 * intel_nested_bind_release() - free what the callbacks left for @dev
 * @info: the device's driver data, going away
 *
 * Nothing, unless a caller broke the rule of calling invalidate_sync()
 * after invalidate(): then the queued descriptors are dropped.
 */
void intel_nested_bind_release(struct device_domain_info *info)
{
	kfree(info->nb_batch);
	info->nb_batch = NULL;
}

const struct iommu_svm_ops intel_nested_bind_ops = {
	.info		= intel_nb_info,
	.alloc_nested	= intel_nb_alloc_nested,
	.invalidate	= intel_nb_invalidate,
	.invalidate_sync = intel_nb_invalidate_sync,
};

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Binding user-owned IOMMU translation structures: the interface between
 * the IOMMU core and the IOMMU drivers, and the core helpers its users
 * (VFIO) call. The uAPI values are in <uapi/linux/iommu_svm.h>.
 *
 * Layering: the user's structures are copied once by the caller (VFIO),
 * generic checks are made once by the core (drivers/iommu/iommu-svm.c, and
 * for invalidation entries, which are many, inline helpers below), and only
 * the driver reads model-specific (vendor) data. A binding is an
 * IOMMU_DOMAIN_NESTED domain that the driver allocates over the caller's
 * nest-parent stage-2 domain and the core attaches to a whole IOMMU group:
 * at the RID for a PASID table, at one PASID for a page table.
 *
 * Everything is per group: the caller holds a reference on the group and
 * owns its DMA (iommu_group_claim_dma_owner()), and the core reaches the
 * group's devices only under the group's mutex. No device pointer is ever
 * kept. Bindings at a PASID need a group of one device (PCIe PASIDs need
 * ACS anyway); a PASID table at the RID is a group domain like any other,
 * so a device may leave a multi-device group bound that way.
 */
#ifndef __LINUX_IOMMU_SVM_H
#define __LINUX_IOMMU_SVM_H

#include <linux/bits.h>
#include <linux/iommu.h>
#include <linux/sizes.h>
#include <uapi/linux/iommu_svm.h>

/**
 * enum iommu_svm_bind_kind - what a bind hands over
 * @IOMMU_SVM_BIND_PASID_TABLE: a whole PASID table, walked through stage 2
 * @IOMMU_SVM_BIND_PGTABLE: the page table of one PASID, walked through
 *                         stage 2
 * @IOMMU_SVM_BIND_PROCESS: the calling process's address space
 *
 * Kernel-internal; the uAPI names kinds with the VFIO_SVM_BIND_* bits,
 * which are BIT() of these.
 */
enum iommu_svm_bind_kind {
	IOMMU_SVM_BIND_PASID_TABLE = 0,
	IOMMU_SVM_BIND_PGTABLE = 1,
	IOMMU_SVM_BIND_PROCESS = 2,
};

#define IOMMU_SVM_MAX_PGTF		4
#define IOMMU_SVM_MAX_HW_INFO		8
#define IOMMU_SVM_NR_INV_CACHES		3
/* The widest PASID any bus defines (PCIe: 20 bits). */
#define IOMMU_SVM_MAX_PASID_BITS	20

/**
 * struct iommu_svm_info - what an IOMMU can bind for a device or group
 * @model: enum iommu_svm_model of the IOMMU
 * @variant: the newest variant of the model the IOMMU implements; variants
 *           are cumulative, so every variant from 1 to @variant is accepted
 * @flags: IOMMU_SVM_INFO_* bits
 * @bind_kinds: bits (1 << enum iommu_svm_bind_kind)
 * @pasid_bits: PASID width the IOMMU supports; the core narrows it to what
 *              the devices support
 * @max_table_size: largest PASID table, in bytes
 * @nr_pgtable_formats: valid entries of @pgtable_formats
 * @pgtable_formats: supported page-table formats, each with its newest
 *                   variant (cumulative, as @variant)
 * @inv_granu: per cache type (bit number of enum iommu_svm_inv_cache), the
 *             supported granularities (1 << enum iommu_svm_inv_granu)
 * @inv_vendor_len: size of the model's invalidation vendor part
 * @hw_info_len: bytes of @hw_info the model defines
 * @hw_info: the model's raw hardware information registers, as read, so
 *           that a VMM can mirror them in a virtual IOMMU
 */
struct iommu_svm_info {
	u32 model;
	u32 variant;
	u32 flags;
/*
 * The driver keeps MSIs working under a PASID-table bind on a platform with
 * a software-managed MSI window (IOMMU_RESV_SW_MSI); without it the core
 * does not offer PASID-table binds there.
 */
#define IOMMU_SVM_INFO_NESTED_MSI	BIT(0)
/* Set by the core: a device of the group has an IOMMU_RESV_SW_MSI window. */
#define IOMMU_SVM_INFO_SW_MSI		BIT(1)
	u32 bind_kinds;
	u32 pasid_bits;
	u64 max_table_size;
	u32 nr_pgtable_formats;
	struct {
		u32 format;
		u32 variant;
	} pgtable_formats[IOMMU_SVM_MAX_PGTF];
	u32 inv_granu[IOMMU_SVM_NR_INV_CACHES];
	u32 inv_vendor_len;
	u32 hw_info_len;
	u64 hw_info[IOMMU_SVM_MAX_HW_INFO];
};

/**
 * struct iommu_svm_bind_desc - a validated bind request
 * @kind: enum iommu_svm_bind_kind (PASID_TABLE or PGTABLE)
 * @format: model (PASID_TABLE) or page-table format (PGTABLE)
 * @variant: variant of @format the user's structures follow
 * @pasid: PGTABLE: the PASID, in the group's own PASID space
 * @addr: IOVA of the PASID table or page directory, in the parent domain
 * @size: PASID_TABLE: size in bytes
 * @vendor: kernel copy of the vendor block, @vendor_len bytes; the driver
 *          reads it with iommu_svm_vendor_data()
 * @vendor_len: its size as the user gave it
 */
struct iommu_svm_bind_desc {
	u32 kind;
	u32 format;
	u32 variant;
	ioasid_t pasid;
	u64 addr;
	u64 size;
	const void *vendor;
	u32 vendor_len;
};

/**
 * struct iommu_svm_inv - a validated invalidation entry
 * @entry: the generic part, checked by the core against the info matrix
 * @vendor: kernel copy of the vendor part of the entry
 * @vendor_len: its size as the user gave it; read it with
 *              iommu_svm_vendor_data()
 */
struct iommu_svm_inv {
	struct iommu_svm_inv_entry entry;
	const void *vendor;
	u32 vendor_len;
};

/**
 * struct iommu_svm_ops - IOMMU driver callbacks for binding user tables
 * @info: describe what @dev's IOMMU can bind; return -EOPNOTSUPP if
 *        nothing. Called under the group's mutex.
 * @alloc_nested: allocate an IOMMU_DOMAIN_NESTED domain for @desc over
 *        @parent, a nest-parent domain of @dev's IOMMU. Model-specific
 *        checks (the vendor block, variant details) belong here. The
 *        domain's attach_dev installs a PASID table at the RID,
 *        set_dev_pasid a page table at a PASID. Called under the group's
 *        mutex, with @dev one device of the group, valid only for the call.
 * @invalidate: carry out one invalidation entry on a domain returned by
 *        @alloc_nested, for @dev; the core has already checked the cache
 *        type x granularity against @info. Where the generic entry and
 *        the vendor part disagree, the driver refuses the entry (-EINVAL);
 *        neither part silently wins. Return -EIO if the hardware failed it.
 *        IOMMU_SVM_INV_GRANU_DOMAIN is passed once per group, with one of
 *        the caller's nested domains on that group: the driver invalidates
 *        what every nested domain over the same parent has cached on the
 *        group's devices. Called under the group's mutex.
 * @invalidate_array: optional. Carry out @n entries (never DOMAIN ones) on
 *        @dev in order, as @invalidate would one by one, stopping at the
 *        first that fails; *@done is how many were carried out, less than
 *        @n on failure, and the errno is that entry's. It lets the driver
 *        take its locks once per batch; like @invalidate, it may queue
 *        work for @invalidate_sync. Called under the group's mutex.
 * @invalidate_sync: optional. With it, @invalidate may queue its work
 *        without waiting for it: the caller calls @invalidate_sync on
 *        every device it invalidated for before returning to the user,
 *        after a failed entry too, and it returns once the IOMMU has
 *        carried out everything queued, or -EIO if it failed some.
 *        Called under the group's mutex.
 *
 * The stage-2 contract. The user can unmap the memory under a live
 * binding (VFIO_IOMMU_UNMAP_DMA of the PASID table, a page-table page or
 * a data page) at any time; the kernel then frees those pages. A driver
 * implementing these callbacks must therefore make the nest parent's
 * iotlb_sync() and flush_iotlb_all() invalidate every cache derived from
 * the parent: combined stage-1 + stage-2 TLB entries, walk caches and
 * PASID/context-descriptor caches of every nested domain over it, at every
 * PASID, and the device TLBs (ATS) of every device those domains are
 * attached to. Only then can no DMA reach a page after type1 unpins it.
 *
 * Draining page requests is not the caller's business: a driver drains
 * what it must when a PASID or RID attachment is removed.
 *
 * A user causes every allocation these callbacks make: drivers allocate
 * with GFP_KERNEL_ACCOUNT, so that the memory is charged to the user.
 *
 * All callbacks may sleep. Callers serialise binds, unbinds and
 * invalidations of one container (VFIO: the container's iommu->lock).
 */
struct iommu_svm_ops {
	int (*info)(struct device *dev, struct iommu_svm_info *info);
	struct iommu_domain *(*alloc_nested)(struct device *dev,
					     struct iommu_domain *parent,
					     const struct iommu_svm_bind_desc *desc);
	int (*invalidate)(struct iommu_domain *nested, struct device *dev,
			  const struct iommu_svm_inv *inv);
	int (*invalidate_array)(struct iommu_domain *nested,
				struct device *dev,
				const struct iommu_svm_inv *invs, u32 n,
				u32 *done);
	int (*invalidate_sync)(struct device *dev);
};

#if IS_ENABLED(CONFIG_IOMMU_SVM_NESTING)
int iommu_svm_group_info(struct iommu_group *group,
			 struct iommu_svm_info *info);
int iommu_svm_check_bind(const struct iommu_svm_info *info,
			 const struct iommu_svm_bind_desc *desc);
void iommu_svm_info_intersect(struct iommu_svm_info *out,
			      const struct iommu_svm_info *in);
struct iommu_domain *iommu_svm_alloc_nest_parent(struct device *dev);
struct iommu_domain *iommu_svm_alloc_nested(struct iommu_group *group,
					    struct iommu_domain *parent,
					    const struct iommu_svm_bind_desc *desc);
int iommu_svm_attach(struct iommu_domain *nested, struct iommu_group *group,
		     const struct iommu_svm_bind_desc *desc);
int iommu_svm_detach(struct iommu_domain *nested, struct iommu_domain *parent,
		     struct iommu_group *group,
		     const struct iommu_svm_bind_desc *desc);
int iommu_svm_invalidate(struct iommu_domain *nested, struct iommu_group *group,
			 const struct iommu_svm_inv *inv);
int iommu_svm_invalidate_array(struct iommu_domain *nested,
			       struct iommu_group *group,
			       const struct iommu_svm_inv *invs, u32 n,
			       u32 *done);
int iommu_svm_invalidate_sync(struct iommu_group *group);
int __iommu_svm_vendor_data(void *dst, size_t size, size_t min_size,
			    const void *src, size_t src_len);
#else
static inline struct iommu_domain *iommu_svm_alloc_nest_parent(struct device *dev)
{
	return ERR_PTR(-EOPNOTSUPP);
}
#endif

/**
 * iommu_svm_vendor_data() - read a vendor block with the uAPI's size rules
 * @kdst: the driver's structure, filled (zero-extended if the user's is
 *        shorter)
 * @src: the kernel copy of the user's block
 * @src_len: its size as the user gave it
 * @min_last: last member of the structure's first version
 *
 * Return: 0; -EINVAL if the block is shorter than the first version;
 * -E2BIG if it has non-zero bytes past @kdst.
 */
#define iommu_svm_vendor_data(kdst, src, src_len, min_last)		\
	({								\
		__auto_type __isv_dst = (kdst);				\
		const void *__isv_src = (src);				\
		size_t __isv_len = (src_len);				\
		int __isv_ret = 0;					\
									\
		/* The user's size is the kernel's: a plain copy */	\
		if (likely(__isv_len == sizeof(*__isv_dst)))		\
			memcpy(__isv_dst, __isv_src, sizeof(*__isv_dst)); \
		else							\
			__isv_ret = __iommu_svm_vendor_data(__isv_dst,	\
				sizeof(*__isv_dst),			\
				offsetofend(typeof(*__isv_dst), min_last), \
				__isv_src, __isv_len);			\
		__isv_ret;						\
	})

/**
 * iommu_svm_check_inv_shape() - the model-independent checks of an entry
 * @entry: the generic part of an invalidation entry
 *
 * For callers to run on every entry before looking anything up, so that
 * a malformed entry is reported as such. Inline: it runs for every entry.
 *
 * Return: 0 or -EINVAL.
 */
static inline int
iommu_svm_check_inv_shape(const struct iommu_svm_inv_entry *entry)
{
	unsigned long caches = entry->caches;

	if (!caches || caches & ~GENMASK(IOMMU_SVM_NR_INV_CACHES - 1, 0))
		return -EINVAL;
	if (entry->granu > IOMMU_SVM_INV_GRANU_ADDR)
		return -EINVAL;
	if (entry->flags & ~IOMMU_SVM_INV_FLAG_LEAF)
		return -EINVAL;

	switch (entry->granu) {
	case IOMMU_SVM_INV_GRANU_DOMAIN:
		if (entry->pasid || entry->addr || entry->size ||
		    entry->flags)
			return -EINVAL;
		break;
	case IOMMU_SVM_INV_GRANU_PASID:
		if (entry->addr || entry->size || entry->flags)
			return -EINVAL;
		break;
	case IOMMU_SVM_INV_GRANU_ADDR:
		if (!entry->size || !IS_ALIGNED(entry->addr, SZ_4K) ||
		    !IS_ALIGNED(entry->size, SZ_4K) ||
		    entry->addr + entry->size < entry->addr)
			return -EINVAL;
		break;
	}
	return 0;
}

/**
 * iommu_svm_check_inv_matrix() - check an entry against an IOMMU's matrix
 * @info: the IOMMU's info, whose matrix says what it supports
 * @entry: an entry that passed iommu_svm_check_inv_shape(); only its
 *         caches and granularity are looked at here
 *
 * Inline: it runs for every entry and every group an entry goes to.
 *
 * Return: 0, -EINVAL for an unknown granularity (which the shape check
 * refuses first), or -EOPNOTSUPP if one of the entry's caches cannot be
 * invalidated at its granularity on this IOMMU (never silently ignored).
 */
static inline int
iommu_svm_check_inv_matrix(const struct iommu_svm_info *info,
			   const struct iommu_svm_inv_entry *entry)
{
	unsigned int c;

	if (entry->granu > IOMMU_SVM_INV_GRANU_ADDR)
		return -EINVAL;
	for (c = 0; c < IOMMU_SVM_NR_INV_CACHES; c++)
		if (entry->caches & BIT(c) &&
		    !(info->inv_granu[c] & BIT(entry->granu)))
			return -EOPNOTSUPP;
	return 0;
}

/**
 * iommu_svm_queues() - whether @nested's driver defers invalidations
 * @nested: a domain from iommu_svm_alloc_nested()
 *
 * Return: true if what iommu_svm_invalidate() and
 * iommu_svm_invalidate_array() pass to @nested's driver is only complete
 * after iommu_svm_invalidate_sync(); a caller need not sync otherwise.
 */
static inline bool iommu_svm_queues(const struct iommu_domain *nested)
{
	const struct iommu_svm_ops *ops = nested->owner->svm_ops;

	return ops && ops->invalidate_sync;
}

#endif /* __LINUX_IOMMU_SVM_H */

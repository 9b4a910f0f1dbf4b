/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Binding user-owned IOMMU translation structures: the interface between
 * the IOMMU core and the IOMMU drivers, and the core helpers its users
 * (VFIO) call. The uAPI values are in <uapi/linux/iommu_svm.h>.
 *
 * Layering: the user's structures are copied once by the caller (VFIO),
 * generic checks are made once here in the core (drivers/iommu/iommu-svm.c),
 * and only the driver reads model-specific (vendor) data. A binding is an
 * IOMMU_DOMAIN_NESTED domain that the driver allocates over the caller's
 * nest-parent stage-2 domain and the core attaches: at the device's RID
 * for a PASID table, at one PASID for a page table.
 */
#ifndef __LINUX_IOMMU_SVM_H
#define __LINUX_IOMMU_SVM_H

#include <linux/iommu.h>
#include <uapi/linux/iommu_svm.h>

#define IOMMU_SVM_MAX_PGTF	4

/**
 * struct iommu_svm_info - what a device's IOMMU can bind
 * @model: enum iommu_svm_model of the IOMMU
 * @variant: the model's variant
 * @bind_kinds: bits (1 << enum iommu_svm_bind_kind)
 * @pasid_bits: PASID width the device and IOMMU support
 * @max_table_size: largest PASID table, in bytes
 * @nr_pgtable_formats: valid entries of @pgtable_formats
 * @pgtable_formats: supported page-table formats and variants
 * @inv_granu: per cache type (bit number of enum iommu_svm_inv_cache), the
 *             supported granularities (1 << enum iommu_svm_inv_granu)
 * @inv_vendor_len: size of the model's invalidation vendor part
 */
struct iommu_svm_info {
	u32 model;
	u32 variant;
	u32 bind_kinds;
	u32 pasid_bits;
	u64 max_table_size;
	u32 nr_pgtable_formats;
	struct {
		u32 format;
		u32 variant;
	} pgtable_formats[IOMMU_SVM_MAX_PGTF];
	u32 inv_granu[IOMMU_SVM_INV_CACHE_NR];
	u32 inv_vendor_len;
};

/**
 * struct iommu_svm_bind_desc - a validated bind request
 * @kind: enum iommu_svm_bind_kind (PASID_TABLE or PGTABLE)
 * @format: model (PASID_TABLE) or page-table format (PGTABLE)
 * @variant: variant of @format
 * @pasid: PGTABLE: the PASID
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
 *        nothing
 * @alloc_nested: allocate an IOMMU_DOMAIN_NESTED domain for @desc over
 *        @parent, a nest-parent domain of @dev's IOMMU. Model-specific
 *        checks (the vendor block, variant details) belong here. The
 *        domain's attach_dev installs a PASID table at the RID,
 *        set_dev_pasid a page table at a PASID.
 * @invalidate: carry out one invalidation entry on a domain returned by
 *        @alloc_nested, for @dev; the core has already checked the cache
 *        type x granularity against @info. Return -EIO if the hardware
 *        failed it.
 * @drain: optional: wait until no page request of @dev for @pasid
 *        (IOMMU_NO_PASID: any) is queued in the IOMMU any more
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
	void (*drain)(struct device *dev, ioasid_t pasid);
};

int iommu_svm_get_info(struct device *dev, struct iommu_svm_info *info);
bool iommu_svm_device_capable(struct device *dev);
int iommu_svm_check_bind(const struct iommu_svm_info *info,
			 const struct iommu_svm_bind_desc *desc);
int iommu_svm_check_inv(const struct iommu_svm_info *info,
			const struct iommu_svm_inv_entry *entry);
struct iommu_domain *iommu_svm_alloc_nest_parent(struct device *dev);
struct iommu_domain *iommu_svm_alloc_nested(struct device *dev,
					    struct iommu_domain *parent,
					    const struct iommu_svm_bind_desc *desc);
int iommu_svm_attach(struct iommu_domain *nested, struct iommu_group *group,
		     const struct iommu_svm_bind_desc *desc);
void iommu_svm_detach(struct iommu_domain *nested, struct iommu_domain *parent,
		      struct iommu_group *group,
		      const struct iommu_svm_bind_desc *desc, bool drain);
int iommu_svm_invalidate(struct iommu_domain *nested, struct iommu_group *group,
			 const struct iommu_svm_inv *inv);
struct device *iommu_svm_group_dev(struct iommu_group *group);
int __iommu_svm_vendor_data(void *dst, size_t size, size_t min_size,
			    const void *src, size_t src_len);

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
		__auto_type __dst = (kdst);				\
									\
		__iommu_svm_vendor_data(__dst, sizeof(*__dst),		\
					offsetofend(typeof(*__dst), min_last), \
					src, src_len);			\
	})

#endif /* __LINUX_IOMMU_SVM_H */

/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Vendor-neutral definitions for handing user-owned IOMMU translation
 * structures to the kernel: a PASID table, one PASID's page table, or the
 * caller's own address space, nested over a kernel-owned stage 2.
 *
 * The VFIO container carries them (VFIO_IOMMU_BIND, VFIO_IOMMU_UNBIND,
 * VFIO_IOMMU_SVM_INVALIDATE in <linux/vfio.h>); nothing here is specific
 * to VFIO. See Documentation/userspace-api/vfio-svm.rst.
 *
 * Rules every structure here follows, and the kernel enforces:
 *  - Its size comes first (argsz, len or *_len), so it can grow.
 *  - The kernel copies it from user memory once and uses only that copy.
 *  - Shorter than its first version: EINVAL. Longer than the kernel
 *    knows: the extra bytes must be zero, else E2BIG.
 *  - Unknown flags, and non-zero reserved fields or padding: EINVAL.
 */
#ifndef _UAPI_LINUX_IOMMU_SVM_H
#define _UAPI_LINUX_IOMMU_SVM_H

#include <linux/types.h>

/**
 * enum iommu_svm_model - IOMMU models: who defines a PASID table format
 * @IOMMU_SVM_MODEL_NONE: no model, the container cannot bind
 * @IOMMU_SVM_MODEL_INTEL_VTD: Intel VT-d in scalable mode
 * @IOMMU_SVM_MODEL_ARM_SMMUV3: ARM SMMUv3, whose PASID table is the
 *                             Context Descriptor table
 *
 * Each model defines its variants and the vendor blocks of a PASID-table
 * bind and of an invalidation entry. Variants are cumulative: an IOMMU
 * reporting variant N accepts structures of every variant 1 to N, so a
 * VMM emulating an older IOMMU keeps working on a newer one.
 */
enum iommu_svm_model {
	IOMMU_SVM_MODEL_NONE = 0,
	IOMMU_SVM_MODEL_INTEL_VTD = 1,
	IOMMU_SVM_MODEL_ARM_SMMUV3 = 2,
};

/**
 * enum iommu_svm_pgtable_format - page-table formats
 * @IOMMU_SVM_PGTF_NONE: no format
 * @IOMMU_SVM_PGTF_X86_64: x86-64 4- or 5-level paging, as walked by the
 *                        VT-d first stage
 * @IOMMU_SVM_PGTF_ARM_64_LPAE_S1: ARMv8 VMSA stage 1, as walked by SMMUv3,
 *                                SMMUv2 and CPUs
 *
 * Page-table formats are shared between IOMMU models, so they have a
 * number space of their own. Each format defines its variants
 * (cumulative, as for models) and the vendor block of a page-table bind.
 */
enum iommu_svm_pgtable_format {
	IOMMU_SVM_PGTF_NONE = 0,
	IOMMU_SVM_PGTF_X86_64 = 1,
	IOMMU_SVM_PGTF_ARM_64_LPAE_S1 = 2,
};

/**
 * enum iommu_svm_inv_cache - caches an invalidation targets (bitmap)
 * @IOMMU_SVM_INV_CACHE_IOTLB: translations cached by the IOMMU
 * @IOMMU_SVM_INV_CACHE_DEV_IOTLB: translations cached by devices (ATS)
 * @IOMMU_SVM_INV_CACHE_PASID: cached PASID-table entries (VT-d PASID
 *                            cache, SMMUv3 CD cache)
 */
enum iommu_svm_inv_cache {
	IOMMU_SVM_INV_CACHE_IOTLB = 1 << 0,
	IOMMU_SVM_INV_CACHE_DEV_IOTLB = 1 << 1,
	IOMMU_SVM_INV_CACHE_PASID = 1 << 2,
};

/**
 * enum iommu_svm_inv_granu - what an invalidation covers
 * @IOMMU_SVM_INV_GRANU_DOMAIN: everything of every binding of the
 *                             container, on every device of the container
 * @IOMMU_SVM_INV_GRANU_PASID: everything of one PASID
 * @IOMMU_SVM_INV_GRANU_ADDR: an address range of one PASID
 */
enum iommu_svm_inv_granu {
	IOMMU_SVM_INV_GRANU_DOMAIN = 0,
	IOMMU_SVM_INV_GRANU_PASID = 1,
	IOMMU_SVM_INV_GRANU_ADDR = 2,
};

/**
 * struct iommu_svm_inv_entry - one invalidation request, generic part
 * @caches: enum iommu_svm_inv_cache bits, at least one
 * @granu: enum iommu_svm_inv_granu
 * @flags: IOMMU_SVM_INV_FLAG_* bits
 * @pasid: the PASID for PASID and ADDR granularity, 0 for DOMAIN
 * @addr: first byte of the range for ADDR granularity, 4 KiB aligned;
 *        0 otherwise
 * @size: size of the range in bytes for ADDR granularity, a non-zero
 *        multiple of 4 KiB; 0 otherwise
 *
 * In a batch every entry is this generic part followed by a vendor part
 * defined by the IOMMU model. The batch gives both sizes, so each part can
 * grow on its own. The vendor part may carry what the hardware tags its
 * caches with (an SMMUv3 ASID, say); where it contradicts the generic part
 * the entry fails with EINVAL: neither part silently wins.
 */
struct iommu_svm_inv_entry {
	__u32 caches;
	__u32 granu;
	__u32 flags;
#define IOMMU_SVM_INV_FLAG_LEAF		(1 << 0) /* only leaf entries changed */
	__u32 pasid;
	__aligned_u64 addr;
	__aligned_u64 size;
};

#endif /* _UAPI_LINUX_IOMMU_SVM_H */

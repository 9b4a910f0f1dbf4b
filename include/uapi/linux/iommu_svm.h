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

/* A FourCC: the value reads as its four characters in a little-endian dump. */
#define IOMMU_SVM_FOURCC(a, b, c, d)				\
	((__u32)(a) | ((__u32)(b) << 8) | ((__u32)(c) << 16) |	\
	 ((__u32)(d) << 24))

/**
 * enum iommu_svm_model - IOMMU models: who defines a PASID table format
 * @IOMMU_SVM_MODEL_NONE: no model, the container cannot bind
 * @IOMMU_SVM_MODEL_INTEL_VTD: Intel VT-d in scalable mode, "IVTD"
 * @IOMMU_SVM_MODEL_ARM_SMMUV3: ARM SMMUv3, whose PASID table is the
 *                             Context Descriptor table, "SMMU"
 * @IOMMU_SVM_MODEL_AMD_VI: AMD-Vi, "AMDV" (reserved: no backend yet)
 * @IOMMU_SVM_MODEL_S390: s390, "S390" (reserved: no backend yet)
 * @IOMMU_SVM_MODEL_MOCK: the test-only mock IOMMU, "MOCK"
 *
 * Each model defines its variants (architecture versions) and the vendor
 * block of a PASID-table bind.
 */
enum iommu_svm_model {
	IOMMU_SVM_MODEL_NONE = 0,
	IOMMU_SVM_MODEL_INTEL_VTD = IOMMU_SVM_FOURCC('I', 'V', 'T', 'D'),
	IOMMU_SVM_MODEL_ARM_SMMUV3 = IOMMU_SVM_FOURCC('S', 'M', 'M', 'U'),
	IOMMU_SVM_MODEL_AMD_VI = IOMMU_SVM_FOURCC('A', 'M', 'D', 'V'),
	IOMMU_SVM_MODEL_S390 = IOMMU_SVM_FOURCC('S', '3', '9', '0'),
	IOMMU_SVM_MODEL_MOCK = IOMMU_SVM_FOURCC('M', 'O', 'C', 'K'),
};

/**
 * enum iommu_svm_pgtable_format - page-table formats
 * @IOMMU_SVM_PGTF_NONE: no format
 * @IOMMU_SVM_PGTF_X86_64: x86-64 4- or 5-level paging, as walked by the
 *                        VT-d first stage, "X864"
 * @IOMMU_SVM_PGTF_ARM_64_LPAE_S1: ARMv8 VMSA stage 1, as walked by SMMUv3,
 *                                SMMUv2 and CPUs, "ARM1"
 * @IOMMU_SVM_PGTF_MOCK: the mock IOMMU's format, "MKPT"
 *
 * Page-table formats are shared between IOMMU models, so they have a
 * magic space of their own. Each format defines its variants and the
 * vendor block of a page-table bind.
 */
enum iommu_svm_pgtable_format {
	IOMMU_SVM_PGTF_NONE = 0,
	IOMMU_SVM_PGTF_X86_64 = IOMMU_SVM_FOURCC('X', '8', '6', '4'),
	IOMMU_SVM_PGTF_ARM_64_LPAE_S1 = IOMMU_SVM_FOURCC('A', 'R', 'M', '1'),
	IOMMU_SVM_PGTF_MOCK = IOMMU_SVM_FOURCC('M', 'K', 'P', 'T'),
};

/**
 * enum iommu_svm_bind_kind - what a bind hands over
 * @IOMMU_SVM_BIND_PASID_TABLE: a whole PASID table, walked through stage 2
 * @IOMMU_SVM_BIND_PGTABLE: the page table of one PASID, walked through
 *                         stage 2
 * @IOMMU_SVM_BIND_PROCESS: the calling process's address space
 * @IOMMU_SVM_BIND_NR: number of kinds
 */
enum iommu_svm_bind_kind {
	IOMMU_SVM_BIND_PASID_TABLE = 0,
	IOMMU_SVM_BIND_PGTABLE = 1,
	IOMMU_SVM_BIND_PROCESS = 2,
	IOMMU_SVM_BIND_NR,
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

#define IOMMU_SVM_INV_CACHE_NR	3

/**
 * enum iommu_svm_inv_granu - what an invalidation covers
 * @IOMMU_SVM_INV_GRANU_DOMAIN: everything of every binding of the
 *                             container on the devices it names
 * @IOMMU_SVM_INV_GRANU_PASID: everything of one PASID
 * @IOMMU_SVM_INV_GRANU_ADDR: an address range of one PASID
 * @IOMMU_SVM_INV_GRANU_NR: number of granularities
 */
enum iommu_svm_inv_granu {
	IOMMU_SVM_INV_GRANU_DOMAIN = 0,
	IOMMU_SVM_INV_GRANU_PASID = 1,
	IOMMU_SVM_INV_GRANU_ADDR = 2,
	IOMMU_SVM_INV_GRANU_NR,
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
 * defined by the IOMMU model (e.g. struct iommu_svm_inv_mock). The batch
 * gives both sizes, so each part can grow on its own.
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

/*
 * The mock IOMMU (model MOCK, page-table format MKPT, variant 1).
 *
 * PASID table: an array of 8-byte little-endian entries at an IOVA of the
 * container, one per PASID starting at PASID 0; the table size in bytes is
 * 8 * number of PASIDs, a power of two of at most 1 << 20 entries. Entry:
 * bit 0 valid, bits 63:12 the IOVA of that PASID's MKPT page table.
 *
 * MKPT page table: two levels of 4 KiB pages holding 512 8-byte entries.
 * A root entry points to a leaf page (bit 0 valid, bits 63:12 its IOVA);
 * a leaf entry maps one 4 KiB page (bit 0 valid, bit 1 writable, bits
 * 63:12 the output IOVA). Input addresses have 30 bits.
 */

/**
 * struct iommu_svm_mock_pasid_table - vendor block of a MOCK table bind
 * @flags: must be 0
 * @__reserved: must be 0
 */
struct iommu_svm_mock_pasid_table {
	__u32 flags;
	__u32 __reserved;
};

/**
 * struct iommu_svm_mock_pgtable - vendor block of an MKPT page-table bind
 * @flags: IOMMU_SVM_MOCK_PGTABLE_RO: the mock treats every page read-only
 * @__reserved: must be 0
 */
struct iommu_svm_mock_pgtable {
	__u32 flags;
#define IOMMU_SVM_MOCK_PGTABLE_RO	(1 << 0)
	__u32 __reserved;
};

/**
 * struct iommu_svm_inv_mock - vendor part of an invalidation on MOCK
 * @flags: IOMMU_SVM_INV_MOCK_FAIL: the mock fails this entry with EIO,
 *         so tests can reach the partial-failure path
 * @__reserved: must be 0
 */
struct iommu_svm_inv_mock {
	__u32 flags;
#define IOMMU_SVM_INV_MOCK_FAIL		(1 << 0)
	__u32 __reserved;
};

#endif /* _UAPI_LINUX_IOMMU_SVM_H */

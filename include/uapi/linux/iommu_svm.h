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

/*
 * ARM SMMUv3 (IOMMU_SVM_MODEL_ARM_SMMUV3).
 *
 * Variant: 1 + the SMMU's AIDR.ArchMinorRev (1: SMMUv3.0, 2: SMMUv3.1, ...).
 * hw_info: the SMMU's IDR0 to IDR5, IIDR and AIDR, in that order, one per
 * __u64: SSID bits (IDR1.SSIDSIZE), two-level CD tables (IDR0.CD2L),
 * stage-1 granules and output size (IDR5) are read from there.
 *
 * A PASID-table bind hands over a Context Descriptor table: addr is the
 * IPA (container IOVA) of the table, walked through the container's stage
 * 2, and size its size in bytes. The CDs and the stage-1 tables they point
 * to hold IPAs too. Only the RID can be bound (no PGTABLE binds: the
 * SMMU has no per-SSID stage-1 pointer outside a CD table, which would
 * have to live in the user's IPA space).
 *
 * MSIs: the device keeps the MSI address the kernel gave it, an IPA in the
 * group's software MSI window (the "msi" line of
 * /sys/kernel/iommu_groups/N/reserved_regions, 0x8000000 + 1 MiB on
 * SMMUv3). Once bound, the user's stage 1 must map that window at the
 * same addresses (identity), or MSIs fault.
 */

/**
 * struct iommu_svm_smmuv3_pasid_table - vendor block of an SMMUv3
 *                                       PASID-table bind (version 1)
 * @flags: must be 0
 * @s1fmt: STE.S1Fmt: 0 linear; 1 and 2 two-level (4 KiB or 64 KiB leaf
 *         tables), only where IDR0.CD2L is set
 * @s1cdmax: STE.S1CDMax: the table covers 2^@s1cdmax SSIDs; at most the
 *           device's SSID bits (the SVM capability's pasid_bits)
 * @s1dss: STE.S1DSS, what DMA without an SSID uses: 0 terminate,
 *         1 bypass stage 1, 2 the CD of SSID 0
 * @s1cir: STE.S1CIR, inner cacheability of CD table fetches (0-3)
 * @s1cor: STE.S1COR, outer cacheability of CD table fetches (0-3)
 * @s1csh: STE.S1CSH, shareability of CD table fetches (0, 2, 3)
 * @__reserved: must be 0
 *
 * addr must be 64-byte aligned (the core asks for 4 KiB); size must hold
 * the table: 64 << @s1cdmax bytes for a linear one, the level-1 table of
 * 8-byte descriptors for a two-level one.
 */
struct iommu_svm_smmuv3_pasid_table {
	__u32 flags;
	__u8 s1fmt;
	__u8 s1cdmax;
	__u8 s1dss;
	__u8 s1cir;
	__u8 s1cor;
	__u8 s1csh;
	__u8 __reserved[6];
};

/**
 * struct iommu_svm_smmuv3_inv - vendor part of an SMMUv3 invalidation entry
 * @flags: IOMMU_SVM_SMMUV3_INV_ASID: @asid is valid. Required, and only
 *         allowed, for IOTLB entries of PASID and ADDR granularity: the
 *         SMMU tags stage-1 TLB entries with the ASID of the user's CD,
 *         not with the SSID.
 * @asid: the ASID, below 2^16 or 2^8 per IDR0.ASID16
 * @tg: IOTLB entries of ADDR granularity only, optional: the stage-1
 *      granule of the range (the CD's TG0): 1 4 KiB, 2 16 KiB, 3 64 KiB;
 *      addr and size must then be multiples of it. It lets the kernel use
 *      range invalidation (IDR3.RIL). 0: unknown, the range is invalidated
 *      in 4 KiB steps. Must be 0 for other entries.
 * @__reserved: must be 0
 *
 * The kernel supplies the VMID and StreamIDs; the entry's pasid is the
 * SSID for PASID-cache (CD cache) entries and, since the TLB is tagged by
 * ASID, only has to be within the bound table for IOTLB ones. An entry
 * naming both caches invalidates the CDs first.
 */
struct iommu_svm_smmuv3_inv {
	__u32 flags;
#define IOMMU_SVM_SMMUV3_INV_ASID	(1 << 0)
	__u16 asid;
	__u8 tg;
	__u8 __reserved;
};

/*
 * Intel VT-d in scalable mode (IOMMU_SVM_MODEL_INTEL_VTD).
 *
 * Variant: the unit's VER_REG[7:0] as read, (major << 4) | minor: 0x10
 * for VT-d 1.0, 0x30 for 3.0, and so on.
 * hw_info: the unit's CAP and ECAP registers, in that order, as the
 * driver uses them (the values sysfs shows in intel-iommu/cap and ecap),
 * then a word of IOMMU_SVM_VTD_HW_* flags the kernel adds.
 * What can be bound is read from there: ECAP.NEST (bit 26), FLTS (47) and
 * SMTS (43) for page-table binds, ECAP.PASID (40) and PSS (39:35) for the
 * PASID width, ECAP.SRS (31), EAFS (34), CAP.FL5LP (60) and FL1GP (56)
 * for the vendor block and the first-stage tables, ECAP.DT (2) and PRS
 * (29) for device TLBs and page requests.
 *
 * Only page tables can be bound (PGTABLE, format IOMMU_SVM_PGTF_X86_64),
 * at a PASID above 0: scalable-mode VT-d has no way to walk a PASID table
 * in the user's memory. addr is the guest-physical address (container
 * IOVA) of the first-stage root table, walked through the container's
 * stage 2, as are all the tables below it.
 */

/*
 * hw_info[2], IOMMU_SVM_VTD_HW_ERRATA_772415_SPR17: a nest parent cannot
 * hold read-only mappings; VFIO_IOMMU_MAP_DMA without write permission
 * fails with EOPNOTSUPP on a nesting container. Set on every unit, as
 * iommufd's IOMMU_GET_HW_INFO does: the driver cannot tell affected parts.
 */
#define IOMMU_SVM_VTD_HW_ERRATA_772415_SPR17	(1 << 0)

/**
 * struct iommu_svm_vtd_pgtable - vendor block of a VT-d page-table bind
 *                                (format IOMMU_SVM_PGTF_X86_64, version 1)
 * @flags: IOMMU_SVM_VTD_PGTABLE_* bits:
 *         SRE: supervisor requests are translated (needs ECAP.SRS);
 *         WPE: supervisor writes honour read-only pages (needs SRE);
 *         EAFE: the extended accessed flag is set (needs ECAP.EAFS)
 * @addr_width: input width of the first stage: 48 (4 levels) or 57
 *              (5 levels, needs CAP.FL5LP)
 * @__reserved: must be 0
 */
struct iommu_svm_vtd_pgtable {
	__u32 flags;
#define IOMMU_SVM_VTD_PGTABLE_SRE	(1 << 0)
#define IOMMU_SVM_VTD_PGTABLE_WPE	(1 << 1)
#define IOMMU_SVM_VTD_PGTABLE_EAFE	(1 << 2)
	__u32 addr_width;
	__aligned_u64 __reserved;
};

#endif /* _UAPI_LINUX_IOMMU_SVM_H */

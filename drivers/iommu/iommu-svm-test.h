/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Test-only ABI of the VFIO SVM mock IOMMU (CONFIG_IOMMU_SVM_MOCK), shared
 * by drivers/iommu/iommu-svm-mock.c and tools/testing/selftests/vfio. Not
 * uAPI: it changes with the tests.
 *
 * Model MOCK, page-table format MKPT, both variant 1.
 *
 * PASID table: an array of 8-byte little-endian entries at an IOVA of the
 * container, one per PASID starting at PASID 0; the table size in bytes is
 * 8 * number of PASIDs, a power of two of at most 1 << MOCK_PASID_BITS
 * entries. Entry: bit 0 valid, bits 63:12 the IOVA of that PASID's MKPT
 * page table. PASID 0 is the device's DMA without PASID (RID traffic).
 *
 * MKPT page table: two levels of 4 KiB pages holding 512 8-byte entries.
 * A root entry points to a leaf page (bit 0 valid, bits 63:12 its IOVA);
 * a leaf entry maps one 4 KiB page (bit 0 valid, bit 1 writable, bits
 * 63:12 the output IOVA). Input addresses have 30 bits.
 */
#ifndef __IOMMU_SVM_TEST_H
#define __IOMMU_SVM_TEST_H

#include <linux/types.h>

#define IOMMU_SVM_MODEL_MOCK		0xdead
#define IOMMU_SVM_PGTF_MOCK		0xdead

/* Raw "hardware information" of the mock: hw_info[0]. */
#define MOCK_HW_IDR_MAGIC		0x4d4f434b00000000ULL
#define MOCK_HW_IDR_PASID_BITS(idr)	((idr) & 0xff)

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
#define IOMMU_SVM_MOCK_PGTABLE_RO	0x1
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
#define IOMMU_SVM_INV_MOCK_FAIL		0x1
	__u32 __reserved;
};

#endif /* __IOMMU_SVM_TEST_H */

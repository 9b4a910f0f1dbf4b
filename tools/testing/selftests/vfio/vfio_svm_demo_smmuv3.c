// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio_svm_demo_smmuv3: vfio_svm_demo with QEMU's edu device behind an
 * SMMUv3 that nests (UEFI/ACPI boot with a CANWBS root complex): a guest
 * CD table and stage 1 built in user memory, real DMA through them, a
 * stale translation, a batched invalidation, an MSI, an unmap under the
 * binding, unbind.
 */
#define VFIO_SVM_NO_HARNESS
#include "vfio_svm_edu.h"
#include "vfio_svm_demo.h"

static int failures;

static int step(const char *what, int ret)
{
	printf("  %-58s %s\n", what, ret ? "FAILED" : "ok");
	failures += !!ret;
	return ret;
}

int main(void)
{
	struct iommu_svm_smmuv3_pasid_table vb = vb_linear();
	struct vfio_iommu_type1_dma_unmap unmap = {
		.argsz = sizeof(unmap), .iova = A_IPA, .size = PG,
	};
	struct vfio_iommu_type1_info_cap_svm *cap;
	struct smmuv3_inv e[2] = {
		{ .e = { .caches = IOMMU_SVM_INV_CACHE_PASID,
			 .granu = IOMMU_SVM_INV_GRANU_PASID } },
		{ .e = { .caches = IOMMU_SVM_INV_CACHE_IOTLB,
			 .granu = IOMMU_SVM_INV_GRANU_ADDR,
			 .addr = V, .size = PG },
		  .v = { .flags = IOMMU_SVM_SMMUV3_INV_ASID, .asid = ASID,
			 .tg = 1 } },
	};
	struct vfio_iommu_svm_invalidate req = {
		.argsz = sizeof(req), .entry_len = sizeof(e[0]),
		.vendor_len = sizeof(e[0].v), .entry_num = 2,
		.entries_uptr = (__u64)(unsigned long)e,
	};
	char g0[GRANUS_LEN], g2[GRANUS_LEN];
	struct edu_ctx c;
	char buf[4096];
	int ret;

	printf("vfio-svm demo: a guest CD table on an SMMUv3, with edu DMA\n\n");
	printf("1. Bind edu to vfio-pci, open a nesting container, map memory\n");
	ret = edu_open(&c);
	if (ret == -ENODEV) {
		printf("no edu device (QEMU -device edu)\n");
		return 4;
	}
	if (step("edu in a VFIO_TYPE1_NESTING_IOMMU container", ret))
		return 1;
	show("tables at IPA %#llx, data pages A %#llx B %#llx P %#llx",
	     TBL_IPA, A_IPA, B_IPA, P_IPA);

	printf("\n2. Discover what the container can bind\n");
	cap = svm_cap(c.container, buf, sizeof(buf));
	if (!cap || !(cap->bind_kinds & VFIO_SVM_BIND_PASID_TABLE)) {
		printf("  no PASID-table bind here: the SMMU does not nest\n");
		printf("  (device tree, or a root complex without IORT CANWBS)\n");
		edu_close(&c);
		return 1;
	}
	show("model %u (SMMUv3) variant %u, IDR0 %#llx IDR1 %#llx IDR5 %#llx",
	     cap->model, cap->variant, (unsigned long long)cap->hw_info[0],
	     (unsigned long long)cap->hw_info[1],
	     (unsigned long long)cap->hw_info[5]);
	show("IOTLB by %s; CD cache by %s", granus(g0, cap->inv_granu[0]),
	     granus(g2, cap->inv_granu[2]));
	step("edu DMA P -> B through stage 2 only",
	     !dma_pattern(&c, P_IPA, B_IPA, 0x5a));
	show("B[0] = %#x", page(&c, B_IPA)[0]);

	printf("\n3. Build a CD (ASID 1) and a 3-level stage 1 in our memory\n");
	build_stage1(&c);
	show("V %#llx -> A, P_VA %#llx -> P, MSI window identity-mapped",
	     V, P_VA);
	if (step("VFIO_IOMMU_BIND(PASID_TABLE, SMMUv3 v1, linear, 1 CD)",
		 bind_cd_table(c.container, &vb)))
		goto out;

	printf("\n4. edu DMA at stage-1 address V\n");
	step("edu DMA P_VA -> V", !dma_pattern(&c, P_VA, V, 0x11));
	show("A[0] = %#x, B[0] = %#x: V went to A", page(&c, A_IPA)[0],
	     page(&c, B_IPA)[0]);

	printf("\n5. Remap V to B without invalidating, then invalidate\n");
	set_v(&c, B_IPA);
	step("edu DMA P_VA -> V", !dma_pattern(&c, P_VA, V, 0x22));
	show("A[0] = %#x, B[0] = %#x: the SMMU's stale entry still says A",
	     page(&c, A_IPA)[0], page(&c, B_IPA)[0]);
	step("VFIO_IOMMU_SVM_INVALIDATE(CD cache, IOTLB range V, ASID 1)",
	     ioctl(c.container, VFIO_IOMMU_SVM_INVALIDATE, &req));
	step("edu DMA P_VA -> V", !dma_pattern(&c, P_VA, V, 0x33));
	show("A[0] = %#x, B[0] = %#x: now B", page(&c, A_IPA)[0],
	     page(&c, B_IPA)[0]);

	printf("\n6. MSIs through the identity-mapped window\n");
	if (!step("VFIO_DEVICE_SET_IRQS(MSI, eventfd)", msi_setup(&c)))
		step("edu raises its interrupt, the eventfd fires",
		     !msi_fires(&c));

	printf("\n7. Unmap B from stage 2 under the live binding\n");
	unmap.iova = B_IPA;
	step("VFIO_IOMMU_UNMAP_DMA(B)",
	     ioctl(c.container, VFIO_IOMMU_UNMAP_DMA, &unmap));
	step("edu DMA P_VA -> V", !dma_pattern(&c, P_VA, V, 0x44));
	show("B[0] = %#x: the DMA faulted (the kernel dropped the nested",
	     page(&c, B_IPA)[0]);
	show("entries of the container's VMID when stage 2 changed)");

	printf("\n8. Unbind: edu is back on stage 2 only\n");
	step("VFIO_IOMMU_UNBIND(PASID_TABLE)",
	     svm_unbind(c.container, VFIO_SVM_BIND_PASID_TABLE, 0));
	step("edu DMA P -> A through stage 2 only",
	     !dma_pattern(&c, P_IPA, A_IPA, 0x55));
	show("A[0] = %#x", page(&c, A_IPA)[0]);
out:
	edu_close(&c);
	printf("\ndone, %d step(s) failed\n", failures);
	return !!failures;
}

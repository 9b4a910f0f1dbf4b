// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio_svm_demo: what a VFIO container user does with the SVM uAPI, step
 * by step, on a mock device (CONFIG_IOMMU_SVM_MOCK): discover, map a
 * stage 2, bind a PASID table, pass invalidations down, unbind.
 */
#define VFIO_SVM_NO_HARNESS
#include "vfio_svm_utils.h"
#include "vfio_svm_demo.h"

static int step(const char *what, int ret)
{
	printf("  %-58s %s\n", what, ret ? strerror(errno) : "ok");
	return ret;
}

int main(void)
{
	static const char * const caches[] = { "IOTLB", "device IOTLB",
					       "PASID cache" };
	struct vfio_iommu_type1_info_cap_svm *cap;
	struct vfio_iommu_svm_bind b;
	char buf[4096] = {}, g[GRANUS_LEN];
	struct vfio_iommu_type1_info *info = (void *)buf;
	struct mock_inv inv[3];
	int container, group, i;
	__u32 done;
	void *mem;

	printf("vfio-svm demo: a guest PASID table on a mock IOMMU\n\n");
	if (mock_group(0) < 0) {
		printf("no mock device: build with CONFIG_IOMMU_SVM_MOCK\n");
		return 4;
	}
	printf("1. Open a container and put device svm_mock0 (group %d) in it\n",
	       mock_group(0));
	container = open("/dev/vfio/vfio", O_RDWR);
	if (step("open /dev/vfio/vfio", container < 0))
		return 1;
	group = group_attach(container, 0);
	if (step("VFIO_GROUP_SET_CONTAINER", group < 0))
		return 1;
	show("VFIO_CHECK_EXTENSION(VFIO_IOMMU_SVM) = %d",
	     ioctl(container, VFIO_CHECK_EXTENSION, VFIO_IOMMU_SVM));
	if (step("VFIO_SET_IOMMU(VFIO_TYPE1_NESTING_IOMMU)",
		 ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1_NESTING_IOMMU)))
		return 1;

	printf("\n2. Discover what the container can bind\n");
	info->argsz = sizeof(buf);
	if (step("VFIO_IOMMU_GET_INFO", ioctl(container, VFIO_IOMMU_GET_INFO,
					      info)))
		return 1;
	cap = svm_find_cap(buf, sizeof(buf));
	if (!cap) {
		printf("  no VFIO_IOMMU_TYPE1_INFO_CAP_SVM: nothing to bind\n");
		return 1;
	}
	show("IOMMU model %#x variant %u, %u PASID bits%s",
	     cap->model, cap->variant, cap->pasid_bits,
	     cap->flags & VFIO_IOMMU_SVM_CAP_NESTED ?
	     ", stage 2 can be nested under" : "");
	show("bind kinds:%s%s%s", cap->bind_kinds & 1 ? " pasid-table" : "",
	     cap->bind_kinds & 2 ? " page-table" : "",
	     cap->bind_kinds & 4 ? " process" : "");
	for (i = 0; i < (int)cap->nr_pgtable_formats; i++)
		show("page-table format \"%.4s\" variant %u",
		     (char *)&cap->pgtable_formats[i].format,
		     cap->pgtable_formats[i].variant);
	for (i = 0; i < 3; i++)
		show("invalidate %-12s by %s", caches[i],
		     granus(g, cap->inv_granu[i]));

	printf("\n3. Map guest memory: the stage 2 the kernel owns\n");
	mem = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (step("VFIO_IOMMU_MAP_DMA 64 KiB at IOVA 0x100000",
		 dma_map(container, mem, TABLE_IOVA, BUF_SIZE)))
		return 1;

	/*
	 * The guest's tables, in its memory: PASID 1 -> page directory at
	 * 0x101000 -> leaf at 0x102000 -> address 0x10000 maps to 0x104000.
	 */
	((__u64 *)mem)[1] = (TABLE_IOVA + 0x1000) | 1;
	((__u64 *)mem)[0x1000 / 8] = (TABLE_IOVA + 0x2000) | 1;
	((__u64 *)mem)[0x2000 / 8 + 0x10] = (TABLE_IOVA + 0x4000) | 3;

	printf("\n4. Bind the guest's PASID table (at IOVA 0x100000)\n");
	b = table_bind();
	if (step("VFIO_IOMMU_BIND(PASID_TABLE, \"MOCK\" v1, 256 entries)",
		 ioctl(container, VFIO_IOMMU_BIND, &b)))
		return 1;
	show("the IOMMU now holds table %#llx, %lld bytes",
	     mock_val(0, "table", 0), mock_val(0, "table", 1));
	step("the same bind again (expect: File exists)",
	     ioctl(container, VFIO_IOMMU_BIND, &b));

	printf("\n5. The device does DMA with PASID 1 to address 0x10000\n");
	step("mock device writes 0x1111 at PASID 1, address 0x10008",
	     mock_dma(0, 1, 0x10008, 0x1111));
	show("landed in guest page 0x104000: %#llx",
	     ((unsigned long long *)mem)[0x4008 / 8]);
	((__u64 *)mem)[0x2000 / 8 + 0x10] = (TABLE_IOVA + 0x5000) | 3;
	show("the guest remaps 0x10000 to 0x105000 but does not invalidate");
	step("mock device writes 0x2222 at the same address",
	     mock_dma(0, 1, 0x10008, 0x2222));
	show("stale IOTLB entry: page 0x104000 has %#llx, 0x105000 has %#llx",
	     ((unsigned long long *)mem)[0x4008 / 8],
	     ((unsigned long long *)mem)[0x5008 / 8]);

	printf("\n6. Pass guest invalidations down, as one batch\n");
	memset(inv, 0, sizeof(inv));
	inv[0].e.caches = IOMMU_SVM_INV_CACHE_PASID;
	inv[0].e.granu = IOMMU_SVM_INV_GRANU_PASID;
	inv[0].e.pasid = 1;
	inv[1].e.caches = IOMMU_SVM_INV_CACHE_IOTLB;
	inv[1].e.granu = IOMMU_SVM_INV_GRANU_ADDR;
	inv[1].e.pasid = 1;
	inv[1].e.addr = 0x10000;
	inv[1].e.size = 0x1000;
	inv[2].e.caches = IOMMU_SVM_INV_CACHE_DEV_IOTLB;
	inv[2].e.granu = IOMMU_SVM_INV_GRANU_DOMAIN;
	step("VFIO_IOMMU_SVM_INVALIDATE(PASID cache, IOTLB page, devTLB all)",
	     svm_inv(container, inv, 3, &done));
	show("%u of 3 entries done: device-IOTLB x domain is not in the", done);
	show("published matrix, so it fails instead of passing silently");
	show("IOMMU counters: IOTLB %lld, device IOTLB %lld, PASID cache %lld",
	     mock_val(0, "inv", 0), mock_val(0, "inv", 1),
	     mock_val(0, "inv", 2));
	step("mock device writes 0x3333 at the same address",
	     mock_dma(0, 1, 0x10008, 0x3333));
	show("after the invalidation it lands in page 0x105000: %#llx",
	     ((unsigned long long *)mem)[0x5008 / 8]);

	printf("\n7. Unbind: the kernel blocks the PASIDs and drains, then tears down\n");
	step("VFIO_IOMMU_UNBIND(PASID_TABLE)",
	     svm_unbind(container, VFIO_SVM_BIND_PASID_TABLE, 0));
	show("the IOMMU now holds table %#llx", mock_val(0, "table", 0));

	close(group);
	close(container);
	printf("\ndone\n");
	return 0;
}

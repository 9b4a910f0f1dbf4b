/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * QEMU's "edu" PCI device behind an SMMUv3, driven through VFIO: what the
 * SMMUv3 end-to-end selftest and vfio_svm_demo share. The user builds a
 * Context Descriptor table and stage-1 page tables in its own memory, at
 * container IOVAs, as a guest would, and binds them nested over the
 * container's stage 2.
 *
 * Address plan (edu masks DMA addresses to 28 bits, so all below 256 MiB;
 * 0x8000000 + 1 MiB is the SMMUv3 software MSI window):
 *   stage 2 (IOVA = IPA): tables at TBL_IPA (CD, L1, L2, L3 pages),
 *                         data pages A, B and P at DATA_IPA
 *   stage 1 (VA -> IPA):  V -> A (or B), P_VA -> P, and the MSI window
 *                         identity-mapped by a 2 MiB block
 */
#ifndef __VFIO_SVM_EDU_H
#define __VFIO_SVM_EDU_H

#include <poll.h>
#include <stdbool.h>
#include <sys/eventfd.h>
#include <linux/pci_regs.h>

#include "vfio_svm_utils.h"

#ifndef BIT_ULL
#define BIT_ULL(n)		(1ULL << (n))
#endif

#define EDU_VENDOR		"0x1234"
#define EDU_DEVICE		"0x11e8"
#define EDU_IRQ_RAISE		0x60
#define EDU_IRQ_ACK		0x64
#define EDU_DMA_SRC		0x80
#define EDU_DMA_DST		0x88
#define EDU_DMA_CNT		0x90
#define EDU_DMA_CMD		0x98
#define EDU_DMA_RUN		0x1
#define EDU_DMA_TO_RAM		0x2
#define EDU_BUF			0x40000	/* edu's own 4 KiB buffer */

#define PG			0x1000ULL
#define TBL_IPA			0x100000ULL
#define CD_IPA			(TBL_IPA + 0 * PG)
#define L1_IPA			(TBL_IPA + 1 * PG)
#define L2_IPA			(TBL_IPA + 2 * PG)
#define L3_IPA			(TBL_IPA + 3 * PG)
#define TBL_SIZE		(4 * PG)
#define DATA_IPA		0x200000ULL
#define A_IPA			(DATA_IPA + 0 * PG)
#define B_IPA			(DATA_IPA + 1 * PG)
#define P_IPA			(DATA_IPA + 2 * PG)
#define DATA_SIZE		(4 * PG)
#define V			0x400000ULL	/* stage-1 VA, not an IPA */
#define P_VA			(V + PG)
#define MSI_WINDOW		0x8000000ULL
#define ASID			1
#define XFER			64

/* Context descriptor (SMMUv3 5.4) and VMSAv8-64 stage-1 descriptors */
#define CD0_T0SZ(x)		((__u64)(x) << 0)
#define CD0_IRGN0_WBWA		BIT_ULL(8)
#define CD0_ORGN0_WBWA		BIT_ULL(10)
#define CD0_SH0_ISH		(3ULL << 12)
#define CD0_EPD1		BIT_ULL(30)
#define CD0_V			BIT_ULL(31)
#define CD0_IPS_40		(2ULL << 32)
#define CD0_AA64		BIT_ULL(41)
#define CD0_R			BIT_ULL(45)
#define CD0_A			BIT_ULL(46)
#define CD0_ASET		BIT_ULL(47)
#define CD0_ASID(x)		((__u64)(x) << 48)
#define MAIR_NORMAL_WB		0xffULL		/* AttrIndx 0 */
#define MAIR_DEVICE_NGNRE	(0x04ULL << 8)	/* AttrIndx 1 */
#define PTE_TABLE		3ULL
#define PTE_PAGE		3ULL
#define PTE_BLOCK		1ULL
#define PTE_ATTR(i)		((__u64)(i) << 2)
#define PTE_AP_RW_ALL		BIT_ULL(6)
#define PTE_SH_ISH		(3ULL << 8)
#define PTE_AF			BIT_ULL(10)
#define PTE_NG			BIT_ULL(11)
#define PTE_LEAF(ipa, attr)	((ipa) | PTE_ATTR(attr) | PTE_AP_RW_ALL | \
				 PTE_SH_ISH | PTE_AF | PTE_NG)

struct smmuv3_inv {
	struct iommu_svm_inv_entry e;
	struct iommu_svm_smmuv3_inv v;
};

static_assert(sizeof(struct iommu_svm_smmuv3_pasid_table) == 16,
	      "SMMUv3 table vendor block layout");
static_assert(sizeof(struct iommu_svm_smmuv3_inv) == 8,
	      "SMMUv3 invalidation vendor part layout");

static inline bool sysfs_is(const char *bdf, const char *attr, const char *val)
{
	char path[PATH_MAX], buf[32] = {};
	int fd, n;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/%s", bdf, attr);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 && !strncmp(buf, val, strlen(val)) &&
	       (buf[strlen(val)] == '\n' || !buf[strlen(val)]);
}

static inline void sysfs_write(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);

	/* Failures (already bound, say) show up as a missing group */
	if (fd >= 0) {
		if (write(fd, val, strlen(val)) < 0)
			errno = 0;
		close(fd);
	}
}

/*
 * Find edu, bind it to vfio-pci and return its IOMMU group number, with
 * its PCI address in @bdf; -1 if there is none. A PCI device gets its
 * IOMMU fwspec, and so its group, only when a driver binds to it.
 */
static inline int edu_find(char *bdf, size_t len)
{
	char path[PATH_MAX], link[PATH_MAX] = {};
	int n;

	for (n = 0; n < 32; n++) {
		snprintf(bdf, len, "0000:00:%02x.0", n);
		if (!sysfs_is(bdf, "vendor", EDU_VENDOR) ||
		    !sysfs_is(bdf, "device", EDU_DEVICE))
			continue;
		snprintf(path, sizeof(path),
			 "/sys/bus/pci/devices/%s/driver_override", bdf);
		sysfs_write(path, "vfio-pci");
		sysfs_write("/sys/bus/pci/drivers_probe", bdf);
		snprintf(path, sizeof(path),
			 "/sys/bus/pci/devices/%s/iommu_group", bdf);
		if (readlink(path, link, sizeof(link) - 1) < 0)
			return -1;
		return atoi(strrchr(link, '/') + 1);
	}
	return -1;
}

/**
 * struct edu_ctx - edu bound to vfio-pci in a VFIO container
 * @container: the container fd
 * @group: edu's group fd
 * @device: edu's device fd
 * @irq: the MSI eventfd once msi_setup() ran, else -1
 * @bar: BAR0's offset in @device
 * @tbl: TBL_SIZE bytes of user memory mapped at TBL_IPA (CD and stage 1)
 * @data: DATA_SIZE bytes mapped page by page at DATA_IPA (A, B, P)
 */
struct edu_ctx {
	int container, group, device, irq;
	__u64 bar;
	__u64 *tbl;
	__u8 *data;
};

static inline void edu_close(struct edu_ctx *self)
{
	if (self->irq >= 0)
		close(self->irq);
	if (self->device >= 0)
		close(self->device);
	if (self->group >= 0)
		close(self->group);
	if (self->container >= 0)
		close(self->container);
	if (self->tbl && self->tbl != MAP_FAILED)
		munmap(self->tbl, TBL_SIZE);
	if (self->data && self->data != MAP_FAILED)
		munmap(self->data, DATA_SIZE);
	memset(self, 0, sizeof(*self));
	self->container = -1;
	self->group = -1;
	self->device = -1;
	self->irq = -1;
}

/* A step of edu_open(): on failure, say which and why */
static inline int edu_step(const char *what, bool ok)
{
	if (!ok)
		fprintf(stderr, "edu: %s: %s\n", what, strerror(errno));
	return ok ? 0 : -1;
}

/*
 * Find edu, put it in a new container of IOMMU @type (VFIO_SET_IOMMU),
 * enable its memory space and bus mastering, and map @tbl and @data at
 * their IPAs. Return: 0; -ENODEV without edu; -1 if a step failed
 * (printed).
 */
static inline int edu_open_type(struct edu_ctx *self, unsigned long type)
{
	struct vfio_region_info reg = { .argsz = sizeof(reg) };
	char path[64], bdf[32];
	__u16 cmd;
	int g, i;

	memset(self, 0, sizeof(*self));
	self->container = -1;
	self->group = -1;
	self->device = -1;
	self->irq = -1;
	g = edu_find(bdf, sizeof(bdf));
	if (g < 0)
		return -ENODEV;
	snprintf(path, sizeof(path), "/dev/vfio/%d", g);
	self->container = open("/dev/vfio/vfio", O_RDWR);
	self->group = open(path, O_RDWR);
	if (edu_step("open", self->container >= 0 && self->group >= 0) ||
	    edu_step("VFIO_GROUP_SET_CONTAINER",
		     !ioctl(self->group, VFIO_GROUP_SET_CONTAINER,
			    &self->container)) ||
	    edu_step("VFIO_SET_IOMMU",
		     !ioctl(self->container, VFIO_SET_IOMMU, type)))
		return -1;
	self->device = ioctl(self->group, VFIO_GROUP_GET_DEVICE_FD, bdf);
	if (edu_step("VFIO_GROUP_GET_DEVICE_FD", self->device >= 0))
		return -1;

	reg.index = VFIO_PCI_BAR0_REGION_INDEX;
	if (edu_step("BAR0 region", !ioctl(self->device,
					   VFIO_DEVICE_GET_REGION_INFO, &reg)))
		return -1;
	self->bar = reg.offset;
	reg.index = VFIO_PCI_CONFIG_REGION_INDEX;
	if (edu_step("config region", !ioctl(self->device,
					     VFIO_DEVICE_GET_REGION_INFO,
					     &reg)) ||
	    edu_step("read PCI_COMMAND",
		     pread(self->device, &cmd, 2,
			   reg.offset + PCI_COMMAND) == 2))
		return -1;
	cmd |= PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	if (edu_step("write PCI_COMMAND",
		     pwrite(self->device, &cmd, 2,
			    reg.offset + PCI_COMMAND) == 2))
		return -1;

	self->tbl = mmap(NULL, TBL_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	self->data = mmap(NULL, DATA_SIZE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (edu_step("mmap",
		     self->tbl != MAP_FAILED && self->data != MAP_FAILED))
		return -1;
	memset(self->tbl, 0, TBL_SIZE);
	memset(self->data, 0, DATA_SIZE);
	if (edu_step("MAP_DMA tables",
		     !dma_map(self->container, self->tbl, TBL_IPA, TBL_SIZE)))
		return -1;
	/* Page by page, so that a test can unmap one */
	for (i = 0; i < DATA_SIZE; i += PG)
		if (edu_step("MAP_DMA data",
			     !dma_map(self->container, self->data + i,
				      DATA_IPA + i, PG)))
			return -1;
	return 0;
}

/* edu_open_type() in a VFIO_TYPE1_NESTING_IOMMU container */
static inline int edu_open(struct edu_ctx *self)
{
	return edu_open_type(self, VFIO_TYPE1_NESTING_IOMMU);
}

/* edu registers through the vfio-pci region: 4 or 8 bytes, aligned */
static inline bool edu_write(struct edu_ctx *self, unsigned int reg,
			     __u64 val, size_t size)
{
	__u32 v32 = val;

	return pwrite(self->device, size == 8 ? (void *)&val : (void *)&v32,
		      size, self->bar + reg) == (ssize_t)size;
}

static inline __u32 edu_read32(struct edu_ctx *self, unsigned int reg)
{
	__u32 v = ~0U;

	if (pread(self->device, &v, 4, self->bar + reg) != 4)
		return ~0U;
	return v;
}

/* One edu DMA of XFER bytes; false if edu did not finish in time. */
static inline bool edu_dma(struct edu_ctx *self, __u64 src, __u64 dst,
			   __u64 cmd)
{
	int i;

	if (!edu_write(self, EDU_DMA_SRC, src, 8) ||
	    !edu_write(self, EDU_DMA_DST, dst, 8) ||
	    !edu_write(self, EDU_DMA_CNT, XFER, 8) ||
	    !edu_write(self, EDU_DMA_CMD, EDU_DMA_RUN | cmd, 8))
		return false;
	for (i = 0; i < 1000; i++) {
		if (!(edu_read32(self, EDU_DMA_CMD) & EDU_DMA_RUN))
			return true;
		usleep(10000);
	}
	return false;
}

static inline __u8 *page(struct edu_ctx *self, __u64 ipa)
{
	return self->data + (ipa - DATA_IPA);
}

/*
 * Put @pattern in P, have edu read P at @src_iova into its buffer and
 * write its buffer at @dst_iova; A and B start as 0xaa and 0xbb.
 */
static inline bool dma_pattern(struct edu_ctx *self, __u64 src_iova,
			       __u64 dst_iova, __u8 pattern)
{
	memset(page(self, A_IPA), 0xaa, PG);
	memset(page(self, B_IPA), 0xbb, PG);
	memset(page(self, P_IPA), pattern, PG);
	return edu_dma(self, src_iova, EDU_BUF, 0) &&
	       edu_dma(self, EDU_BUF, dst_iova, EDU_DMA_TO_RAM);
}

static inline bool filled(const __u8 *p, __u8 val)
{
	int i;

	for (i = 0; i < XFER; i++)
		if (p[i] != val)
			return false;
	return true;
}

static inline void set_v(struct edu_ctx *self, __u64 ipa)
{
	__u64 *l3 = self->tbl + (L3_IPA - TBL_IPA) / 8;

	l3[(V >> 12) & 511] = PTE_LEAF(ipa, 0) | PTE_PAGE;
}

/* A CD for ASID 1 and a 3-level 4 KiB stage 1 (39-bit VA), all IPAs */
static inline void build_stage1(struct edu_ctx *self)
{
	__u64 *cd = self->tbl, *l1 = self->tbl + 512, *l2 = self->tbl + 1024;
	__u64 *l3 = self->tbl + 1536;

	cd[0] = CD0_T0SZ(64 - 39) | CD0_IRGN0_WBWA | CD0_ORGN0_WBWA |
		CD0_SH0_ISH | CD0_EPD1 | CD0_V | CD0_IPS_40 | CD0_AA64 |
		CD0_R | CD0_A | CD0_ASET | CD0_ASID(ASID);
	cd[1] = L1_IPA;
	cd[3] = MAIR_NORMAL_WB | MAIR_DEVICE_NGNRE;
	l1[0] = L2_IPA | PTE_TABLE;
	l2[(V >> 21) & 511] = L3_IPA | PTE_TABLE;
	/* The MSI doorbell stays reachable: identity, device memory */
	l2[(MSI_WINDOW >> 21) & 511] = PTE_LEAF(MSI_WINDOW, 1) | PTE_BLOCK;
	set_v(self, A_IPA);
	l3[(P_VA >> 12) & 511] = PTE_LEAF(P_IPA, 0) | PTE_PAGE;
}

static inline struct iommu_svm_smmuv3_pasid_table vb_linear(void)
{
	return (struct iommu_svm_smmuv3_pasid_table){
		.s1fmt = 0, .s1cdmax = 0, .s1dss = 0,
		.s1cir = 1, .s1cor = 1, .s1csh = 3,
	};
}

static inline int bind_cd_table(int container,
				const struct iommu_svm_smmuv3_pasid_table *vb)
{
	struct vfio_iommu_svm_bind b = {
		.argsz = sizeof(b),
		.flags = VFIO_SVM_BIND_PASID_TABLE,
		.format = IOMMU_SVM_MODEL_ARM_SMMUV3,
		.variant = 1,
		.vendor_len = sizeof(*vb),
		.addr = CD_IPA,
		.size = 64,
		.vendor_uptr = (__u64)(unsigned long)vb,
	};

	return ioctl(container, VFIO_IOMMU_BIND, &b);
}

static inline int inv(int container, __u32 caches, __u32 granu,
		      __u64 addr, __u32 asid_flag, __u16 asid)
{
	struct smmuv3_inv e = {
		.e = { .caches = caches, .granu = granu,
		       .addr = addr, .size = addr ? PG : 0 },
		.v = { .flags = asid_flag, .asid = asid },
	};
	struct vfio_iommu_svm_invalidate req = {
		.argsz = sizeof(req),
		.entry_len = sizeof(e),
		.vendor_len = sizeof(e.v),
		.entry_num = 1,
		.entries_uptr = (__u64)(unsigned long)&e,
	};

	return ioctl(container, VFIO_IOMMU_SVM_INVALIDATE, &req);
}

/* edu's MSI to an eventfd, through VFIO_DEVICE_SET_IRQS */
static inline int msi_setup(struct edu_ctx *self)
{
	char irqbuf[sizeof(struct vfio_irq_set) + sizeof(int)];
	struct vfio_irq_set *set = (void *)irqbuf;

	self->irq = eventfd(0, EFD_NONBLOCK);
	if (self->irq < 0)
		return -1;
	set->argsz = sizeof(irqbuf);
	set->flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	set->index = VFIO_PCI_MSI_IRQ_INDEX;
	set->start = 0;
	set->count = 1;
	memcpy(set->data, &self->irq, sizeof(int));
	return ioctl(self->device, VFIO_DEVICE_SET_IRQS, set);
}

/* Raise edu's interrupt; true if the MSI reached the eventfd */
static inline bool msi_fires(struct edu_ctx *self)
{
	struct pollfd pfd = { .fd = self->irq, .events = POLLIN };
	__u64 cnt = 0;
	bool ok;

	if (!edu_write(self, EDU_IRQ_RAISE, 1, 4))
		return false;
	ok = poll(&pfd, 1, 5000) == 1 &&
	     read(self->irq, &cnt, sizeof(cnt)) == sizeof(cnt) && cnt >= 1;
	edu_write(self, EDU_IRQ_ACK, 1, 4);
	return ok;
}

#endif /* __VFIO_SVM_EDU_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * Mock IOMMU and mock VFIO devices for the VFIO SVM selftests.
 *
 * A software IOMMU (model MOCK, page-table format MKPT, both variant 1, see
 * <uapi/linux/iommu_svm.h>) on a bus of its own, and nr_devices devices on
 * that bus, each in its own IOMMU group and registered as a VFIO device, so
 * the selftests reach them through /dev/vfio/<group> and a real type1
 * container.
 *
 * The IOMMU implements paging domains (an xarray from IOVA page to physical
 * page), nest-parent domains, and the SVM callbacks: a PASID-table or
 * page-table bind becomes a nested domain over a nest-parent domain.
 *
 * DMA is done in software on request: the stage-1 tables (MOCK PASID table,
 * MKPT page tables) are read through the container's stage 2. A small IOTLB
 * caches *combined* results, as real nesting IOMMUs do: (PASID, stage-1
 * input page) -> physical page. Stage-1 invalidations drop entries of their
 * PASID and range; only the nest parent's iotlb_sync() and flush_iotlb_all()
 * drop entries derived from a stage-2 mapping, which is the contract
 * <linux/iommu-svm.h> states. A driver that broke it would let a DMA reach
 * a page after type1 unpinned it, and the selftests would see the write.
 * PASID 0 is RID traffic: through PASID-table entry 0 when a table is
 * bound, else straight through stage 2.
 *
 * A PASID cache holds valid entries of a bound PASID table, read through
 * stage 2, as SMMUv3 caches CDs and VT-d PASID entries. Only a PASID-cache
 * invalidation of that PASID (or DOMAIN), a new attach at the RID, or the
 * nest parent's sync drops them, so a guest that rewrites an entry without
 * a PASID-cache invalidation keeps getting the old one, and a test sees it.
 *
 * Devices svm_mock0..3 are each in a group of their own; svm_mock4 and
 * svm_mock5 share one group, for multi-device and hot-remove tests.
 *
 * Test hooks, in debugfs:
 *  vfio_svm_mock/<device>      what is bound, invalidation and drain counts
 *  vfio_svm_mock/<device>.dma  write "<pasid> <address> <u64>": the device
 *                              writes the value at that stage-1 address;
 *                              the write fails with the fault's errno
 *  vfio_svm_mock/<device>.fail an errno (e.g. 12) that building the next
 *                              bindings on this device fails with, so
 *                              tests reach the callers' rollback paths;
 *                              0 (default) to stop; above MAX_ERRNO: EINVAL
 *  vfio_svm_mock/<device>.fail_attach
 *                              an errno that attaching the device to a
 *                              paging domain fails with (0 to stop), so
 *                              tests reach a failing return to stage 2
 *  vfio_svm_mock/<device>.iopf 0 makes the device refuse I/O page faults
 *                              and SVA (default 1)
 *  vfio_svm_mock/<device>.pasid_bits
 *                              the PASID width the IOMMU reports for the
 *                              device (default and most: 20)
 *  vfio_svm_mock/<device>.inv_mask
 *                              invalidation matrix bits to refuse: bit
 *                              3 * cache + granularity (default 0)
 *  vfio_svm_mock/<device>.inv_fail_after
 *                              N > 0: the device carries out N - 1 more
 *                              invalidation entries, fails the next one
 *                              with EIO and goes back to 0 (default 0:
 *                              never), so one device of a group can fail
 *                              part-way through a batch. Set while the
 *                              device is idle.
 *  vfio_svm_mock/<device>.no_nest
 *                              1: no nest-parent domains for the device,
 *                              only the older enable_nesting (as SMMUv3 in
 *                              this kernel), so its group nests nothing
 *  (pasid_bits, inv_mask, no_nest and sw_msi are read when the device's
 *  group joins a container)
 *  vfio_svm_mock/<device>.sw_msi
 *                              1 gives the device a software-managed MSI
 *                              window (IOMMU_RESV_SW_MSI), as on ARM; read
 *                              when its group joins a container
 *  vfio_svm_mock/remove        write a device number: hot-remove it
 *
 * Every domain holds a reference on this module, so it cannot be unloaded
 * while a container uses one.
 *
 * Locking: mock_lock (a mutex) protects the per-device state shown in
 * debugfs; domain contents (the xarray) are protected by the xarray's own
 * lock. The IOMMU core serialises attach and detach per group.
 */
#include <linux/debugfs.h>
#include <linux/highmem.h>
#include <linux/iommu.h>
#include <linux/iommu-svm.h>
#include <linux/mmu_notifier.h>
#include <linux/module.h>
#include <linux/property.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/xarray.h>
#include <uapi/linux/iommufd.h>

#include "iommu-priv.h"	/* iommu_device_register_bus() */
#include "iommu-svm-test.h"

#define MOCK_PASID_BITS		20
#define MOCK_MAX_SVA		8
#define MOCK_IOTLB_SIZE		8	/* at most BITS_PER_LONG: iotlb_valid */
#define MOCK_PC_SIZE		4
static_assert(MOCK_IOTLB_SIZE <= BITS_PER_LONG);
#define MOCK_NR_DEVS		64
/* svm_mock4 and svm_mock5 share a group; every other device has its own */
#define MOCK_SHARED_A		4
#define MOCK_SHARED_B		5
#define MOCK_MSI_IOVA		0x8000000
#define MOCK_MSI_SIZE		0x100000
#define MOCK_PTE_VALID		BIT_ULL(0)
#define MOCK_PTE_WRITE		BIT_ULL(1)
#define MOCK_PTE_ADDR		GENMASK_ULL(63, 12)

static unsigned int nr_devices = 6;
module_param(nr_devices, uint, 0444);
MODULE_PARM_DESC(nr_devices, "Number of mock devices (default 6, max 64)");

static const struct bus_type mock_bus = {
	.name = "vfio_svm_mock",
};

static struct notifier_block mock_bus_nb;

static struct fwnode_handle mock_fwnode;
static struct iommu_device mock_iommu = {
	.fwnode = &mock_fwnode,
	.max_pasids = 1U << MOCK_PASID_BITS,
};

static const struct iommu_ops mock_ops;
static DEFINE_MUTEX(mock_lock);
static struct dentry *mock_debugfs;

/* A page table bound at a PASID, nested over @s2 (its domain's parent). */
struct mock_pgtable {
	u64 addr;
	u32 flags;
	struct mock_paging *s2;
};

/* What is programmed on one mock device: the test hooks show this. */
struct mock_state {
	u64 table_addr;			/* PASID table bound at the RID */
	u64 table_size;
	struct xarray pgtables;		/* PASID -> struct mock_pgtable */
	ioasid_t sva[MOCK_MAX_SVA];	/* PASIDs of process binds */
	u32 features;			/* BIT(enum iommu_dev_features) */
	u64 inv[IOMMU_SVM_NR_INV_CACHES];
	struct iommu_svm_inv_entry last_inv;
	u64 s2_syncs;			/* nest-parent iotlb_sync() flushes */
	struct mock_paging *s2;		/* the stage 2 the device is in */
	unsigned long iotlb_valid;	/* bit i: iotlb[i] is live */
	struct {
		ioasid_t pasid;
		u64 in;			/* stage-1 input page */
		u64 pfn;		/* physical page */
		bool write;
	} iotlb[MOCK_IOTLB_SIZE];
	unsigned int iotlb_next;
	struct {			/* PASID cache: PASID-table entries */
		bool valid;
		ioasid_t pasid;
		u64 pgd;
	} pc[MOCK_PC_SIZE];
	unsigned int pc_next;
};

struct mock_dev {
	struct device dev;
	int id;
	struct mock_state st;
	struct dentry *debugfs;
	struct dentry *debugfs_dma;
	u32 fail_errno;			/* test hook: fail alloc_nested */
	u32 fail_attach;		/* test hook: fail paging attach */
	bool iopf;			/* test hook: IOPF and SVA possible */
	bool sw_msi;			/* test hook: an IOMMU_RESV_SW_MSI window */
	bool no_nest;			/* test hook: no nest-parent domains */
	u32 pasid_bits;			/* test hook: reported PASID width */
	u32 inv_mask;			/* test hook: refused matrix bits */
	u32 inv_fail_after;		/* test hook: fail an entry; mock_lock */
	struct vfio_device *vdev;
};

struct mock_vdev {
	struct vfio_device vdev;
};

struct mock_paging {
	struct iommu_domain domain;
	struct xarray pfns;		/* IOVA page -> phys page | prot */
	bool nest_parent;
};

struct mock_nested {
	struct iommu_domain domain;
	struct mock_paging *parent;
	struct iommu_svm_bind_desc desc;	/* vendor fields unused */
	u32 flags;
};

struct mock_sva {
	struct iommu_domain domain;
	struct mmu_notifier mn;
	struct mm_struct *mm;
};

/* Under mock_lock; an entry is cleared before its device goes away. */
static struct mock_dev *mock_devs[MOCK_NR_DEVS];
static struct iommu_group *mock_shared_group;
static DEFINE_MUTEX(mock_devs_lock);	/* creation and hot-removal */

static struct mock_dev *to_mock_dev(struct device *dev)
{
	return container_of(dev, struct mock_dev, dev);
}

static struct mock_paging *to_paging(struct iommu_domain *domain)
{
	return container_of(domain, struct mock_paging, domain);
}

static struct mock_nested *to_nested(struct iommu_domain *domain)
{
	return container_of(domain, struct mock_nested, domain);
}

/* Empty the device's IOTLB and PASID cache; under mock_lock. */
static void mock_caches_clear(struct mock_state *st)
{
	lockdep_assert_held(&mock_lock);
	st->iotlb_valid = 0;
	memset(st->pc, 0, sizeof(st->pc));
}

/* ---- paging domains: the container's stage 2 ---- */

#define MOCK_PROT_SHIFT	2

static int mock_paging_attach(struct iommu_domain *domain, struct device *dev)
{
	struct mock_dev *mdev = to_mock_dev(dev);
	u32 err = READ_ONCE(mdev->fail_attach);

	if (err)
		return -err;
	/* Leaving a PASID-table binding, if there was one. */
	mutex_lock(&mock_lock);
	mdev->st.table_addr = 0;
	mdev->st.table_size = 0;
	mdev->st.s2 = to_paging(domain);
	mock_caches_clear(&mdev->st);
	mutex_unlock(&mock_lock);
	return 0;
}

/*
 * The nest-parent contract: a stage-2 change invalidates every combined
 * entry derived from it, on every device and PASID nested over it.
 */
static bool mock_uses_s2(struct mock_state *st, struct mock_paging *p)
{
	struct mock_pgtable *pt;
	unsigned long pasid;

	if (st->s2 == p)
		return true;
	xa_for_each(&st->pgtables, pasid, pt)
		if (pt->s2 == p)
			return true;
	return false;
}

static void mock_s2_flush(struct mock_paging *p)
{
	int i;

	mutex_lock(&mock_lock);
	for (i = 0; i < MOCK_NR_DEVS; i++) {
		struct mock_state *st = mock_devs[i] ? &mock_devs[i]->st : NULL;

		if (!st || !mock_uses_s2(st, p))
			continue;
		/* PASID-cache entries were read through stage 2 too. */
		mock_caches_clear(st);
		st->s2_syncs++;
	}
	mutex_unlock(&mock_lock);
}

static void mock_iotlb_sync(struct iommu_domain *domain,
			    struct iommu_iotlb_gather *gather)
{
	mock_s2_flush(to_paging(domain));
}

static void mock_flush_iotlb_all(struct iommu_domain *domain)
{
	mock_s2_flush(to_paging(domain));
}

static int mock_map_pages(struct iommu_domain *domain, unsigned long iova,
			  phys_addr_t paddr, size_t pgsize, size_t pgcount,
			  int prot, gfp_t gfp, size_t *mapped)
{
	struct mock_paging *p = to_paging(domain);
	size_t i;
	int ret;

	for (i = 0; i < pgcount * (pgsize / SZ_4K); i++) {
		unsigned long v = ((paddr >> 12) + i) << MOCK_PROT_SHIFT |
				  (prot & (IOMMU_READ | IOMMU_WRITE));

		ret = xa_insert(&p->pfns, (iova >> 12) + i, xa_mk_value(v), gfp);
		if (ret) {
			while (i--)
				xa_erase(&p->pfns, (iova >> 12) + i);
			return ret;
		}
	}
	*mapped += pgcount * pgsize;
	return 0;
}

static size_t mock_unmap_pages(struct iommu_domain *domain, unsigned long iova,
			       size_t pgsize, size_t pgcount,
			       struct iommu_iotlb_gather *gather)
{
	struct mock_paging *p = to_paging(domain);
	size_t i, n = pgcount * (pgsize / SZ_4K);

	for (i = 0; i < n; i++)
		if (!xa_erase(&p->pfns, (iova >> 12) + i))
			break;
	return i * SZ_4K;
}

static phys_addr_t mock_iova_to_phys(struct iommu_domain *domain,
				     dma_addr_t iova)
{
	void *e = xa_load(&to_paging(domain)->pfns, iova >> 12);

	if (!e)
		return 0;
	return (xa_to_value(e) >> MOCK_PROT_SHIFT << 12) | (iova & (SZ_4K - 1));
}

static void mock_paging_free(struct iommu_domain *domain)
{
	struct mock_paging *p = to_paging(domain);

	/* type1 may free a domain without unmapping it first. */
	xa_destroy(&p->pfns);
	kfree(p);
	module_put(THIS_MODULE);
}

/* The 6.12 SMMUv3 way, for no_nest devices: accepted, nests nothing. */
static int mock_enable_nesting(struct iommu_domain *domain)
{
	return 0;
}

static const struct iommu_domain_ops mock_paging_ops = {
	.attach_dev = mock_paging_attach,
	.enable_nesting = mock_enable_nesting,
	.map_pages = mock_map_pages,
	.unmap_pages = mock_unmap_pages,
	.iova_to_phys = mock_iova_to_phys,
	.iotlb_sync = mock_iotlb_sync,
	.flush_iotlb_all = mock_flush_iotlb_all,
	.free = mock_paging_free,
};

static struct iommu_domain *mock_alloc_paging(struct device *dev)
{
	struct mock_paging *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		return ERR_PTR(-ENOMEM);
	__module_get(THIS_MODULE);
	xa_init(&p->pfns);
	p->domain.type = IOMMU_DOMAIN_UNMANAGED;
	p->domain.ops = &mock_paging_ops;
	p->domain.pgsize_bitmap = SZ_4K;
	p->domain.geometry.aperture_start = 0;
	p->domain.geometry.aperture_end = (1ULL << 39) - 1;
	p->domain.geometry.force_aperture = true;
	return &p->domain;
}

static struct iommu_domain *
mock_alloc_user(struct device *dev, u32 flags, struct iommu_domain *parent,
		const struct iommu_user_data *user_data)
{
	struct iommu_domain *domain;

	if (parent || user_data || flags & ~IOMMU_HWPT_ALLOC_NEST_PARENT)
		return ERR_PTR(-EOPNOTSUPP);
	if (flags & IOMMU_HWPT_ALLOC_NEST_PARENT &&
	    READ_ONCE(to_mock_dev(dev)->no_nest))
		return ERR_PTR(-EOPNOTSUPP);
	domain = mock_alloc_paging(dev);
	if (!IS_ERR(domain))
		to_paging(domain)->nest_parent =
			flags & IOMMU_HWPT_ALLOC_NEST_PARENT;
	return domain;
}

static int mock_blocked_attach(struct iommu_domain *domain, struct device *dev)
{
	struct mock_dev *mdev = to_mock_dev(dev);

	mutex_lock(&mock_lock);
	mdev->st.table_addr = 0;
	mdev->st.table_size = 0;
	mdev->st.s2 = NULL;
	mock_caches_clear(&mdev->st);
	mutex_unlock(&mock_lock);
	return 0;
}

static struct iommu_domain mock_blocked = {
	.type = IOMMU_DOMAIN_BLOCKED,
	.ops = &(const struct iommu_domain_ops){
		.attach_dev = mock_blocked_attach,
	},
};

/* ---- nested domains: the user's bindings ---- */

static int mock_nested_attach(struct iommu_domain *domain, struct device *dev)
{
	struct mock_nested *n = to_nested(domain);
	struct mock_dev *mdev = to_mock_dev(dev);

	if (n->desc.kind != IOMMU_SVM_BIND_PASID_TABLE)
		return -EINVAL;
	mutex_lock(&mock_lock);
	mdev->st.table_addr = n->desc.addr;
	mdev->st.table_size = n->desc.size;
	mdev->st.s2 = n->parent;
	mock_caches_clear(&mdev->st);
	mutex_unlock(&mock_lock);
	return 0;
}

static int mock_nested_set_pasid(struct iommu_domain *domain,
				 struct device *dev, ioasid_t pasid,
				 struct iommu_domain *old)
{
	struct mock_nested *n = to_nested(domain);
	struct mock_state *st = &to_mock_dev(dev)->st;
	struct mock_pgtable *pt;
	int ret;

	if (n->desc.kind != IOMMU_SVM_BIND_PGTABLE || pasid != n->desc.pasid)
		return -EINVAL;
	pt = kzalloc(sizeof(*pt), GFP_KERNEL_ACCOUNT);
	if (!pt)
		return -ENOMEM;
	pt->addr = n->desc.addr;
	pt->flags = n->flags;
	pt->s2 = n->parent;
	mutex_lock(&mock_lock);
	ret = xa_insert(&st->pgtables, pasid, pt, GFP_KERNEL_ACCOUNT);
	mutex_unlock(&mock_lock);
	if (ret)
		kfree(pt);
	return ret;
}

/* Drop IOTLB entries of @pasid (all: any) whose page is in [@start, @last]. */
static void mock_iotlb_flush(struct mock_state *st, bool all, ioasid_t pasid,
			     u64 start, u64 last)
{
	unsigned int i;

	lockdep_assert_held(&mock_lock);
	for_each_set_bit(i, &st->iotlb_valid, MOCK_IOTLB_SIZE)
		if ((all || st->iotlb[i].pasid == pasid) &&
		    st->iotlb[i].in >= start && st->iotlb[i].in <= last)
			__clear_bit(i, &st->iotlb_valid);
}

/* Drop PASID-cache entries of @pasid (all: any). */
static void mock_pc_flush(struct mock_state *st, bool all, ioasid_t pasid)
{
	int i;

	lockdep_assert_held(&mock_lock);
	for (i = 0; i < MOCK_PC_SIZE; i++)
		if (st->pc[i].valid && (all || st->pc[i].pasid == pasid))
			st->pc[i].valid = false;
}

static void mock_remove_dev_pasid(struct device *dev, ioasid_t pasid,
				  struct iommu_domain *domain)
{
	struct mock_state *st = &to_mock_dev(dev)->st;
	int i;

	mutex_lock(&mock_lock);
	mock_iotlb_flush(st, false, pasid, 0, U64_MAX);
	for (i = 0; i < MOCK_MAX_SVA; i++)
		if (st->sva[i] == pasid)
			st->sva[i] = 0;
	kfree(xa_erase(&st->pgtables, pasid));
	mutex_unlock(&mock_lock);
}

static void mock_nested_free(struct iommu_domain *domain)
{
	kfree(to_nested(domain));
	module_put(THIS_MODULE);
}

static const struct iommu_domain_ops mock_nested_ops = {
	.attach_dev = mock_nested_attach,
	.set_dev_pasid = mock_nested_set_pasid,
	.free = mock_nested_free,
};

/* ---- SVA domains: process binds ---- */

static int mock_sva_set_pasid(struct iommu_domain *domain, struct device *dev,
			      ioasid_t pasid, struct iommu_domain *old)
{
	struct mock_state *st = &to_mock_dev(dev)->st;
	int i, ret = -ENOSPC;

	/* As SMMUv3: never attach the domain of an mm that has exited. */
	if (!mmget_not_zero(domain->mm))
		return -EINVAL;
	mutex_lock(&mock_lock);
	if (!(st->features & BIT(IOMMU_DEV_FEAT_SVA)))
		ret = -EINVAL;
	for (i = 0; ret == -ENOSPC && i < MOCK_MAX_SVA; i++) {
		if (!st->sva[i]) {
			st->sva[i] = pasid;
			ret = 0;
		}
	}
	mutex_unlock(&mock_lock);
	mmput(domain->mm);
	return ret;
}

static void mock_sva_free(struct iommu_domain *domain)
{
	struct mock_sva *sva = container_of(domain, struct mock_sva, domain);

	mmu_notifier_unregister(&sva->mn, sva->mm);
	kfree(sva);
	module_put(THIS_MODULE);
}

static const struct iommu_domain_ops mock_sva_ops = {
	.set_dev_pasid = mock_sva_set_pasid,
	.free = mock_sva_free,
};

static const struct mmu_notifier_ops mock_mn_ops = {};

/*
 * A real MMU notifier, as SMMUv3 registers: mmu_notifier_register()
 * requires a live mm, so binding an exited mm here would be a kernel BUG.
 */
static struct iommu_domain *mock_alloc_sva(struct device *dev,
					   struct mm_struct *mm)
{
	struct mock_sva *sva = kzalloc(sizeof(*sva), GFP_KERNEL_ACCOUNT);
	int ret;

	if (!sva)
		return ERR_PTR(-ENOMEM);
	sva->mm = mm;
	sva->mn.ops = &mock_mn_ops;
	ret = mmu_notifier_register(&sva->mn, mm);
	if (ret) {
		kfree(sva);
		return ERR_PTR(ret);
	}
	__module_get(THIS_MODULE);
	sva->domain.ops = &mock_sva_ops;
	return &sva->domain;
}

static int mock_dev_enable_feat(struct device *dev, enum iommu_dev_features f)
{
	struct mock_dev *mdev = to_mock_dev(dev);
	int ret = 0;

	mutex_lock(&mock_lock);
	if (!READ_ONCE(mdev->iopf))
		ret = -ENODEV;
	else if (f == IOMMU_DEV_FEAT_SVA &&
		 !(mdev->st.features & BIT(IOMMU_DEV_FEAT_IOPF)))
		ret = -EINVAL;
	else
		mdev->st.features |= BIT(f);
	mutex_unlock(&mock_lock);
	return ret;
}

static int mock_dev_disable_feat(struct device *dev, enum iommu_dev_features f)
{
	mutex_lock(&mock_lock);
	to_mock_dev(dev)->st.features &= ~BIT(f);
	mutex_unlock(&mock_lock);
	return 0;
}

/* ---- SVM callbacks ---- */

static int mock_svm_info(struct device *dev, struct iommu_svm_info *info)
{
	struct mock_dev *mdev = to_mock_dev(dev);
	u32 bits = min_t(u32, READ_ONCE(mdev->pasid_bits), MOCK_PASID_BITS);
	u32 mask = READ_ONCE(mdev->inv_mask);
	int c;

	info->model = IOMMU_SVM_MODEL_MOCK;
	info->variant = 1;
	info->hw_info[0] = MOCK_HW_IDR_MAGIC | bits;
	info->hw_info_len = sizeof(info->hw_info[0]);
	info->bind_kinds = BIT(IOMMU_SVM_BIND_PASID_TABLE) |
			   BIT(IOMMU_SVM_BIND_PGTABLE) |
			   BIT(IOMMU_SVM_BIND_PROCESS);
	info->pasid_bits = bits;
	info->max_table_size = sizeof(u64) << bits;
	info->nr_pgtable_formats = 1;
	info->pgtable_formats[0].format = IOMMU_SVM_PGTF_MOCK;
	info->pgtable_formats[0].variant = 1;
	/* Not everything: DEV_IOTLB x DOMAIN and PASID x ADDR are refused. */
	info->inv_granu[0] = BIT(IOMMU_SVM_INV_GRANU_DOMAIN) |
			     BIT(IOMMU_SVM_INV_GRANU_PASID) |
			     BIT(IOMMU_SVM_INV_GRANU_ADDR);
	info->inv_granu[1] = BIT(IOMMU_SVM_INV_GRANU_PASID) |
			     BIT(IOMMU_SVM_INV_GRANU_ADDR);
	info->inv_granu[2] = BIT(IOMMU_SVM_INV_GRANU_DOMAIN) |
			     BIT(IOMMU_SVM_INV_GRANU_PASID);
	for (c = 0; c < IOMMU_SVM_NR_INV_CACHES; c++)
		info->inv_granu[c] &= ~((mask >> (3 * c)) & 7);
	info->inv_vendor_len = sizeof(struct iommu_svm_inv_mock);
	return 0;
}

static struct iommu_domain *
mock_svm_alloc_nested(struct device *dev, struct iommu_domain *parent,
		      const struct iommu_svm_bind_desc *desc)
{
	struct mock_paging *p = to_paging(parent);
	struct iommu_svm_mock_pasid_table vt;
	struct iommu_svm_mock_pgtable vp;
	struct mock_nested *n;
	u32 flags = 0;
	int ret;

	if (parent->ops != &mock_paging_ops || !p->nest_parent)
		return ERR_PTR(-EINVAL);
	ret = READ_ONCE(to_mock_dev(dev)->fail_errno);
	if (ret)
		return ERR_PTR(-ret);
	/* The MOCK table: 8-byte entries, a power of two of them. */
	if (desc->kind == IOMMU_SVM_BIND_PASID_TABLE &&
	    (desc->size < sizeof(u64) || !is_power_of_2(desc->size)))
		return ERR_PTR(-EINVAL);

	if (desc->kind == IOMMU_SVM_BIND_PASID_TABLE) {
		ret = iommu_svm_vendor_data(&vt, desc->vendor,
					    desc->vendor_len, __reserved);
		if (!ret && (vt.flags || vt.__reserved))
			ret = -EINVAL;
	} else {
		ret = iommu_svm_vendor_data(&vp, desc->vendor,
					    desc->vendor_len, __reserved);
		if (!ret && (vp.flags & ~IOMMU_SVM_MOCK_PGTABLE_RO ||
			     vp.__reserved))
			ret = -EINVAL;
		flags = vp.flags;
	}
	if (ret)
		return ERR_PTR(ret);

	/*
	 * Like hardware, the mock does not look at the table now: it is
	 * walked at DMA time, and an unmapped table faults then.
	 */
	n = kzalloc(sizeof(*n), GFP_KERNEL_ACCOUNT);
	if (!n)
		return ERR_PTR(-ENOMEM);
	__module_get(THIS_MODULE);
	n->domain.type = IOMMU_DOMAIN_NESTED;
	n->domain.ops = &mock_nested_ops;
	n->parent = p;
	n->desc = *desc;
	n->desc.vendor = NULL;
	n->flags = flags;
	return &n->domain;
}

/* One entry, under mock_lock */
static int mock_inv_one(struct mock_dev *mdev, const struct iommu_svm_inv *inv)
{
	struct mock_state *st = &mdev->st;
	struct iommu_svm_inv_mock v = {};
	unsigned int bit;
	u32 fail;
	int ret;

	lockdep_assert_held(&mock_lock);
	ret = iommu_svm_vendor_data(&v, inv->vendor, inv->vendor_len,
				    __reserved);
	if (ret)
		return ret;
	if (v.flags & ~IOMMU_SVM_INV_MOCK_FAIL || v.__reserved)
		return -EINVAL;
	if (v.flags & IOMMU_SVM_INV_MOCK_FAIL)
		return -EIO;
	fail = READ_ONCE(mdev->inv_fail_after);
	if (fail) {
		WRITE_ONCE(mdev->inv_fail_after, fail - 1);
		if (fail == 1)
			return -EIO;
	}

	if (inv->entry.caches & IOMMU_SVM_INV_CACHE_IOTLB) {
		const struct iommu_svm_inv_entry *e = &inv->entry;

		if (e->granu == IOMMU_SVM_INV_GRANU_ADDR)
			mock_iotlb_flush(st, false, e->pasid,
					 e->addr & MOCK_PTE_ADDR,
					 e->addr + e->size - 1);
		else
			mock_iotlb_flush(st, e->granu == IOMMU_SVM_INV_GRANU_DOMAIN,
					 e->pasid, 0, U64_MAX);
	}
	if (inv->entry.caches & IOMMU_SVM_INV_CACHE_PASID)
		mock_pc_flush(st, inv->entry.granu == IOMMU_SVM_INV_GRANU_DOMAIN,
			      inv->entry.pasid);
	for (bit = 0; bit < IOMMU_SVM_NR_INV_CACHES; bit++)
		if (inv->entry.caches & BIT(bit))
			st->inv[bit]++;
	st->last_inv = inv->entry;
	return 0;
}

static int mock_svm_invalidate(struct iommu_domain *nested, struct device *dev,
			       const struct iommu_svm_inv *inv)
{
	int ret;

	mutex_lock(&mock_lock);
	ret = mock_inv_one(to_mock_dev(dev), inv);
	mutex_unlock(&mock_lock);
	return ret;
}

/* A batch takes the lock once, as a driver would flush once */
static int mock_svm_invalidate_array(struct iommu_domain *nested,
				     struct device *dev,
				     const struct iommu_svm_inv *invs, u32 n,
				     u32 *done)
{
	struct mock_dev *mdev = to_mock_dev(dev);
	int ret = 0;

	mutex_lock(&mock_lock);
	for (*done = 0; *done < n; (*done)++) {
		ret = mock_inv_one(mdev, &invs[*done]);
		if (ret)
			break;
		if (!((*done + 1) % 64))
			cond_resched();
	}
	mutex_unlock(&mock_lock);
	return ret;
}

static const struct iommu_svm_ops mock_svm_ops = {
	.info = mock_svm_info,
	.alloc_nested = mock_svm_alloc_nested,
	.invalidate = mock_svm_invalidate,
	.invalidate_array = mock_svm_invalidate_array,
};

/* ---- the IOMMU ---- */

static struct iommu_device *mock_probe_device(struct device *dev)
{
	if (dev->bus != &mock_bus)
		return ERR_PTR(-ENODEV);
	return &mock_iommu;
}

static bool mock_capable(struct device *dev, enum iommu_cap cap)
{
	return cap == IOMMU_CAP_CACHE_COHERENCY;
}

static void mock_get_resv_regions(struct device *dev, struct list_head *head)
{
	struct iommu_resv_region *r;

	if (!READ_ONCE(to_mock_dev(dev)->sw_msi))
		return;
	r = iommu_alloc_resv_region(MOCK_MSI_IOVA, MOCK_MSI_SIZE,
				    IOMMU_WRITE | IOMMU_NOEXEC | IOMMU_MMIO,
				    IOMMU_RESV_SW_MSI, GFP_KERNEL);
	if (r)
		list_add_tail(&r->list, head);
}

/* svm_mock4 and up share one group; it lives as long as the module. */
static struct iommu_group *mock_device_group(struct device *dev)
{
	unsigned int id = to_mock_dev(dev)->id;

	if (id != MOCK_SHARED_A && id != MOCK_SHARED_B)
		return generic_device_group(dev);
	if (!mock_shared_group) {
		mock_shared_group = iommu_group_alloc();
		if (IS_ERR(mock_shared_group)) {
			struct iommu_group *err = mock_shared_group;

			mock_shared_group = NULL;
			return err;
		}
	}
	return iommu_group_ref_get(mock_shared_group);
}

static const struct iommu_ops mock_ops = {
	.owner = THIS_MODULE,
	.pgsize_bitmap = SZ_4K,
	.default_domain = &mock_blocked,
	.blocked_domain = &mock_blocked,
	.capable = mock_capable,
	.probe_device = mock_probe_device,
	.device_group = mock_device_group,
	.get_resv_regions = mock_get_resv_regions,
	.dev_enable_feat = mock_dev_enable_feat,
	.dev_disable_feat = mock_dev_disable_feat,
	.domain_alloc_paging = mock_alloc_paging,
	.domain_alloc_user = mock_alloc_user,
	.domain_alloc_sva = mock_alloc_sva,
	.remove_dev_pasid = mock_remove_dev_pasid,
	.default_domain_ops = &mock_paging_ops,
	.svm_ops = &mock_svm_ops,
};

/* ---- software DMA ---- */

/*
 * Access 8 bytes at stage-2 input address @iova. The xarray lock is held
 * across the access, so an unmap (which erases under that lock before the
 * pages are unpinned) cannot free the page under us.
 */
static int mock_s2_access(struct mock_paging *s2, u64 iova, u64 *val,
			  bool write)
{
	unsigned long e;
	void *entry;
	u64 *va;
	int ret = 0;

	if (!IS_ALIGNED(iova, sizeof(u64)))
		return -EINVAL;
	xa_lock(&s2->pfns);
	entry = xa_load(&s2->pfns, iova >> 12);
	if (!entry) {
		ret = -EFAULT;
		goto out;
	}
	e = xa_to_value(entry);
	if (!(e & (write ? IOMMU_WRITE : IOMMU_READ))) {
		ret = -EACCES;
		goto out;
	}
	/* type1 may map PFNMAP memory (a BAR): the mock only does RAM. */
	if (!pfn_valid(e >> MOCK_PROT_SHIFT)) {
		ret = -EFAULT;
		goto out;
	}
	va = kmap_local_pfn(e >> MOCK_PROT_SHIFT);
	va += (iova & (SZ_4K - 1)) / sizeof(u64);
	if (write)
		WRITE_ONCE(*va, *val);
	else
		*val = READ_ONCE(*va);
	kunmap_local(va);
out:
	xa_unlock(&s2->pfns);
	return ret;
}

/* Stage 2, for data: the page at @iova, if mapped with the permission. */
static int mock_s2_page(struct mock_paging *s2, u64 iova, bool *write,
			unsigned long *pfn)
{
	unsigned long e;
	void *entry;
	int ret = 0;

	xa_lock(&s2->pfns);
	entry = xa_load(&s2->pfns, iova >> 12);
	if (!entry) {
		ret = -EFAULT;
		goto out;
	}
	e = xa_to_value(entry);
	*pfn = e >> MOCK_PROT_SHIFT;
	*write = e & IOMMU_WRITE;
	if (!(e & IOMMU_READ) || !pfn_valid(*pfn))
		ret = -EFAULT;
out:
	xa_unlock(&s2->pfns);
	return ret;
}

static bool mock_pc_lookup(struct mock_state *st, ioasid_t pasid, u64 *pgd)
{
	int i;

	for (i = 0; i < MOCK_PC_SIZE; i++) {
		if (st->pc[i].valid && st->pc[i].pasid == pasid) {
			*pgd = st->pc[i].pgd;
			return true;
		}
	}
	return false;
}

/*
 * Stage 1: @pasid's page directory, from the PASID table (entry 0 is the
 * RID) or a page-table bind. *@bypass: no stage 1 at all (RID traffic with
 * no table bound).
 */
static int mock_s1_pgd(struct mock_state *st, ioasid_t pasid, u64 *pgd,
		       u32 *flags, bool *bypass, struct mock_paging **s2)
{
	struct mock_pgtable *pt;
	u64 pte;
	int i, ret;

	*flags = 0;
	*bypass = false;
	*s2 = st->s2;			/* the RID's: parent of a bound table */
	if (st->table_size) {
		if (pasid >= st->table_size / sizeof(u64))
			return -ENOENT;
		if (mock_pc_lookup(st, pasid, pgd))
			return 0;
		ret = mock_s2_access(st->s2, st->table_addr + pasid * 8, &pte,
				     false);
		if (ret)
			return ret;
		if (!(pte & MOCK_PTE_VALID))
			return -ENOENT;
		*pgd = pte & MOCK_PTE_ADDR;
		i = st->pc_next++ % MOCK_PC_SIZE;
		st->pc[i].valid = true;
		st->pc[i].pasid = pasid;
		st->pc[i].pgd = *pgd;
		return 0;
	}
	if (pasid == IOMMU_NO_PASID) {
		*bypass = true;
		return 0;
	}
	pt = xa_load(&st->pgtables, pasid);
	if (!pt)
		return -ENOENT;
	*pgd = pt->addr;
	*flags = pt->flags;
	*s2 = pt->s2;
	return 0;
}

/* Stage-1 input page -> stage-2 input page, walking the user's tables. */
static int mock_s1_walk(struct mock_state *st, ioasid_t pasid, u64 in,
			u64 *out, bool *write, struct mock_paging **s2p)
{
	struct mock_paging *s2;
	bool bypass;
	u64 pgd, pte;
	u32 flags;
	int ret;

	ret = mock_s1_pgd(st, pasid, &pgd, &flags, &bypass, s2p);
	s2 = *s2p;
	if (ret)
		return ret;
	if (bypass) {
		*out = in;
		*write = true;
		return 0;
	}
	if (in >> 30)
		return -EFAULT;
	ret = mock_s2_access(s2, pgd + ((in >> 21) & 511) * 8, &pte, false);
	if (ret)
		return ret;
	if (!(pte & MOCK_PTE_VALID))
		return -EFAULT;
	ret = mock_s2_access(s2, (pte & MOCK_PTE_ADDR) +
			     ((in >> 12) & 511) * 8, &pte, false);
	if (ret)
		return ret;
	if (!(pte & MOCK_PTE_VALID))
		return -EFAULT;
	*out = pte & MOCK_PTE_ADDR;
	*write = (pte & MOCK_PTE_WRITE) && !(flags & IOMMU_SVM_MOCK_PGTABLE_RO);
	return 0;
}

/* (PASID, input page) -> physical page, through the combined IOTLB. */
static int mock_translate(struct mock_state *st, ioasid_t pasid, u64 in,
			  unsigned long *pfn, bool *write)
{
	bool s1_write, s2_write;
	struct mock_paging *s2;
	unsigned int i;
	u64 ipa;
	int ret;

	for_each_set_bit(i, &st->iotlb_valid, MOCK_IOTLB_SIZE) {
		if (st->iotlb[i].pasid == pasid && st->iotlb[i].in == in) {
			*pfn = st->iotlb[i].pfn;
			*write = st->iotlb[i].write;
			return 0;
		}
	}
	ret = mock_s1_walk(st, pasid, in, &ipa, &s1_write, &s2);
	if (ret)
		return ret;
	ret = mock_s2_page(s2, ipa, &s2_write, pfn);
	if (ret)
		return ret;
	*write = s1_write && s2_write;

	i = st->iotlb_next++ % MOCK_IOTLB_SIZE;
	__set_bit(i, &st->iotlb_valid);
	st->iotlb[i].pasid = pasid;
	st->iotlb[i].in = in;
	st->iotlb[i].pfn = *pfn;
	st->iotlb[i].write = *write;
	return 0;
}

static int mock_dma_write(struct mock_dev *mdev, ioasid_t pasid, u64 addr,
			  u64 val)
{
	struct mock_state *st = &mdev->st;
	unsigned long pfn;
	bool write;
	u64 *va;
	int ret;

	if (!IS_ALIGNED(addr, sizeof(u64)))
		return -EINVAL;
	mutex_lock(&mock_lock);
	ret = -ENOENT;
	if (!st->s2)
		goto out;
	ret = mock_translate(st, pasid, addr & MOCK_PTE_ADDR, &pfn, &write);
	if (ret)
		goto out;
	ret = -EACCES;
	if (!write)
		goto out;
	/*
	 * Only as safe as the combined IOTLB: the nest parent's iotlb_sync()
	 * drops entries before type1 unpins their pages.
	 */
	va = kmap_local_pfn(pfn);
	WRITE_ONCE(va[(addr & (SZ_4K - 1)) / sizeof(u64)], val);
	kunmap_local(va);
	ret = 0;
out:
	mutex_unlock(&mock_lock);
	return ret;
}

static ssize_t mock_dma_write_file(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	struct mock_dev *mdev = file->private_data;
	unsigned long long addr, val;
	unsigned int pasid;
	char buf[80];
	int ret;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = 0;
	if (sscanf(buf, "%u %llx %llx", &pasid, &addr, &val) != 3)
		return -EINVAL;
	ret = mock_dma_write(mdev, pasid, addr, val);
	return ret ?: count;
}

static const struct file_operations mock_dma_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = mock_dma_write_file,
};

/* ---- test hooks ---- */

static int mock_state_show(struct seq_file *s, void *unused)
{
	struct mock_dev *mdev = s->private;
	struct mock_state *st = &mdev->st;
	struct mock_pgtable *pt;
	unsigned long pasid;
	int i;

	mutex_lock(&mock_lock);
	/* Fixed-size lines first: tests read the first page. */
	seq_printf(s, "table %#llx %#llx\n", st->table_addr, st->table_size);
	seq_printf(s, "inv %llu %llu %llu\n", st->inv[0], st->inv[1],
		   st->inv[2]);
	seq_printf(s, "last_inv %#x %u %u %#llx %#llx\n", st->last_inv.caches,
		   st->last_inv.granu, st->last_inv.pasid, st->last_inv.addr,
		   st->last_inv.size);
	seq_printf(s, "s2_syncs %llu\n", st->s2_syncs);
	seq_printf(s, "features %#x\n", st->features);
	for (i = 0; i < MOCK_MAX_SVA; i++)
		if (st->sva[i])
			seq_printf(s, "sva %u\n", st->sva[i]);
	xa_for_each(&st->pgtables, pasid, pt)
		seq_printf(s, "pgtable %lu %#llx %#x\n", pasid, pt->addr,
			   pt->flags);
	mutex_unlock(&mock_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(mock_state);

/* ---- the VFIO devices ---- */

static long mock_vfio_ioctl(struct vfio_device *vdev, unsigned int cmd,
			    unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_device_info, num_irqs);
	struct vfio_device_info info;

	if (cmd != VFIO_DEVICE_GET_INFO)
		return -ENOTTY;
	if (copy_from_user(&info, (void __user *)arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;
	info.flags = 0;
	info.num_regions = 0;
	info.num_irqs = 0;
	return copy_to_user((void __user *)arg, &info, minsz) ? -EFAULT : 0;
}

static const struct vfio_device_ops mock_vfio_ops = {
	.name = "vfio-svm-mock",
	.ioctl = mock_vfio_ioctl,
	.bind_iommufd = vfio_iommufd_physical_bind,
	.unbind_iommufd = vfio_iommufd_physical_unbind,
	.attach_ioas = vfio_iommufd_physical_attach_ioas,
	.detach_ioas = vfio_iommufd_physical_detach_ioas,
};

static void mock_dev_release(struct device *dev)
{
	struct mock_dev *mdev = to_mock_dev(dev);
	struct mock_pgtable *pt;
	unsigned long pasid;

	/* Defensive: VFIO detaches PASIDs before a device can go away. */
	xa_for_each(&mdev->st.pgtables, pasid, pt)
		kfree(pt);
	xa_destroy(&mdev->st.pgtables);
	kfree(mdev);
}

/*
 * The errno hooks (fail, fail_attach): @data is the u32 they set, validated
 * so that ERR_PTR() stays an error.
 */
static int mock_errno_get(void *data, u64 *val)
{
	*val = READ_ONCE(*(u32 *)data);
	return 0;
}

static int mock_errno_set(void *data, u64 val)
{
	if (val > MAX_ERRNO)
		return -EINVAL;
	WRITE_ONCE(*(u32 *)data, val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(mock_errno_fops, mock_errno_get, mock_errno_set,
			 "%llu\n");

/*
 * The per-device test hooks, vfio_svm_mock/<device><suffix>. The field
 * at @offset must be what the type's debugfs file reads and writes: a u32
 * for ERRNO and U32, a bool for BOOL.
 */
enum mock_knob_type { MOCK_KNOB_ERRNO, MOCK_KNOB_BOOL, MOCK_KNOB_U32 };

static const struct mock_knob {
	const char *suffix;
	enum mock_knob_type type;
	size_t offset;			/* of the field in struct mock_dev */
} mock_knobs[] = {
	{ ".fail", MOCK_KNOB_ERRNO, offsetof(struct mock_dev, fail_errno) },
	{ ".fail_attach", MOCK_KNOB_ERRNO,
	  offsetof(struct mock_dev, fail_attach) },
	{ ".iopf", MOCK_KNOB_BOOL, offsetof(struct mock_dev, iopf) },
	{ ".sw_msi", MOCK_KNOB_BOOL, offsetof(struct mock_dev, sw_msi) },
	{ ".no_nest", MOCK_KNOB_BOOL, offsetof(struct mock_dev, no_nest) },
	{ ".pasid_bits", MOCK_KNOB_U32,
	  offsetof(struct mock_dev, pasid_bits) },
	{ ".inv_mask", MOCK_KNOB_U32, offsetof(struct mock_dev, inv_mask) },
	{ ".inv_fail_after", MOCK_KNOB_U32,
	  offsetof(struct mock_dev, inv_fail_after) },
};

static void mock_knobs_create(struct mock_dev *mdev)
{
	const struct mock_knob *k;
	char name[32];
	void *field;

	for (k = mock_knobs; k < mock_knobs + ARRAY_SIZE(mock_knobs); k++) {
		snprintf(name, sizeof(name), "%s%s", dev_name(&mdev->dev),
			 k->suffix);
		field = (void *)mdev + k->offset;
		switch (k->type) {
		case MOCK_KNOB_ERRNO:
			debugfs_create_file_unsafe(name, 0600, mock_debugfs,
						   field, &mock_errno_fops);
			break;
		case MOCK_KNOB_BOOL:
			debugfs_create_bool(name, 0600, mock_debugfs, field);
			break;
		case MOCK_KNOB_U32:
			debugfs_create_u32(name, 0600, mock_debugfs, field);
			break;
		}
	}
}

static void mock_knobs_remove(struct mock_dev *mdev)
{
	const struct mock_knob *k;
	char name[32];

	for (k = mock_knobs; k < mock_knobs + ARRAY_SIZE(mock_knobs); k++) {
		snprintf(name, sizeof(name), "%s%s", dev_name(&mdev->dev),
			 k->suffix);
		debugfs_lookup_and_remove(name, mock_debugfs);
	}
}

static const struct property_entry mock_dev_props[] = {
	PROPERTY_ENTRY_U32("pasid-num-bits", MOCK_PASID_BITS),
	{ }
};

static int mock_dev_create(int id)
{
	char name[32];
	struct mock_vdev *mv;
	struct mock_dev *mdev;
	int ret;

	mdev = kzalloc(sizeof(*mdev), GFP_KERNEL);
	if (!mdev)
		return -ENOMEM;
	mdev->id = id;
	mdev->iopf = true;
	mdev->pasid_bits = MOCK_PASID_BITS;
	xa_init(&mdev->st.pgtables);
	device_initialize(&mdev->dev);
	mdev->dev.bus = &mock_bus;
	mdev->dev.release = mock_dev_release;
	ret = dev_set_name(&mdev->dev, "svm_mock%d", id);
	if (ret)
		goto err_put;
	ret = device_create_managed_software_node(&mdev->dev, mock_dev_props,
						  NULL);
	if (ret)
		goto err_put;
	ret = iommu_mock_fwspec_init(&mdev->dev, &mock_fwnode);
	if (ret)
		goto err_iommu;
	ret = device_add(&mdev->dev);
	if (ret)
		goto err_iommu;

	mv = vfio_alloc_device(mock_vdev, vdev, &mdev->dev, &mock_vfio_ops);
	if (IS_ERR(mv)) {
		ret = PTR_ERR(mv);
		goto err_del;
	}
	ret = vfio_register_group_dev(&mv->vdev);
	if (ret) {
		vfio_put_device(&mv->vdev);
		goto err_del;
	}
	mdev->vdev = &mv->vdev;
	mdev->debugfs = debugfs_create_file(dev_name(&mdev->dev), 0444,
					    mock_debugfs, mdev,
					    &mock_state_fops);
	snprintf(name, sizeof(name), "%s.dma", dev_name(&mdev->dev));
	mdev->debugfs_dma = debugfs_create_file(name, 0200, mock_debugfs, mdev,
						&mock_dma_fops);
	mock_knobs_create(mdev);
	mutex_lock(&mock_lock);
	mock_devs[id] = mdev;
	mutex_unlock(&mock_lock);
	return 0;

err_del:
	device_del(&mdev->dev);
	put_device(&mdev->dev);
	return ret;

err_iommu:
	/* The IOMMU core never saw the device: free what fwspec_init made. */
	iommu_mock_fwspec_free(&mdev->dev);
	device_remove_software_node(&mdev->dev);
err_put:
	put_device(&mdev->dev);
	return ret;
}

static void mock_dev_destroy(struct mock_dev *mdev)
{
	mock_knobs_remove(mdev);
	debugfs_remove(mdev->debugfs_dma);
	debugfs_remove(mdev->debugfs);
	mutex_lock(&mock_lock);
	mock_devs[mdev->id] = NULL;
	mutex_unlock(&mock_lock);
	/* Waits for the device's VFIO users, not for its group's. */
	vfio_unregister_group_dev(mdev->vdev);
	vfio_put_device(mdev->vdev);
	device_unregister(&mdev->dev);
}

/* Hot-remove: write a device number to vfio_svm_mock/remove. */
static ssize_t mock_remove_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	struct mock_dev *mdev;
	unsigned int id;
	int ret;

	ret = kstrtouint_from_user(ubuf, count, 0, &id);
	if (ret)
		return ret;
	if (id >= MOCK_NR_DEVS)
		return -EINVAL;
	mutex_lock(&mock_devs_lock);
	mutex_lock(&mock_lock);
	mdev = mock_devs[id];
	mutex_unlock(&mock_lock);
	if (mdev)
		mock_dev_destroy(mdev);
	mutex_unlock(&mock_devs_lock);
	return mdev ? count : -ENODEV;
}

static const struct file_operations mock_remove_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = mock_remove_write,
};

static void mock_cleanup(void)
{
	struct mock_dev *mdev;
	int i;

	mutex_lock(&mock_devs_lock);
	for (i = 0; i < ARRAY_SIZE(mock_devs); i++) {
		mutex_lock(&mock_lock);
		mdev = mock_devs[i];
		mutex_unlock(&mock_lock);
		if (mdev)
			mock_dev_destroy(mdev);
	}
	mutex_unlock(&mock_devs_lock);
	if (mock_shared_group)
		iommu_group_put(mock_shared_group);
	mock_shared_group = NULL;
	iommu_device_unregister_bus(&mock_iommu, &mock_bus, &mock_bus_nb);
	iommu_device_sysfs_remove(&mock_iommu);
	debugfs_remove_recursive(mock_debugfs);
	bus_unregister(&mock_bus);
}

static int __init mock_init(void)
{
	unsigned int i;
	int ret;

	fwnode_init(&mock_fwnode, NULL);
	ret = bus_register(&mock_bus);
	if (ret)
		return ret;
	mock_debugfs = debugfs_create_dir("vfio_svm_mock", NULL);
	debugfs_create_file("remove", 0200, mock_debugfs, NULL,
			    &mock_remove_fops);
	ret = iommu_device_sysfs_add(&mock_iommu, NULL, NULL, "vfio_svm_mock");
	if (ret)
		goto err_bus;
	ret = iommu_device_register_bus(&mock_iommu, &mock_ops, &mock_bus,
					&mock_bus_nb);
	if (ret)
		goto err_sysfs;
	for (i = 0; i < min_t(unsigned int, nr_devices, ARRAY_SIZE(mock_devs));
	     i++) {
		mutex_lock(&mock_devs_lock);
		ret = mock_dev_create(i);
		mutex_unlock(&mock_devs_lock);
		if (ret) {
			mock_cleanup();
			return ret;
		}
	}
	return 0;

err_sysfs:
	iommu_device_sysfs_remove(&mock_iommu);
err_bus:
	debugfs_remove_recursive(mock_debugfs);
	bus_unregister(&mock_bus);
	return ret;
}

static void __exit mock_exit(void)
{
	mock_cleanup();
}

/*
 * Built in, drivers/iommu/ initcalls run before drivers/vfio/ ones: wait for
 * VFIO to be up before registering VFIO devices.
 */
late_initcall(mock_init);
module_exit(mock_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Mock IOMMU and VFIO devices for the VFIO SVM selftests");

// SPDX-License-Identifier: GPL-2.0
/*
 * VFIO type1 container: VFIO_IOMMU_BIND, VFIO_IOMMU_UNBIND and
 * VFIO_IOMMU_SVM_INVALIDATE.
 *
 * This file copies and checks the uAPI structures (each is read from user
 * memory once, before any lock is taken), keeps the container's bindings,
 * and applies them. It knows no IOMMU model: generic checks are the IOMMU
 * core's (iommu-svm.c, and inline helpers of <linux/iommu-svm.h> for
 * invalidation entries), vendor checks the IOMMU driver's.
 *
 * Objects and lifetime:
 *   struct vfio_svm          one per container, freed with it
 *   struct vfio_svm_group    one per group attached to a domain of the
 *                            container; freed at group detach. type1 holds
 *                            the group attached, VFIO holds a reference.
 *   struct vfio_svm_binding  one per PASID-table or page-table bind; freed
 *                            at unbind or when the container goes away
 *   struct vfio_svm_inst     a binding on one group: the nested domain the
 *                            IOMMU driver built over that group's stage 2
 *   struct vfio_svm_device   one per VFIO device of the container that is
 *                            open; it holds the device's process binding
 *
 * Table bindings are per group: a group attached later receives every one
 * or fails to attach. Devices are only ever reached through the IOMMU
 * core's group-level helpers, except for process binds: those go to the
 * open VFIO devices, whose struct device VFIO keeps alive from
 * vfio_svm_device_open() to vfio_svm_device_close(), and only to devices
 * alone in their group (the core offers process binds nowhere else), so
 * the SVA handle's device is the one VFIO keeps alive. A process bind
 * binds the caller's own mm and is never replayed onto another device, so
 * no other process's mm is ever touched.
 *
 * Locking:
 *  - svm->lock is the container's iommu->lock: groups and table bindings.
 *    vfio_svm_group_attach(), vfio_svm_group_detach() and
 *    vfio_svm_info_cap() are called with it held; bind, unbind,
 *    invalidate and check_extension take it after copying their arguments.
 *  - svm->dev_lock: open devices and the process binding. Device open and
 *    close (which VFIO calls under the device set's lock, shared with
 *    other users' devices) take only this one, never iommu->lock, so a
 *    container busy under iommu->lock cannot stall another user's device.
 *  - Order: iommu->lock -> group->mutex -> driver locks;
 *    dev_set->lock -> dev_lock -> iommu_sva_lock -> mmap_lock (of the
 *    caller's own mm, in mmu_notifier_register()) -> group->mutex.
 *    bind_process() takes iommu->lock and dev_lock one after the other,
 *    never nested. No user memory is touched with either held, but for
 *    what the SVA core's notifier registration takes.
 */
#include <linux/iommu-svm.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>

#include "vfio_iommu_svm.h"

#define VFIO_SVM_MAX_VENDOR		256
#define VFIO_SVM_MAX_INV_ENTRY_LEN	256
#define VFIO_SVM_MAX_INV_ENTRIES	4096
/* Stack an invalidation uses before allocating, in u64s: a few entries */
#define VFIO_SVM_INV_SMALL		40

static unsigned int svm_binding_limit = 4096;
module_param(svm_binding_limit, uint, 0644);
MODULE_PARM_DESC(svm_binding_limit,
		 "Most PASID-table and page-table bindings per container (default 4096)");

struct vfio_svm {
	struct mutex *lock;		/* the container's iommu->lock */
	bool nesting;
	struct list_head groups;
	struct vfio_svm_binding *table;	/* the PASID-table binding */
	struct xarray pgtables;		/* PASID -> page-table binding */
	unsigned int nr_bindings;

	struct mutex dev_lock;		/* the fields below */
	bool devices_incomplete;	/* a device open failed to register */
	struct list_head devices;
	ioasid_t process_pasid;		/* IOMMU_PASID_INVALID: none */
	u64 process_gen;
};

struct vfio_svm_group {
	struct list_head next;
	struct iommu_group *group;
	struct iommu_domain *parent;
	bool nest_parent;
	int info_ret;
	struct iommu_svm_info info;
	struct list_head insts;		/* the bindings installed here */
	bool inv_pending;		/* invalidated since the last sync */
};

struct vfio_svm_binding {
	struct iommu_svm_bind_desc desc;
	struct list_head insts;
};

struct vfio_svm_inst {
	struct list_head next;		/* in the binding's list */
	struct list_head group_next;	/* in the group's list */
	struct vfio_svm_binding *binding;
	struct vfio_svm_group *sgroup;
	struct iommu_domain *nested;
};

struct vfio_svm_device {
	struct list_head next;
	struct device *dev;
	struct iommu_sva *sva;		/* the process binding, if any */
};

/**
 * vfio_svm_alloc() - per-container state
 * @lock: the container's iommu->lock
 * @nesting: the container is a VFIO_TYPE1_NESTING_IOMMU one
 *
 * Return: the state, or NULL.
 */
struct vfio_svm *vfio_svm_alloc(struct mutex *lock, bool nesting)
{
	struct vfio_svm *svm = kzalloc(sizeof(*svm), GFP_KERNEL_ACCOUNT);

	if (!svm)
		return NULL;
	svm->lock = lock;
	svm->nesting = nesting;
	INIT_LIST_HEAD(&svm->groups);
	mutex_init(&svm->dev_lock);
	INIT_LIST_HEAD(&svm->devices);
	xa_init(&svm->pgtables);
	svm->process_pasid = IOMMU_PASID_INVALID;
	return svm;
}

/* ---- bindings on groups ---- */

/* Remove @inst from its group. Returns the driver's errno if it stayed. */
static int inst_remove(struct vfio_svm_binding *b, struct vfio_svm_inst *inst,
		       bool force)
{
	struct vfio_svm_group *sg = inst->sgroup;
	int ret;

	ret = iommu_svm_detach(inst->nested, sg->parent, sg->group, &b->desc);
	if (ret && !force)
		return ret;
	/* The group is leaving: block it rather than keep the nested domain. */
	if (ret)
		iommu_detach_group(inst->nested, sg->group);
	iommu_domain_free(inst->nested);
	list_del(&inst->next);
	list_del(&inst->group_next);
	kfree(inst);
	return 0;
}

static int inst_add(struct vfio_svm_binding *b, struct vfio_svm_group *sg)
{
	struct vfio_svm_inst *inst;
	int ret;

	inst = kzalloc(sizeof(*inst), GFP_KERNEL_ACCOUNT);
	if (!inst)
		return -ENOMEM;
	inst->sgroup = sg;
	inst->binding = b;
	inst->nested = iommu_svm_alloc_nested(sg->group, sg->parent, &b->desc);
	if (IS_ERR(inst->nested)) {
		ret = PTR_ERR(inst->nested);
		goto err_free;
	}
	ret = iommu_svm_attach(inst->nested, sg->group, &b->desc);
	if (ret)
		goto err_domain;
	list_add_tail(&inst->next, &b->insts);
	list_add_tail(&inst->group_next, &sg->insts);
	return 0;

err_domain:
	iommu_domain_free(inst->nested);
err_free:
	kfree(inst);
	return ret;
}

/* Take @b off every group and forget it. Returns 0 or the first errno. */
static int binding_remove(struct vfio_svm *svm, struct vfio_svm_binding *b,
			  bool force)
{
	struct vfio_svm_inst *inst, *tmp;
	int ret = 0, err;

	list_for_each_entry_safe(inst, tmp, &b->insts, next) {
		err = inst_remove(b, inst, force);
		ret = ret ?: err;
		cond_resched();
	}
	if (ret)
		return ret;
	if (b->desc.kind == IOMMU_SVM_BIND_PASID_TABLE)
		svm->table = NULL;
	else
		xa_erase(&svm->pgtables, b->desc.pasid);
	svm->nr_bindings--;
	kfree(b->desc.vendor);
	kfree(b);
	return 0;
}

/* ---- process binds, per open device ---- */

static void device_unbind_process(struct vfio_svm_device *vd)
{
	if (!vd->sva)
		return;
	iommu_sva_unbind_device(vd->sva);
	vd->sva = NULL;
	iommu_dev_disable_feature(vd->dev, IOMMU_DEV_FEAT_SVA);
	iommu_dev_disable_feature(vd->dev, IOMMU_DEV_FEAT_IOPF);
}

/* Bind current->mm to @vd; the caller holds svm->lock. */
static int device_bind_process(struct vfio_svm_device *vd, ioasid_t *pasid)
{
	struct iommu_sva *sva;
	int ret;

	ret = iommu_dev_enable_feature(vd->dev, IOMMU_DEV_FEAT_IOPF);
	if (ret)
		return ret == -ENOMEM ? ret : -EOPNOTSUPP;
	ret = iommu_dev_enable_feature(vd->dev, IOMMU_DEV_FEAT_SVA);
	if (ret) {
		ret = ret == -ENOMEM ? ret : -EOPNOTSUPP;
		goto err_iopf;
	}
	sva = iommu_sva_bind_device(vd->dev, current->mm);
	if (IS_ERR(sva)) {
		ret = PTR_ERR(sva);
		goto err_sva;
	}
	/* The mm's PASID is global: every device gets the same one. */
	if (*pasid != IOMMU_PASID_INVALID &&
	    iommu_sva_get_pasid(sva) != *pasid) {
		ret = -EBUSY;
		iommu_sva_unbind_device(sva);
		goto err_sva;
	}
	*pasid = iommu_sva_get_pasid(sva);
	vd->sva = sva;
	return 0;

err_sva:
	iommu_dev_disable_feature(vd->dev, IOMMU_DEV_FEAT_SVA);
err_iopf:
	iommu_dev_disable_feature(vd->dev, IOMMU_DEV_FEAT_IOPF);
	return ret;
}

/* Under dev_lock. */
static void process_unbind(struct vfio_svm *svm)
{
	struct vfio_svm_device *vd;

	lockdep_assert_held(&svm->dev_lock);
	list_for_each_entry(vd, &svm->devices, next) {
		device_unbind_process(vd);
		cond_resched();
	}
	svm->process_pasid = IOMMU_PASID_INVALID;
}

/**
 * vfio_svm_device_open() - a VFIO device of the container was opened
 * @svm: the container's state
 * @dev: its struct device, valid until vfio_svm_device_close()
 *
 * Takes svm->dev_lock only. A device opened after a process bind does not
 * receive it. Should the allocation fail, process binds fail with ENOMEM
 * until the container is released, rather than silently miss the device.
 */
void vfio_svm_device_open(struct vfio_svm *svm, struct device *dev)
{
	struct vfio_svm_device *vd = kzalloc(sizeof(*vd), GFP_KERNEL_ACCOUNT);

	mutex_lock(&svm->dev_lock);
	if (vd) {
		vd->dev = dev;
		list_add_tail(&vd->next, &svm->devices);
	} else {
		svm->devices_incomplete = true;
	}
	mutex_unlock(&svm->dev_lock);
}

/**
 * vfio_svm_device_close() - a VFIO device of the container is being closed
 * @svm: the container's state
 * @dev: its struct device
 *
 * Takes svm->dev_lock only; removes the device's process binding, if any.
 * When no device holds it any more, the container's process binding is
 * gone, and anyone holding the container can bind again.
 */
void vfio_svm_device_close(struct vfio_svm *svm, struct device *dev)
{
	struct vfio_svm_device *vd, *tmp;
	bool bound = false;

	mutex_lock(&svm->dev_lock);
	list_for_each_entry_safe(vd, tmp, &svm->devices, next) {
		if (vd->dev == dev) {
			device_unbind_process(vd);
			list_del(&vd->next);
			kfree(vd);
			continue;
		}
		bound |= !!vd->sva;
	}
	if (!bound)
		svm->process_pasid = IOMMU_PASID_INVALID;
	mutex_unlock(&svm->dev_lock);
}

/**
 * vfio_svm_free() - free the container's state and every binding left
 * @svm: the state; its groups have all been detached and its devices
 *       closed, so no binding is installed anywhere any more
 */
void vfio_svm_free(struct vfio_svm *svm)
{
	struct vfio_svm_binding *b;
	unsigned long pasid;

	if (!svm)
		return;
	if (svm->table)
		binding_remove(svm, svm->table, true);
	xa_for_each(&svm->pgtables, pasid, b) {
		binding_remove(svm, b, true);
		cond_resched();
	}
	xa_destroy(&svm->pgtables);
	mutex_destroy(&svm->dev_lock);
	kfree(svm);
}

/* ---- groups ---- */

/* Call @fn on every binding until it fails. */
static int walk_bindings(struct vfio_svm *svm,
			 int (*fn)(struct vfio_svm_binding *b, void *data),
			 void *data)
{
	struct vfio_svm_binding *b;
	unsigned long pasid;
	int ret;

	if (svm->table) {
		ret = fn(svm->table, data);
		if (ret)
			return ret;
	}
	xa_for_each(&svm->pgtables, pasid, b) {
		ret = fn(b, data);
		if (ret)
			return ret;
		cond_resched();
	}
	return 0;
}

static int group_add_binding(struct vfio_svm_binding *b, void *data)
{
	struct vfio_svm_group *sg = data;

	return sg->info_ret ?: iommu_svm_check_bind(&sg->info, &b->desc) ?:
	       inst_add(b, sg);
}

/* Take every binding off @sg; a group the driver cannot return is blocked. */
static void group_remove_all(struct vfio_svm_group *sg)
{
	struct vfio_svm_inst *inst, *tmp;

	list_for_each_entry_safe(inst, tmp, &sg->insts, group_next) {
		inst_remove(inst->binding, inst, true);
		cond_resched();
	}
}

/**
 * vfio_svm_group_attach() - a group joined one of the container's domains
 * @svm: the container's state; the caller holds svm->lock
 * @group: the group, attached to @parent
 * @parent: the stage-2 domain it is attached to
 * @nest_parent: @parent was allocated as a nest parent
 *
 * Applies every PASID-table and page-table binding to @group. Process
 * bindings are per device and never applied to a new group.
 *
 * Return: 0; -ENXIO if there are bindings and @parent is no nest parent;
 * or the errno of the binding that could not be applied (then none is,
 * and the caller must detach the group).
 */
int vfio_svm_group_attach(struct vfio_svm *svm, struct iommu_group *group,
			  struct iommu_domain *parent, bool nest_parent)
{
	struct vfio_svm_group *sg;
	int ret;

	lockdep_assert_held(svm->lock);
	sg = kzalloc(sizeof(*sg), GFP_KERNEL_ACCOUNT);
	if (!sg)
		return -ENOMEM;
	sg->group = group;
	sg->parent = parent;
	sg->nest_parent = nest_parent;
	INIT_LIST_HEAD(&sg->insts);
	sg->info_ret = iommu_svm_group_info(group, &sg->info);

	ret = svm->nr_bindings && !nest_parent ? -ENXIO :
	      walk_bindings(svm, group_add_binding, sg);
	if (ret) {
		group_remove_all(sg);
		kfree(sg);
		return ret;
	}
	list_add_tail(&sg->next, &svm->groups);
	return 0;
}

/**
 * vfio_svm_group_detach() - a group leaves the container
 * @svm: the container's state; the caller holds svm->lock
 * @group: the group, still attached to its stage-2 domain
 *
 * Removes every binding from @group and forgets the group. Cannot fail: a
 * group the driver cannot return to its stage 2 is blocked instead.
 */
void vfio_svm_group_detach(struct vfio_svm *svm, struct iommu_group *group)
{
	struct vfio_svm_group *sg, *tmp;

	lockdep_assert_held(svm->lock);
	list_for_each_entry_safe(sg, tmp, &svm->groups, next) {
		if (sg->group != group)
			continue;
		group_remove_all(sg);
		list_del(&sg->next);
		kfree(sg);
	}
}

/* ---- discovery ---- */

/*
 * What every group of the container supports, masked by what this
 * container can do. Returns -ENODEV without groups and -EOPNOTSUPP if a
 * group's IOMMU cannot bind or the groups disagree on the model.
 */
static int svm_common_info(struct vfio_svm *svm, struct iommu_svm_info *out,
			   bool *nested)
{
	struct vfio_svm_group *sg;
	bool first = true;

	*nested = svm->nesting;
	list_for_each_entry(sg, &svm->groups, next) {
		const struct iommu_svm_info *in = &sg->info;

		if (sg->info_ret)
			return -EOPNOTSUPP;
		*nested &= sg->nest_parent;
		if (first) {
			*out = *in;
			first = false;
			continue;
		}
		if (in->model != out->model)
			return -EOPNOTSUPP;
		iommu_svm_info_intersect(out, in);
	}
	if (first)
		return -ENODEV;
	/* Table binds need a nesting container, process binds a plain one. */
	if (*nested)
		out->bind_kinds &= ~BIT(IOMMU_SVM_BIND_PROCESS);
	else
		out->bind_kinds &= BIT(IOMMU_SVM_BIND_PROCESS);
	if (svm->nesting)
		out->bind_kinds &= ~BIT(IOMMU_SVM_BIND_PROCESS);
	return 0;
}

/**
 * vfio_svm_check_extension() - VFIO_CHECK_EXTENSION(VFIO_IOMMU_SVM)
 * @svm: the container's state, NULL before VFIO_SET_IOMMU
 *
 * Return: before VFIO_SET_IOMMU, 1 (the ioctls exist); after, 1 if this
 * container can bind anything now, else 0.
 */
int vfio_svm_check_extension(struct vfio_svm *svm)
{
	struct iommu_svm_info info;
	bool nested;
	int ret;

	if (!svm)
		return 1;
	mutex_lock(svm->lock);
	ret = !svm_common_info(svm, &info, &nested) && info.bind_kinds;
	mutex_unlock(svm->lock);
	return ret;
}

/**
 * vfio_svm_info_cap() - add VFIO_IOMMU_TYPE1_INFO_CAP_SVM to GET_INFO
 * @svm: the container's state; the caller holds svm->lock
 * @caps: the capability chain being built
 *
 * Return: 0 (also when there is nothing to report) or -ENOMEM.
 */
int vfio_svm_info_cap(struct vfio_svm *svm, struct vfio_info_cap *caps)
{
	struct vfio_iommu_type1_info_cap_svm cap = {
		.header.id = VFIO_IOMMU_TYPE1_INFO_CAP_SVM,
		.header.version = 1,
	};
	struct iommu_svm_info info;
	bool nested;
	u32 i;

	BUILD_BUG_ON(ARRAY_SIZE(cap.pgtable_formats) < IOMMU_SVM_MAX_PGTF);
	BUILD_BUG_ON(ARRAY_SIZE(cap.inv_granu) < IOMMU_SVM_NR_INV_CACHES);
	BUILD_BUG_ON(sizeof(cap.hw_info) != sizeof(info.hw_info));
	lockdep_assert_held(svm->lock);
	if (svm_common_info(svm, &info, &nested))
		return 0;
	cap.flags = nested ? VFIO_IOMMU_SVM_CAP_NESTED : 0;
	if (info.flags & IOMMU_SVM_INFO_SW_MSI)
		cap.flags |= VFIO_IOMMU_SVM_CAP_SW_MSI;
	cap.model = info.model;
	cap.variant = info.variant;
	cap.bind_kinds = info.bind_kinds;
	cap.pasid_bits = info.pasid_bits;
	cap.nr_pgtable_formats = info.nr_pgtable_formats;
	for (i = 0; i < info.nr_pgtable_formats; i++) {
		cap.pgtable_formats[i].format = info.pgtable_formats[i].format;
		cap.pgtable_formats[i].variant = info.pgtable_formats[i].variant;
	}
	for (i = 0; i < IOMMU_SVM_NR_INV_CACHES; i++)
		cap.inv_granu[i] = info.inv_granu[i];
	cap.inv_vendor_len = info.inv_vendor_len;
	cap.max_bindings = READ_ONCE(svm_binding_limit);
	cap.max_table_size = info.max_table_size;
	cap.max_inv_entries = VFIO_SVM_MAX_INV_ENTRIES;
	cap.max_inv_entry_len = VFIO_SVM_MAX_INV_ENTRY_LEN;
	cap.max_vendor_len = VFIO_SVM_MAX_VENDOR;
	cap.hw_info_len = info.hw_info_len;
	memcpy(cap.hw_info, info.hw_info, sizeof(cap.hw_info));
	return vfio_info_add_capability(caps, &cap.header, sizeof(cap));
}

/* ---- the ioctls ---- */

/*
 * Read a size-first structure once: its first @min_size bytes, which
 * every user has, in one copy (argsz is the first member), then the rest
 * of @size that the user's argsz covers. Shorter than @min_size: -EINVAL;
 * longer than a page or non-zero bytes past @size: -E2BIG.
 */
static int svm_copy_arg(void *dst, size_t size, size_t min_size,
			void __user *arg)
{
	u32 argsz;

	if (copy_from_user(dst, arg, min_size)) {
		/*
		 * A short structure at the end of a mapping: its size decides
		 * the errno, as if argsz had been read first. Only an errno
		 * comes of this second read.
		 */
		if (get_user(argsz, (u32 __user *)arg))
			return -EFAULT;
		if (argsz < min_size)
			return -EINVAL;
		return argsz > PAGE_SIZE ? -E2BIG : -EFAULT;
	}
	argsz = *(u32 *)dst;
	if (argsz < min_size)
		return -EINVAL;
	if (argsz > PAGE_SIZE)
		return -E2BIG;
	return copy_struct_from_user(dst + min_size, size - min_size,
				     arg + min_size, argsz - min_size);
}

static int kind_of(u32 flags)
{
	switch (flags) {
	case VFIO_SVM_BIND_PASID_TABLE:
		return IOMMU_SVM_BIND_PASID_TABLE;
	case VFIO_SVM_BIND_PGTABLE:
		return IOMMU_SVM_BIND_PGTABLE;
	case VFIO_SVM_BIND_PROCESS:
		return IOMMU_SVM_BIND_PROCESS;
	default:
		return -EINVAL;
	}
}

/* The shape of a bind, checked before anything is looked up. */
static bool bind_well_formed(int kind, const struct vfio_iommu_svm_bind *b)
{
	switch (kind) {
	case IOMMU_SVM_BIND_PASID_TABLE:
		return !b->pasid && IS_ALIGNED(b->addr, SZ_4K) &&
		       b->addr + b->size >= b->addr;
	case IOMMU_SVM_BIND_PGTABLE:
		return !b->size && IS_ALIGNED(b->addr, SZ_4K);
	default:
		return !(b->format || b->variant || b->pasid || b->addr ||
			 b->size || b->vendor_len || b->vendor_uptr);
	}
}

/* Can @desc go on every group of the container? Under svm->lock. */
static int bind_check_container(struct vfio_svm *svm,
				const struct iommu_svm_bind_desc *desc)
{
	struct vfio_svm_group *sg;
	int ret, worst = 0;

	if (list_empty(&svm->groups))
		return -ENODEV;
	list_for_each_entry(sg, &svm->groups, next)
		if (!svm->nesting || !sg->nest_parent)
			return -ENXIO;
	/* What no group supports first, then what is out of range. */
	list_for_each_entry(sg, &svm->groups, next) {
		ret = sg->info_ret ? -EOPNOTSUPP :
		      iommu_svm_check_bind(&sg->info, desc);
		if (ret == -EOPNOTSUPP)
			return ret;
		worst = worst ?: ret;
	}
	if (worst)
		return worst;
	/* A PASID table owns every PASID of the devices: one or the other. */
	if (svm->table)
		return -EEXIST;
	if (desc->kind == IOMMU_SVM_BIND_PASID_TABLE && svm->nr_bindings)
		return -EEXIST;
	if (desc->kind == IOMMU_SVM_BIND_PGTABLE &&
	    xa_load(&svm->pgtables, desc->pasid))
		return -EEXIST;
	if (svm->nr_bindings >= READ_ONCE(svm_binding_limit))
		return -ENOSPC;
	return 0;
}

/* Bind @b on every group, or free it. Under svm->lock. */
static int bind_table(struct vfio_svm *svm, struct vfio_svm_binding *b)
{
	struct vfio_svm_group *sg;
	int ret;

	ret = bind_check_container(svm, &b->desc);
	if (!ret && b->desc.kind == IOMMU_SVM_BIND_PGTABLE)
		ret = xa_insert(&svm->pgtables, b->desc.pasid, b,
				GFP_KERNEL_ACCOUNT);
	if (ret) {
		kfree(b->desc.vendor);
		kfree(b);
		return ret;
	}
	if (b->desc.kind == IOMMU_SVM_BIND_PASID_TABLE)
		svm->table = b;
	svm->nr_bindings++;
	list_for_each_entry(sg, &svm->groups, next) {
		ret = inst_add(b, sg);
		if (ret) {
			/*
			 * All or nothing: take it off the groups done so far.
			 * A group the driver cannot return to its stage 2 keeps
			 * the binding, which stays for VFIO_IOMMU_UNBIND, as
			 * after a failed unbind: never silently blocked.
			 */
			binding_remove(svm, b, false);
			return ret;
		}
	}
	return 0;
}

/* Can every group of the container take a process bind? */
static int process_check_container(struct vfio_svm *svm)
{
	struct vfio_svm_group *sg;
	int ret = 0;

	mutex_lock(svm->lock);
	if (svm->nesting)
		ret = -EOPNOTSUPP;
	list_for_each_entry(sg, &svm->groups, next)
		if (sg->info_ret ||
		    !(sg->info.bind_kinds & BIT(IOMMU_SVM_BIND_PROCESS)))
			ret = -EOPNOTSUPP;
	mutex_unlock(svm->lock);
	return ret;
}

static long bind_process(struct vfio_svm *svm,
			 struct vfio_iommu_svm_bind __user *arg)
{
	ioasid_t pasid = IOMMU_PASID_INVALID;
	struct vfio_svm_device *vd;
	u64 gen;
	int ret;

	if (!current->mm)
		return -EINVAL;
	ret = process_check_container(svm);
	if (ret)
		return ret;
	mutex_lock(&svm->dev_lock);
	ret = -EEXIST;
	if (svm->process_pasid != IOMMU_PASID_INVALID)
		goto out_unlock;
	ret = -ENOMEM;
	if (svm->devices_incomplete)
		goto out_unlock;
	ret = -ENODEV;
	list_for_each_entry(vd, &svm->devices, next) {
		ret = device_bind_process(vd, &pasid);
		if (ret)
			break;
	}
	if (ret) {
		process_unbind(svm);
		goto out_unlock;
	}
	svm->process_pasid = pasid;
	gen = ++svm->process_gen;
	mutex_unlock(&svm->dev_lock);

	if (!put_user(pasid, &arg->pasid))
		return 0;
	mutex_lock(&svm->dev_lock);
	if (svm->process_gen == gen)
		process_unbind(svm);
	ret = -EFAULT;
out_unlock:
	mutex_unlock(&svm->dev_lock);
	return ret;
}

/**
 * vfio_svm_bind() - VFIO_IOMMU_BIND
 * @svm: the container's state
 * @arg: user pointer to struct vfio_iommu_svm_bind
 *
 * Return: 0 or a negative errno as documented in <uapi/linux/vfio.h>.
 */
long vfio_svm_bind(struct vfio_svm *svm, void __user *arg)
{
	struct vfio_iommu_svm_bind ub;
	struct vfio_svm_binding *b;
	void *vendor = NULL;
	int kind, ret;

	ret = svm_copy_arg(&ub, sizeof(ub),
			   offsetofend(struct vfio_iommu_svm_bind, vendor_uptr),
			   arg);
	if (ret)
		return ret;
	kind = kind_of(ub.flags);
	if (kind < 0 || !bind_well_formed(kind, &ub))
		return -EINVAL;
	if (ub.vendor_len > VFIO_SVM_MAX_VENDOR)
		return -E2BIG;
	if (kind == IOMMU_SVM_BIND_PROCESS)
		return bind_process(svm, arg);

	if (ub.vendor_len) {
		vendor = kmalloc(ub.vendor_len, GFP_KERNEL_ACCOUNT);
		if (!vendor)
			return -ENOMEM;
		if (copy_from_user(vendor, u64_to_user_ptr(ub.vendor_uptr),
				   ub.vendor_len)) {
			ret = -EFAULT;
			goto err_vendor;
		}
	}
	b = kzalloc(sizeof(*b), GFP_KERNEL_ACCOUNT);
	if (!b) {
		ret = -ENOMEM;
		goto err_vendor;
	}
	INIT_LIST_HEAD(&b->insts);
	b->desc.kind = kind;
	b->desc.format = ub.format;
	b->desc.variant = ub.variant;
	b->desc.pasid = ub.pasid;
	b->desc.addr = ub.addr;
	b->desc.size = ub.size;
	b->desc.vendor = vendor;
	b->desc.vendor_len = ub.vendor_len;

	mutex_lock(svm->lock);
	ret = bind_table(svm, b);
	mutex_unlock(svm->lock);
	return ret;

err_vendor:
	kfree(vendor);
	return ret;
}

/**
 * vfio_svm_unbind() - VFIO_IOMMU_UNBIND
 * @svm: the container's state
 * @arg: user pointer to struct vfio_iommu_svm_unbind
 *
 * Return: 0 or a negative errno as documented in <uapi/linux/vfio.h>.
 */
long vfio_svm_unbind(struct vfio_svm *svm, void __user *arg)
{
	struct vfio_iommu_svm_unbind uu;
	struct vfio_svm_binding *b;
	int kind, ret;

	ret = svm_copy_arg(&uu, sizeof(uu),
			   offsetofend(struct vfio_iommu_svm_unbind, reserved),
			   arg);
	if (ret)
		return ret;
	kind = kind_of(uu.flags);
	if (kind < 0 || uu.reserved ||
	    (kind == IOMMU_SVM_BIND_PASID_TABLE && uu.pasid))
		return -EINVAL;

	if (kind == IOMMU_SVM_BIND_PROCESS) {
		mutex_lock(&svm->dev_lock);
		ret = -ENOENT;
		if (svm->process_pasid != IOMMU_PASID_INVALID &&
		    svm->process_pasid == uu.pasid) {
			process_unbind(svm);
			ret = 0;
		}
		mutex_unlock(&svm->dev_lock);
		return ret;
	}

	mutex_lock(svm->lock);
	ret = -ENOENT;
	switch (kind) {
	case IOMMU_SVM_BIND_PASID_TABLE:
		b = svm->table;
		if (b)
			ret = binding_remove(svm, b, false);
		break;
	default:
		b = xa_load(&svm->pgtables, uu.pasid);
		if (b)
			ret = binding_remove(svm, b, false);
		break;
	}
	mutex_unlock(svm->lock);
	return ret;
}

/* Check @inv against every group binding @b is installed on. */
static int inv_check(struct vfio_svm_binding *b,
		     const struct iommu_svm_inv *inv)
{
	const struct iommu_svm_inv_entry *e = &inv->entry;
	struct vfio_svm_inst *inst;
	int ret;

	list_for_each_entry(inst, &b->insts, next) {
		const struct iommu_svm_info *info = &inst->sgroup->info;

		/* A PASID table covers the PASIDs the devices have. */
		if (e->pasid >> info->pasid_bits)
			return -ENOENT;
		ret = iommu_svm_check_inv_matrix(info, e);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * DOMAIN granularity: one driver call per group, whatever the number of
 * bindings, on any nested domain of the group (the iommu_svm_ops contract
 * makes it cover every nested domain over the group's parent).
 */
static int inv_domain(struct vfio_svm *svm, const struct iommu_svm_inv *inv)
{
	struct vfio_svm_inst *inst;
	struct vfio_svm_group *sg;
	int ret;

	list_for_each_entry(sg, &svm->groups, next) {
		if (list_empty(&sg->insts))
			continue;
		ret = iommu_svm_check_inv_matrix(&sg->info, &inv->entry);
		if (ret)
			return ret;
	}
	list_for_each_entry(sg, &svm->groups, next) {
		inst = list_first_entry_or_null(&sg->insts,
						struct vfio_svm_inst,
						group_next);
		if (!inst)
			continue;
		sg->inv_pending |= iommu_svm_queues(inst->nested);
		ret = iommu_svm_invalidate(inst->nested, sg->group, inv);
		if (ret)
			return ret;
		cond_resched();
	}
	return 0;
}

/* The binding an entry of PASID or ADDR granularity is for, or NULL */
static struct vfio_svm_binding *inv_target(struct vfio_svm *svm,
					   const struct iommu_svm_inv *inv)
{
	/* Process bindings are kept coherent by the kernel (MMU notifiers). */
	return svm->table ?: xa_load(&svm->pgtables, inv->entry.pasid);
}

/*
 * Carry out @n checked entries for @b on every group it is installed on,
 * each group's driver taking them as one array. A group that fails at an
 * entry makes the later groups stop there too, so that *@done entries are
 * carried out everywhere.
 */
static int inv_binding_run(struct vfio_svm_binding *b,
			   const struct iommu_svm_inv *invs, u32 n, u32 *done)
{
	struct vfio_svm_inst *inst;
	int ret = 0, r;
	u32 d;

	list_for_each_entry(inst, &b->insts, next) {
		if (!n)
			break;
		inst->sgroup->inv_pending |= iommu_svm_queues(inst->nested);
		r = iommu_svm_invalidate_array(inst->nested, inst->sgroup->group,
					       invs, n, &d);
		/* A later group only gets up to the failure: it fails earlier */
		if (r) {
			ret = r;
			n = min(n, d);
		}
	}
	*done = n;
	return ret;
}

/*
 * The next entries of a call, whose shapes are already checked, from
 * @invs[0]: a DOMAIN entry alone, or the longest run of entries for one
 * binding that pass the checks, carried out together. *@done is how many
 * were carried out; an error is the first entry's that was not. Under
 * svm->lock.
 */
static int svm_inv_next(struct vfio_svm *svm, const struct iommu_svm_inv *invs,
			u32 max, u32 *done)
{
	struct vfio_svm_binding *b;
	int ret = 0, r;
	u32 n;

	*done = 0;
	if (!svm->nr_bindings)
		return -ENODEV;
	if (invs[0].entry.granu == IOMMU_SVM_INV_GRANU_DOMAIN) {
		ret = inv_domain(svm, &invs[0]);
		*done = !ret;
		return ret;
	}
	b = inv_target(svm, &invs[0]);
	if (!b)
		return -ENOENT;
	for (n = 0; n < max; n++) {
		if (n && (invs[n].entry.granu == IOMMU_SVM_INV_GRANU_DOMAIN ||
			  inv_target(svm, &invs[n]) != b))
			break;
		ret = inv_check(b, &invs[n]);
		if (ret)
			break;
	}
	if (!n)
		return ret;
	r = inv_binding_run(b, invs, n, done);
	return r ?: ret;
}

/*
 * Wait for what the drivers queued, once per ioctl, on every group this
 * call invalidated (an entry that failed half-way included). Under
 * svm->lock.
 */
static int svm_inv_sync(struct vfio_svm *svm)
{
	struct vfio_svm_group *sg;
	int ret = 0;

	list_for_each_entry(sg, &svm->groups, next) {
		if (!sg->inv_pending)
			continue;
		sg->inv_pending = false;
		ret = iommu_svm_invalidate_sync(sg->group) ?: ret;
	}
	return ret;
}

/*
 * Copy the generic part of every entry and check its shape, before
 * anything is looked up. Returns the number of well-formed entries before
 * the first malformed one, and that one's errno in *@err. The caller
 * checked that the generic part is at least as long as the kernel's.
 */
static u32 inv_prepare(struct iommu_svm_inv *invs, const void *buf,
		       const struct vfio_iommu_svm_invalidate *ui, int *err)
{
	size_t generic_len = ui->entry_len - ui->vendor_len;
	size_t tail = generic_len - sizeof(invs->entry);
	const void *entry;
	u32 i;

	*err = 0;
	for (i = 0; i < ui->entry_num; i++) {
		entry = buf + (size_t)i * ui->entry_len;
		/* Entries need not be aligned: check the copy */
		memcpy(&invs[i].entry, entry, sizeof(invs[i].entry));
		/* A newer user's longer generic part: unknown bytes are 0 */
		if (tail && memchr_inv(entry + sizeof(invs->entry), 0, tail))
			*err = -E2BIG;
		else
			*err = iommu_svm_check_inv_shape(&invs[i].entry);
		if (*err)
			break;
		invs[i].vendor = entry + generic_len;
		invs[i].vendor_len = ui->vendor_len;
	}
	return i;
}

/**
 * vfio_svm_invalidate() - VFIO_IOMMU_SVM_INVALIDATE
 * @svm: the container's state
 * @arg: user pointer to struct vfio_iommu_svm_invalidate
 *
 * Return: 0 or a negative errno as documented in <uapi/linux/vfio.h>;
 * entry_num is updated with the number of entries carried out.
 */
long vfio_svm_invalidate(struct vfio_svm *svm, void __user *arg)
{
	/*
	 * Small batches, the common case of a vIOMMU, need no allocation.
	 * Only what is written is read, so the stack need not be cleared.
	 */
	u64 small[VFIO_SVM_INV_SMALL] __aligned(8) __uninitialized;
	struct vfio_iommu_svm_invalidate ui;
	struct iommu_svm_inv *invs = NULL;
	u32 done = 0, good, n;
	void *buf = NULL;
	size_t size;
	int ret, bad, sret;

	ret = svm_copy_arg(&ui, sizeof(ui),
			   offsetofend(struct vfio_iommu_svm_invalidate,
				       entries_uptr),
			   arg);
	if (ret)
		return ret;
	/* From here on, entry_num always says how many entries were done. */
	if (ui.flags || ui.reserved || ui.vendor_len > ui.entry_len ||
	    ui.entry_len - ui.vendor_len < sizeof(struct iommu_svm_inv_entry))
		ret = -EINVAL;
	else if (ui.entry_len > VFIO_SVM_MAX_INV_ENTRY_LEN ||
		 ui.entry_num > VFIO_SVM_MAX_INV_ENTRIES)
		ret = -E2BIG;
	if (ret || !ui.entry_num)
		goto out;

	/* One buffer: the checked entries, then the user's */
	size = (size_t)ui.entry_num * (sizeof(*invs) + ui.entry_len);
	if (size <= sizeof(small))
		invs = (void *)small;
	else
		invs = kvmalloc(size, GFP_KERNEL_ACCOUNT);
	if (!invs) {
		ret = -ENOMEM;
		goto out;
	}
	buf = invs + ui.entry_num;
	if (copy_from_user(buf, u64_to_user_ptr(ui.entries_uptr),
			   (size_t)ui.entry_num * ui.entry_len)) {
		ret = -EFAULT;
		goto out;
	}
	good = inv_prepare(invs, buf, &ui, &bad);

	mutex_lock(svm->lock);
	while (!ret && done < good) {
		ret = svm_inv_next(svm, invs + done, good - done, &n);
		done += n;
		cond_resched();
	}
	/* An entry's own failure is what the user hears of first */
	sret = svm_inv_sync(svm);
	if (!ret)
		ret = sret;
	mutex_unlock(svm->lock);
	if (!ret)
		ret = bad;
out:
	if (invs != (void *)small)
		kvfree(invs);
	if (put_user(done, (u32 __user *)(arg +
			offsetof(struct vfio_iommu_svm_invalidate, entry_num))))
		return -EFAULT;
	return ret;
}

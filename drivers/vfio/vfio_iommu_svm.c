// SPDX-License-Identifier: GPL-2.0
/*
 * VFIO type1 container: VFIO_IOMMU_BIND, VFIO_IOMMU_UNBIND and
 * VFIO_IOMMU_SVM_INVALIDATE.
 *
 * This file copies and checks the uAPI structures (each is read from user
 * memory once), keeps the container's bindings, and applies each binding
 * to every group of the container. It knows no IOMMU model: generic checks
 * are the IOMMU core's (iommu-svm.c), vendor checks the IOMMU driver's.
 *
 * Objects and lifetime, all under the container's iommu->lock:
 *   struct vfio_svm          one per container, freed with it
 *   struct vfio_svm_group    one per group attached to a domain of the
 *                            container; freed at group detach
 *   struct vfio_svm_binding  one per successful bind; freed at unbind or
 *                            when the container goes away
 *   struct vfio_svm_inst     a binding on one group: the nested domain the
 *                            IOMMU driver built over that group's stage 2
 * A group attached later receives every binding or fails to attach. When
 * the last group leaves, VFIO releases the container's IOMMU state and
 * with it every binding and the PASIDs they own.
 */
#include <linux/iommu-svm.h>
#include <linux/module.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "vfio_iommu_svm.h"

#define VFIO_SVM_MAX_VENDOR	4096
#define VFIO_SVM_MAX_ENTRY	4096
#define VFIO_SVM_MAX_ENTRIES	4096

struct vfio_svm {
	bool nesting;
	struct list_head groups;
	struct list_head bindings;
};

struct vfio_svm_group {
	struct list_head next;
	struct iommu_group *group;
	struct iommu_domain *parent;
	bool nest_parent;
	int info_ret;
	struct iommu_svm_info info;
};

struct vfio_svm_binding {
	struct list_head next;
	struct iommu_svm_bind_desc desc;
	struct list_head insts;
	struct mm_struct *mm;		/* PROCESS: mmgrab()ed */
};

struct vfio_svm_inst {
	struct list_head next;
	struct vfio_svm_group *sgroup;
	struct iommu_domain *nested;	/* PASID_TABLE, PGTABLE */
	struct iommu_sva *sva;		/* PROCESS */
};

/**
 * vfio_svm_alloc() - per-container state
 * @nesting: the container is a VFIO_TYPE1_NESTING_IOMMU one
 *
 * Return: the state, or NULL.
 */
struct vfio_svm *vfio_svm_alloc(bool nesting)
{
	struct vfio_svm *svm = kzalloc(sizeof(*svm), GFP_KERNEL);

	if (!svm)
		return NULL;
	svm->nesting = nesting;
	INIT_LIST_HEAD(&svm->groups);
	INIT_LIST_HEAD(&svm->bindings);
	return svm;
}
EXPORT_SYMBOL_GPL(vfio_svm_alloc);

static void inst_remove(struct vfio_svm_binding *b, struct vfio_svm_inst *inst,
			bool drain)
{
	if (inst->sva) {
		iommu_sva_unbind_device(inst->sva);
	} else {
		iommu_svm_detach(inst->nested, inst->sgroup->parent,
				 inst->sgroup->group, &b->desc, drain);
		iommu_domain_free(inst->nested);
	}
	list_del(&inst->next);
	kfree(inst);
}

/*
 * A process bind is the SVA core's: it attaches the mm at the mm's PASID
 * (the same on every device) to the whole group, and keeps the IOMMU
 * coherent with the CPU page tables through MMU notifiers.
 */
static int inst_add_process(struct vfio_svm_binding *b,
			    struct vfio_svm_inst *inst, struct device *dev)
{
	struct iommu_sva *sva;

	sva = iommu_sva_bind_device(dev, b->mm);
	if (IS_ERR(sva)) {
		kfree(inst);
		return PTR_ERR(sva);
	}
	if (b->desc.pasid && iommu_sva_get_pasid(sva) != b->desc.pasid) {
		iommu_sva_unbind_device(sva);
		kfree(inst);
		return -EBUSY;
	}
	b->desc.pasid = iommu_sva_get_pasid(sva);
	inst->sva = sva;
	list_add_tail(&inst->next, &b->insts);
	return 0;
}

static int inst_add(struct vfio_svm_binding *b, struct vfio_svm_group *sg)
{
	struct vfio_svm_inst *inst;
	struct device *dev;
	int ret;

	/* Not cached: devices may leave a group that stays attached. */
	dev = iommu_svm_group_dev(sg->group);
	if (!dev)
		return -ENODEV;
	inst = kzalloc(sizeof(*inst), GFP_KERNEL);
	if (!inst)
		return -ENOMEM;
	inst->sgroup = sg;
	if (b->desc.kind == IOMMU_SVM_BIND_PROCESS)
		return inst_add_process(b, inst, dev);
	inst->nested = iommu_svm_alloc_nested(dev, sg->parent, &b->desc);
	if (IS_ERR(inst->nested)) {
		ret = PTR_ERR(inst->nested);
		goto err_free;
	}
	ret = iommu_svm_attach(inst->nested, sg->group, &b->desc);
	if (ret)
		goto err_domain;
	list_add_tail(&inst->next, &b->insts);
	return 0;

err_domain:
	iommu_domain_free(inst->nested);
err_free:
	kfree(inst);
	return ret;
}

static void binding_free(struct vfio_svm_binding *b, bool drain)
{
	struct vfio_svm_inst *inst, *tmp;

	list_for_each_entry_safe(inst, tmp, &b->insts, next)
		inst_remove(b, inst, drain);
	if (b->desc.kind == IOMMU_SVM_BIND_PGTABLE)
		iommu_free_global_pasid(b->desc.pasid);
	if (b->mm)
		mmdrop(b->mm);
	list_del(&b->next);
	kfree(b->desc.vendor);
	kfree(b);
}

/**
 * vfio_svm_free() - free the container's state and every binding left
 * @svm: the state; its groups must all have been detached
 */
void vfio_svm_free(struct vfio_svm *svm)
{
	struct vfio_svm_binding *b, *tmp;

	if (!svm)
		return;
	WARN_ON(!list_empty(&svm->groups));
	list_for_each_entry_safe(b, tmp, &svm->bindings, next)
		binding_free(b, true);
	kfree(svm);
}
EXPORT_SYMBOL_GPL(vfio_svm_free);

/**
 * vfio_svm_group_attach() - a group joined one of the container's domains
 * @svm: the container's state
 * @group: the group
 * @parent: the stage-2 domain it is attached to
 * @nest_parent: @parent was allocated as a nest parent
 *
 * Applies every existing binding to @group.
 *
 * Return: 0, or the errno of the binding that could not be applied (then
 * none is, and the caller must detach the group).
 */
int vfio_svm_group_attach(struct vfio_svm *svm, struct iommu_group *group,
			  struct iommu_domain *parent, bool nest_parent)
{
	struct vfio_svm_binding *b, *done;
	struct vfio_svm_inst *inst;
	struct vfio_svm_group *sg;
	struct device *dev;
	int ret = 0;

	sg = kzalloc(sizeof(*sg), GFP_KERNEL);
	if (!sg)
		return -ENOMEM;
	sg->group = group;
	sg->parent = parent;
	sg->nest_parent = nest_parent;
	dev = iommu_svm_group_dev(group);
	sg->info_ret = dev ? iommu_svm_get_info(dev, &sg->info) : -ENODEV;

	list_for_each_entry(b, &svm->bindings, next) {
		ret = sg->info_ret ?: iommu_svm_check_bind(&sg->info, &b->desc);
		if (!ret && !nest_parent)
			ret = -ENXIO;
		if (!ret)
			ret = inst_add(b, sg);
		if (ret)
			goto err_undo;
	}
	list_add_tail(&sg->next, &svm->groups);
	return 0;

err_undo:
	done = b;
	list_for_each_entry(b, &svm->bindings, next) {
		if (b == done)
			break;
		list_for_each_entry(inst, &b->insts, next) {
			if (inst->sgroup == sg) {
				inst_remove(b, inst, true);
				break;
			}
		}
	}
	kfree(sg);
	return ret;
}
EXPORT_SYMBOL_GPL(vfio_svm_group_attach);

/**
 * vfio_svm_group_detach() - a group leaves the container
 * @svm: the container's state
 * @group: the group, still attached to its stage-2 domain
 *
 * Removes every binding from @group (draining page requests: the device
 * may still be running) and forgets the group.
 */
void vfio_svm_group_detach(struct vfio_svm *svm, struct iommu_group *group)
{
	struct vfio_svm_binding *b;
	struct vfio_svm_inst *inst, *tmp;
	struct vfio_svm_group *sg, *sgtmp;

	list_for_each_entry_safe(sg, sgtmp, &svm->groups, next) {
		if (sg->group != group)
			continue;
		list_for_each_entry(b, &svm->bindings, next)
			list_for_each_entry_safe(inst, tmp, &b->insts, next)
				if (inst->sgroup == sg)
					inst_remove(b, inst, true);
		list_del(&sg->next);
		kfree(sg);
	}
}
EXPORT_SYMBOL_GPL(vfio_svm_group_detach);

/*
 * What every group of the container supports: binds apply to all groups,
 * so the container offers the intersection. Returns -ENODEV without
 * groups and -EOPNOTSUPP if a group's IOMMU cannot bind or the groups
 * disagree on the model.
 */
static int svm_common_info(struct vfio_svm *svm, struct iommu_svm_info *out,
			   bool *nested)
{
	struct vfio_svm_group *sg;
	bool first = true;
	u32 i, j, n;

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
		if (in->model != out->model || in->variant != out->variant)
			return -EOPNOTSUPP;
		out->bind_kinds &= in->bind_kinds;
		out->pasid_bits = min(out->pasid_bits, in->pasid_bits);
		out->max_table_size = min(out->max_table_size,
					  in->max_table_size);
		out->inv_vendor_len = min(out->inv_vendor_len,
					  in->inv_vendor_len);
		for (i = 0; i < IOMMU_SVM_INV_CACHE_NR; i++)
			out->inv_granu[i] &= in->inv_granu[i];
		for (i = 0, n = 0; i < out->nr_pgtable_formats; i++) {
			for (j = 0; j < in->nr_pgtable_formats; j++)
				if (!memcmp(&out->pgtable_formats[i],
					    &in->pgtable_formats[j],
					    sizeof(in->pgtable_formats[j])))
					break;
			if (j < in->nr_pgtable_formats)
				out->pgtable_formats[n++] =
					out->pgtable_formats[i];
		}
		out->nr_pgtable_formats = n;
	}
	return first ? -ENODEV : 0;
}

/**
 * vfio_svm_check_extension() - VFIO_CHECK_EXTENSION(VFIO_IOMMU_SVM)
 * @svm: the container's state, NULL before VFIO_SET_IOMMU
 *
 * Return: 1 if the ioctls are implemented and, once groups are attached,
 * every group's IOMMU can bind; 0 otherwise.
 */
int vfio_svm_check_extension(struct vfio_svm *svm)
{
	struct iommu_svm_info info;
	bool nested;
	int ret;

	if (!svm)
		return 1;
	ret = svm_common_info(svm, &info, &nested);
	return ret == -ENODEV || (!ret && info.bind_kinds);
}
EXPORT_SYMBOL_GPL(vfio_svm_check_extension);

/**
 * vfio_svm_info_cap() - add VFIO_IOMMU_TYPE1_INFO_CAP_SVM to GET_INFO
 * @svm: the container's state
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

	if (svm_common_info(svm, &info, &nested))
		return 0;
	cap.flags = nested ? VFIO_IOMMU_SVM_CAP_NESTED : 0;
	cap.model = info.model;
	cap.variant = info.variant;
	cap.bind_kinds = info.bind_kinds;
	cap.pasid_bits = info.pasid_bits;
	cap.nr_pgtable_formats = info.nr_pgtable_formats;
	for (i = 0; i < info.nr_pgtable_formats; i++) {
		cap.pgtable_formats[i].format = info.pgtable_formats[i].format;
		cap.pgtable_formats[i].variant = info.pgtable_formats[i].variant;
	}
	for (i = 0; i < IOMMU_SVM_INV_CACHE_NR; i++)
		cap.inv_granu[i] = info.inv_granu[i];
	cap.inv_vendor_len = info.inv_vendor_len;
	return vfio_info_add_capability(caps, &cap.header, sizeof(cap));
}
EXPORT_SYMBOL_GPL(vfio_svm_info_cap);

/*
 * Read a size-first structure once: @size bytes of which the user knows
 * @argsz (read before, by the caller). Shorter than @min_size: -EINVAL;
 * non-zero bytes past @size: -E2BIG.
 */
static int svm_copy_arg(void *dst, size_t size, size_t min_size,
			void __user *arg, u32 argsz)
{
	if (argsz < min_size)
		return -EINVAL;
	return copy_struct_from_user(dst, size, arg, argsz);
}

static int kind_of(u32 flags)
{
	switch (flags & VFIO_SVM_BIND_KINDS) {
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

/* Fields a kind does not use must be zero. */
static int bind_fields_ok(int kind, const struct vfio_iommu_svm_bind *b)
{
	switch (kind) {
	case IOMMU_SVM_BIND_PASID_TABLE:
		return !b->pasid;
	case IOMMU_SVM_BIND_PGTABLE:
		return !b->size;
	default:
		return !(b->format || b->variant || b->pasid || b->addr ||
			 b->size || b->vendor_len || b->vendor_uptr);
	}
}

static struct vfio_svm_binding *find_binding(struct vfio_svm *svm, int kind,
					     ioasid_t pasid)
{
	struct vfio_svm_binding *b;

	list_for_each_entry(b, &svm->bindings, next)
		if (b->desc.kind == kind &&
		    (kind == IOMMU_SVM_BIND_PASID_TABLE || b->desc.pasid == pasid))
			return b;
	return NULL;
}

static struct vfio_svm_binding *find_process(struct vfio_svm *svm)
{
	struct vfio_svm_binding *b;

	list_for_each_entry(b, &svm->bindings, next)
		if (b->desc.kind == IOMMU_SVM_BIND_PROCESS)
			return b;
	return NULL;
}

static int bind_check_container(struct vfio_svm *svm,
				const struct iommu_svm_bind_desc *desc)
{
	struct vfio_svm_group *sg;
	int ret;

	if (list_empty(&svm->groups))
		return -ENODEV;
	list_for_each_entry(sg, &svm->groups, next) {
		if (sg->info_ret)
			return -EOPNOTSUPP;
		ret = iommu_svm_check_bind(&sg->info, desc);
		if (ret)
			return ret;
		if (desc->kind != IOMMU_SVM_BIND_PROCESS &&
		    (!svm->nesting || !sg->nest_parent))
			return -ENXIO;
	}
	/* A PASID table owns every PASID of the devices: one or the other. */
	if (find_binding(svm, IOMMU_SVM_BIND_PASID_TABLE, 0))
		return -EEXIST;
	if (desc->kind == IOMMU_SVM_BIND_PASID_TABLE &&
	    !list_empty(&svm->bindings))
		return -EEXIST;
	/* One address space per container. */
	if (desc->kind == IOMMU_SVM_BIND_PROCESS && find_process(svm))
		return -EEXIST;
	if (desc->kind != IOMMU_SVM_BIND_PROCESS &&
	    find_binding(svm, desc->kind, desc->pasid))
		return -EEXIST;
	return 0;
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
	struct vfio_svm_group *sg;
	int kind, ret;
	u32 argsz;

	if (get_user(argsz, (u32 __user *)arg))
		return -EFAULT;
	ret = svm_copy_arg(&ub, sizeof(ub),
			   offsetofend(struct vfio_iommu_svm_bind, vendor_uptr),
			   arg, argsz);
	if (ret)
		return ret;
	kind = kind_of(ub.flags);
	if (kind < 0 || ub.flags & ~VFIO_SVM_BIND_KINDS ||
	    !bind_fields_ok(kind, &ub))
		return -EINVAL;
	if (ub.vendor_len > VFIO_SVM_MAX_VENDOR)
		return -E2BIG;

	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	INIT_LIST_HEAD(&b->insts);
	b->desc.kind = kind;
	b->desc.format = ub.format;
	b->desc.variant = ub.variant;
	b->desc.pasid = ub.pasid;
	b->desc.addr = ub.addr;
	b->desc.size = ub.size;
	b->desc.vendor_len = ub.vendor_len;
	if (ub.vendor_len) {
		b->desc.vendor = memdup_user(u64_to_user_ptr(ub.vendor_uptr),
					     ub.vendor_len);
		if (IS_ERR(b->desc.vendor)) {
			ret = PTR_ERR(b->desc.vendor);
			b->desc.vendor = NULL;
			goto err_free;
		}
	}

	ret = bind_check_container(svm, &b->desc);
	if (ret)
		goto err_free;
	if (kind == IOMMU_SVM_BIND_PROCESS) {
		if (!current->mm) {
			ret = -EINVAL;
			goto err_free;
		}
		b->mm = current->mm;
		mmgrab(b->mm);
	}
	if (kind == IOMMU_SVM_BIND_PGTABLE) {
		ret = iommu_claim_global_pasid(b->desc.pasid);
		if (ret)
			goto err_free;
	}

	list_add_tail(&b->next, &svm->bindings);
	list_for_each_entry(sg, &svm->groups, next) {
		ret = inst_add(b, sg);
		if (ret) {
			/* All or nothing: take it off the groups done so far. */
			binding_free(b, true);
			return ret;
		}
	}
	if (kind == IOMMU_SVM_BIND_PROCESS &&
	    put_user(b->desc.pasid, (u32 __user *)(arg +
			offsetof(struct vfio_iommu_svm_bind, pasid)))) {
		binding_free(b, true);
		return -EFAULT;
	}
	return 0;

err_free:
	kfree(b->desc.vendor);
	kfree(b);
	return ret;
}
EXPORT_SYMBOL_GPL(vfio_svm_bind);

/**
 * vfio_svm_unbind() - VFIO_IOMMU_UNBIND
 * @svm: the container's state
 * @arg: user pointer to struct vfio_iommu_svm_unbind
 *
 * Return: 0 or a negative errno as documented in <uapi/linux/vfio.h>.
 */
long vfio_svm_unbind(struct vfio_svm *svm, void __user *arg)
{
	const u32 release = VFIO_SVM_PASID_RELEASE_FLUSHED |
			    VFIO_SVM_PASID_RELEASE_CLEAN;
	struct vfio_iommu_svm_unbind uu;
	struct vfio_svm_binding *b;
	int kind, ret;
	u32 argsz;

	if (get_user(argsz, (u32 __user *)arg))
		return -EFAULT;
	ret = svm_copy_arg(&uu, sizeof(uu),
			   offsetofend(struct vfio_iommu_svm_unbind, reserved),
			   arg, argsz);
	if (ret)
		return ret;
	kind = kind_of(uu.flags);
	if (kind < 0 || uu.flags & ~(VFIO_SVM_BIND_KINDS | release) ||
	    (uu.flags & release) == release || uu.reserved ||
	    (kind == IOMMU_SVM_BIND_PASID_TABLE && uu.pasid))
		return -EINVAL;

	b = find_binding(svm, kind, uu.pasid);
	if (!b)
		return -ENOENT;
	binding_free(b, !(uu.flags & VFIO_SVM_PASID_RELEASE_CLEAN));
	return 0;
}
EXPORT_SYMBOL_GPL(vfio_svm_unbind);

/* The bindings an entry acts on: all (DOMAIN) or the one holding its PASID. */
static bool inv_targets(const struct vfio_svm_binding *b,
			const struct iommu_svm_inv_entry *e)
{
	/* The kernel keeps process bindings coherent (MMU notifiers). */
	if (b->desc.kind == IOMMU_SVM_BIND_PROCESS)
		return false;
	if (e->granu == IOMMU_SVM_INV_GRANU_DOMAIN ||
	    b->desc.kind == IOMMU_SVM_BIND_PASID_TABLE)
		return true;
	return b->desc.pasid == e->pasid;
}

static int svm_inv_one(struct vfio_svm *svm, const void *buf, u32 generic_len,
		       u32 vendor_len)
{
	struct iommu_svm_inv inv = {
		.vendor = buf + generic_len,
		.vendor_len = vendor_len,
	};
	struct vfio_svm_binding *b;
	struct vfio_svm_inst *inst;
	bool found = false;
	int ret;

	ret = __iommu_svm_vendor_data(&inv.entry, sizeof(inv.entry),
				      sizeof(inv.entry), buf, generic_len);
	if (ret)
		return ret;

	/* Check everything first: an entry is carried out whole or not at all. */
	list_for_each_entry(b, &svm->bindings, next) {
		if (!inv_targets(b, &inv.entry))
			continue;
		found = true;
		list_for_each_entry(inst, &b->insts, next) {
			const struct iommu_svm_info *info = &inst->sgroup->info;

			/* A PASID table covers the PASIDs the devices have. */
			if (inv.entry.granu != IOMMU_SVM_INV_GRANU_DOMAIN &&
			    inv.entry.pasid >= BIT_ULL(info->pasid_bits))
				return -ENOENT;
			ret = iommu_svm_check_inv(info, &inv.entry);
			if (ret)
				return ret;
		}
	}
	if (!found)
		return inv.entry.granu == IOMMU_SVM_INV_GRANU_DOMAIN ? -ENODEV :
								       -ENOENT;

	list_for_each_entry(b, &svm->bindings, next) {
		if (!inv_targets(b, &inv.entry))
			continue;
		list_for_each_entry(inst, &b->insts, next) {
			ret = iommu_svm_invalidate(inst->nested,
						   inst->sgroup->group, &inv);
			if (ret)
				return ret;
		}
	}
	return 0;
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
	struct vfio_iommu_svm_invalidate ui;
	u32 argsz, generic_len, done = 0;
	void *buf;
	int ret;

	if (get_user(argsz, (u32 __user *)arg))
		return -EFAULT;
	ret = svm_copy_arg(&ui, sizeof(ui),
			   offsetofend(struct vfio_iommu_svm_invalidate,
				       entries_uptr),
			   arg, argsz);
	if (ret)
		return ret;
	/* From here on, entry_num always says how many entries were done. */
	if (ui.flags || ui.reserved || ui.vendor_len > ui.entry_len ||
	    ui.entry_len - ui.vendor_len < sizeof(struct iommu_svm_inv_entry))
		ret = -EINVAL;
	else if (ui.entry_len > VFIO_SVM_MAX_ENTRY ||
		 ui.entry_num > VFIO_SVM_MAX_ENTRIES)
		ret = -E2BIG;
	else if (list_empty(&svm->bindings))
		ret = -ENODEV;
	if (ret)
		goto out;
	generic_len = ui.entry_len - ui.vendor_len;

	buf = kmalloc(ui.entry_len, GFP_KERNEL);
	if (!buf) {
		ret = -ENOMEM;
		goto out;
	}
	for (done = 0; done < ui.entry_num; done++) {
		void __user *uentry = u64_to_user_ptr(ui.entries_uptr) +
				      (u64)done * ui.entry_len;

		if (copy_from_user(buf, uentry, ui.entry_len)) {
			ret = -EFAULT;
			break;
		}
		ret = svm_inv_one(svm, buf, generic_len, ui.vendor_len);
		if (ret)
			break;
	}
	kfree(buf);
out:
	if (put_user(done, (u32 __user *)(arg +
			offsetof(struct vfio_iommu_svm_invalidate, entry_num))))
		return -EFAULT;
	return ret;
}
EXPORT_SYMBOL_GPL(vfio_svm_invalidate);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("VFIO type1: binding user IOMMU translation structures");

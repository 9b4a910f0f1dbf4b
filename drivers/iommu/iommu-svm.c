// SPDX-License-Identifier: GPL-2.0
/*
 * Binding user-owned IOMMU translation structures: the generic half.
 *
 * Every check that does not depend on the IOMMU model lives here, once:
 * the shape of a bind request against what the device's IOMMU reports.
 * Those of invalidation entries (shape, cache type x granularity matrix)
 * run for every entry and are inline in <linux/iommu-svm.h>. Drivers only
 * see requests that passed, and check their vendor data themselves.
 *
 * Errno convention (shared with the VFIO uAPI, see vfio-svm.rst):
 *   EINVAL      malformed request
 *   EOPNOTSUPP  well formed, but this IOMMU does not support it
 *   ERANGE      a PASID or size beyond what the IOMMU supports
 *
 * Locking: every function reaching a device does so under its group's
 * mutex (iommu_group_for_each_dev() or the group-level attach helpers);
 * none keeps a device pointer. Callers serialise per container.
 */
#include <linux/iommu-svm.h>
#include <linux/module.h>
#include <uapi/linux/iommufd.h>

#include "iommu-priv.h"

static const struct iommu_svm_ops *dev_svm_ops(struct device *dev)
{
	const struct iommu_ops *ops;

	if (!dev->iommu || !dev->iommu->iommu_dev)
		return NULL;
	ops = dev->iommu->iommu_dev->ops;
	return ops ? ops->svm_ops : NULL;
}

/**
 * __iommu_svm_vendor_data() - see iommu_svm_vendor_data()
 * @dst: destination, @size bytes
 * @size: the driver's size of the block
 * @min_size: size of the block's first version
 * @src: kernel copy of the user's block
 * @src_len: the user's size of the block
 *
 * Return: 0, -EINVAL or -E2BIG.
 */
int __iommu_svm_vendor_data(void *dst, size_t size, size_t min_size,
			    const void *src, size_t src_len)
{
	if (src_len < min_size)
		return -EINVAL;
	if (src_len > size && memchr_inv(src + size, 0, src_len - size))
		return -E2BIG;
	memset(dst, 0, size);
	memcpy(dst, src, min(size, src_len));
	return 0;
}
EXPORT_SYMBOL_GPL(__iommu_svm_vendor_data);

/**
 * iommu_svm_info_intersect() - narrow @out to what @in also supports
 * @out: what one group (or device) supports; narrowed in place
 * @in: what another one of the same model supports
 *
 * For callers applying a binding to several groups, which offer what all
 * of them support. Raw hardware information is kept only if both agree.
 */
void iommu_svm_info_intersect(struct iommu_svm_info *out,
			      const struct iommu_svm_info *in)
{
	u32 i, j, n;

	/* Capabilities are what both have; a software MSI window, either. */
	out->flags = (out->flags & in->flags) |
		     ((out->flags | in->flags) & IOMMU_SVM_INFO_SW_MSI);
	out->variant = min(out->variant, in->variant);
	out->bind_kinds &= in->bind_kinds;
	out->pasid_bits = min(out->pasid_bits, in->pasid_bits);
	out->max_table_size = min(out->max_table_size, in->max_table_size);
	out->inv_vendor_len = min(out->inv_vendor_len, in->inv_vendor_len);
	for (i = 0; i < IOMMU_SVM_NR_INV_CACHES; i++)
		out->inv_granu[i] &= in->inv_granu[i];
	for (i = 0, n = 0; i < out->nr_pgtable_formats; i++) {
		for (j = 0; j < in->nr_pgtable_formats; j++)
			if (out->pgtable_formats[i].format ==
			    in->pgtable_formats[j].format)
				break;
		if (j == in->nr_pgtable_formats)
			continue;
		out->pgtable_formats[n] = out->pgtable_formats[i];
		out->pgtable_formats[n].variant =
			min(out->pgtable_formats[i].variant,
			    in->pgtable_formats[j].variant);
		n++;
	}
	out->nr_pgtable_formats = n;
	/* Raw registers describe one IOMMU: only report them if all agree. */
	if (out->hw_info_len != in->hw_info_len ||
	    memcmp(out->hw_info, in->hw_info, sizeof(in->hw_info))) {
		out->hw_info_len = 0;
		memset(out->hw_info, 0, sizeof(out->hw_info));
	}
}
EXPORT_SYMBOL_GPL(iommu_svm_info_intersect);

struct info_walk {
	struct iommu_svm_info *info;
	bool first;
	unsigned int nr_devs;
	u32 pasid_bits;		/* narrowest of the PASID-capable devices */
	int ret;
};

/* Under group->mutex: @dev stays in the group for the duration. */
static int info_dev(struct device *dev, void *data)
{
	const struct iommu_svm_ops *ops = dev_svm_ops(dev);
	struct info_walk *w = data;
	struct iommu_svm_info in = {};

	w->nr_devs++;
	if (!ops || !ops->info) {
		w->ret = -EOPNOTSUPP;
		return 1;
	}
	w->ret = ops->info(dev, &in);
	if (w->ret)
		return 1;
	if (WARN_ON_ONCE(in.nr_pgtable_formats > IOMMU_SVM_MAX_PGTF))
		in.nr_pgtable_formats = IOMMU_SVM_MAX_PGTF;
	if (WARN_ON_ONCE(in.hw_info_len > sizeof(in.hw_info)))
		in.hw_info_len = 0;
	/* A driver bug, never the user's: keep the shifts below defined. */
	if (WARN_ON_ONCE(in.pasid_bits > IOMMU_SVM_MAX_PASID_BITS))
		in.pasid_bits = IOMMU_SVM_MAX_PASID_BITS;
	/* A device without PASIDs cannot issue PASID traffic: it has no say. */
	if (dev->iommu->max_pasids)
		w->pasid_bits = min3(w->pasid_bits, in.pasid_bits,
				     (u32)ilog2(dev->iommu->max_pasids));
	if (w->first) {
		*w->info = in;
		w->first = false;
		return 0;
	}
	if (in.model != w->info->model) {
		w->ret = -EOPNOTSUPP;
		return 1;
	}
	iommu_svm_info_intersect(w->info, &in);
	return 0;
}

static bool group_has_sw_msi(struct iommu_group *group)
{
	struct iommu_resv_region *r, *tmp;
	LIST_HEAD(regions);
	bool found = false;

	iommu_get_group_resv_regions(group, &regions);
	list_for_each_entry_safe(r, tmp, &regions, list) {
		found |= r->type == IOMMU_RESV_SW_MSI;
		kfree(r);
	}
	return found;
}

/**
 * iommu_svm_group_info() - what the IOMMU can bind for every device of @group
 * @group: an IOMMU group whose DMA the caller owns
 * @info: filled on success
 *
 * The devices of a group share one IOMMU; this is what all of them support:
 * the PASID width is the narrowest of the IOMMU's and each device's
 * (max_pasids). PASIDs are per device, so page-table and process binds
 * need a group of one PASID-capable device: PCIe only enables PASIDs behind
 * ACS, where a device is alone in its group, and a device alone in its
 * group cannot leave it while VFIO still uses the group. PASID-table binds
 * are not offered on a group with a software MSI window unless the driver
 * keeps MSIs working (IOMMU_SVM_INFO_NESTED_MSI), and process binds only
 * where the SVA core can bind at all.
 *
 * Return: 0; -ENODEV if @group has no device; -EOPNOTSUPP if its IOMMU
 * cannot bind user tables.
 */
int iommu_svm_group_info(struct iommu_group *group, struct iommu_svm_info *info)
{
	struct info_walk w = {
		.info = info,
		.first = true,
		.pasid_bits = U32_MAX,
	};

	memset(info, 0, sizeof(*info));
	iommu_group_for_each_dev(group, &w, info_dev);
	if (!w.ret && w.first)
		w.ret = -ENODEV;
	if (w.ret) {
		memset(info, 0, sizeof(*info));
		return w.ret;
	}
	info->pasid_bits = w.pasid_bits == U32_MAX ? 0 : w.pasid_bits;
	if (!info->pasid_bits || w.nr_devs > 1)
		info->bind_kinds &= ~(BIT(IOMMU_SVM_BIND_PGTABLE) |
				      BIT(IOMMU_SVM_BIND_PROCESS));
	info->flags &= ~IOMMU_SVM_INFO_SW_MSI;
	if (group_has_sw_msi(group)) {
		info->flags |= IOMMU_SVM_INFO_SW_MSI;
		if (!(info->flags & IOMMU_SVM_INFO_NESTED_MSI))
			info->bind_kinds &= ~BIT(IOMMU_SVM_BIND_PASID_TABLE);
	}
	if (!iommu_sva_supported())
		info->bind_kinds &= ~BIT(IOMMU_SVM_BIND_PROCESS);
	return 0;
}
EXPORT_SYMBOL_GPL(iommu_svm_group_info);

static bool info_has_pgtable(const struct iommu_svm_info *info, u32 format,
			     u32 variant)
{
	u32 i;

	for (i = 0; i < info->nr_pgtable_formats; i++)
		if (info->pgtable_formats[i].format == format &&
		    variant && variant <= info->pgtable_formats[i].variant)
			return true;
	return false;
}

/**
 * iommu_svm_check_bind() - check a bind request against an IOMMU's info
 * @info: from iommu_svm_group_info()
 * @desc: the request; its fields unused by @desc->kind are already zero
 *
 * Return: 0, -EOPNOTSUPP (kind, model, format or variant unsupported),
 * -ERANGE (PASID or table size too large) or -EINVAL (misaligned).
 */
int iommu_svm_check_bind(const struct iommu_svm_info *info,
			 const struct iommu_svm_bind_desc *desc)
{
	if (desc->kind > IOMMU_SVM_BIND_PROCESS ||
	    !(info->bind_kinds & BIT(desc->kind)))
		return -EOPNOTSUPP;

	switch (desc->kind) {
	case IOMMU_SVM_BIND_PASID_TABLE:
		if (desc->format != info->model || !desc->variant ||
		    desc->variant > info->variant)
			return -EOPNOTSUPP;
		if (!desc->size || desc->size > info->max_table_size)
			return -ERANGE;
		if (!IS_ALIGNED(desc->addr, SZ_4K) ||
		    desc->addr + desc->size < desc->addr)
			return -EINVAL;
		return 0;
	case IOMMU_SVM_BIND_PGTABLE:
		if (!info_has_pgtable(info, desc->format, desc->variant))
			return -EOPNOTSUPP;
		if (desc->pasid == IOMMU_NO_PASID ||
		    desc->pasid >> info->pasid_bits)
			return -ERANGE;
		if (!IS_ALIGNED(desc->addr, SZ_4K))
			return -EINVAL;
		return 0;
	default:
		return 0;
	}
}
EXPORT_SYMBOL_GPL(iommu_svm_check_bind);

/**
 * iommu_svm_alloc_nest_parent() - a paging domain bindings can nest under
 * @dev: a device behind the IOMMU
 *
 * Return: an IOMMU_DOMAIN_UNMANAGED domain allocated by the driver as a
 * nest parent, or an ERR_PTR (-EOPNOTSUPP if the IOMMU cannot nest).
 */
struct iommu_domain *iommu_svm_alloc_nest_parent(struct device *dev)
{
	const struct iommu_ops *ops = dev_iommu_ops(dev);
	struct iommu_domain *domain;

	if (!ops->domain_alloc_user)
		return ERR_PTR(-EOPNOTSUPP);
	domain = ops->domain_alloc_user(dev, IOMMU_HWPT_ALLOC_NEST_PARENT,
					NULL, NULL);
	if (IS_ERR(domain))
		return domain;
	domain->owner = ops;
	return domain;
}
EXPORT_SYMBOL_GPL(iommu_svm_alloc_nest_parent);

struct alloc_walk {
	struct iommu_domain *parent;
	const struct iommu_svm_bind_desc *desc;
	struct iommu_domain *nested;
};

/* Under group->mutex: the driver sees a device that stays for the call. */
static int alloc_nested_dev(struct device *dev, void *data)
{
	const struct iommu_svm_ops *ops = dev_svm_ops(dev);
	struct alloc_walk *w = data;

	if (!ops || !ops->alloc_nested)
		w->nested = ERR_PTR(-EOPNOTSUPP);
	else
		w->nested = ops->alloc_nested(dev, w->parent, w->desc);
	if (!IS_ERR(w->nested))
		w->nested->owner = dev_iommu_ops(dev);
	return 1;
}

/**
 * iommu_svm_alloc_nested() - have the driver build a binding's domain
 * @group: the group the binding is for
 * @parent: the nest-parent stage-2 domain the binding nests under
 * @desc: a request that passed iommu_svm_check_bind()
 *
 * Return: an IOMMU_DOMAIN_NESTED domain, or an ERR_PTR (-ENODEV: the group
 * has no device left). Free it with iommu_domain_free().
 */
struct iommu_domain *iommu_svm_alloc_nested(struct iommu_group *group,
					    struct iommu_domain *parent,
					    const struct iommu_svm_bind_desc *desc)
{
	struct alloc_walk w = {
		.parent = parent,
		.desc = desc,
		.nested = ERR_PTR(-ENODEV),
	};

	iommu_group_for_each_dev(group, &w, alloc_nested_dev);
	if (IS_ERR(w.nested))
		return w.nested;
	if (WARN_ON_ONCE(w.nested->type != IOMMU_DOMAIN_NESTED)) {
		iommu_domain_free(w.nested);
		return ERR_PTR(-EINVAL);
	}
	return w.nested;
}
EXPORT_SYMBOL_GPL(iommu_svm_alloc_nested);

/**
 * iommu_svm_attach() - install a binding on every device of a group
 * @nested: from iommu_svm_alloc_nested()
 * @group: the group; for a PASID table it must be attached to the parent
 * @desc: the bind request
 *
 * A PASID table replaces the group's parent domain at the RID; a page table
 * is attached at @desc->pasid of every device, in the group's own PASID
 * space. On failure nothing remains.
 *
 * Return: 0, -EBUSY (the PASID is in use in this group), -ENODEV (no device
 * left) or a negative errno from the driver.
 */
int iommu_svm_attach(struct iommu_domain *nested, struct iommu_group *group,
		     const struct iommu_svm_bind_desc *desc)
{
	if (desc->kind == IOMMU_SVM_BIND_PASID_TABLE)
		return iommu_group_replace_domain(group, nested);
	return iommu_group_attach_pasid(nested, group, desc->pasid);
}
EXPORT_SYMBOL_GPL(iommu_svm_attach);

/**
 * iommu_svm_detach() - remove a binding from every device of a group
 * @nested: the binding's domain
 * @parent: the stage-2 domain the group returns to (PASID table)
 * @group: the group, possibly with fewer devices than at attach time
 * @desc: the bind request that installed it
 *
 * Removing the binding blocks DMA through it; drivers invalidate what they
 * cached for it, and drain page requests, when it is removed. A page table
 * is always removed. Returning a group to @parent is a domain attach, which
 * a driver may fail (e.g. -ENOMEM); the nested domain then stays installed
 * and the caller must keep it or move the group to a core domain.
 *
 * Return: 0, or the driver's errno from re-attaching @parent.
 */
int iommu_svm_detach(struct iommu_domain *nested, struct iommu_domain *parent,
		     struct iommu_group *group,
		     const struct iommu_svm_bind_desc *desc)
{
	if (desc->kind == IOMMU_SVM_BIND_PASID_TABLE)
		return iommu_group_replace_domain(group, parent);
	iommu_group_detach_pasid(nested, group, desc->pasid);
	return 0;
}
EXPORT_SYMBOL_GPL(iommu_svm_detach);

struct inv_walk {
	struct iommu_domain *nested;
	const struct iommu_svm_inv *inv;
};

static int invalidate_dev(struct device *dev, void *data)
{
	const struct iommu_svm_ops *ops = dev_svm_ops(dev);
	struct inv_walk *w = data;

	if (!ops || !ops->invalidate)
		return -EOPNOTSUPP;
	return ops->invalidate(w->nested, dev, w->inv);
}

/**
 * iommu_svm_invalidate() - pass one checked invalidation to the driver
 * @nested: the binding's domain
 * @group: the group whose devices' caches to invalidate (device IOTLBs
 *         are per device)
 * @inv: an entry that passed iommu_svm_check_inv_shape() and
 *       iommu_svm_check_inv_matrix()
 *
 * Return: 0 or a negative errno (-EIO: the hardware failed it).
 */
int iommu_svm_invalidate(struct iommu_domain *nested, struct iommu_group *group,
			 const struct iommu_svm_inv *inv)
{
	struct inv_walk w = { .nested = nested, .inv = inv };

	return iommu_group_for_each_dev(group, &w, invalidate_dev);
}
EXPORT_SYMBOL_GPL(iommu_svm_invalidate);

struct inv_array_walk {
	struct iommu_domain *nested;
	const struct iommu_svm_inv *invs;
	u32 n;		/* entries every device so far carried out */
	int ret;
};

static int invalidate_array_dev(struct device *dev, void *data)
{
	const struct iommu_svm_ops *ops = dev_svm_ops(dev);
	struct inv_array_walk *w = data;
	u32 done = 0;
	int ret = 0;

	if (!w->n)
		return 1;
	if (!ops || !ops->invalidate) {
		ret = -EOPNOTSUPP;
	} else if (ops->invalidate_array) {
		ret = ops->invalidate_array(w->nested, dev, w->invs, w->n,
					    &done);
	} else {
		for (; done < w->n; done++) {
			ret = ops->invalidate(w->nested, dev, &w->invs[done]);
			if (ret)
				break;
			cond_resched();
		}
	}
	/* A driver bug, never the user's: a failure counts as not done */
	if (ret && WARN_ON_ONCE(done >= w->n))
		done = w->n - 1;
	/* The next devices get the entries before the failure: theirs is first */
	if (ret) {
		w->ret = ret;
		w->n = done;
	}
	return 0;
}

/**
 * iommu_svm_invalidate_array() - pass a run of checked entries to the driver
 * @nested: the binding's domain
 * @group: the group whose devices' caches to invalidate
 * @invs: entries that passed iommu_svm_check_inv_shape() and
 *        iommu_svm_check_inv_matrix()
 * @n: how many
 * @done: how many were carried out on every device of @group
 *
 * As iommu_svm_invalidate() for each entry in turn, but each device's
 * driver gets the whole run at once where it implements invalidate_array.
 * A device failing at an entry makes the next devices stop there too.
 *
 * Return: 0, or the negative errno of the entry at *@done, the first one
 * not carried out on every device.
 */
int iommu_svm_invalidate_array(struct iommu_domain *nested,
			       struct iommu_group *group,
			       const struct iommu_svm_inv *invs, u32 n,
			       u32 *done)
{
	struct inv_array_walk w = { .nested = nested, .invs = invs, .n = n };

	iommu_group_for_each_dev(group, &w, invalidate_array_dev);
	*done = w.n;
	return w.ret;
}
EXPORT_SYMBOL_GPL(iommu_svm_invalidate_array);

static int invalidate_sync_dev(struct device *dev, void *data)
{
	const struct iommu_svm_ops *ops = dev_svm_ops(dev);
	int *ret = data;

	if (ops && ops->invalidate_sync)
		*ret = ops->invalidate_sync(dev) ?: *ret;
	return 0;
}

/**
 * iommu_svm_invalidate_sync() - complete the invalidations queued on a group
 * @group: a group passed to iommu_svm_invalidate() since the last call
 *
 * Drivers may queue invalidations and complete them here, so that a batch
 * of entries costs one wait, not one per entry. Every device is waited
 * for, even after a failure.
 *
 * Return: 0, or -EIO if the IOMMU failed part of what was queued.
 */
int iommu_svm_invalidate_sync(struct iommu_group *group)
{
	int ret = 0;

	iommu_group_for_each_dev(group, &ret, invalidate_sync_dev);
	return ret;
}
EXPORT_SYMBOL_GPL(iommu_svm_invalidate_sync);

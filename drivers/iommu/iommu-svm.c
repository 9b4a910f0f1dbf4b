// SPDX-License-Identifier: GPL-2.0
/*
 * Binding user-owned IOMMU translation structures: the generic half.
 *
 * Every check that does not depend on the IOMMU model lives here, once:
 * the shape of a bind request against what the device's IOMMU reports,
 * and the cache type x granularity matrix of invalidations. Drivers only
 * see requests that passed, and check their vendor data themselves.
 *
 * Errno convention (shared with the VFIO uAPI, see vfio-svm.rst):
 *   EINVAL      malformed request
 *   EOPNOTSUPP  well formed, but this IOMMU does not support it
 *   ERANGE      a PASID or size beyond what the IOMMU supports
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

static int first_dev(struct device *dev, void *data)
{
	*(struct device **)data = dev;
	return 1;
}

/**
 * iommu_svm_group_dev() - a device of @group to ask about the group's IOMMU
 * @group: an IOMMU group; all its devices sit behind one IOMMU
 *
 * Return: the first device of @group, or NULL if it has none.
 */
struct device *iommu_svm_group_dev(struct iommu_group *group)
{
	struct device *dev = NULL;

	iommu_group_for_each_dev(group, &dev, first_dev);
	return dev;
}
EXPORT_SYMBOL_GPL(iommu_svm_group_dev);

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
 * iommu_svm_get_info() - what @dev's IOMMU can bind
 * @dev: a device behind an IOMMU
 * @info: filled on success
 *
 * Return: 0, or -EOPNOTSUPP if the IOMMU cannot bind user tables.
 */
int iommu_svm_get_info(struct device *dev, struct iommu_svm_info *info)
{
	const struct iommu_svm_ops *ops = dev_svm_ops(dev);
	int ret;

	memset(info, 0, sizeof(*info));
	if (!ops || !ops->info)
		return -EOPNOTSUPP;
	ret = ops->info(dev, info);
	if (ret)
		return ret;
	if (WARN_ON(info->nr_pgtable_formats > IOMMU_SVM_MAX_PGTF))
		info->nr_pgtable_formats = IOMMU_SVM_MAX_PGTF;
	/*
	 * Process binds go through the SVA core, which needs CONFIG_IOMMU_SVA
	 * and, in this kernel, refuses x86 (kernel page-table freeing is not
	 * yet synchronised with IOMMU walk caches there).
	 */
	if (!IS_ENABLED(CONFIG_IOMMU_SVA) || IS_ENABLED(CONFIG_X86))
		info->bind_kinds &= ~BIT(IOMMU_SVM_BIND_PROCESS);
	return 0;
}
EXPORT_SYMBOL_GPL(iommu_svm_get_info);

/**
 * iommu_svm_device_capable() - can @dev's IOMMU bind anything for it
 * @dev: the device
 *
 * Return: true if at least one bind kind is supported, for
 * VFIO_DEVICE_FLAGS_SVM and the like.
 */
bool iommu_svm_device_capable(struct device *dev)
{
	struct iommu_svm_info info;

	return !iommu_svm_get_info(dev, &info) && info.bind_kinds;
}
EXPORT_SYMBOL_GPL(iommu_svm_device_capable);

static bool info_has_pgtable(const struct iommu_svm_info *info, u32 format,
			     u32 variant)
{
	u32 i;

	for (i = 0; i < info->nr_pgtable_formats; i++)
		if (info->pgtable_formats[i].format == format &&
		    info->pgtable_formats[i].variant == variant)
			return true;
	return false;
}

/**
 * iommu_svm_check_bind() - check a bind request against an IOMMU's info
 * @info: from iommu_svm_get_info()
 * @desc: the request; its fields unused by @desc->kind are already zero
 *
 * Return: 0, -EOPNOTSUPP (kind, model, format or variant unsupported),
 * -ERANGE (PASID or table size too large) or -EINVAL (misaligned).
 */
int iommu_svm_check_bind(const struct iommu_svm_info *info,
			 const struct iommu_svm_bind_desc *desc)
{
	if (desc->kind >= IOMMU_SVM_BIND_NR ||
	    !(info->bind_kinds & BIT(desc->kind)))
		return -EOPNOTSUPP;

	switch (desc->kind) {
	case IOMMU_SVM_BIND_PASID_TABLE:
		if (desc->format != info->model ||
		    desc->variant != info->variant)
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
		    desc->pasid >= BIT_ULL(info->pasid_bits))
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
 * iommu_svm_check_inv() - check an invalidation entry's generic part
 * @info: the IOMMU's info, whose matrix says what it supports
 * @entry: the entry
 *
 * Return: 0, -EINVAL (malformed) or -EOPNOTSUPP (a cache type this IOMMU
 * cannot invalidate at that granularity: never silently ignored).
 */
int iommu_svm_check_inv(const struct iommu_svm_info *info,
			const struct iommu_svm_inv_entry *entry)
{
	unsigned long caches = entry->caches;
	unsigned int bit;

	if (!caches || caches & ~GENMASK(IOMMU_SVM_INV_CACHE_NR - 1, 0))
		return -EINVAL;
	if (entry->granu >= IOMMU_SVM_INV_GRANU_NR)
		return -EINVAL;
	if (entry->flags & ~IOMMU_SVM_INV_FLAG_LEAF)
		return -EINVAL;

	switch (entry->granu) {
	case IOMMU_SVM_INV_GRANU_DOMAIN:
		if (entry->pasid || entry->addr || entry->size ||
		    entry->flags)
			return -EINVAL;
		break;
	case IOMMU_SVM_INV_GRANU_PASID:
		if (entry->addr || entry->size || entry->flags)
			return -EINVAL;
		break;
	case IOMMU_SVM_INV_GRANU_ADDR:
		if (!entry->size || !IS_ALIGNED(entry->addr, SZ_4K) ||
		    !IS_ALIGNED(entry->size, SZ_4K) ||
		    entry->addr + entry->size < entry->addr)
			return -EINVAL;
		break;
	}

	for_each_set_bit(bit, &caches, IOMMU_SVM_INV_CACHE_NR)
		if (!(info->inv_granu[bit] & BIT(entry->granu)))
			return -EOPNOTSUPP;
	return 0;
}
EXPORT_SYMBOL_GPL(iommu_svm_check_inv);

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

/**
 * iommu_svm_alloc_nested() - have the driver build a binding's domain
 * @dev: a device behind the IOMMU
 * @parent: the nest-parent stage-2 domain the binding nests under
 * @desc: a request that passed iommu_svm_check_bind()
 *
 * Return: an IOMMU_DOMAIN_NESTED domain, or an ERR_PTR. Free it with
 * iommu_domain_free().
 */
struct iommu_domain *iommu_svm_alloc_nested(struct device *dev,
					    struct iommu_domain *parent,
					    const struct iommu_svm_bind_desc *desc)
{
	const struct iommu_svm_ops *ops = dev_svm_ops(dev);
	struct iommu_domain *nested;

	if (!ops || !ops->alloc_nested)
		return ERR_PTR(-EOPNOTSUPP);
	nested = ops->alloc_nested(dev, parent, desc);
	if (IS_ERR(nested))
		return nested;
	if (WARN_ON(nested->type != IOMMU_DOMAIN_NESTED)) {
		iommu_domain_free(nested);
		return ERR_PTR(-EINVAL);
	}
	nested->owner = dev_iommu_ops(dev);
	return nested;
}
EXPORT_SYMBOL_GPL(iommu_svm_alloc_nested);

/**
 * iommu_svm_attach() - install a binding on every device of a group
 * @nested: from iommu_svm_alloc_nested()
 * @group: the group; for a PASID table it must be attached to the parent
 * @desc: the bind request
 *
 * A PASID table replaces the group's parent domain at the RID; a page table
 * is attached at @desc->pasid of each device. On failure nothing remains.
 *
 * Return: 0 or a negative errno from the driver.
 */
int iommu_svm_attach(struct iommu_domain *nested, struct iommu_group *group,
		     const struct iommu_svm_bind_desc *desc)
{
	struct device *dev;

	if (desc->kind == IOMMU_SVM_BIND_PASID_TABLE)
		return iommu_group_replace_domain(group, nested);

	/* A PASID attach covers every device of the group, or none. */
	dev = iommu_svm_group_dev(group);
	if (!dev)
		return -ENODEV;
	return iommu_attach_device_pasid(nested, dev, desc->pasid, NULL);
}
EXPORT_SYMBOL_GPL(iommu_svm_attach);

static int drain_dev(struct device *dev, void *data)
{
	const struct iommu_svm_ops *ops = dev_svm_ops(dev);

	if (ops && ops->drain)
		ops->drain(dev, *(ioasid_t *)data);
	return 0;
}

/**
 * iommu_svm_detach() - remove a binding from every device of a group
 * @nested: the binding's domain
 * @parent: the stage-2 domain the group returns to (PASID table)
 * @group: the group
 * @desc: the bind request that installed it
 * @drain: drain queued page requests once the binding is gone
 *
 * Removing the binding blocks DMA through it; drivers invalidate what they
 * cached for it when it is removed. Cannot fail.
 */
void iommu_svm_detach(struct iommu_domain *nested, struct iommu_domain *parent,
		      struct iommu_group *group,
		      const struct iommu_svm_bind_desc *desc, bool drain)
{
	ioasid_t pasid = IOMMU_NO_PASID;
	struct device *dev;

	if (desc->kind == IOMMU_SVM_BIND_PASID_TABLE) {
		/*
		 * Going back to a domain this group was attached to. Should the
		 * driver fail that, block the group rather than leave the
		 * nested domain installed when the caller frees it.
		 */
		if (WARN_ON(iommu_group_replace_domain(group, parent)))
			iommu_detach_group(nested, group);
	} else {
		dev = iommu_svm_group_dev(group);
		if (dev)
			iommu_detach_device_pasid(nested, dev, desc->pasid);
		pasid = desc->pasid;
	}
	if (drain)
		iommu_group_for_each_dev(group, &pasid, drain_dev);
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
 * @inv: an entry that passed iommu_svm_check_inv()
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

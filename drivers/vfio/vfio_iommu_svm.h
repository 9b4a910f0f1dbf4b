/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VFIO type1 container: binding user-owned IOMMU translation structures.
 * Interface between vfio_iommu_type1_main.c and vfio_iommu_svm.c, linked
 * together into vfio_iommu_type1.ko.
 *
 * Locking: struct vfio_svm is protected by the container's iommu->lock,
 * handed over at vfio_svm_alloc(). vfio_svm_group_attach(),
 * vfio_svm_group_detach() and vfio_svm_info_cap() are called with it held;
 * every other function takes it itself, after copying its arguments from
 * user memory.
 */
#ifndef __VFIO_IOMMU_SVM_H
#define __VFIO_IOMMU_SVM_H

#include <linux/iommu.h>
#include <linux/vfio.h>

struct vfio_svm;

#if IS_ENABLED(CONFIG_IOMMU_SVM_NESTING)
struct vfio_svm *vfio_svm_alloc(struct mutex *lock, bool nesting);
void vfio_svm_free(struct vfio_svm *svm);
int vfio_svm_group_attach(struct vfio_svm *svm, struct iommu_group *group,
			  struct iommu_domain *parent, bool nest_parent);
void vfio_svm_group_detach(struct vfio_svm *svm, struct iommu_group *group);
void vfio_svm_device_open(struct vfio_svm *svm, struct device *dev);
void vfio_svm_device_close(struct vfio_svm *svm, struct device *dev);
int vfio_svm_check_extension(struct vfio_svm *svm);
int vfio_svm_info_cap(struct vfio_svm *svm, struct vfio_info_cap *caps);
long vfio_svm_bind(struct vfio_svm *svm, void __user *arg);
long vfio_svm_unbind(struct vfio_svm *svm, void __user *arg);
long vfio_svm_invalidate(struct vfio_svm *svm, void __user *arg);
#else
static inline struct vfio_svm *vfio_svm_alloc(struct mutex *lock,
					      bool nesting)
{
	return NULL;
}

static inline void vfio_svm_free(struct vfio_svm *svm) {}

static inline int vfio_svm_group_attach(struct vfio_svm *svm,
					struct iommu_group *group,
					struct iommu_domain *parent,
					bool nest_parent)
{
	return 0;
}

static inline void vfio_svm_group_detach(struct vfio_svm *svm,
					 struct iommu_group *group) {}
static inline void vfio_svm_device_open(struct vfio_svm *svm,
					struct device *dev) {}
static inline void vfio_svm_device_close(struct vfio_svm *svm,
					 struct device *dev) {}

static inline int vfio_svm_check_extension(struct vfio_svm *svm)
{
	return 0;
}

static inline int vfio_svm_info_cap(struct vfio_svm *svm,
				    struct vfio_info_cap *caps)
{
	return 0;
}

static inline long vfio_svm_bind(struct vfio_svm *svm, void __user *arg)
{
	return -ENOTTY;
}

static inline long vfio_svm_unbind(struct vfio_svm *svm, void __user *arg)
{
	return -ENOTTY;
}

static inline long vfio_svm_invalidate(struct vfio_svm *svm,
				       void __user *arg)
{
	return -ENOTTY;
}
#endif

#endif /* __VFIO_IOMMU_SVM_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VFIO type1 container: binding user-owned IOMMU translation structures.
 * Interface between vfio_iommu_type1.c and vfio_iommu_svm.c.
 *
 * Locking: every function here is called with the container's iommu->lock
 * held, which serialises binds, unbinds, invalidations, group attach and
 * detach of one container. Nothing else touches struct vfio_svm.
 */
#ifndef __VFIO_IOMMU_SVM_H
#define __VFIO_IOMMU_SVM_H

#include <linux/iommu.h>
#include <linux/vfio.h>

struct vfio_svm;

struct vfio_svm *vfio_svm_alloc(bool nesting);
void vfio_svm_free(struct vfio_svm *svm);
int vfio_svm_group_attach(struct vfio_svm *svm, struct iommu_group *group,
			  struct iommu_domain *parent, bool nest_parent);
void vfio_svm_group_detach(struct vfio_svm *svm, struct iommu_group *group);
int vfio_svm_check_extension(struct vfio_svm *svm);
int vfio_svm_info_cap(struct vfio_svm *svm, struct vfio_info_cap *caps);
long vfio_svm_bind(struct vfio_svm *svm, void __user *arg);
long vfio_svm_unbind(struct vfio_svm *svm, void __user *arg);
long vfio_svm_invalidate(struct vfio_svm *svm, void __user *arg);

#endif /* __VFIO_IOMMU_SVM_H */

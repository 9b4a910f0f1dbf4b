// SPDX-License-Identifier: GPL-2.0
/*
 * SMMUv3 callbacks for binding user-owned structures (iommu_svm_ops): a
 * user's Context Descriptor table nested over a nest-parent stage 2.
 *
 * Coherency rule (arm_smmu_master_can_nest()): a user that owns a stage 1
 * chooses the memory type of its device's accesses. Nesting is offered
 * only where that cannot bypass the CPU caches: the SMMU walks coherently
 * and the root complex forces coherent write-back accesses (IORT CANWBS).
 * SMMUs with S2FWB could force it in stage 2 instead; this driver does not
 * use S2FWB yet, so they do not nest here.
 *
 * Locking: the core calls these under the group's mutex, and the caller
 * serialises binds and invalidations of a container. The only driver
 * state touched is the master's STE, under arm_smmu_asid_lock as for
 * every attach, and the command queue, which is lock-free.
 */
#include <kunit/visibility.h>
#include <linux/iommu-svm.h>

#include "arm-smmu-v3.h"

#define ARM_SMMU_AIDR			0x1c
#define AIDR_ARCH_MINOR			GENMASK(3, 0)
#define ARM_SMMU_NR_ID_REGS		8	/* IDR0-5, IIDR, AIDR */

/* Split of a two-level CD table per STE.S1Fmt: 4 KiB or 64 KiB leaves */
#define SVM_CD_SPLIT_4K			6
#define SVM_CD_SPLIT_64K		10

#define PAGE_SHIFT_4K			12
/* Above this many pages an address invalidation drops the whole ASID */
#define SVM_INV_MAX_VA_CMDS		256
/* Range commands: SCALE is 5 bits, so at most 2^31 granules per entry */
#define SVM_INV_MAX_RANGE_BITS		31

static int arm_smmu_svm_info(struct device *dev, struct iommu_svm_info *info)
{
	struct arm_smmu_master *master = dev_iommu_priv_get(dev);
	struct arm_smmu_device *smmu = master->smmu;
	bool nest = arm_smmu_master_can_nest(master);
	bool sva = arm_smmu_master_sva_supported(master);
	int i;

	if (!nest && !sva)
		return -EOPNOTSUPP;

	info->model = IOMMU_SVM_MODEL_ARM_SMMUV3;
	for (i = 0; i < ARM_SMMU_NR_ID_REGS; i++)
		info->hw_info[i] = readl_relaxed(smmu->base + ARM_SMMU_IDR0 +
						 4 * i);
	info->hw_info_len = ARM_SMMU_NR_ID_REGS * sizeof(info->hw_info[0]);
	info->variant = 1 + FIELD_GET(AIDR_ARCH_MINOR, info->hw_info[7]);
	if (nest) {
		/* MSIs go through the user's stage 1 to the parent's window */
		info->flags = IOMMU_SVM_INFO_NESTED_MSI;
		info->bind_kinds = BIT(IOMMU_SVM_BIND_PASID_TABLE);
	}
	if (sva)
		info->bind_kinds |= BIT(IOMMU_SVM_BIND_PROCESS);
	info->pasid_bits = master->ssid_bits;
	info->max_table_size = sizeof(struct arm_smmu_cd) << master->ssid_bits;
	/* The format of the stage-1 tables the user's CDs point to */
	info->nr_pgtable_formats = 1;
	info->pgtable_formats[0].format = IOMMU_SVM_PGTF_ARM_64_LPAE_S1;
	info->pgtable_formats[0].variant = 1;
	/* No DEV_IOTLB: ATS is off under a nested STE */
	info->inv_granu[ilog2(IOMMU_SVM_INV_CACHE_IOTLB)] =
		BIT(IOMMU_SVM_INV_GRANU_DOMAIN) | BIT(IOMMU_SVM_INV_GRANU_PASID) |
		BIT(IOMMU_SVM_INV_GRANU_ADDR);
	info->inv_granu[ilog2(IOMMU_SVM_INV_CACHE_PASID)] =
		BIT(IOMMU_SVM_INV_GRANU_DOMAIN) | BIT(IOMMU_SVM_INV_GRANU_PASID);
	info->inv_vendor_len = sizeof(struct iommu_svm_smmuv3_inv);
	return 0;
}

/*
 * Check a CD-table bind for @master over @parent and fill @ste with the
 * user's STE fields. Return: 0 or the errno the uAPI documents.
 */
VISIBLE_IF_KUNIT
int arm_smmu_svm_check_table(struct arm_smmu_master *master,
			     struct iommu_domain *parent,
			     const struct iommu_svm_bind_desc *desc,
			     __le64 *ste)
{
	struct iommu_svm_smmuv3_pasid_table vb;
	u64 min_size, end;
	int ret;

	ret = iommu_svm_vendor_data(&vb, desc->vendor, desc->vendor_len,
				    __reserved);
	if (ret)
		return ret;
	if (vb.flags || memchr_inv(vb.__reserved, 0, sizeof(vb.__reserved)))
		return -EINVAL;
	if (vb.s1dss > STRTAB_STE_1_S1DSS_SSID0 ||
	    vb.s1cir > STRTAB_STE_1_S1C_CACHE_WB ||
	    vb.s1cor > STRTAB_STE_1_S1C_CACHE_WB ||
	    vb.s1csh > ARM_SMMU_SH_ISH || vb.s1csh == 1)
		return -EINVAL;
	if (vb.s1cdmax > master->ssid_bits)
		return -ERANGE;

	switch (vb.s1fmt) {
	case STRTAB_STE_0_S1FMT_LINEAR:
		min_size = sizeof(struct arm_smmu_cd) << vb.s1cdmax;
		break;
	case STRTAB_STE_0_S1FMT_4K_L2:
	case STRTAB_STE_0_S1FMT_64K_L2:
		if (!(master->smmu->features & ARM_SMMU_FEAT_2_LVL_CDTAB))
			return -EOPNOTSUPP;
		ret = vb.s1fmt == STRTAB_STE_0_S1FMT_4K_L2 ? SVM_CD_SPLIT_4K :
							     SVM_CD_SPLIT_64K;
		min_size = sizeof(u64) << (vb.s1cdmax > ret ?
					   vb.s1cdmax - ret : 0);
		break;
	default:
		return -EINVAL;
	}
	if (desc->size < min_size)
		return -EINVAL;
	/* The SMMU walks the table through stage 2: it must be in its range */
	if (check_add_overflow(desc->addr, desc->size - 1, &end) ||
	    end > parent->geometry.aperture_end)
		return -ERANGE;

	ste[0] = cpu_to_le64(FIELD_PREP(STRTAB_STE_0_S1FMT, vb.s1fmt) |
			     (desc->addr & STRTAB_STE_0_S1CTXPTR_MASK) |
			     FIELD_PREP(STRTAB_STE_0_S1CDMAX, vb.s1cdmax));
	ste[1] = cpu_to_le64(FIELD_PREP(STRTAB_STE_1_S1DSS, vb.s1dss) |
			     FIELD_PREP(STRTAB_STE_1_S1CIR, vb.s1cir) |
			     FIELD_PREP(STRTAB_STE_1_S1COR, vb.s1cor) |
			     FIELD_PREP(STRTAB_STE_1_S1CSH, vb.s1csh));
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(arm_smmu_svm_check_table);

static struct iommu_domain *
arm_smmu_svm_alloc_nested(struct device *dev, struct iommu_domain *parent,
			  const struct iommu_svm_bind_desc *desc)
{
	struct arm_smmu_master *master = dev_iommu_priv_get(dev);
	struct arm_smmu_nested_domain *nested;
	struct arm_smmu_domain *s2;
	__le64 ste[2];
	int ret;

	if (desc->kind != IOMMU_SVM_BIND_PASID_TABLE)
		return ERR_PTR(-EOPNOTSUPP);
	if (!arm_smmu_master_can_nest(master))
		return ERR_PTR(-EOPNOTSUPP);
	s2 = arm_smmu_nest_parent(parent);
	if (!s2 || s2->smmu != master->smmu)
		return ERR_PTR(-EINVAL);

	ret = arm_smmu_svm_check_table(master, parent, desc, ste);
	if (ret)
		return ERR_PTR(ret);

	nested = kzalloc(sizeof(*nested), GFP_KERNEL_ACCOUNT);
	if (!nested)
		return ERR_PTR(-ENOMEM);
	nested->domain.type = IOMMU_DOMAIN_NESTED;
	nested->domain.ops = &arm_smmu_nested_ops;
	nested->domain.msi_parent = parent;
	nested->s2_parent = s2;
	nested->ste[0] = ste[0];
	nested->ste[1] = ste[1];
	return &nested->domain;
}

/*
 * TLBI_NH_VA over @pages granules of 1 << @shift bytes from @va: one
 * command per granule, or with @tg (the user's granule, on an SMMU with
 * range invalidation) range commands, each covering the next 5-bit chunk
 * of the page count. TTL stays 0: the level of the entries is unknown.
 */
static void arm_smmu_svm_inv_va(struct arm_smmu_device *smmu,
				struct arm_smmu_cmdq_batch *cmds,
				struct arm_smmu_cmdq_ent *cmd, u64 va,
				u64 pages, unsigned int shift, u8 tg)
{
	unsigned long scale, num;

	if (!tg) {
		for (; pages; pages--, va += 1ULL << shift) {
			cmd->tlbi.addr = va;
			arm_smmu_cmdq_batch_add(smmu, cmds, cmd);
		}
		return;
	}
	cmd->tlbi.tg = tg;
	/* NUM and SCALE both 0 with TTL 0 is what the driver avoids too */
	if ((pages & CMDQ_TLBI_RANGE_NUM_MAX) == 1)
		pages++;
	while (pages) {
		scale = __ffs64(pages);
		num = (pages >> scale) & CMDQ_TLBI_RANGE_NUM_MAX;
		cmd->tlbi.scale = scale;
		cmd->tlbi.num = num - 1;
		cmd->tlbi.addr = va;
		arm_smmu_cmdq_batch_add(smmu, cmds, cmd);
		va += (u64)num << (scale + shift);
		pages -= (u64)num << scale;
	}
}

/*
 * Build the commands of one entry into @cmds. The VMID and StreamIDs are
 * the kernel's; only the ASID and SSID come from the user, bounded by
 * what the SMMU and the bound table can hold.
 */
VISIBLE_IF_KUNIT
int arm_smmu_svm_inv_cmds(struct arm_smmu_nested_domain *nested,
			  struct arm_smmu_master *master,
			  const struct iommu_svm_inv *inv,
			  struct arm_smmu_cmdq_batch *cmds)
{
	const struct iommu_svm_inv_entry *e = &inv->entry;
	struct arm_smmu_device *smmu = master->smmu;
	struct iommu_svm_smmuv3_inv v;
	struct arm_smmu_cmdq_ent cmd = {};
	unsigned int shift;
	bool need_asid;
	u64 pages;
	u32 cdmax;
	int i, ret;
	bool range;

	ret = iommu_svm_vendor_data(&v, inv->vendor, inv->vendor_len,
				    __reserved);
	if (ret)
		return ret;
	range = v.tg && (smmu->features & ARM_SMMU_FEAT_RANGE_INV);
	/* Not in the matrix arm_smmu_svm_info() publishes */
	if (e->caches & ~(IOMMU_SVM_INV_CACHE_IOTLB | IOMMU_SVM_INV_CACHE_PASID))
		return -EOPNOTSUPP;
	need_asid = (e->caches & IOMMU_SVM_INV_CACHE_IOTLB) &&
		    e->granu != IOMMU_SVM_INV_GRANU_DOMAIN;
	if (v.__reserved || (v.flags & ~IOMMU_SVM_SMMUV3_INV_ASID) ||
	    !!(v.flags & IOMMU_SVM_SMMUV3_INV_ASID) != need_asid ||
	    (!need_asid && v.asid) || v.asid >> smmu->asid_bits)
		return -EINVAL;
	/* A granule: only for addresses, 4/16/64 KiB, and aligned to it */
	shift = v.tg ? 10 + 2 * v.tg : PAGE_SHIFT_4K;
	if (v.tg && (v.tg > 3 || !(e->caches & IOMMU_SVM_INV_CACHE_IOTLB) ||
		     e->granu != IOMMU_SVM_INV_GRANU_ADDR ||
		     !IS_ALIGNED(e->addr | e->size, 1ULL << shift)))
		return -EINVAL;
	cdmax = FIELD_GET(STRTAB_STE_0_S1CDMAX, le64_to_cpu(nested->ste[0]));
	if (e->granu != IOMMU_SVM_INV_GRANU_DOMAIN && e->pasid >> cdmax)
		return -EINVAL;

	/* CDs first: a TLB refill after it must not read the old CD */
	if (e->caches & IOMMU_SVM_INV_CACHE_PASID) {
		cmd.opcode = e->granu == IOMMU_SVM_INV_GRANU_DOMAIN ?
			     CMDQ_OP_CFGI_CD_ALL : CMDQ_OP_CFGI_CD;
		cmd.cfgi.ssid = e->pasid;
		for (i = 0; i < master->num_streams; i++) {
			cmd.cfgi.sid = master->streams[i].id;
			arm_smmu_cmdq_batch_add(smmu, cmds, &cmd);
		}
	}
	if (!(e->caches & IOMMU_SVM_INV_CACHE_IOTLB))
		return 0;

	/* The TLB is tagged by ASID: the entry's PASID only bounds it */
	cmd = (struct arm_smmu_cmdq_ent){
		.tlbi.vmid = nested->s2_parent->s2_cfg.vmid,
		.tlbi.asid = v.asid,
		.tlbi.leaf = e->flags & IOMMU_SVM_INV_FLAG_LEAF,
	};
	pages = e->size >> shift;
	if (e->granu == IOMMU_SVM_INV_GRANU_DOMAIN) {
		cmd.opcode = CMDQ_OP_TLBI_NH_ALL;
	} else if (e->granu == IOMMU_SVM_INV_GRANU_PASID ||
		   (pages >> SVM_INV_MAX_RANGE_BITS) ||
		   (!range && pages > SVM_INV_MAX_VA_CMDS)) {
		cmd.opcode = CMDQ_OP_TLBI_NH_ASID;
	} else {
		cmd.opcode = CMDQ_OP_TLBI_NH_VA;
		arm_smmu_svm_inv_va(smmu, cmds, &cmd, e->addr, pages, shift,
				    range ? v.tg : 0);
		return 0;
	}
	arm_smmu_cmdq_batch_add(smmu, cmds, &cmd);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(arm_smmu_svm_inv_cmds);

/*
 * Invalidations are queued and waited for once per ioctl, with one
 * CMD_SYNC on the main queue. An implementation with secondary queues
 * (Tegra241 CMDQV) may pick another queue per command or CPU, which that
 * sync would not cover: there, each entry waits for itself.
 */
static bool arm_smmu_svm_sync_later(struct arm_smmu_device *smmu)
{
	return !smmu->impl_ops || !smmu->impl_ops->get_secondary_cmdq;
}

static int arm_smmu_svm_invalidate(struct iommu_domain *domain,
				   struct device *dev,
				   const struct iommu_svm_inv *inv)
{
	struct arm_smmu_nested_domain *nested = to_smmu_nested_domain(domain);
	struct arm_smmu_master *master = dev_iommu_priv_get(dev);
	struct arm_smmu_cmdq_ent first = { .opcode = CMDQ_OP_CFGI_CD_ALL };
	struct arm_smmu_cmdq_batch cmds;
	int ret;

	if (domain->ops != &arm_smmu_nested_ops ||
	    nested->s2_parent->smmu != master->smmu)
		return -EINVAL;
	arm_smmu_cmdq_batch_init(master->smmu, &cmds, &first);
	ret = arm_smmu_svm_inv_cmds(nested, master, inv, &cmds);
	if (ret)
		return ret;
	if (arm_smmu_svm_sync_later(master->smmu)) {
		/* Waited for once per ioctl: arm_smmu_svm_invalidate_sync() */
		arm_smmu_cmdq_batch_queue(master->smmu, &cmds);
		return 0;
	}
	return arm_smmu_cmdq_batch_submit(master->smmu, &cmds) ? -EIO : 0;
}

static int arm_smmu_svm_invalidate_sync(struct device *dev)
{
	struct arm_smmu_master *master = dev_iommu_priv_get(dev);

	if (!arm_smmu_svm_sync_later(master->smmu))
		return 0;
	return arm_smmu_cmdq_sync(master->smmu) ? -EIO : 0;
}

const struct iommu_svm_ops arm_smmu_svm_ops = {
	.info		= arm_smmu_svm_info,
	.alloc_nested	= arm_smmu_svm_alloc_nested,
	.invalidate	= arm_smmu_svm_invalidate,
	.invalidate_sync = arm_smmu_svm_invalidate_sync,
};

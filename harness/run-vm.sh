#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run-vm.sh ARCH KERNEL INITRD PREFIX [TIMEOUT]
#
# Boot one test VM under TCG with trixie's QEMU 10 and wait for it to power
# off (bounded by TIMEOUT seconds). Writes PREFIX.console (full kernel log)
# and PREFIX.results (what the guest reported on its virtio console).
#  x86_64: q35, intel-iommu in scalable mode with first-stage and PASID.
#  arm64:  virt with an SMMUv3 (nested-capable in QEMU 10), device tree.
#  arm64-acpi: the same machine booted through UEFI (Debian's AAVMF) with
#          ACPI; INITRD may start with an ACPI table upgrade (IORT).
# Both carry QEMU's "edu" device, which does DMA through the IOMMU.
. "$(dirname "$0")/lib.sh"

arch=$1 kernel=$2 initrd=$3 prefix=$4 tmo=${5:-900}
# trixie's QEMU runs from its root through that root's own loader: no
# chroot, no mounts to leave behind.
qemu() {
	echo "$TRIXIE/lib64/ld-linux-x86-64.so.2" --library-path \
		"$TRIXIE/lib/x86_64-linux-gnu:$TRIXIE/usr/lib/x86_64-linux-gnu" \
		"$TRIXIE/usr/bin/$1" -L "$TRIXIE/usr/share/qemu" \
		-L "$TRIXIE/usr/share/seabios"
}

common=(-nodefaults -display none -no-reboot -smp 2 -m 3G
	-kernel "$kernel" -initrd "$initrd"
	-serial "file:$prefix.console"
	-device virtio-serial-pci
	-chardev "file,id=results,path=$prefix.results"
	-device virtconsole,chardev=results
	-device edu)
# hugepages: the iommufd selftests map MAP_HUGETLB buffers.
# allow_unsafe_interrupts: mock devices have no MSI, so no MSI isolation.
# iommu_svm_mock.nr_devices: the mock's most, for the scale tests.
cmdline="panic=-1 kunit.enable=1 loglevel=7 hugepages=64 vfio_iommu_type1.allow_unsafe_interrupts=1 iommu_svm_mock.nr_devices=64 ${VM_CMDLINE:-}"

rm -f "$prefix.console" "$prefix.results"
rc=0
case $arch in
x86_64)
	timeout "$tmo" $(qemu qemu-system-x86_64) -M q35 -accel tcg -cpu max \
		-device intel-iommu,intremap=off,x-scalable-mode=on,x-flts=on,x-pasid-mode=on,aw-bits=48 \
		"${common[@]}" -append "console=ttyS0 $cmdline" || rc=$?
	;;
arm64)
	timeout "$tmo" $(qemu qemu-system-aarch64) -M virt,iommu=smmuv3,gic-version=3 \
		-cpu max,pauth-impdef=on \
		"${common[@]}" -append "console=ttyAMA0 $cmdline" || rc=$?
	;;
arm64-acpi)
	# The EFI stub loads the initrd; QEMU's -kernel still works with
	# pflash firmware. acpi=force: ignore the (empty) DT the stub makes.
	timeout "$tmo" $(qemu qemu-system-aarch64) -M virt,iommu=smmuv3,gic-version=3 \
		-cpu max,pauth-impdef=on \
		-drive "if=pflash,format=raw,readonly=on,file=$TRIXIE/usr/share/AAVMF/AAVMF_CODE.no-secboot.fd" \
		"${common[@]}" -append "console=ttyAMA0 acpi=force $cmdline" || rc=$?
	;;
*) die "unknown arch $arch" ;;
esac
[ $rc = 124 ] && echo "TIMEOUT: $arch VM still running after ${tmo}s" >>"$prefix.console"
exit 0

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# initramfs.sh ARCH OBJ PLAN OUTPUT [ACPI_TABLE...]
#
# Build the test initramfs with the kernel's own usr/gen_init_cpio: static
# busybox, harness/guest/init, the plan and the test binaries that OBJ's
# kselftest build produced (OBJ/kselftest-bin/). Each ACPI_TABLE file
# (named SIG.aml) goes into an uncompressed cpio in front of it, at
# kernel/firmware/acpi/, where CONFIG_ACPI_TABLE_UPGRADE looks for it
# (Documentation/admin-guide/acpi/initrd_table_override.rst).
. "$(dirname "$0")/lib.sh"

arch=$1 obj=$2 plan=$3 output=$4
shift 4
case $arch in
x86_64) busybox=/bin/busybox ;;
arm64) busybox=$CACHE/busybox-arm64 ;;
esac
[ -x "$busybox" ] || die "no busybox for $arch; run 'make deps'"

list=$(mktemp)
trap 'rm -f "$list"' EXIT
{
	for d in /bin /dev /proc /sys /tmp /etc /etc/vfio-svm /tests; do
		echo "dir $d 755 0 0"
	done
	echo "nod /dev/console 600 0 0 c 5 1"
	echo "file /bin/busybox $busybox 755 0 0"
	echo "slink /bin/sh busybox 777 0 0"
	echo "file /init $HARNESS/guest/init 755 0 0"
	echo "file /etc/vfio-svm/plan $plan 644 0 0"
	echo "file /tests/iommu-facts $HARNESS/guest/iommu-facts 755 0 0"
	echo "file /tests/edu-vfio $HARNESS/guest/edu-vfio 755 0 0"
	if [ -d "$obj/kselftest-bin" ]; then
		for f in "$obj"/kselftest-bin/*; do
			echo "file /tests/${f##*/} $f 755 0 0"
		done
	fi
} >"$list"
{
	if [ $# -gt 0 ]; then
		{
			echo "dir /kernel 755 0 0"
			echo "dir /kernel/firmware 755 0 0"
			echo "dir /kernel/firmware/acpi 755 0 0"
			for t; do
				echo "file /kernel/firmware/acpi/${t##*/} $t 644 0 0"
			done
		} >"$list.acpi"
		"$obj/usr/gen_init_cpio" "$list.acpi"
		rm -f "$list.acpi"
	fi
	"$obj/usr/gen_init_cpio" "$list" | gzip -1
} >"$output"

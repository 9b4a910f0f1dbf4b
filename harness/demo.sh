#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# demo.sh — the main job: build both patched kernels from what is
# committed, boot each under QEMU and show what the guest sees (the
# plans/demo-<arch> plan), printing the guest's own output.
. "$(dirname "$0")/lib.sh"

ARCHES=${ARCHES:-"x86_64 arm64"}
mkdir -p "$OUT"
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
git -C "$REPO" archive HEAD | tar -x -C "$src"
"$HARNESS/tree.sh" "$CI_TREE" "$src"
rc=0
for arch in $ARCHES; do
	obj=$BUILD/$(basename "$CI_TREE")-$arch
	msg "$arch: building the patched kernel"
	"$HARNESS/build-kernel.sh" "$arch" "$CI_TREE" >/dev/null
	"$HARNESS/build-selftests.sh" "$arch" "$CI_TREE" >/dev/null
	"$HARNESS/initramfs.sh" "$arch" "$obj" "$HARNESS/plans/demo-$arch" "$OUT/demo-$arch.cpio.gz"
	msg "$arch: booting (kernel log: $OUT/demo-$arch.console)"
	"$HARNESS/run-vm.sh" "$arch" "$obj/$(kernel_image "$arch")" \
		"$OUT/demo-$arch.cpio.gz" "$OUT/demo-$arch" 600
	echo "===== $arch guest output ====="
	sed -n '/^@@@ begin kselftest/,/^@@@ end kselftest/p' "$OUT/demo-$arch.results" |
		grep -v '^@@@'
	grep -q '^@@@ done' "$OUT/demo-$arch.results" || { echo "($arch VM did not finish)"; rc=1; }
	[ "$arch" = arm64 ] || continue
	# SMMUv3 nesting needs a CANWBS root complex: boot once more through
	# UEFI/ACPI to read QEMU's IORT, then with it upgraded to CANWBS.
	msg "arm64: UEFI/ACPI boot to read QEMU's IORT"
	"$HARNESS/initramfs.sh" arm64 "$obj" "$HARNESS/plans/arm64-acpi" \
		"$OUT/demo-acpi.cpio.gz"
	"$HARNESS/run-vm.sh" arm64-acpi "$obj/$(kernel_image arm64)" \
		"$OUT/demo-acpi.cpio.gz" "$OUT/demo-acpi" 600
	python3 "$HARNESS/iort-canwbs.py" "$OUT/demo-acpi.results" \
		"$OUT/demo-IORT.aml" >/dev/null || { rc=1; continue; }
	"$HARNESS/initramfs.sh" arm64 "$obj" "$HARNESS/plans/demo-arm64-canwbs" \
		"$OUT/demo-canwbs.cpio.gz" "$OUT/demo-IORT.aml"
	msg "arm64: UEFI/ACPI boot with a CANWBS IORT (kernel log: $OUT/demo-canwbs.console)"
	"$HARNESS/run-vm.sh" arm64-acpi "$obj/$(kernel_image arm64)" \
		"$OUT/demo-canwbs.cpio.gz" "$OUT/demo-canwbs" 600
	echo "===== arm64 (ACPI, CANWBS) guest output ====="
	sed -n '/^@@@ begin kselftest/,/^@@@ end kselftest/p' "$OUT/demo-canwbs.results" |
		grep -v '^@@@'
	grep -q '^@@@ done' "$OUT/demo-canwbs.results" || { echo "(arm64 ACPI VM did not finish)"; rc=1; }
done
exit $rc

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# test.sh — every test, from what is committed in the repository.
#
#  1. deps: packages, pristine base, trixie QEMU (first run only)
#  2. tree: $CI_TREE rebuilt from "git archive HEAD" of the repository,
#     so uncommitted or unexported edits can never be what is tested
#  3. series: git format-patch + git am onto the pristine base
#  4. for x86_64 and arm64: build the debug kernel and the selftests,
#     boot under QEMU, run the plan, judge TAP, KUnit and the kernel log
#  5. static checks: checkpatch, kernel-doc, sparse, W=1
#  6. allmod: x86_64 allmodconfig W=1 of drivers/iommu and drivers/vfio,
#     no warning the base does not have; prefixes: every prefix of the
#     series builds on both arches (FAST=1 skips both, for quick local runs)
# Ends with "N passed, N failed"; exits non-zero on any failure.
. "$(dirname "$0")/lib.sh"

ARCHES=${ARCHES:-"x86_64 arm64"}
rm -rf "$OUT"
mkdir -p "$OUT"
counts=$OUT/counts
: >"$counts"
fail=0

step() { # NAME CMD...: run, record pass/fail as one check
	local name=$1
	shift
	if timed "$name" "$@"; then
		echo "1 0 0 step:$name" >>"$counts"
	else
		echo "0 1 0 step:$name" >>"$counts"
		msg "FAILED: $name"
		return 1
	fi
}

summary() {
	awk '{p += $1; f += $2; s += $3} END {
		printf "%d passed, %d failed\n", p, f }' "$counts"
}

msg "harness deps"
step deps "$HARNESS/deps.sh" || { summary; exit 1; }
msg "base: Linux $(make -s -C "$BASE_DIR" kernelversion), Debian $BASE_PKG $(base_version)"

src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
git -C "$REPO" archive HEAD | tar -x -C "$src"
msg "tree from committed $(git -C "$REPO" rev-parse --short HEAD)"
step tree "$HARNESS/tree.sh" "$CI_TREE" "$src" || { summary; exit 1; }
step series "$HARNESS/series.sh" "$CI_TREE" "$OUT/series" "$src" || fail=1

# arm64 under UEFI/ACPI, after the device-tree boot: first with QEMU's own
# IORT (no CANWBS: nesting refused; the guest dumps the table), then with
# that IORT upgraded to CANWBS from the initramfs (nesting end to end).
arm64_acpi() {
	local obj=$1 img=$1/$(kernel_image arm64) rc=0 upgraded

	"$HARNESS/initramfs.sh" arm64 "$obj" "$HARNESS/plans/arm64-acpi" \
		"$OUT/arm64-acpi.cpio.gz"
	msg "arm64: UEFI/ACPI boot, QEMU's IORT (console: $OUT/arm64-acpi.console)"
	timed vm-arm64-acpi "$HARNESS/run-vm.sh" arm64-acpi "$img" \
		"$OUT/arm64-acpi.cpio.gz" "$OUT/arm64-acpi" "${VM_TIMEOUT:-2400}"
	python3 "$HARNESS/results.py" arm64-acpi "$OUT/arm64-acpi" \
		"$CI_TREE/tools/testing/kunit/kunit.py" "$counts" || rc=1

	step iort-canwbs python3 "$HARNESS/iort-canwbs.py" \
		"$OUT/arm64-acpi.results" "$OUT/IORT.aml" || return 1
	"$HARNESS/initramfs.sh" arm64 "$obj" "$HARNESS/plans/arm64-canwbs" \
		"$OUT/arm64-canwbs.cpio.gz" "$OUT/IORT.aml"
	msg "arm64: UEFI/ACPI boot, IORT with CANWBS (console: $OUT/arm64-canwbs.console)"
	timed vm-arm64-canwbs "$HARNESS/run-vm.sh" arm64-acpi "$img" \
		"$OUT/arm64-canwbs.cpio.gz" "$OUT/arm64-canwbs" "${VM_TIMEOUT:-2400}"
	python3 "$HARNESS/results.py" arm64-canwbs "$OUT/arm64-canwbs" \
		"$CI_TREE/tools/testing/kunit/kunit.py" "$counts" || rc=1
	upgraded=0
	grep -q 'Table Upgrade: override \[IORT' "$OUT/arm64-canwbs.console" &&
		upgraded=1
	echo "$upgraded $((1 - upgraded)) 0 arm64-canwbs:vm:iort-upgraded" >>"$counts"
	[ $upgraded = 1 ] || { msg "FAILED: the IORT upgrade was not applied"; rc=1; }
	return $rc
}

for arch in $ARCHES; do
	obj=$BUILD/$(basename "$CI_TREE")-$arch
	msg "$arch: kernel"
	step "build-$arch" "$HARNESS/build-kernel.sh" "$arch" "$CI_TREE" >/dev/null ||
		{ fail=1; continue; }
	msg "$arch: selftests"
	step "selftests-$arch" "$HARNESS/build-selftests.sh" "$arch" "$CI_TREE" >/dev/null ||
		{ fail=1; continue; }
	"$HARNESS/initramfs.sh" "$arch" "$obj" "$HARNESS/plans/$arch" "$OUT/$arch.cpio.gz"
	msg "$arch: boot and run (console: $OUT/$arch.console)"
	timed "vm-$arch" "$HARNESS/run-vm.sh" "$arch" "$obj/$(kernel_image "$arch")" \
		"$OUT/$arch.cpio.gz" "$OUT/$arch" "${VM_TIMEOUT:-2400}"
	python3 "$HARNESS/results.py" "$arch" "$OUT/$arch" \
		"$CI_TREE/tools/testing/kunit/kunit.py" "$counts" || fail=1
	if [ "$arch" = arm64 ] && [ -z "${NO_ACPI:-}" ]; then
		arm64_acpi "$obj" || fail=1
	fi
done

msg "static checks"
timed static "$HARNESS/static-checks.sh" "$CI_TREE" "$OUT/series" "$counts" || fail=1
if [ -z "${FAST:-}" ]; then
	msg "allmodconfig and series prefixes"
	step allmod "$HARNESS/allmod.sh" || fail=1
	step prefixes "$HARNESS/prefixes.sh" || fail=1
fi

echo "== times (s) =="
cat "$OUT/times"
summary
awk '{f += $2} END { exit f > 0 }' "$counts" && [ $fail = 0 ]

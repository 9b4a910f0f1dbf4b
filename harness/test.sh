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

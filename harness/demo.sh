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
done
exit $rc

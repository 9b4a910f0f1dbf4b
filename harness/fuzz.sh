#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# fuzz.sh — the long fuzzer run: the x86_64 debug kernel from what is
# committed, booted with plans/fuzz-x86_64 (the vfio_svm fuzz case with
# VFIO_SVM_FUZZ_ITERS=1000000, seed printed), judged like make test:
# TAP, kernel splats and kmemleak. Reproduce a failure with
# VFIO_SVM_FUZZ_SEED=<seed> (set FUZZ_SEED here to pass it to the guest).
. "$(dirname "$0")/lib.sh"

arch=x86_64
mkdir -p "$OUT"
src=$(mktemp -d)
plan=$(mktemp)
trap 'rm -rf "$src" "$plan"' EXIT
git -C "$REPO" archive HEAD | tar -x -C "$src"
"$HARNESS/tree.sh" "$CI_TREE" "$src"
obj=$BUILD/$(basename "$CI_TREE")-$arch
"$HARNESS/build-kernel.sh" "$arch" "$CI_TREE" >/dev/null
"$HARNESS/build-selftests.sh" "$arch" "$CI_TREE" >/dev/null
sed "s/@SEED@/${FUZZ_SEED:+VFIO_SVM_FUZZ_SEED=$FUZZ_SEED}/" \
	"$HARNESS/plans/fuzz-$arch" >"$plan"
"$HARNESS/initramfs.sh" "$arch" "$obj" "$plan" "$OUT/fuzz-$arch.cpio.gz"
msg "$arch: fuzzing (kernel log: $OUT/fuzz-$arch.console)"
timed "fuzz-$arch" "$HARNESS/run-vm.sh" "$arch" "$obj/$(kernel_image "$arch")" \
	"$OUT/fuzz-$arch.cpio.gz" "$OUT/fuzz-$arch" 7200
grep -E '# (seed|fuzz:)|seed [0-9]+' "$OUT/fuzz-$arch.results" | head -5
: >"$OUT/fuzz-counts"
python3 "$HARNESS/results.py" "$arch" "$OUT/fuzz-$arch" \
	"$CI_TREE/tools/testing/kunit/kunit.py" "$OUT/fuzz-counts"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench.sh — "make bench": build the benchmark kernel (the x86_64 test
# kernel's configuration without the debug fragment) from committed
# state, boot it once with 64 mock devices, run vfio_svm_bench, and
# print its table with every ratio judged against its target
# (harness/bench-report.py). Writes out/bench.json and out/bench.svg.
# Exits non-zero if a target is not met; "make test" only runs the
# benchmark in its short mode and never judges timing.
. "$(dirname "$0")/lib.sh"

arch=x86_64
"$HARNESS/deps.sh"
src=$(mktemp -d)
plan=$(mktemp)
trap 'rm -rf "$src" "$plan"' EXIT
git -C "$REPO" archive HEAD | tar -x -C "$src"
msg "tree from committed $(git -C "$REPO" rev-parse --short HEAD)"
"$HARNESS/tree.sh" "$CI_TREE" "$src" >/dev/null
obj=$BUILD/$(basename "$CI_TREE")-$arch-bench
export OBJ_SUFFIX=-bench PROFILE=bench
# The arch fragment's KUnit suites need CONFIG_KUNIT, which the
# benchmark kernel leaves out.
export ALLOW_DROPPED=1
msg "$arch: benchmark kernel (no debug options)"
timed bench-build "$HARNESS/build-kernel.sh" "$arch" "$CI_TREE" >/dev/null
msg "$arch: selftests"
"$HARNESS/build-selftests.sh" "$arch" "$CI_TREE" >/dev/null
mkdir -p "$OUT"
echo "vfio_svm_bench 1800 ./vfio_svm_bench" >"$plan"
"$HARNESS/initramfs.sh" "$arch" "$obj" "$plan" "$OUT/bench.cpio.gz"
msg "$arch: boot and measure (console: $OUT/bench.console)"
timed bench-vm \
	"$HARNESS/run-vm.sh" "$arch" "$obj/$(kernel_image "$arch")" \
	"$OUT/bench.cpio.gz" "$OUT/bench" 2400
if ! command -v gnuplot >/dev/null; then
	msg "installing gnuplot-nox for the plot"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends gnuplot-nox >/dev/null ||
		msg "no gnuplot: the table and JSON only"
fi
python3 "$HARNESS/bench-report.py" "$OUT/bench.results" "$OUT/bench.json" \
	"$OUT/bench.svg" "$(git -C "$REPO" rev-parse --short HEAD)"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench.sh [ARCH] — "make bench [ARCH=arm64]": build the benchmark kernel
# (the test kernel's configuration without the debug fragment; x86_64
# unless told) from committed state, boot it once with 64 mock devices,
# run vfio_svm_bench, and print its table with every ratio judged
# against its target (harness/bench-report.py). Writes out/bench.json
# and out/bench.svg (x86_64), out/bench-arm64.json and .svg (arm64).
# Exits non-zero if a target is not met; "make test" only runs the
# benchmark in its short mode and never judges timing.
. "$(dirname "$0")/lib.sh"

arch=${1:-x86_64}
case $arch in
x86_64) name=bench ;;
arm64) name=bench-arm64 ;;
*) die "bench: unknown arch $arch (x86_64 or arm64)" ;;
esac
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
"$HARNESS/initramfs.sh" "$arch" "$obj" "$plan" "$OUT/$name.cpio.gz"
msg "$arch: boot and measure (console: $OUT/$name.console)"
timed bench-vm \
	"$HARNESS/run-vm.sh" "$arch" "$obj/$(kernel_image "$arch")" \
	"$OUT/$name.cpio.gz" "$OUT/$name" 2400
if ! command -v gnuplot >/dev/null; then
	msg "installing gnuplot-nox for the plot"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends gnuplot-nox >/dev/null ||
		msg "no gnuplot: the table and JSON only"
fi
python3 "$HARNESS/bench-report.py" "$OUT/$name.results" "$OUT/$name.json" \
	"$OUT/$name.svg" "$(git -C "$REPO" rev-parse --short HEAD)" "$arch"

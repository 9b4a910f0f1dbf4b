#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# allmod.sh — a distribution-like build of what the series touches:
# x86_64 allmodconfig (everything as modules, every option on), then
# drivers/iommu/ and drivers/vfio/ with W=1, for the pristine base and for
# the committed series. Fails on any warning the series adds.
. "$(dirname "$0")/lib.sh"

src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
git -C "$REPO" archive HEAD | tar -x -C "$src"
"$HARNESS/tree.sh" "$CI_TREE" "$src"
build() { # TREE OBJ -> warnings, without paths and line numbers
	mkdir -p "$2"
	make -s -C "$1" O="$2" CC="ccache gcc" HOSTCC="ccache gcc" \
		-j"$JOBS" allmodconfig >/dev/null
	make -s -C "$1" O="$2" CC="ccache gcc" HOSTCC="ccache gcc" \
		-j"$JOBS" W=1 drivers/iommu/ drivers/vfio/ 2>&1 |
		grep -E 'warning:|error:' |
		sed -E 's#^[^ ]*/(drivers|include)/#\1/#; s/:[0-9]+:[0-9]+:/:/' |
		sort -u
}
base_w=$(build "$BASE_DIR" "$BUILD/allmod-base")
new_w=$(build "$CI_TREE" "$BUILD/allmod-ci")
grep -q 'CONFIG_IOMMU_SVM_NESTING=y' "$BUILD/allmod-ci/.config" ||
	die "allmodconfig did not enable CONFIG_IOMMU_SVM_NESTING"
grep -q 'CONFIG_VFIO_SVM_MOCK=m' "$BUILD/allmod-ci/.config" ||
	die "allmodconfig did not build the mock as a module"
added=$(comm -13 <(echo "$base_w") <(echo "$new_w") | sed '/^$/d')
if [ -n "$added" ]; then
	echo "$added"
	die "allmodconfig: the series adds warnings (above)"
fi
msg "allmodconfig x86_64: drivers/iommu/ and drivers/vfio/ build, no new warnings"

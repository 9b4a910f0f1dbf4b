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
		-j"$JOBS" allmodconfig >/dev/null || return 1
	# allmodconfig turns on CONFIG_WERROR; W=1 warnings of the base
	# tree would then stop the build before anything is compared.
	"$1/scripts/config" --file "$2/.config" --disable WERROR
	make -s -C "$1" O="$2" -j"$JOBS" olddefconfig >/dev/null || return 1
	# Recompile every object of the two directories, so that an
	# incremental build reports all of their warnings (ccache replays
	# them), not only those of the files that changed.
	find "$2/drivers/iommu" "$2/drivers/vfio" -name '*.o' -delete \
		2>/dev/null || true
	if ! make -s -C "$1" O="$2" CC="ccache gcc" HOSTCC="ccache gcc" \
		-j"$JOBS" W=1 drivers/iommu/ drivers/vfio/ >"$2/w1.log" 2>&1; then
		grep -E 'error|Error' "$2/w1.log" | head -20 >&2
		return 1
	fi
	{ grep -E 'warning:' "$2/w1.log" || true; } |
		sed -E 's#^[^ ]*/(drivers|include)/#\1/#; s/:[0-9]+:[0-9]+:/:/' |
		sort -u
}
base_w=$(build "$BASE_DIR" "$BUILD/allmod-base") ||
	die "allmodconfig: the base does not build"
new_w=$(build "$CI_TREE" "$BUILD/allmod-ci") ||
	die "allmodconfig: the series does not build"
grep -q 'CONFIG_IOMMU_SVM_NESTING=y' "$BUILD/allmod-ci/.config" ||
	die "allmodconfig did not enable CONFIG_IOMMU_SVM_NESTING"
grep -q 'CONFIG_IOMMU_SVM_MOCK=m' "$BUILD/allmod-ci/.config" ||
	die "allmodconfig did not build the mock as a module"
added=$(comm -13 <(echo "$base_w") <(echo "$new_w") | sed '/^$/d')
if [ -n "$added" ]; then
	echo "$added"
	die "allmodconfig: the series adds warnings (above)"
fi
msg "allmodconfig x86_64: drivers/iommu/ and drivers/vfio/ build, no new warnings ($(echo "$new_w" | sed '/^$/d' | wc -l) W=1 warnings, all in the base too)"

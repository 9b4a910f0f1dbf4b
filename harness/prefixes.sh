#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# prefixes.sh — every prefix of the committed series builds: for each
# patch, the test kernel's drivers/iommu/ and drivers/vfio/ (the objects
# the series touches) and the whole vmlinux at the tip, on x86_64 and
# arm64, out of tree with ccache. Options of the test configuration that a
# prefix does not have yet are left out for it.
. "$(dirname "$0")/lib.sh"

src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
git -C "$REPO" archive HEAD | tar -x -C "$src"
"$HARNESS/tree.sh" "$CI_TREE" "$src"
tip=$(git -C "$CI_TREE" rev-parse HEAD)
fail=0
for c in $(git -C "$CI_TREE" rev-list --reverse "$BASE_TAG..$tip"); do
	git -C "$CI_TREE" checkout -q "$c"
	for arch in x86_64 arm64; do
		if ALLOW_DROPPED=1 "$HARNESS/build-kernel.sh" "$arch" "$CI_TREE" \
			drivers/iommu/ drivers/vfio/ >/dev/null 2>"$OUT/prefix.err"; then
			echo "ok   $arch $(git -C "$CI_TREE" log -1 --format=%s "$c")"
		else
			echo "FAIL $arch $(git -C "$CI_TREE" log -1 --format=%s "$c")"
			sed 's/^/    /' "$OUT/prefix.err" | head -20
			fail=1
		fi
	done
done
git -C "$CI_TREE" checkout -q vfio-svm
exit $fail

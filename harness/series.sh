#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# series.sh TREE OUTDIR
#
# Emit the upstream-style series of TREE (base..HEAD) with a cover letter
# taken from patches/cover-letter, then prove it: git am it onto a fresh
# clone of the pristine base and require the result to be the very tree
# that TREE holds (so it builds exactly as the tested tree did).
. "$(dirname "$0")/lib.sh"

tree=$1 outdir=$(realpath -m "$2") src=${3:-$REPO}
rm -rf "$outdir"
mkdir -p "$outdir"
cover=$src/patches/cover-letter
git -C "$tree" config branch.vfio-svm.description "$(cat "$cover")"
git -C "$tree" format-patch -q --cover-letter --cover-from-description=subject \
	--zero-commit --no-signature --base="$BASE_TAG" \
	-o "$outdir" "$BASE_TAG..vfio-svm"
n=$(ls "$outdir"/*.patch | grep -vc 0000-cover-letter)

check=$(mktemp -d)
trap 'rm -rf "$check"' EXIT
git clone -q --shared --no-checkout "$BASE_DIR" "$check/linux"
cd "$check/linux"
git config user.name vfio-svm-check
git config user.email vfio-svm@localhost
git checkout -q "$BASE_TAG"
ls "$outdir"/*.patch | grep -v 0000-cover-letter | xargs git am -q ||
	die "series does not apply with git am onto the pristine base"
want=$(git -C "$tree" rev-parse "vfio-svm^{tree}")
got=$(git rev-parse "HEAD^{tree}")
[ "$want" = "$got" ] || die "git am of the series gives tree $got, expected $want"
msg "series: $n patches + cover letter in $outdir; git am onto base reproduces the tested tree"

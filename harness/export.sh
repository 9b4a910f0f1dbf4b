#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# export.sh [TREE] [DEST]
#
# Write the series held in TREE (default: the developer tree, linux/) back
# into DEST (default: the repository): for each commit after "base",
#  - files the commit creates become overlay files at their kernel paths in
#    DEST and are assigned to that commit's patch in patches/overlay;
#  - its changes to files of the base become patches/NNNN-subject.patch.
# The overlay files are copied with their content at the tip of TREE. The
# tree must be clean: commit (or stash) edits first.
. "$(dirname "$0")/lib.sh"

tree=${1:-$DEV_TREE} dest=${2:-$REPO}
[ -d "$tree/.git" ] || die "$tree is not a tree; run 'make tree'"
cd "$tree"
[ -z "$(git status --porcelain --untracked-files=no)" ] ||
	die "$tree has uncommitted changes; commit them first"
# Debian's top-level .gitignore ignores every new file: look at ignored
# files too (builds are out of tree, so there are no build products here).
[ -z "$(git status --porcelain --ignored | grep -E '^(\?\?|!!)')" ] ||
	die "$tree has untracked files (new files need 'git add -f'); add and commit them, or remove them"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/patches"

# Files that do not exist in the base, as of the tip: the overlay.
git diff --name-only --diff-filter=A "$BASE_TAG" HEAD >"$tmp/overlay-files"
excludes=()
while read -r f; do
	excludes+=(":(exclude)$f")
done <"$tmp/overlay-files"

n=0
for c in $(git rev-list --reverse "$BASE_TAG..HEAD"); do
	n=$((n + 1))
	name=$(printf '%04d-%s.patch' $n "$(git log -1 --format=%f "$c" | cut -c1-52)")
	# A range, not -1: "-1 -- paths" would pick the newest commit that
	# touches the paths, not $c.
	git format-patch --stdout --zero-commit --no-signature \
		--no-numbered "$c^..$c" -- . "${excludes[@]}" >"$tmp/patches/$name"
	if [ ! -s "$tmp/patches/$name" ]; then
		# The commit only adds overlay files: keep its message.
		git show -s --format=email "$c" |
			sed '1s/^From [0-9a-f]* /From 0000000000000000000000000000000000000000 /' \
			>"$tmp/patches/$name"
	fi
	echo "$name" >>"$tmp/patches/series"
	git diff --name-only --diff-filter=A "$c^" "$c" | while read -r f; do
		grep -qxF "$f" "$tmp/overlay-files" && printf '%s %s\n' "$name" "$f"
	done >>"$tmp/patches/overlay"
done
touch "$tmp/patches/series" "$tmp/patches/overlay"

# Replace DEST's series and overlay with the exported ones.
if [ -f "$dest/patches/overlay" ]; then
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$dest/patches/overlay" |
		awk '{print $2}' | while read -r f; do rm -f "$dest/$f"; done
fi
rm -f "$dest"/patches/*.patch
mkdir -p "$dest/patches"
cp "$tmp"/patches/* "$dest/patches/"
while read -r f; do
	mkdir -p "$dest/$(dirname "$f")"
	cp "$f" "$dest/$f"
done <"$tmp/overlay-files"
# Drop directories the removed overlay files left empty.
for r in $OVERLAY_ROOTS; do
	[ -d "$dest/$r" ] && find "$dest/$r" -type d -empty -delete
done
git tag -f vfio-svm-exported >/dev/null
msg "exported $n patches and $(wc -l <"$tmp/overlay-files") overlay files from $tree to $dest"

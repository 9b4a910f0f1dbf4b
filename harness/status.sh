#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# status.sh — report edits in the developer tree (linux/) that are not yet
# exported into the repository, and exported changes not yet committed
# (tests only ever see committed state). Exits 1 if anything is pending.
. "$(dirname "$0")/lib.sh"

pending=0
if [ -d "$DEV_TREE/.git" ]; then
	dirty=$(git -C "$DEV_TREE" status --porcelain)
	if [ -n "$dirty" ]; then
		echo "uncommitted edits in $DEV_TREE (commit, then 'make export'):"
		echo "$dirty" | sed 's/^/  /'
		pending=1
	else
		tmp=$(mktemp -d)
		trap 'rm -rf "$tmp"' EXIT
		"$HARNESS/export.sh" "$DEV_TREE" "$tmp" 2>/dev/null
		git -C "$DEV_TREE" tag -d vfio-svm-exported >/dev/null 2>&1 || true
		d=$(diff -rq "$tmp/patches" "$REPO/patches" 2>&1 | grep -v cover-letter || true)
		while read -r p f; do
			cmp -s "$tmp/$f" "$REPO/$f" || d="$d
overlay file $f differs"
		done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$tmp/patches/overlay")
		d=$(echo "$d" | sed '/^$/d')
		if [ -n "$d" ]; then
			echo "commits in $DEV_TREE not exported ('make export'):"
			echo "$d" | sed 's/^/  /'
			pending=1
		fi
	fi
else
	echo "no developer tree ($DEV_TREE); 'make tree' creates it"
fi
repo=$(git -C "$REPO" status --porcelain)
if [ -n "$repo" ]; then
	echo "uncommitted changes in the repository (tests use committed state):"
	echo "$repo" | sed 's/^/  /'
	pending=1
fi
[ $pending = 0 ] && echo "nothing pending: the repository holds every edit"
exit $pending

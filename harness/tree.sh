#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tree.sh DEST [SRC]
#
# Build a kernel git tree in DEST from the series held in SRC (default: the
# repository's working copy): the pristine base commit (tag "base"), then one
# commit per entry of SRC/patches/series. Each commit is the patch applied
# with git am plus the overlay files that patches/overlay assigns to it, so
# the commits are exactly the series that "make series" mails out.
. "$(dirname "$0")/lib.sh"

dest=$1 src=${2:-$REPO}
series=$src/patches/series
map=$src/patches/overlay
[ -f "$BASE_DIR/.vfio-svm-base" ] || die "no base tree; run 'make deps'"
[ -f "$series" ] || die "$series missing"

patches() { sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$series"; }
overlay_files() { sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$map"; }

# Every overlay file must belong to exactly one listed patch, and every file
# at a kernel path in SRC must be listed: nothing reaches the tree unnoticed.
check_map() {
	local p f bad=0
	while read -r p f; do
		patches | grep -qxF "$p" || { echo "  $f: patch $p not in series"; bad=1; }
		[ -f "$src/$f" ] || { echo "  $f: listed but missing"; bad=1; }
		git -C "$BASE_DIR" cat-file -e "$BASE_TAG:$f" 2>/dev/null &&
			{ echo "  $f: exists in the base, change it with a patch"; bad=1; }
	done < <(overlay_files)
	while read -r f; do
		overlay_files | awk '{print $2}' | grep -qxF "$f" ||
			{ echo "  $f: not listed in patches/overlay"; bad=1; }
	done < <(cd "$src" && for r in $OVERLAY_ROOTS; do
			[ -d "$r" ] && find "$r" -type f; done | sort)
	[ $bad = 0 ] || die "patches/overlay does not match the overlay files"
}

check_map
if [ ! -d "$dest/.git" ]; then
	git clone -q --shared --no-checkout "$BASE_DIR" "$dest"
	git -C "$dest" config user.name "$(git -C "$REPO" config user.name || echo vfio-svm)"
	git -C "$dest" config user.email "$(git -C "$REPO" config user.email || echo vfio-svm@localhost)"
	git -C "$dest" config gc.auto 0
fi
cd "$dest"
git am --abort >/dev/null 2>&1 || true
git fetch -q origin "refs/tags/$BASE_TAG:refs/tags/$BASE_TAG"
git checkout -q -f -B vfio-svm "$BASE_TAG"
git clean -fdxq
n=0
while read -r p; do
	n=$((n + 1))
	if ! git am -q --empty=keep "$src/patches/$p" >/tmp/vfio-svm-am.$$ 2>&1; then
		cat /tmp/vfio-svm-am.$$ >&2
		rm -f /tmp/vfio-svm-am.$$
		git am --abort >/dev/null 2>&1 || true
		die "patch $p does not apply to $(git log -1 --format=%s "$BASE_TAG")" \
		    "(files: $(grep '^+++ b/' "$src/patches/$p" | cut -c7- | tr '\n' ' '))"
	fi
	rm -f /tmp/vfio-svm-am.$$
	files=$(overlay_files | awk -v p="$p" '$1 == p {print $2}')
	if [ -n "$files" ]; then
		for f in $files; do
			mkdir -p "$(dirname "$f")"
			cp "$src/$f" "$f"
		done
		# -f: Debian's top-level .gitignore ignores everything new.
		git add -f -- $files
		git commit -q --amend --no-edit --allow-empty
	fi
done < <(patches)
git tag -f vfio-svm-exported >/dev/null
msg "$dest: $(git log -1 --format=%s "$BASE_TAG") + $n patches"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# static-checks.sh TREE SERIESDIR COUNTS
#
# The checks a maintainer runs before reading a series:
#  - scripts/checkpatch.pl --strict on every patch of the mailed series
#    (overlay files included, as they appear in the patch adding them);
#  - scripts/kernel-doc -Wall on every header the series adds or changes;
#  - sparse (C=2) and W=1 on every kernel C file the series touches,
#    compared with the same file built from the pristine base: no new
#    warnings.
# Each check appends "pass fail skip name" to COUNTS. Known, justified
# exceptions live in harness/checkpatch-allow ("TYPE  reason").
. "$(dirname "$0")/lib.sh"

tree=$1 series=$(realpath "$2") counts=$(realpath -m "$3")
allow=$HARNESS/checkpatch-allow
ignore=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$allow" 2>/dev/null |
	 awk '{print $1}' | paste -sd, -)
rc=0
record() { # ok? name
	if [ "$1" = 0 ]; then
		echo "1 0 0 $2" >>"$counts"
	else
		echo "0 1 0 $2" >>"$counts"
		rc=1
	fi
}

for p in "$series"/*.patch; do
	case $p in *0000-cover-letter.patch) continue ;; esac
	out=$("$tree/scripts/checkpatch.pl" --strict --no-tree --quiet \
		${ignore:+--ignore "$ignore"} --show-types "$p" 2>&1) && ok=0 || ok=1
	[ -n "$out" ] && ok=1
	[ $ok = 0 ] || { echo "  checkpatch: $(basename "$p")"; echo "$out" | sed 's/^/    /'; }
	record $ok "checkpatch:$(basename "$p")"
done

cd "$tree"
changed=$(git diff --name-only --diff-filter=AM "$BASE_TAG" vfio-svm)
touched=$(mktemp)
trap 'rm -f "$touched" "$touched".base.*' EXIT
echo "$changed" | sed '/^$/d' >"$touched"
# kernel-doc: every header the series touches and every C file it adds;
# for files of the base only warnings the base does not have count.
kdoc() { # FILE -> warnings without file names and line numbers
	scripts/kernel-doc -none -Wall "$1" 2>&1 |
		sed -E 's/^[^:]*:[0-9]+: //' | sort -u || true
}
added=$(git diff --name-only --diff-filter=A "$BASE_TAG" vfio-svm)
for h in $( (echo "$changed" | grep -E '^include/.*\.h$'
	     echo "$added" | grep -E '^(drivers|include)/.*\.[ch]$') | sort -u); do
	new=$(kdoc "$h")
	old=""
	if git cat-file -e "$BASE_TAG:$h" 2>/dev/null; then
		git show "$BASE_TAG:$h" >"$touched.base.${h##*.}"
		old=$(kdoc "$touched.base.${h##*.}")
	fi
	out=$(comm -23 <(echo "$new") <(echo "$old") | sed '/^$/d')
	[ -z "$out" ] && ok=0 || { ok=1; echo "  kernel-doc: $h"; echo "$out" | sed 's/^/    /'; }
	record $ok "kernel-doc:$h"
done

# sparse and W=1, per touched kernel C file, for each arch that builds it.
# Only warnings in files the series touches count (the build may also
# recompile unrelated objects, e.g. the vDSO, with C=2).
kfiles=$(echo "$changed" | grep -E '^(arch|drivers|include|kernel|lib|mm|virt)/.*\.c$' || true)
for arch in x86_64 arm64; do
	obj=$BUILD/$(basename "$tree")-$arch
	[ -f "$obj/.config" ] || continue
	for f in $kfiles; do
		o=${f%.c}.o
		# Only files this configuration builds.
		[ -f "$obj/$o" ] || continue
		warn() { # SRC OBJDIR -> normalised warnings for $f
			# An up-to-date object would print nothing: rebuild it.
			rm -f "$2/$o"
			make -s -C "$1" O="$2" ARCH="$arch" \
				CROSS_COMPILE="$(cross_compile "$arch")" \
				W=1 C=2 "$o" 2>&1 | grep -E 'warning|error' |
				grep -F -f "$touched" | sed "s|$1/||g" |
				sed -E 's/:[0-9]+:[0-9]+:/:/; s/:[0-9]+:/:/' |
				sort -u || true	# no warning is not an error
		}
		new=$(warn "$tree" "$obj")
		old=""
		if git cat-file -e "$BASE_TAG:$f" 2>/dev/null; then
			bobj=$BUILD/base-$arch
			# Same configuration as the tree's, or warnings that
			# depend on it (inlining, options) look new.
			if ! cmp -s "$obj/.config" "$bobj/.config.tree"; then
				mkdir -p "$bobj"
				cp "$obj/.config" "$bobj/.config.tree"
				cp "$obj/.config" "$bobj/.config"
				make -s -C "$BASE_DIR" O="$bobj" ARCH="$arch" \
					CROSS_COMPILE="$(cross_compile "$arch")" \
					olddefconfig prepare >/dev/null 2>&1
			fi
			old=$(warn "$BASE_DIR" "$bobj")
		fi
		added=$(comm -23 <(echo "$new") <(echo "$old") | sed '/^$/d')
		[ -z "$added" ] && ok=0 || { ok=1; echo "  sparse/W=1 $arch: $f"; echo "$added" | sed 's/^/    /'; }
		record $ok "sparse-W1:$arch:$f"
	done
done
exit $rc

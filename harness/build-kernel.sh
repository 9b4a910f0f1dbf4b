#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build-kernel.sh ARCH SRC [EXTRA MAKE ARGS...]
#
# Configure (allnoconfig + committed fragments) and build one test kernel
# out of tree in $BUILD/<tree>-<arch>$OBJ_SUFFIX, with ccache. PROFILE
# names the fragment on top of common.config: debug (the test kernel,
# default) or bench (harness/bench.sh).
. "$(dirname "$0")/lib.sh"

arch=$1 src=$2
shift 2
obj=$BUILD/$(basename "$src")-$arch${OBJ_SUFFIX:-}
cc="ccache $(cross_compile "$arch")gcc"
mkdir -p "$obj"

kmake() {
	make -s -C "$src" O="$obj" ARCH="$arch" \
		CROSS_COMPILE="$(cross_compile "$arch")" CC="$cc" \
		HOSTCC="ccache gcc" -j"$JOBS" "$@"
}

frags="$HARNESS/configs/common.config $HARNESS/configs/${PROFILE:-debug}.config
       $HARNESS/configs/$arch.config"
cat $frags >"$obj/fragment.config"
KCONFIG_ALLCONFIG="$obj/fragment.config" kmake allnoconfig >/dev/null
# Every option a fragment asks for must have survived: a silent drop (a
# missing dependency) would make tests pass for the wrong reason.
bad=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=n) opt=${line%%=*}
		grep -q "^$opt=" "$obj/.config" && { echo "  $line not honoured"; bad=1; } ;;
	CONFIG_*=*) grep -qxF "$line" "$obj/.config" || { echo "  $line not honoured"; bad=1; } ;;
	esac
done <"$obj/fragment.config"
# make prefixes builds early patches, where later patches' options do not
# exist yet: ALLOW_DROPPED=1 lets it through.
[ $bad = 0 ] || [ -n "${ALLOW_DROPPED:-}" ] ||
	die "$arch: Kconfig fragment options dropped (see above)"
kmake "$@"
echo "$obj/$(kernel_image "$arch")"

# SPDX-License-Identifier: GPL-2.0
# Common settings for the vfio-svm harness. Sourced, never run.
#
# Everything large (base source, kernel trees, build directories, ccache,
# the trixie root with QEMU 10) lives in $VFIO_SVM_CACHE, outside the
# repository.

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HARNESS=$REPO/harness
CACHE=${VFIO_SVM_CACHE:-$HOME/.cache/vfio-svm}
BASE_PKG=linux-source-6.12
BASE_DIR=$CACHE/base			# git repo: one commit, the pristine source
BASE_TAG=base
CI_TREE=$CACHE/ci-tree			# rebuilt from committed repo state by tests
DEV_TREE=${DEV_TREE:-$REPO/linux}	# the developer's edit tree (git-ignored)
BUILD=$CACHE/build
OUT=${OUT:-$REPO/out}			# logs, TAP, kernel logs (git-ignored)
TRIXIE=$CACHE/trixie-root
OVERLAY_ROOTS="arch drivers include Documentation samples tools lib mm kernel virt"
JOBS=${JOBS:-$(nproc)}

export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
export CCACHE_NOHASHDIR=1
export CCACHE_BASEDIR=$CACHE
export KBUILD_BUILD_TIMESTAMP='2024-01-01'
export KBUILD_BUILD_USER=vfio-svm KBUILD_BUILD_HOST=harness

msg() { printf '>>> %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# Time a step and append "name seconds" to $OUT/times.
timed() {
	local name=$1 t0 rc=0
	shift
	t0=$(date +%s)
	"$@" || rc=$?
	mkdir -p "$OUT"
	echo "$name $(($(date +%s) - t0))" >>"$OUT/times"
	return $rc
}

cross_compile() {
	case $1 in
	x86_64) echo "" ;;
	arm64) echo "aarch64-linux-gnu-" ;;
	*) die "unknown arch $1" ;;
	esac
}

kernel_image() {
	case $1 in
	x86_64) echo arch/x86/boot/bzImage ;;
	arm64) echo arch/arm64/boot/Image ;;
	esac
}

base_version() {
	dpkg-query -W -f='${Version}' "$BASE_PKG" 2>/dev/null || echo unknown
}

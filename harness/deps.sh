#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install what the harness needs: Debian packages, the pristine base tree
# (as a one-commit git repository) and a trixie root holding QEMU 10.
# Idempotent; a second run only checks.
. "$(dirname "$0")/lib.sh"

# gcc-12-multilib (for the -m32 vfio_svm), not gcc-multilib: Debian 12's
# gcc-multilib conflicts with gcc-aarch64-linux-gnu.
PKGS="$BASE_PKG build-essential ccache sparse gcc-aarch64-linux-gnu
libc6-dev-arm64-cross busybox-static debootstrap flex bison bc libelf-dev
libssl-dev cpio xz-utils python3 rsync kmod gcc-12-multilib"

install_pkgs() {
	local missing=""
	for p in $PKGS; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'install ok installed' || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	msg "installing:$missing"
	apt-get update -q >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends $missing >/dev/null
}

setup_base() {
	local ver
	ver=$(base_version)
	if [ -f "$BASE_DIR/.vfio-svm-base" ] &&
	   [ "$(cat "$BASE_DIR/.vfio-svm-base")" = "$ver" ]; then
		return 0
	fi
	msg "extracting $BASE_PKG $ver into $BASE_DIR"
	rm -rf "$BASE_DIR" "$CI_TREE"
	mkdir -p "$BASE_DIR"
	tar -C "$BASE_DIR" --strip-components=1 -xf \
		/usr/src/linux-source-6.12.tar.xz
	(
		cd "$BASE_DIR"
		git init -q
		git config user.name "vfio-svm harness"
		git config user.email "vfio-svm@localhost"
		git config gc.auto 0
		git add -A -f .
		git commit -q -m "Linux $(make -s kernelversion) (Debian $BASE_PKG $ver)"
		git tag -f "$BASE_TAG" >/dev/null
	)
	echo "$ver" >"$BASE_DIR/.vfio-svm-base"
}

setup_trixie() {
	[ -x "$TRIXIE/usr/bin/qemu-system-aarch64" ] &&
	[ -x "$TRIXIE/usr/bin/qemu-system-x86_64" ] &&
	[ -f "$TRIXIE/usr/share/qemu-efi-aarch64/QEMU_EFI.fd" ] && return 0
	msg "creating trixie root with QEMU 10 in $TRIXIE"
	[ -e "$TRIXIE/usr/bin/apt-get" ] ||
		debootstrap --variant=minbase trixie "$TRIXIE" >/dev/null
	chroot "$TRIXIE" sh -c 'apt-get update -q >/dev/null &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends qemu-system-arm qemu-system-x86 \
		qemu-efi-aarch64 >/dev/null'
}

# busybox for the arm64 guest, from trixie: bookworm's host packages are
# amd64 only and the harness must not change the host's dpkg architectures.
setup_busybox_arm64() {
	[ -x "$CACHE/busybox-arm64" ] && return 0
	msg "fetching busybox-static:arm64"
	chroot "$TRIXIE" sh -c 'dpkg --add-architecture arm64 &&
		apt-get update -q >/dev/null && cd /tmp &&
		apt-get download -q busybox-static:arm64 >/dev/null &&
		dpkg-deb -x busybox-static_*_arm64.deb /tmp/bb-arm64 &&
		rm -f busybox-static_*_arm64.deb'
	cp "$TRIXIE/tmp/bb-arm64/usr/bin/busybox" "$CACHE/busybox-arm64"
	rm -rf "$TRIXIE/tmp/bb-arm64"
}

install_pkgs
setup_base
setup_trixie
setup_busybox_arm64
msg "base: Linux $(make -s -C "$BASE_DIR" kernelversion) from Debian $BASE_PKG $(base_version)"
msg "qemu: $(chroot "$TRIXIE" qemu-system-x86_64 --version | head -1)"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build-selftests.sh ARCH SRC
#
# Build the kselftests the VM runs, statically linked against the uAPI
# headers of the tree under test, into $BUILD/<tree>-<arch>/kselftest-bin.
. "$(dirname "$0")/lib.sh"

arch=$1 src=$2
obj=$BUILD/$(basename "$src")-$arch${OBJ_SUFFIX:-}
cross=$(cross_compile "$arch")
bin=$obj/kselftest-bin
SELFTESTS=${SELFTESTS:-"iommu vfio"}

make -s -C "$src" O="$obj" ARCH="$arch" CROSS_COMPILE="$cross" headers
rm -rf "$bin"
mkdir -p "$bin"
for t in $SELFTESTS; do
	[ -d "$src/tools/testing/selftests/$t" ] || continue
	mkdir -p "$obj/kselftest/$t"
	make -s -C "$src/tools/testing/selftests/$t" ARCH="$arch" \
		CROSS_COMPILE="$cross" CC="${cross}gcc" \
		OUTPUT="$obj/kselftest/$t" \
		KHDR_INCLUDES="-isystem $obj/usr/include" \
		LDLIBS="-static -lpthread" >/dev/null ||
		die "kselftest $t failed to build for $arch"
	find "$obj/kselftest/$t" -maxdepth 1 -type f -perm -u+x \
		-exec cp {} "$bin/" \;
done
# The same vfio_svm, 32-bit, on x86_64: the guest runs it too, so that a
# uAPI structure whose layout differs between i386 and x86_64 fails a test.
if [ "$arch" = x86_64 ] && [ -d "$src/tools/testing/selftests/vfio" ]; then
	mkdir -p "$obj/kselftest/vfio32"
	make -s -C "$src/tools/testing/selftests/vfio" ARCH=x86 \
		CC="gcc -m32" OUTPUT="$obj/kselftest/vfio32" \
		KHDR_INCLUDES="-isystem $obj/usr/include" \
		LDLIBS="-static -lpthread" "$obj/kselftest/vfio32/vfio_svm" \
		>/dev/null || die "vfio_svm failed to build with -m32"
	cp "$obj/kselftest/vfio32/vfio_svm" "$bin/vfio_svm_32"
fi
ls "$bin"

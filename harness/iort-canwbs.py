#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""iort-canwbs.py IN OUT: QEMU's IORT with CANWBS set on its root complexes.

IN is the IORT the guest read from /sys/firmware/acpi/tables/IORT: binary,
base64 text, or a guest's results file with the "@@@ begin acpi IORT"
section harness/guest/init prints. OUT gets the same table with the
memory access flag CANWBS (IORT E.f, bit 2 of memory_flags) set on every
PCI root complex node, the OEM revision bumped (the kernel only upgrades to
a newer revision of a table with the same OEM and table IDs) and the
checksum fixed. Exits non-zero if the table has no root complex node.
"""
import base64
import struct
import sys

ACPI_IORT_NODE_PCI_ROOT_COMPLEX = 2
RC_MEMORY_FLAGS = 23	# node header 16, cache_coherency 4, hints 1, reserved 2
ACPI_IORT_MF_CANWBS = 1 << 2


def load(path):
    raw = open(path, 'rb').read()
    if raw[:4] == b'IORT':
        return bytearray(raw)
    begin, end = b'@@@ begin acpi IORT', b'@@@ end acpi IORT'
    if begin in raw:
        raw = raw.split(begin, 1)[1].split(end, 1)[0]
    return bytearray(base64.b64decode(b''.join(raw.split())))


def main():
    t = load(sys.argv[1])
    sig, length = struct.unpack_from('<4sI', t, 0)
    if sig != b'IORT' or length != len(t) or sum(t) & 0xff:
        sys.exit('not a valid IORT table')
    count, off = struct.unpack_from('<II', t, 36)
    rcs = 0
    for _ in range(count):
        ntype, nlen = struct.unpack_from('<BH', t, off)
        if ntype == ACPI_IORT_NODE_PCI_ROOT_COMPLEX:
            t[off + RC_MEMORY_FLAGS] |= ACPI_IORT_MF_CANWBS
            print(f'root complex node at {off:#x}: memory_flags '
                  f'{t[off + RC_MEMORY_FLAGS]:#04x}')
            rcs += 1
        off += nlen
    if not rcs:
        sys.exit('IORT has no PCI root complex node')
    oem_rev = struct.unpack_from('<I', t, 24)[0]
    struct.pack_into('<I', t, 24, oem_rev + 1)
    t[9] = 0
    t[9] = (-sum(t)) & 0xff
    open(sys.argv[2], 'wb').write(t)


if __name__ == '__main__':
    main()

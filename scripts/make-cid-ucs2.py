#!/usr/bin/env python3
"""Writes src/read/pdf/extract/cid_ucs2/Adobe-*.bin: CID → Unicode for the Adobe character
collections GB1, CNS1, Japan1 and Korea1, from Adobe's `Adobe-<Ordering>-UCS2` CMaps
(BSD-3-Clause, Adobe; adobe-type-tools/cmap-resources, shipped by Debian's poppler-data in
/usr/share/fonts/cmap). The licence travels beside the data in cid_ucs2/LICENSE.

Format: records of 8 bytes, little-endian: first CID (u16), count (u16), first Unicode scalar
(u32); CIDs first..first+count map to consecutive scalars. Records are sorted by CID. CIDs
mapped to U+FFFD, a Private Use code point or to more than one character are left out.
"""
import pathlib, re, struct, sys

SRC = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/cmap")
OUT = pathlib.Path(__file__).resolve().parent.parent / "src/read/pdf/extract/cid_ucs2"
ORDERINGS = {"GB1": "gb1", "CNS1": "cns1", "Japan1": "japan1", "Korea1": "korea1"}


def text(hexstr):
    s = bytes.fromhex(hexstr).decode("utf-16-be", errors="strict")
    return s


def usable(cp):
    return not (cp == 0xFFFD or 0xE000 <= cp <= 0xF8FF or cp >= 0xF0000 or cp < 0x20)


for ordering, folder in ORDERINGS.items():
    body = (SRC / f"adobe-{folder}" / f"Adobe-{ordering}-UCS2").read_text("latin-1")
    mapping = {}
    for kind, section in re.findall(r"begin(bfchar|bfrange)(.*?)end\1", body, re.S):
        if kind == "bfchar":
            for cid, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", section):
                mapping[int(cid, 16)] = text(dst)
        else:
            for lo, hi, dst in re.findall(
                r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", section
            ):
                lo, hi = int(lo, 16), int(hi, 16)
                units = bytearray(bytes.fromhex(dst))
                base = int.from_bytes(units[-2:], "big")
                for k in range(hi - lo + 1):
                    units[-2:] = (base + k).to_bytes(2, "big")
                    mapping[lo + k] = bytes(units).decode("utf-16-be")
    runs = []
    for cid in sorted(mapping):
        t = mapping[cid]
        if len(t) != 1 or not usable(ord(t)) or cid > 0xFFFF:
            continue
        cp = ord(t)
        if runs and runs[-1][0] + runs[-1][1] == cid and runs[-1][2] + runs[-1][1] == cp \
                and runs[-1][1] < 0xFFFF:
            runs[-1][1] += 1
        else:
            runs.append([cid, 1, cp])
    data = b"".join(struct.pack("<HHI", *r) for r in runs)
    (OUT / f"Adobe-{ordering}.bin").write_bytes(data)
    print(f"Adobe-{ordering}: {len(mapping)} CIDs, {len(runs)} runs, {len(data)} bytes")

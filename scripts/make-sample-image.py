#!/usr/bin/env python3
"""Draws the sample card image tests/scripts/decks-image/img/spending.png: two
bars, the old 2% and the new 5%-of-GDP defence-spending targets, as plain
pixels written with zlib (no imaging library needed).  Deterministic."""
import struct, sys, zlib

W, H = 360, 200
BG, AXIS, OLD, NEW = (250, 250, 247), (60, 60, 60), (150, 160, 175), (37, 99, 200)
px = [[BG] * W for _ in range(H)]

def rect(x0, y0, x1, y1, c):
    for y in range(max(0, y0), min(H, y1)):
        for x in range(max(0, x0), min(W, x1)):
            px[y][x] = c

base = H - 30
rect(40, base, W - 30, base + 2, AXIS)          # x axis
rect(40, 20, 42, base, AXIS)                     # y axis
unit = (base - 30) // 5                          # pixels per percentage point
rect(90, base - 2 * unit, 150, base, OLD)        # 2 %
rect(220, base - 5 * unit, 280, base, NEW)       # 5 %
for k in range(1, 6):                            # ticks at 1..5 %
    rect(34, base - k * unit, 40, base - k * unit + 2, AXIS)

raw = b"".join(b"\x00" + bytes(v for p in row for v in p) for row in px)
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
out = sys.argv[1] if len(sys.argv) > 1 else "tests/scripts/decks-image/img/spending.png"
open(out, "wb").write(png)

#!/usr/bin/env python3
"""Dumps a PDF's pages as gongkai's `PdfPage` JSON (src/read/pdf/page.rs) using Python pdfplumber.

Used to build layout test data independent of gongkai's own extractor:
    python3 scripts/pdf-pages-json.py in.pdf > pages.json
Points, top-left origin, y down; every char as a glyph (compatibility radicals folded as
the extractor folds them), every line/rect edge as a rule.
"""
import json
import sys
import unicodedata

import pdfplumber


# CJK Radicals Supplement forms some producers (Chromium) map glyphs to, as the extractor folds
# them (NFKC folds the Kangxi Radicals block but not this one).
SUPPLEMENT = dict(zip("⺠⻚⻓⻅⻔⻢⻋⻩⻛⻜⻉⻆⻄⻰⻘⻥⻦⻨⻬⻮⻳⻤", "民页长见门马车黄风飞贝角西龙青鱼鸟麦齐齿龟鬼"))


def fold(text):
    out = []
    for c in text:
        if 0x2F00 <= ord(c) <= 0x2FDF:
            c = unicodedata.normalize("NFKC", c)
        out.append(SUPPLEMENT.get(c, c))
    return "".join(out)


def r2(v):
    return round(float(v), 2)


def main(path):
    pages = []
    with pdfplumber.open(path) as pdf:
        for i, page in enumerate(pdf.pages, 1):
            glyphs = [
                {
                    "text": fold(c["text"]),
                    "x0": r2(c["x0"]),
                    "x1": r2(c["x1"]),
                    "top": r2(c["top"]),
                    "bottom": r2(c["bottom"]),
                    "size": r2(c["size"]),
                    "upright": bool(c["upright"]),
                }
                for c in page.chars
            ]
            rules = [
                {"x0": r2(e["x0"]), "top": r2(e["top"]), "x1": r2(e["x1"]), "bottom": r2(e["bottom"])}
                for e in page.edges
            ]
            pages.append(
                {
                    "number": i,
                    "width": r2(page.width),
                    "height": r2(page.height),
                    "glyphs": glyphs,
                    "rules": rules,
                    "images": len(page.images),
                }
            )
    json.dump(pages, sys.stdout, ensure_ascii=False, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])

"""Writes a copy of a .docx whose tables draw no borders (every w:tblBorders and w:tcBorders set
to nil): a Word table with its borders switched off, for scripts/make-pdf-fixtures.sh.

usage: python3 scripts/strip-docx-borders.py IN.docx OUT.docx   (standard library only)
"""

import re
import sys
import zipfile

NIL_TABLE = (
    "<w:tblBorders>"
    + "".join(f'<w:{s} w:val="nil"/>' for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    + "</w:tblBorders>"
)
NIL_CELL = (
    "<w:tcBorders>"
    + "".join(f'<w:{s} w:val="nil"/>' for s in ("top", "left", "bottom", "right"))
    + "</w:tcBorders>"
)


def main(src: str, dst: str) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode("utf-8")
                xml = re.sub(r"<w:tblBorders>.*?</w:tblBorders>", NIL_TABLE, xml, flags=re.S)
                xml = re.sub(r"<w:tcBorders>.*?</w:tcBorders>", NIL_CELL, xml, flags=re.S)
                data = xml.encode("utf-8")
            zout.writestr(item, data)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

#!/usr/bin/env python3
"""Writes tests/fixtures/pdf/cidfont/*.pdf: PDFs whose text is in a Type 0 font (CIDFontType2,
Identity-H, a subset TrueType program and a /CIDToGIDMap stream, as fpdf2 writes them) with
the /ToUnicode map taken out — what older Word "save as PDF", WPS and print drivers produce.
tests/pdf_cidfont.rs reads them.

  truetype-cmap.pdf   the font keeps its Unicode cmap: every character can be read back; the
                      glyph of 年 is mapped from U+5E74 and the compatibility U+F98E.
  truetype-pua.pdf    "年" is reachable only from the Private Use code point U+E000 in the
                      font's cmap: it must come out as U+FFFD, never as a guess.
  truetype-post.pdf   the cmap is removed and the glyphs are named uniXXXX in `post`.

Needs fpdf2, pypdf and fontTools (pip install fpdf2 pypdf) and the font WenQuanYi Micro Hei
(Debian fonts-wqy-microhei; Apache-2.0 or GPL-3 with font exception, used under Apache-2.0).
"""
import io, pathlib, re, sys
from fontTools.ttLib import TTCollection, TTFont
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

TTC = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
OUT = pathlib.Path(__file__).resolve().parent.parent / "tests/fixtures/pdf/cidfont"
LINES = ["政府信息公开工作年度报告", "本年新收政府信息公开申请 37 件", "2023年度 公开率 95.5%"]


def face(pua: bool) -> bytes:
    font = TTCollection(TTC).fonts[0]
    if pua:
        nian = font.getBestCmap()[ord("年")]
        for table in font["cmap"].tables:
            if table.isUnicode():
                # 年 U+5E74 and its compatibility twin U+F98E both go.
                for cp in [cp for cp, g in table.cmap.items() if g == nian]:
                    del table.cmap[cp]
                table.cmap[0xE000] = nian
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def render(font_bytes: bytes, text_of) -> bytes:
    path = OUT / "_font.ttf"
    path.write_bytes(font_bytes)
    pdf = FPDF()
    pdf.set_compression(True)
    pdf.add_page()
    pdf.add_font("wqy", fname=str(path))
    pdf.set_font("wqy", size=14)
    for line in LINES:
        pdf.cell(text=text_of(line), new_x="LMARGIN", new_y="NEXT")
    path.unlink()
    return bytes(pdf.output())


def strip(pdf_bytes: bytes, post_names: bool) -> bytes:
    reader = PdfReader(io.BytesIO(pdf_bytes))
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if font["/Subtype"] != "/Type0":
                continue
            if "/ToUnicode" in font:
                del font[NameObject("/ToUnicode")]
            if post_names:
                cid_font = font["/DescendantFonts"][0].get_object()
                stream = cid_font["/FontDescriptor"]["/FontFile2"].get_object()
                tt = TTFont(io.BytesIO(stream.get_data()))
                # post format 2 writes, for each glyph, its `mapping` name if it has one.
                tt["post"].formatType = 2.0
                tt["post"].extraNames = []
                # The lowest code point names a glyph (年, not its compatibility twin U+F98E).
                by_glyph = sorted(tt.getBestCmap().items(), reverse=True)
                tt["post"].mapping = {g: f"uni{cp:04X}" for cp, g in by_glyph}
                del tt["cmap"]
                buf = io.BytesIO()
                tt.save(buf)
                stream.set_data(buf.getvalue())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


OUT.mkdir(parents=True, exist_ok=True)
plain = face(pua=False)
(OUT / "truetype-cmap.pdf").write_bytes(strip(render(plain, lambda t: t), post_names=False))
(OUT / "truetype-post.pdf").write_bytes(strip(render(plain, lambda t: t), post_names=True))
pua = face(pua=True)
(OUT / "truetype-pua.pdf").write_bytes(
    strip(render(pua, lambda t: t.replace("年", "\ue000")), post_names=False))
for p in sorted(OUT.glob("*.pdf")):
    print(p.name, p.stat().st_size)

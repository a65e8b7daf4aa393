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
  opentype-cff.pdf    a CIDFontType0 over a subset of Noto Sans CJK SC as /FontFile3
                      /OpenType (CID-keyed CFF keeping the font's CIDs, ROS Adobe-Identity-0,
                      with its cmap): CID → glyph by the CFF charset, glyph → Unicode by cmap.
  cff-identity.pdf    the same subset's bare CFF (/FontFile3 /CIDFontType0C), whose CIDs are
                      of no collection (Adobe-Identity-0), under a /CIDSystemInfo that claims
                      Adobe-GB1: nothing can say which characters they are, so U+FFFD.
  zhangdian-2023.weasyprint.pdf
                      the seed's portal page (samples/zhangdian-2023.page.gbk.html) printed
                      by WeasyPrint (Debian weasyprint 57) in WenQuanYi Micro Hei: CID
                      TrueType fonts with ToUnicode; the test takes the ToUnicode out itself.

Needs fpdf2, pypdf and fontTools (pip install fpdf2 pypdf) and the fonts WenQuanYi Micro Hei
(Debian fonts-wqy-microhei; Apache-2.0 or GPL-3 with font exception, used under Apache-2.0) and
Noto Sans CJK (Debian fonts-noto-cjk; SIL Open Font License 1.1).
"""
import io, pathlib, re, subprocess, sys, tempfile
from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

TTC = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests/fixtures/pdf/cidfont"
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


NOTO = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def noto_subset() -> TTFont:
    """Noto Sans CJK SC cut down to the characters of LINES (still CID-keyed, same CIDs)."""
    buf = io.BytesIO()
    TTCollection(NOTO).fonts[2].save(buf)
    buf.seek(0)
    font = TTFont(buf)
    options = subset.Options()
    options.name_IDs, options.layout_features, options.desubroutinize = [], [], True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(LINES))
    subsetter.subset(font)
    return font


def cid_pdf(program: bytes, file_subtype: str, cid_font_info: str, text_cids) -> bytes:
    """A one-page PDF by hand: a Type 0 font (Identity-H, no ToUnicode) over a CIDFontType0
    embedding `program` as /FontFile3 /Subtype `file_subtype`; one line per entry of
    `text_cids` (lists of CIDs)."""
    content = "BT /F1 14 Tf 72 760 Td 16 TL " + " ".join(
        "<" + "".join(f"{c:04x}" for c in cids) + "> Tj T*" for cids in text_cids) + " ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content.encode()),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+NotoSansCJKsc-Regular "
        b"/Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        ("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /ABCDEF+NotoSansCJKsc-Regular "
         f"/CIDSystemInfo {cid_font_info} /FontDescriptor 7 0 R /DW 1000 >>").encode(),
        b"<< /Type /FontDescriptor /FontName /ABCDEF+NotoSansCJKsc-Regular /Flags 4 "
        b"/FontBBox [-1000 -300 3000 1000] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 700 /StemV 80 /FontFile3 8 0 R >>",
        b"<< /Length %d /Subtype /%s >>\nstream\n" % (len(program), file_subtype.encode())
        + program + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.6\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


OUT.mkdir(parents=True, exist_ok=True)
noto = noto_subset()
noto_cmap = noto.getBestCmap()
noto_cids = [[int(noto_cmap[ord(c)][3:]) for c in line] for line in LINES]
otf = io.BytesIO()
noto.save(otf)
(OUT / "opentype-cff.pdf").write_bytes(cid_pdf(
    otf.getvalue(), "OpenType", "<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>",
    noto_cids))
cff = io.BytesIO()
noto["CFF "].cff.compile(cff, noto)
(OUT / "cff-identity.pdf").write_bytes(cid_pdf(
    cff.getvalue(), "CIDFontType0C", "<< /Registry (Adobe) /Ordering (GB1) /Supplement 5 >>",
    noto_cids))
plain = face(pua=False)
(OUT / "truetype-cmap.pdf").write_bytes(strip(render(plain, lambda t: t), post_names=False))
(OUT / "truetype-post.pdf").write_bytes(strip(render(plain, lambda t: t), post_names=True))
pua = face(pua=True)
(OUT / "truetype-pua.pdf").write_bytes(
    strip(render(pua, lambda t: t.replace("年", "\ue000")), post_names=False))
for p in sorted(OUT.glob("*.pdf")):
    print(p.name, p.stat().st_size)

with tempfile.TemporaryDirectory() as tmp:
    page = ROOT / "samples/zhangdian-2023.page.gbk.html"
    html = page.read_bytes().decode("gbk").replace("charset=gb2312", "charset=utf-8")
    (pathlib.Path(tmp) / "page.html").write_text(html, "utf-8")
    (pathlib.Path(tmp) / "wqy.css").write_text(
        'body, table, td, p, h1, h2, div, span { font-family: "WenQuanYi Micro Hei" !important }'
        " table { border-collapse: collapse } td { border: 1px solid black }")
    subprocess.run(["weasyprint", "-s", f"{tmp}/wqy.css", f"{tmp}/page.html",
                    str(OUT / "zhangdian-2023.weasyprint.pdf")], check=True)
print("zhangdian-2023.weasyprint.pdf", (OUT / "zhangdian-2023.weasyprint.pdf").stat().st_size)

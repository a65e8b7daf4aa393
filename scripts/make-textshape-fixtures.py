#!/usr/bin/env python3
"""Writes tests/fixtures/textshapes/: the seed report as text out of PDFs and converters shapes it
(issue 17) — markdown as document converters and language-model tools write it, OCR-like text,
headings worded as printed in the wild, notes in value cells — and the workbook with one sheet
per table.

Every variant is made from the seed text with its 200 cells numbered 1, 2, 3 … in the order of
the model (scripts/make-variety-fixtures.py, whose helpers this script loads), so a value read
into the wrong cell shows. Next to each fixture `NAME.expect.json` holds what it must give, in
the format of tests/fixtures/variety/ (the 200 values; the sections or meta when the variant
changes them). Expectations are computed here from the golden model and the values written,
never from gongkai's output. A cell printed so that it cannot be read ("1O": a letter O for a
zero) is expected as the text printed.

Usage: python3 scripts/make-textshape-fixtures.py   (from the repository root; needs openpyxl)
"""
import copy
import importlib.util
import io
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('variety', os.path.join(HERE, 'make-variety-fixtures.py'))
V = importlib.util.module_from_spec(spec)
spec.loader.exec_module(V)

OUT = os.path.join(V.ROOT, 'tests', 'fixtures', 'textshapes')
CELLS, GOLDEN = V.CELLS, V.GOLDEN
SUB_HEADING = re.compile(r'^（[一二三四五六七八九十]+）')


def write(name, data, expected):
    V.OUT = OUT
    V.write(name, data, expected)


def blocks_of(text):
    """The seed text as blocks: ('p', line) and ('t', rows of cells)."""
    text = re.sub(r'\[bookmark: [^\]]*\]', '', text)
    out, rows, row = [], [], []
    for line in text.split('\n') + ['']:
        if line.startswith('\t'):
            row.append(line[1:])
        elif row and line.strip():
            row[-1] += line.strip()
        elif row:
            rows.append(row)
            row = []
        else:
            if rows:
                out.append(('t', rows))
                rows = []
            if line.strip():
                out.append(('p', line.strip()))
    return out


def sections_with_headings(headings):
    """The golden sections with their printed headings replaced (id → heading)."""
    sections = copy.deepcopy(GOLDEN['sections'])
    for s in sections:
        if s['id'] in headings:
            s['heading'] = headings[s['id']]
    return sections


def pipe(cells):
    return '| ' + ' | '.join(c.replace('|', '\\|') for c in cells) + ' |'


def md_table(rows, header):
    """A pipe table: `header` 'first' (the first row is the header, as converters do), 'invented'
    (列1 … 列N over all rows), 'empty' (an empty header over all rows)."""
    width = max(len(r) for r in rows)
    rows = [r + [''] * (width - len(r)) for r in rows]
    if header == 'first':
        head, body = rows[0], rows[1:]
    elif header == 'invented':
        head, body = ['列%d' % (i + 1) for i in range(width)], rows
    else:
        head, body = [''] * width, rows
    return [pipe(head), '|' + '|'.join(['---'] * width) + '|'] + [pipe(r) for r in body]


def wrap(line, width):
    return [line[i:i + width] for i in range(0, len(line), width)] or ['']


def cjk(c):
    return '\u2e80' <= c <= '\u9fff' or '\uff00' <= c <= '\uffef'


def wrap_at_cjk(line, width):
    """Wrapped as markdown tools wrap CJK text: at about `width`, never inside a run of Latin
    letters or digits (a break there would read as a space)."""
    out = []
    while len(line) > width:
        at = width
        while at < len(line) and not (cjk(line[at - 1]) or cjk(line[at])):
            at += 1
        out.append(line[:at])
        line = line[at:]
    return out + [line] if line else out


def markdown(blocks, style):
    """Markdown as a converter ('converter': # headings, **bold** sub-headings, the first table
    row as header) or a language-model tool ('llm': ### headings, paragraphs wrapped, invented
    or empty headers, table 三's and 四's printed header rows left out) writes it."""
    heads = set(V.heading_lines('\n'.join(b[1] for b in blocks if b[0] == 'p')))
    out, tables = [], 0
    for kind, x in blocks:
        if kind == 't':
            tables += 1
            rows = x
            if style == 'converter':
                out += md_table(rows, 'first')
            else:
                # Table 三 without its three header rows; table 四 without its header: the
                # columns are the standard's by position.
                if tables == 2:
                    rows = rows[3:]
                if tables == 3:
                    rows = rows[3:]
                out += md_table(rows, 'empty' if tables == 3 else 'invented')
            out.append('')
            continue
        if x in heads:
            out.append(('## ' if style == 'converter' else '### ') + x)
        elif x.endswith('政府信息公开工作年度报告') or x == GOLDEN['meta']['organ']:
            out.append('# ' + x)
        elif SUB_HEADING.match(x) and len(x) < 40:
            out.append('**%s**' % x)
        elif style == 'llm':
            out += wrap_at_cjk(x, 38)
        else:
            out.append(x)
        out.append('')
    return '\n'.join(out) + '\n'


def ocr(blocks, values):
    """OCR-like text: prose wrapped at the page width, table rows as cells apart by spaces, a
    page footer ("- 3 -", "第4页") every 18 lines — inside tables too."""
    lines = []
    for kind, x in blocks:
        if kind == 't':
            lines += ['  '.join(c for c in r if c.strip()) for r in x]
        elif len(x) > 40 and not x.endswith('报告'):
            lines += wrap(x, 34)
        else:
            lines.append(x)
    out, page = [], 1
    for i, line in enumerate(lines):
        out.append(line)
        if i % 18 == 17:
            out.append('- %d -' % page if page % 2 else '第%d页' % page)
            page += 1
    return '\n'.join(out) + '\n'


def text_variants():
    v = V.numbered()
    base = V.text_with(v)
    blocks = blocks_of(base)
    write('markdown-converter.md', markdown(blocks, 'converter'), V.expect(v))
    write('markdown-llm.md', markdown(blocks, 'llm'), V.expect(v))

    # OCR: some cells misread — a letter O for a zero, an l for a one (kept as printed, never
    # guessed), full-width digits (read, with a note), a space inside a number.
    w = list(v)
    overrides = {}
    at = {c: i for i, c in enumerate(CELLS)}
    for cell, (printed, value) in {
            ('requests', 'new', 'natural'): ('1O', '1O'),
            ('requests', 'granted', 'commercial'): ('２６', 26),
            ('requests', 'withheld_query', 'legal'): ('l9', 'l9'),
            ('requests', 'declined_duplicate', 'total'): ('１２９', 129)}.items():
        w[at[cell]] = printed
        overrides[cell] = value
    text = ocr(blocks_of(V.text_with(w)), w)
    # Stray spaces inside labels, as OCR puts them between characters it read apart.
    for old, new in [('行政许可', '行政 许可'), ('（七）总计', '（七）总 计'), ('本年度办理结果', '本年度办理 结果'),
                     ('3.危及', '3. 危及'), ('复议后起诉', '复议后 起诉')]:
        text = V.sub(text, old, new)
    write('ocr-wrapped.txt', text, V.expect(v, overrides=overrides))

    # Notes in value cells: the number before the bracket is the value, the note kept.
    w = list(v)
    overrides = {}
    for cell, suffix in {
            ('active', 'normative', 'issued'): '（其中修订2件）',
            ('requests', 'new', 'natural'): '(含网上申请3件)',
            ('appeals', 'review', 'upheld'): '（均已办结）'}.items():
        w[at[cell]] = v[at[cell]] + suffix
    write('values-with-notes.md', markdown(blocks_of(V.text_with(w)), 'converter'), V.expect(v))

    # Headings reworded around their core words, one left out (its table is there).
    reworded = {
        'requests': '三、行政机关收到和处理政府信息公开申请情况',
        'appeals': '四、因政府信息公开工作被申请行政复议、提起行政诉讼情况',
        'problems': '五、政府信息公开工作存在的问题及改进措施',
    }
    text = base
    lines = V.heading_lines(base)
    ids = [s['id'] for s in GOLDEN['sections']]
    for sid, new in reworded.items():
        text = V.sub(text, lines[ids.index(sid)], new)
    text = V.sub(text, lines[ids.index('active')] + '\n', '')
    headings = {sid: re.sub(r'^[一二三四五六]、', '', h) for sid, h in reworded.items()}
    headings['active'] = ''
    write('headings-in-the-wild.txt', text,
          V.expect(v, sections=sections_with_headings(headings)))
    # The same as markdown headings, 四 worded another way.
    text = markdown(blocks_of(base), 'converter')
    text = V.sub(text, '## 4、 政府信息公开行政复议、行政诉讼情况', '## 四、政府信息公开行政复议和行政诉讼情况')
    text = V.sub(text, '## 3、 收到和处理政府信息公开申请情况', '## 三、行政机关收到和处理政府信息公开申请情况')
    headings = {'appeals': '政府信息公开行政复议和行政诉讼情况',
                'requests': '行政机关收到和处理政府信息公开申请情况'}
    write('headings-in-the-wild.md', text, V.expect(v, sections=sections_with_headings(headings)))


def xlsx_variants():
    """One sheet per table, or per block of table 二, each with a title row carrying the section
    heading ("二、主动公开政府信息情况", "3、 收到和处理政府信息公开申请情况") merged across the
    table, the block's title ("（一）第二十条第（一）项") under it, a row "单位：件" over tables 三
    and 四; every third value typed as text, every fifth with its unit ("7件")."""
    import openpyxl
    v = V.numbered()
    blocks = blocks_of(V.text_with(v))
    tables = [x for kind, x in blocks if kind == 't']
    assert len(tables) == 3
    heads = V.heading_lines('\n'.join(x for kind, x in blocks if kind == 'p'))
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    values = iter(range(200))
    def put(ws, r, c, text):
        if re.fullmatch(r'\d+(\.\d+)?', text):
            i = next(values)
            if i % 5 == 1 and '.' not in text:
                ws.cell(r, c).value = text + '件'
            elif i % 3 == 0:
                ws.cell(r, c).value = text
            else:
                ws.cell(r, c).value = float(text) if '.' in text else int(text)
        else:
            ws.cell(r, c).value = text or None
    def title(ws, r, text, width):
        ws.cell(r, 1).value = text
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
    # Table 二: one sheet per block, titled with the section and the block.
    blocks2, cur = [], None
    for row in tables[0]:
        if len(row) == 1 and row[0].startswith('第二十条'):
            cur = [row]
            blocks2.append(cur)
        else:
            cur.append(row)
    for i, block in enumerate(blocks2):
        ws = wb.create_sheet('二（%d）' % (i + 1))
        title(ws, 1, '二、' + heading_text_of(heads[1]), 4)
        title(ws, 2, '（%s）%s' % ('一二三四'[i], block[0][0]), 4)
        for r, row in enumerate(block[1:]):
            for c, text in enumerate(row):
                put(ws, r + 3, c + 1, text)
    for n, (head, rows) in enumerate(zip(heads[2:4], tables[1:])):
        ws = wb.create_sheet('表%s' % '三四'[n])
        title(ws, 1, head, max(len(r) for r in rows))
        ws.cell(2, 1).value = '单位：件'
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                put(ws, r + 3, c + 1, text)
    buf = io.BytesIO()
    wb.save(buf)
    write('sheet-per-table.xlsx', V.fixed_zip(buf), V.expect(v))


def heading_text_of(line):
    return V.heading_text(line)


def main():
    os.makedirs(OUT, exist_ok=True)
    text_variants()
    xlsx_variants()


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""Writes tests/fixtures/variety/: the seed report as real files vary (STANDARD.md §7).

Every variant is made from the seed (samples/zhangdian-2023.utf8.txt, .pydocx.docx) with its 200
cells numbered 1, 2, 3 … in the order of the model (so a value read into the wrong cell shows),
table 二's fee amount 96171.6, and the changes the variant is about. Next to each fixture
`NAME.expect.json` (NAME the fixture's whole file name) is what it must give: the 200 values
(numbered, and those the variant changes: blank, "/", …) and, when the variant adds a section,
all the sections (the meta, when it adds to the preamble); meta and sections not written are
those of the golden model (tests/golden/). The expectations
are computed here, from the golden model and the values written, never from gongkai's output.

Usage: python3 scripts/make-variety-fixtures.py   (from the repository root; needs python-docx)
"""
import copy
import io
import json
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
OUT = os.path.join(ROOT, 'tests', 'fixtures', 'variety')
SEED = open(os.path.join(ROOT, 'samples', 'zhangdian-2023.utf8.txt'), encoding='utf-8').read()
GOLDEN = json.load(open(os.path.join(ROOT, 'tests', 'golden', 'zhangdian-2023.json'), encoding='utf-8'))

# The 200 cells in the order of the model, which is the order they are printed in.
CELLS = [(t, r, c) for t, rows in GOLDEN['tables'].items() for r, cols in rows.items() for c in cols]
assert len(CELLS) == 200
FEES = CELLS.index(('active', 'fees', 'amount'))


def numbered():
    """Printed value of each cell: its place in the model, the fee amount a decimal."""
    values = [str(i + 1) for i in range(200)]
    values[FEES] = '96171.6'
    return values


class Exact(str):
    """A decimal to be written into the JSON with exactly these digits (96171.60)."""


def model_value(printed):
    """The JSON value a printed cell must give (for the cells this script writes)."""
    if printed is None:
        return None
    if re.fullmatch(r'\d+', printed):
        return int(printed)
    if re.fullmatch(r'\d+\.\d+', printed):
        return float(printed)
    return printed


def expect(values, sections=None, overrides=None, preamble=None):
    """What a variant must give: the given cell values; the golden meta and sections unless
    `sections` is given (only the tables, and the sections when they differ, are written)."""
    r = {'tables': copy.deepcopy(GOLDEN['tables'])}
    for (t, row, col), v in zip(CELLS, values):
        r['tables'][t][row][col] = model_value(v)
    for (t, row, col), v in (overrides or {}).items():
        r['tables'][t][row][col] = '@exact:' + v if isinstance(v, Exact) else v
    if sections is not None:
        r['sections'] = sections
    if preamble is not None:
        r['meta'] = copy.deepcopy(GOLDEN['meta'])
        r['meta']['preamble'] = preamble
    return r


def write(name, data, expected):
    path = os.path.join(OUT, name)
    mode = 'wb' if isinstance(data, bytes) else 'w'
    with open(path, mode, **({} if mode == 'wb' else {'encoding': 'utf-8', 'newline': ''})) as f:
        f.write(data)
    with open(os.path.join(OUT, name + '.expect.json'), 'w', encoding='utf-8') as f:
        text = json.dumps(expected, ensure_ascii=False, indent=1, default=str)
        text = re.sub(r'"@exact:([0-9.]+)"', r'\1', text)
        f.write(text + '\n')


# ---------------------------------------------------------------- text variants

VALUE_LINE = re.compile(r'^\t\d+$', re.M)


def text_with(values):
    """The seed text (cells one per line led by a tab) with the 200 value cells replaced."""
    it = iter(values)
    out = VALUE_LINE.sub(lambda m: '\t' + next(it), SEED)
    return out


def sub(text, old, new, count=1):
    assert old in text, old
    return text.replace(old, new, count)


def relayout(text, sep, open_='', close=''):
    """Each block of tab-led cells (a table row) becomes one line of cells joined by `sep`."""
    out, row = [], []
    for line in text.split('\n'):
        if line.startswith('\t'):
            row.append(line[1:])
        elif row and line.strip():
            row[-1] += line.strip()  # a line break inside a cell
        elif row:
            out.append(open_ + sep.join(row) + close)
            row = []
        else:
            out.append(line)
    return '\n'.join(out)


def text_variants():
    v = numbered()
    base = text_with(v)
    write('numbered.utf8.txt', base, expect(v))
    write('numbered.bom.utf8.txt', '\ufeff' + base, expect(v))
    write('numbered.utf16le.txt', b'\xff\xfe' + base.replace('\n', '\r\n').encode('utf-16-le'), expect(v))
    write('numbered.gb18030.crlf.txt', base.replace('\n', '\r\n').encode('gb18030'), expect(v))
    write('numbered.cr-only.gb18030.txt', base.replace('\n', '\r').encode('gb18030'), expect(v))
    write('savetext-tabs.txt', relayout(base, '\t'), expect(v))
    write('table-four-row-label.txt',
          sub(relayout(base, '\t'), '\n186\t187', '\n件数\t186\t187'), expect(v))
    write('web-pipes.txt', relayout(base, ' | ', '| ', ' |'), expect(v))
    # Rows on one line, cells apart by spaces (text from a PDF, pdftotext -layout; or copied
    # from a web page): group labels before row labels, table 四's numbers on a line alone.
    write('rows-space-aligned.txt', relayout(base, '   '), expect(v))
    # All the numbers of a row on the line of its label, separated by spaces.
    one_line = re.sub(r'((?:\n\t\d+(?:\.\d+)?)+)(?=\n)',
                      lambda m: ' ' + ' '.join(m.group(1).split()), base)
    write('row-numbers-on-one-line.txt', one_line, expect(v))

    # Labels as people type them and as extraction breaks them.
    t = base
    t = sub(t, '\t三、本年度办理结果', '\t三、本 年度办\n理结果')
    t = sub(t, '\t商业企业', '\t商业\n企业')
    t = sub(t, '\t科研机构', '\t科研 机构')
    t = sub(t, '（一）予以公开', '(一)予以公开')
    t = sub(t, '（二）部分公开', '(二) 部分公开')
    t = sub(t, '1.属于国家秘密', '1、属于国家秘密')
    t = sub(t, '3.危及“三安全一稳定”', '3.危及"三安全一稳定"')
    t = sub(t, '2.其他法律行政法规禁止公开', '2.其他法律行政止公开')
    t = sub(t, '5.属于三类内部事务信息', '5．属于三类内部事务信息')
    t = sub(t, '2.没有现成信息需要另行制作', '2、没有现成信息需另行制作')
    t = sub(t, '4.无正当理由大量反复申请', '4.无正当理由大量反复申请的')
    t = sub(t, '（七）总计', '（七） 总  计')
    t = sub(t, '四、结转下年度继续办理', '四、结转下年度继续办理的')
    t = sub(t, '\t行政规范性文件', '\t规范性文件')
    t = sub(t, '\t行政事业性收费', '\t行政事业 性收费')
    write('labels-spaced-typos.txt', t, expect(v))

    # Values as printed: "/", dashes, full-width digits, units, thousands separators, "3.0".
    w = list(v)
    at = {c: i for i, c in enumerate(CELLS)}
    changes = {
        ('active', 'rules', 'issued'): ('/', '/'),
        ('active', 'rules', 'repealed'): ('—', '—'),
        ('active', 'rules', 'in_force'): ('-', '-'),
        ('active', 'normative', 'issued'): ('１２', 12),
        ('active', 'normative', 'repealed'): ('5件', 5),
        ('active', 'normative', 'in_force'): ('1,234', 1234),
        ('active', 'licensing', 'decisions'): ('3.0', 3.0),
        ('active', 'punishment', 'decisions'): ('', None),
        ('active', 'coercion', 'decisions'): ('\u3000', None),
        ('active', 'fees', 'amount'): ('96,171.60', Exact('96171.60')),
        ('requests', 'new', 'natural'): ('０', 0),
        ('requests', 'new', 'commercial'): ('1 件', 1),
        ('requests', 'new', 'total'): ('无', '无'),
        ('appeals', 'review', 'upheld'): ('0件', 0),
    }
    overrides = {}
    for cell, (printed, value) in changes.items():
        w[at[cell]] = printed
        overrides[cell] = value
    t = VALUE_LINE.sub(lambda m, it=iter(w): '\t' + next(it), SEED)
    write('values-messy.txt', t, expect(v, overrides=overrides))

    # Headings numbered "第一部分" …; another report numbers them with Arabic digits.
    parts = ['一', '二', '三', '四', '五', '六']
    t = base
    for i, line in enumerate(heading_lines(base)):
        t = t.replace(line, '第%s部分 %s' % (parts[i], heading_text(line)), 1)
    write('headings-part-numbered.txt', t, expect(v))
    t = base
    for i, line in enumerate(heading_lines(base)):
        t = t.replace(line, '%d.%s' % (i + 1, heading_text(line)), 1)
    write('headings-arabic-dot.txt', t, expect(v))

    # Headings set off and closed as typists do: a full-width space for 、, a closing 。 or ：,
    # 【】, a full-width dot, half-width brackets.
    marks = ['{n}\u3000{h}', '{n}、{h}。', '【{n}】{h}', '{n}、{h}：', '{n}．{h}', '({n}){h}']
    t = base
    for i, line in enumerate(heading_lines(base)):
        t = t.replace(line, marks[i].format(n='一二三四五六'[i], h=heading_text(line)), 1)
    write('headings-mixed-marks.txt', t, expect(v))

    # The title broken over lines.
    write('title-broken-over-lines.txt',
          sub(base, '2023年政府信息公开工作年度报告\n', '2023年政府信息公开\n工作年度报告\n'), expect(v))

    # A table of contents before section 一 (dot leaders and page numbers): kept in the preamble.
    heads = [heading_text(line) for line in heading_lines(base)]
    toc = ['目  录'] + ['%s、%s……………………%d' % ('一二三四五六'[i], h, i + 1) for i, h in enumerate(heads)]
    at = base.index('本年度报告中所列数据')
    write('contents-before-section-one.txt', base[:at] + '\n'.join(toc) + '\n' + base[at:],
          expect(v, preamble=toc + GOLDEN['meta']['preamble']))

    # A section of the report's own, between 五 and 六 renumbered, and one at the end.
    own = ['本年度，我单位围绕优化营商环境，开设“企业服务”专栏，发布涉企政策信息12条。']
    t = base
    t = sub(t, '六、其他需要报告的事项', '六、政务公开工作亮点\n' + own[0] + '\n七、其他需要报告的事项')
    sections = copy.deepcopy(GOLDEN['sections'])
    sections.insert(5, {'id': None, 'heading': '政务公开工作亮点', 'paragraphs': own})
    write('extra-own-section.txt', t, expect(v, sections=sections))


def word_values_variants():
    """Words among a row's values ("不适用", "暂无数据"): kept as printed, the values after them
    in their own columns."""
    v = numbered()
    w = list(v)
    overrides = {}
    for cell, word in [(('active', 'rules', 'repealed'), '暂无数据'),
                       (('requests', 'new', 'natural'), '不适用'),
                       (('requests', 'declined_duplicate', 'legal'), '不适用'),
                       (('appeals', 'review', 'corrected'), '未统计')]:
        w[CELLS.index(cell)] = word
        overrides[cell] = word
    it = iter(w)
    t = VALUE_LINE.sub(lambda m: '\t' + next(it), SEED)
    write('values-words.txt', t, expect(v, overrides=overrides))
    write('values-words-tabs.txt', relayout(t, '\t'), expect(v, overrides=overrides))
    d = pydocx()
    number_docx(d, v)
    cells = value_cells(d)
    for cell, word in overrides.items():
        set_text(cells[CELLS.index(cell)], word)
    save(d, 'values-words.docx', expect(v, overrides=overrides))


TRIAL = open(os.path.join(ROOT, 'tests', 'fixtures', 'gov2019-sample.txt'), encoding='utf-8').read()


def trial_variants():
    """The 2019 trial fixture (tests/fixtures/gov2019-sample.txt) re-laid; tests/variety.rs
    expects the fixture's own values (which tests/gov2019.rs checks one by one)."""
    os.makedirs(os.path.join(OUT, 'gov2019'), exist_ok=True)
    def put(name, data):
        with open(os.path.join(OUT, 'gov2019', name), 'w', encoding='utf-8', newline='') as f:
            f.write(data)
    put('tabs.txt', relayout(TRIAL, '\t'))
    put('pipes.txt', relayout(TRIAL, ' | ', '| ', ' |'))
    # As a Word document: each run of rows a table (no merges), headings styled, 2019 labels.
    import docx
    d = docx.Document()
    rows = []
    def flush_table():
        if rows:
            width = max(len(r) for r in rows)
            table = d.add_table(rows=len(rows), cols=width)
            table.style = 'Table Grid'
            for i, r in enumerate(rows):
                for j, c in enumerate(r):
                    table.cell(i, j).text = c
            rows.clear()
    row = []
    for line in TRIAL.split('\n') + ['']:
        if line.startswith('\t'):
            row.append(line[1:])
        elif row and line.strip():
            row[-1] += line.strip()
        elif row:
            rows.append(row)
            row = []
        elif line.strip():
            flush_table()
            style = 'Heading 1' if re.match('^[一二三四五六]、', line) else None
            d.add_paragraph(line, style=style)
    flush_table()
    buf = io.BytesIO()
    d.save(buf)
    with open(os.path.join(OUT, 'gov2019', 'word-tables.docx'), 'wb') as f:
        f.write(fixed_zip(buf))
    # (Not space-aligned: its blank cells would vanish between the spaces — no reader can
    # place the numbers after them.)
    t = TRIAL
    t = sub(t, '\t本年新制作数量', '\t本年新\n制作数量')
    t = sub(t, '\t本年增/减', '\t本年增／减')
    t = sub(t, '\t第二十条第（九）项', '\t第二十条第(九)项')
    t = sub(t, '\t其他对外管理服务事项', '\t其它对外管理 服务事项')
    t = sub(t, '\t政府集中采购', '\t政府集中 采购')
    t = sub(t, '二、主动公开政府信息情况', '2、主动公开政府信息情况')
    t = sub(t, '\t-2\n', '\t－2\n')  # full-width minus
    t = sub(t, '\t-1\n', '\t\u22121\n')  # the minus sign of typeset text
    put('labels-spaced.txt', t)


def html_variants():
    """A page typed into a portal's editor: headings as bold paragraphs, each table row as
    cells (no merges), label line breaks as <br>, blank cells as &nbsp;, spans everywhere,
    GBK with charset=gb2312."""
    import html
    v = numbered()
    text = re.sub(r'\[bookmark: [^\]]*\]', '', text_with(v))
    out = ['<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
           '<title>年度报告</title></head><body><div class="TRS_Editor">']
    row, in_table = [], False
    esc = lambda c: '<br>'.join(html.escape(x) for x in c)
    for line in text.split('\n') + ['']:
        if line.startswith('\t'):
            if not in_table:
                out.append('<table border="1" cellspacing="0" cellpadding="0">')
                in_table = True
            row.append([line[1:]])
        elif row and line.strip():
            row[-1].append(line.strip())
        elif row:
            out.append('<tr>' + ''.join(
                '<td style="text-align:center"><p><span style="font-family:仿宋_GB2312">%s</span></p></td>'
                % (esc(c) if ''.join(c).strip() else '&nbsp;') for c in row) + '</tr>')
            row = []
        elif line.strip():
            if in_table:
                out.append('</table>')
                in_table = False
            if re.match('^[一二三四五六2-6]、', line):
                out.append('<p style="text-indent:2em"><strong><span>%s</span></strong></p>' % html.escape(line))
            else:
                out.append('<p style="text-indent:2em"><span>%s</span>&nbsp;</p>' % html.escape(line))
    if in_table:
        out.append('</table>')
    out.append('</div></body></html>')
    write('portal-editor.gbk.html', '\n'.join(out).encode('gb18030'), expect(v))


def xlsx_variants():
    """The LibreOffice workbook of the seed (one sheet, merged cells), numbered; values typed as
    text (as a cell formatted "@" keeps them), some in full-width digits or with 件; a 备注 column
    of the report's own beside table 三."""
    import openpyxl
    v = numbered()
    def numbered_book():
        wb = openpyxl.load_workbook(os.path.join(ROOT, 'samples', 'zhangdian-2023.lo.xlsx'))
        ws = wb.active
        cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, (int, float))]
        assert len(cells) == 200, len(cells)
        for c, x in zip(cells, v):
            c.value = float(x) if '.' in x else int(x)
        return wb, ws, cells
    def save_book(wb, name, expected):
        buf = io.BytesIO()
        wb.save(buf)
        write(name, fixed_zip(buf), expected)
    wb, ws, cells = numbered_book()
    overrides = {}
    for i, c in enumerate(cells):
        if i % 3 == 0:
            c.value = str(c.value)
            c.number_format = '@'
    for cell, (printed, value) in {
            ('requests', 'new', 'commercial'): ('１２', 12),
            ('requests', 'granted', 'total'): ('31件', 31),
            ('appeals', 'review', 'total'): (' 190 ', 190),
            ('active', 'fees', 'amount'): ('96171.60', Exact('96171.60'))}.items():
        cells[CELLS.index(cell)].value = printed
        overrides[cell] = value
    save_book(wb, 'values-as-text.xlsx', expect(v, overrides=overrides))

    wb, ws, cells = numbered_book()
    first = cells[CELLS.index(('requests', 'new', 'natural'))]
    col = ws.max_column + 1
    ws.cell(first.row - 3, col).value = '备注'
    ws.cell(first.row, col).value = '含网上申请'
    save_book(wb, 'table-extra-column.xlsx', expect(v))


def heading_lines(text):
    """The six section heading lines of the seed text (before any cell on the same line)."""
    found = []
    for line in text.split('\n'):
        m = re.match(r'^([一二三四五六2-6])、\s*([^\t|]+)', line)
        if m and any(m.group(2).startswith(s['heading']) for s in GOLDEN['sections']):
            found.append(m.group(0))
    assert len(found) == 6, found
    return found


def heading_text(line):
    return re.sub(r'^[一二三四五六2-6]、\s*', '', line)


# ---------------------------------------------------------------- Word variants

W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'


def q(tag):
    return '{%s}%s' % (W, tag)


def pydocx():
    """The python-docx seed, without the parts no reader needs (kept small)."""
    import docx
    d = docx.Document(os.path.join(ROOT, 'samples', 'zhangdian-2023.pydocx.docx'))
    for rels in (d.part.rels, d.part.package.rels):
        for rid, rel in list(rels.items()):
            if rel.reltype.endswith(('/stylesWithEffects', '/thumbnail', '/customXml')):
                del rels[rid]
    return d


def body_of(d):
    return d.element.body


def cell_text(tc):
    return ''.join(t.text or '' for t in tc.iter(q('t')))


def value_cells(d):
    """The 200 value cells (w:tc holding a number), in document order."""
    cells = [tc for tbl in body_of(d).iter(q('tbl')) for tc in tbl.iter(q('tc'))
             if re.fullmatch(r'\d+(\.\d+)?', cell_text(tc).strip())]
    assert len(cells) == 200, len(cells)
    return cells


def set_text(tc, text):
    """The cell keeps its first paragraph and run, holding `text`."""
    ts = list(tc.iter(q('t')))
    ts[0].text = text
    for t in ts[1:]:
        t.getparent().remove(t)


def number_docx(d, values):
    for tc, v in zip(value_cells(d), values):
        set_text(tc, v)


def save(d, name, expected):
    """Saves the package with fixed entry dates, so that making the fixtures again gives the
    same bytes."""
    buf = io.BytesIO()
    d.save(buf)
    write(name, fixed_zip(buf), expected)


def used_styles(styles, document):
    """python-docx's template defines some 160 styles (350 KB): keep those the document uses,
    the defaults and what they are based on, to keep the fixtures small."""
    from lxml import etree
    root = etree.fromstring(styles)
    by_id = {st.get(q('styleId')): st for st in root.findall(q('style'))}
    want = set(re.findall(rb'w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', document))
    want = {w.decode() for w in want}
    want |= {i for i, st in by_id.items() if st.get(q('default')) in ('1', 'true')}
    todo = list(want)
    while todo:
        st = by_id.get(todo.pop())
        for ref in ('basedOn', 'link', 'next'):
            e = st.find(q(ref)) if st is not None else None
            if e is not None and e.get(q('val')) not in want:
                want.add(e.get(q('val')))
                todo.append(e.get(q('val')))
    for i, st in by_id.items():
        if i not in want:
            root.remove(st)
    for latent in root.findall(q('latentStyles')):
        root.remove(latent)
    return etree.tostring(root, xml_declaration=True, encoding='UTF-8', standalone=True)


def fixed_zip(buf):
    """The package in `buf` with fixed entry dates and document dates."""
    import zipfile
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 20, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = src.read(info.filename)
            if info.filename == 'word/styles.xml':
                data = used_styles(data, src.read('word/document.xml'))
            if info.filename == 'docProps/core.xml':
                data = re.sub(rb'(<dcterms:(?:created|modified)[^>]*>)[^<]*', rb'\g<1>2024-01-20T00:00:00Z', data)
            dst.writestr(fixed, data)
    return out.getvalue()


def headings(d):
    """The six "Heading 1" paragraphs of the seed."""
    hs = [p for p in d.paragraphs if p.style.name == 'Heading 1']
    assert len(hs) == 6
    return hs


def el(xml):
    from lxml import etree
    return etree.fromstring('<root xmlns:w="%s">%s</root>' % (W, xml))[0]


def set_para_text(p, text):
    runs = p.runs
    runs[0].text = text
    for r in runs[1:]:
        r._r.getparent().remove(r._r)


def split_table(tbl, at, repeat_header=0):
    """Splits a table before row `at` into two tables with a page break between them; the second
    repeats the first `repeat_header` rows when asked (as people copy the header by hand)."""
    import copy as cp
    rows = tbl.findall(q('tr'))
    second = cp.deepcopy(tbl)
    for tr in second.findall(q('tr')):
        second.remove(tr)
    for tr in rows[:repeat_header]:
        second.append(cp.deepcopy(tr))
    for tr in rows[at:]:
        second.append(tr)
    brk = el('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
    tbl.addnext(brk)
    brk.addnext(second)
    return second


def docx_variants():
    v = numbered()
    d = pydocx(); number_docx(d, v)
    save(d, 'numbered.pydocx.docx', expect(v))

    # Headings numbered by Word (a chineseCounting list), not by text.
    d = pydocx(); number_docx(d, v)
    numbering = d.part.numbering_part.element
    numbering.insert(0, el(
        '<w:abstractNum w:abstractNumId="90"><w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'))
    numbering.append(el('<w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for p in headings(d):
        set_para_text(p, re.sub('^[一二三四五六]、', '', p.text))
        p._p.get_or_add_pPr().append(el('<w:numPr><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))
    save(d, 'headings-auto-numbered.docx', expect(v))

    # Headings as bold body paragraphs without numbers.
    d = pydocx(); number_docx(d, v)
    for p in headings(d):
        set_para_text(p, re.sub('^[一二三四五六]、', '', p.text))
        p.style = d.styles['Normal']
        p.runs[0].bold = True
    save(d, 'headings-bold-unnumbered.docx', expect(v))

    # Headings numbered "第一部分".
    d = pydocx(); number_docx(d, v)
    for p, n in zip(headings(d), '一二三四五六'):
        set_para_text(p, re.sub('^[一二三四五六]、', '第%s部分  ' % n, p.text))
    save(d, 'headings-part-numbered.docx', expect(v))

    # Table 三 split by a page break, the second part without / with its header rows; table 二
    # as four tables, one per block.
    d = pydocx(); number_docx(d, v)
    tables = list(body_of(d).iter(q('tbl')))
    split_table(tables[1], 14)
    save(d, 'table-split-by-page.docx', expect(v))
    d = pydocx(); number_docx(d, v)
    tables = list(body_of(d).iter(q('tbl')))
    split_table(tables[1], 17, repeat_header=3)
    save(d, 'table-split-header-repeated.docx', expect(v))
    d = pydocx(); number_docx(d, v)
    t2 = list(body_of(d).iter(q('tbl')))[0]
    for at in (11, 7, 4):
        split_table(t2, at)
    save(d, 'table-active-one-per-block.docx', expect(v))

    # Empty cells holding full-width spaces (blank, not 0), values in fields, tracked changes,
    # bookmarks around values.
    d = pydocx(); number_docx(d, v)
    cells = value_cells(d)
    blanks = [CELLS.index(c) for c in [('active', 'punishment', 'decisions'),
                                        ('requests', 'carried_over', 'research'),
                                        ('appeals', 'litigation_direct', 'pending')]]
    w = list(v)
    for i in blanks:
        set_text(cells[i], '\u3000\u3000')
        w[i] = None
    # A field whose result is the value (a formula field =SUM(LEFT) in the total column).
    i = CELLS.index(('requests', 'new', 'total'))
    r = cells[i].find('.//' + q('r'))
    rpr = r.find(q('rPr'))
    p = r.getparent()
    at = p.index(r)
    p.remove(r)
    for k, x in enumerate([
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
            '<w:r><w:instrText xml:space="preserve"> =SUM(LEFT) </w:instrText></w:r>',
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
            '<w:r><w:t>%s</w:t></w:r>' % v[i],
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>']):
        p.insert(at + k, el(x))
    j = CELLS.index(('requests', 'carried_forward', 'total'))
    p = cells[j].find('.//' + q('p'))
    for r in p.findall(q('r')):
        p.remove(r)
    p.append(el('<w:fldSimple w:instr=" =SUM(LEFT) "><w:r><w:t>%s</w:t></w:r></w:fldSimple>' % v[j]))
    # Tracked changes: the old value deleted, the new one inserted; a label with an insertion.
    for cell in [('requests', 'granted', 'natural'), ('appeals', 'review', 'total')]:
        k = CELLS.index(cell)
        p = cells[k].find('.//' + q('p'))
        for r in p.findall(q('r')):
            p.remove(r)
        p.append(el('<w:del w:id="%d" w:author="a" w:date="2024-01-10T00:00:00Z"><w:r><w:delText>99</w:delText></w:r></w:del>' % (k + 1)))
        p.append(el('<w:ins w:id="%d" w:author="a" w:date="2024-01-10T00:00:00Z"><w:r><w:t>%s</w:t></w:r></w:ins>' % (k + 1000, v[k])))
    for tc in body_of(d).iter(q('tc')):
        if cell_text(tc) == '商业企业':
            p = tc.find('.//' + q('p'))
            set_text(tc, '商业')
            p.append(el('<w:ins w:id="3000" w:author="a" w:date="2024-01-10T00:00:00Z"><w:r><w:t>企业</w:t></w:r></w:ins>'))
            p.append(el('<w:del w:id="3001" w:author="a" w:date="2024-01-10T00:00:00Z"><w:r><w:delText>单位</w:delText></w:r></w:del>'))
    k = CELLS.index(('active', 'licensing', 'decisions'))
    p = cells[k].find('.//' + q('p'))
    p.insert(0, el('<w:bookmarkStart w:id="77" w:name="_Hlk1"/>'))
    p.append(el('<w:bookmarkEnd w:id="77"/>'))
    save(d, 'cells-blank-fields-tracked.docx', expect(w))

    # A column of the report's own (备注) at the right of table 三.
    d = pydocx(); number_docx(d, v)
    t3 = list(body_of(d).iter(q('tbl')))[1]
    t3.find(q('tblGrid')).append(el('<w:gridCol w:w="864"/>'))
    for n, tr in enumerate(t3.findall(q('tr'))):
        if n == 0:
            tc = el('<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>备注</w:t></w:r></w:p></w:tc>')
        elif n < 3:
            tc = el('<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>')
        else:
            tc = el('<w:tc><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:tc>' % ('含网上申请' if n == 3 else ''))
        tr.append(tc)
    save(d, 'table-extra-column.docx', expect(v))

    # Table 四 with a column of row labels of its own: a corner, and 件数 before the values.
    d = pydocx(); number_docx(d, v)
    t4 = list(body_of(d).iter(q('tbl')))[2]
    t4.find(q('tblGrid')).insert(0, el('<w:gridCol w:w="864"/>'))
    for n, tr in enumerate(t4.findall(q('tr'))):
        if n == 0:
            tc = el('<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>项目</w:t></w:r></w:p></w:tc>')
        elif n < 3:
            tc = el('<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>')
        else:
            tc = el('<w:tc><w:p><w:r><w:t>件数</w:t></w:r></w:p></w:tc>')
        first = tr.find(q('tc'))
        first.addprevious(tc)
    save(d, 'table-four-row-label.docx', expect(v))

    # A section of the report's own after 六, as 七.
    d = pydocx(); number_docx(d, v)
    own = '本年度，我单位围绕优化营商环境，开设“企业服务”专栏，发布涉企政策信息12条。'
    last = d.paragraphs[-1]
    h = d.add_paragraph('七、政务公开工作亮点', style='Heading 1')
    d.add_paragraph(own)
    sections = copy.deepcopy(GOLDEN['sections'])
    sections.append({'id': None, 'heading': '政务公开工作亮点', 'paragraphs': [own]})
    save(d, 'extra-own-section.docx', expect(v, sections=sections))

    # Line breaks inside label cells (the official layout prints 商业企业 on two lines).
    d = pydocx(); number_docx(d, v)
    for tc in body_of(d).iter(q('tc')):
        text = cell_text(tc)
        cut = {'商业企业': 2, '科研机构': 2, '三、本年度办理结果': 5, '社会公益组织': 4,
               '法律服务机构': 4, '行政事业性收费': 4}.get(text)
        if cut:
            set_text(tc, text[:cut])
            r = tc.find('.//' + q('r'))
            r.append(el('<w:br/>'))
            r.append(el('<w:t>%s</w:t>' % text[cut:]))
    save(d, 'labels-line-breaks.docx', expect(v))

    # Sub-headings （一）… and the row labels 1. … of table 三 numbered by Word lists.
    d = pydocx(); number_docx(d, v)
    numbering = d.part.numbering_part.element
    numbering.insert(0, el(
        '<w:abstractNum w:abstractNumId="91"><w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="（%1）"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'))
    numbering.insert(0, el(
        '<w:abstractNum w:abstractNumId="92"><w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'))
    next_num = [100]
    def new_list(abstract):
        n = next_num[0]
        next_num[0] += 1
        numbering.append(el('<w:num w:numId="%d"><w:abstractNumId w:val="%d"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>' % (n, abstract)))
        return n
    def number_para(p, num):
        ppr = p.find(q('pPr'))
        if ppr is None:
            ppr = el('<w:pPr/>')
            p.insert(0, ppr)
        ppr.insert(0, el('<w:numPr><w:ilvl w:val="0"/><w:numId w:val="%d"/></w:numPr>' % num))
    num = None
    for p in d.paragraphs:
        if p.style.name == 'Heading 1':
            num = new_list(91)
        elif num and re.match('^（[一二三四五六七八九]）', p.text):
            set_para_text(p, re.sub('^（[一二三四五六七八九]）', '', p.text))
            number_para(p._p, num)
    t3 = list(body_of(d).iter(q('tbl')))[1]
    num = None
    for tc in t3.iter(q('tc')):
        text = cell_text(tc)
        m = re.match(r'^(\d)\.', text)
        if not m:
            continue
        if m.group(1) == '1':
            num = new_list(92)
        set_text(tc, text[2:])
        number_para(tc.find(q('p')), num)
    save(d, 'lists-sub-headings-and-row-labels.docx', expect(v))

    # A table of contents made by Word (a TOC field, entries with a tab and the page number).
    d = pydocx(); number_docx(d, v)
    entries = []
    toc = ['<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>目录</w:t></w:r></w:p>']
    for k, h in enumerate(headings(d)):
        inner = '<w:r><w:t>%s</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>%d</w:t></w:r>' % (h.text, k + 1)
        entries.append('%s\t%d' % (h.text, k + 1))
        if k == 0:
            inner = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
                     ' TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                     + inner)
        if k == 5:
            inner += '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        toc.append('<w:p><w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="8306"/></w:tabs>'
                   '</w:pPr>%s</w:p>' % inner)
    first = d.paragraphs[2]._p
    for x in toc:
        first.addprevious(el(x))
    save(d, 'contents-field.docx', expect(v, preamble=['目录'] + entries + GOLDEN['meta']['preamble']))

    # The title's lines as one paragraph with a manual line break, and a break inside it.
    d = pydocx(); number_docx(d, v)
    organ, title = d.paragraphs[0], d.paragraphs[1]
    r = organ.runs[0]._r
    r.append(el('<w:br/>'))
    r.append(el('<w:t>2023年政府信息公开</w:t>'))
    r.append(el('<w:br/>'))
    r.append(el('<w:t>工作年度报告</w:t>'))
    title._p.getparent().remove(title._p)
    save(d, 'title-line-breaks.docx', expect(v))

    # The whole report inside a table of one cell (a page copied from the web into Word).
    d = pydocx(); number_docx(d, v)
    body = body_of(d)
    frame = el('<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>'
               '<w:gridCol w:w="9000"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:tcW w:w="9000" '
               'w:type="dxa"/></w:tcPr></w:tc></w:tr></w:tbl>')
    cell = frame.find('.//' + q('tc'))
    for kid in [k for k in body if k.tag != q('sectPr')]:
        body.remove(kid)
        cell.append(kid)
    cell.append(el('<w:p/>'))
    body.insert(0, frame)
    save(d, 'framed-in-one-cell.docx', expect(v))

    # Labels typed in runs of one character each with proofing marks (as WPS and Word write
    # text edited many times).
    d = pydocx(); number_docx(d, v)
    for tc in body_of(d).iter(q('tc')):
        text = cell_text(tc)
        if not text or re.fullmatch(r'\d+', text):
            continue
        p = tc.find('.//' + q('p'))
        for r in p.findall(q('r')):
            p.remove(r)
        for k, ch in enumerate(text):
            if k == 1:
                p.append(el('<w:proofErr w:type="spellStart"/>'))
            p.append(el('<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t>%s</w:t></w:r>' % ch))
    save(d, 'runs-per-character.docx', expect(v))


def main():
    os.makedirs(OUT, exist_ok=True)
    only = sys.argv[1:]
    for name, fn in [('text', text_variants), ('docx', docx_variants), ('words', word_values_variants),
                     ('gov2019', trial_variants), ('html', html_variants),
                     ('xlsx', xlsx_variants)]:
        if not only or name in only:
            fn()


if __name__ == '__main__':
    main()

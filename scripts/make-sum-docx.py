#!/usr/bin/env python3
"""Writes tests/fixtures/pdftext-sums/*.docx: the Word sources of tests/fixtures/pdftext/ with
ONE fixed value set in place of their values, a set that keeps every sum rule of the standard
(STANDARD.md §5: requests.row_total, requests.results_total, requests.balance, appeals.total).

Why: the variety fixtures number their 200 cells 1…200 (so a misplaced value shows), and with
1…200 no sum holds, so nothing can tell which of the orders pdftotext's default mode may print a
table in is the right one. Real reports keep their sums; these copies do too, with values as wide
as real ones (mostly one or two digits, totals of two or three) and as many distinct values as the
widths allow: each row's values (its 总计 too) distinct, and none of them found in the row printed
above it, whose 总计 differs too — so a value read one row off, as a staircase misreading does, never
passes for right; carried over and carried forward differ in every column, so 新收 and （七）总计
differ too (and share no value). Six 0s, never two in one row.

A variety fixture keeps the changes it is about: only the cells holding their own number (cell
k of the model holding k + 1) are mapped; a word, a blank or the fee amount stays as it was. The
samples (the seed through LibreOffice and python-docx) print the seed's values: their 200 value
cells, in document order (= model order), all take the set. Next to each copy, NAME.expect.json
is the variety expectation (or the golden model's tables) with the same mapping, computed here
from the data, never from gongkai's output.

Usage: python3 scripts/make-sum-docx.py OUT_DIR SOURCE.docx…   (needs lxml; called by
scripts/make-pdftext-fixtures.sh sums)
"""
import copy
import importlib.util
import json
import os
import re
import sys
import zipfile

from lxml import etree

HERE = os.path.dirname(os.path.abspath(__file__))
# The variety script's model order of the cells, golden model and Word helpers.
_spec = importlib.util.spec_from_file_location('variety', os.path.join(HERE, 'make-variety-fixtures.py'))
variety = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(variety)
GOLDEN, CELLS, VARIETY, q, set_text = variety.GOLDEN, variety.CELLS, variety.OUT, variety.q, variety.set_text

# Table 二: no sum rule; ten distinct values (the fee amount as the variety fixtures print it).
ACTIVE = {
    ('rules', 'issued'): 2, ('rules', 'repealed'): 1, ('rules', 'in_force'): 14,
    ('normative', 'issued'): 6, ('normative', 'repealed'): 3, ('normative', 'in_force'): 47,
    ('licensing', 'decisions'): 386, ('punishment', 'decisions'): 58,
    ('coercion', 'decisions'): 9, ('fees', 'amount'): 96171.6,
}
FEE_PRINTED = '96171.6'

# Table 三: the 21 result rows (granted … other_other) and the two carried rows, columns natural …
# other; the total column, the （七）总计 row and the 新收 row follow from the rules.
RESULTS = [
    [19, 15, 8, 3, 1, 6], [24, 13, 9, 5, 4, 2], [10, 1, 3, 0, 7, 8], [11, 14, 6, 2, 5, 4],
    [12, 13, 8, 3, 9, 7], [22, 10, 5, 4, 1, 2], [15, 14, 7, 3, 8, 0], [28, 5, 1, 6, 2, 4],
    [18, 10, 7, 9, 8, 3], [25, 13, 4, 2, 1, 0], [15, 14, 8, 9, 3, 7], [13, 12, 4, 6, 2, 5],
    [20, 8, 1, 3, 7, 9], [16, 2, 6, 4, 0, 5], [19, 12, 9, 8, 7, 3], [13, 15, 6, 2, 1, 5],
    [17, 12, 9, 0, 7, 4], [16, 1, 8, 5, 6, 2], [18, 12, 9, 4, 7, 3], [27, 11, 5, 8, 1, 0],
    [15, 13, 3, 4, 9, 7],
]
CARRIED_OVER = [12, 14, 2, 9, 4, 7]
CARRIED_FORWARD = [4, 2, 8, 3, 7, 6]

# Table 四: upheld, corrected, other, pending per row (twelve distinct values); total follows.
APPEALS = {'review': [9, 3, 2, 5], 'litigation_direct': [6, 1, 0, 4],
           'litigation_after_review': [8, 7, 10, 12]}


def value_set():
    """The 200 values in model order, every sum rule kept (asserted)."""
    rows = list(GOLDEN['tables']['requests'])
    results = rows[2:23]
    assert len(results) == 21 and rows[:2] == ['new', 'carried_over'], rows
    assert rows[23:] == ['total', 'carried_forward'], rows
    cols = list(GOLDEN['tables']['requests']['new'])
    assert cols[-1] == 'total' and len(cols) == 7, cols
    total = [sum(col) for col in zip(*RESULTS)]
    new = [t + f - o for t, f, o in zip(total, CARRIED_FORWARD, CARRIED_OVER)]
    assert min(new) > 0 and not set(new) & set(total)
    printed = [CARRIED_OVER] + RESULTS
    for above, row in zip(printed, printed[1:]):
        assert len(set(row + [sum(row)])) == 7 and not set(row) & set(above), row
        assert sum(row) != sum(above), row
    req = dict(zip(results, RESULTS))
    req.update(new=new, carried_over=CARRIED_OVER, total=total, carried_forward=CARRIED_FORWARD)
    values = {}
    for (r, c), v in ACTIVE.items():
        values[('active', r, c)] = v
    for r, vs in req.items():
        for c, v in zip(cols, vs + [sum(vs)]):
            values[('requests', r, c)] = v
    acols = list(GOLDEN['tables']['appeals']['review'])
    for r, vs in APPEALS.items():
        for c, v in zip(acols, vs + [sum(vs)]):
            values[('appeals', r, c)] = v
    assert set(values) == set(CELLS)
    out = [values[c] for c in CELLS]
    check_rules(out)
    return out


def check_rules(values):
    """Asserts the four sum rules on `values` (model order)."""
    v = dict(zip(CELLS, values))
    rows = list(GOLDEN['tables']['requests'])
    cols = list(GOLDEN['tables']['requests']['new'])
    for r in rows:
        assert v[('requests', r, 'total')] == sum(v[('requests', r, c)] for c in cols[:-1]), r
    for c in cols:
        col = lambda r: v[('requests', r, c)]
        assert col('total') == sum(col(r) for r in rows[2:23]), c
        assert col('new') + col('carried_over') == col('total') + col('carried_forward'), c
    for r, cs in GOLDEN['tables']['appeals'].items():
        cs = list(cs)
        assert v[('appeals', r, 'total')] == sum(v[('appeals', r, c)] for c in cs[:-1]), r


def printed(value):
    return FEE_PRINTED if isinstance(value, float) else str(value)


def value_cells(root):
    """The innermost table cells whose text is a number, in document order."""
    out = []
    for tc in root.iter(q('tc')):
        if tc.find('.//' + q('tc')) is not None:
            continue  # a frame around other tables
        text = ''.join(t.text or '' for t in tc.iter(q('t'))).strip()
        if re.fullmatch(r'\d+(\.\d+)?', text):
            out.append((tc, text))
    return out


def mapping(name):
    """(expected tables, {model index: value}) for the source `name`: a variety fixture maps the
    cells holding their own number, a sample all 200."""
    sums = value_set()
    path = os.path.join(VARIETY, name + '.expect.json')
    if not os.path.exists(path):
        return None, dict(enumerate(sums))
    expect = json.load(open(path, encoding='utf-8'))
    tables = expect.get('tables', GOLDEN['tables'])
    mapped = {}
    for i, (t, r, c) in enumerate(CELLS):
        v = tables[t][r][c]
        if isinstance(v, int) and not isinstance(v, bool) and v == i + 1:
            mapped[i] = sums[i]
    return expect, mapped


def renumber(src, out_dir):
    """Writes the copy of `src` and its expectation into `out_dir`."""
    name = os.path.basename(src)
    expect, mapped = mapping(name)
    with zipfile.ZipFile(src) as z:
        root = etree.fromstring(z.read('word/document.xml'))
        cells = value_cells(root)
        if expect is None:
            assert len(cells) == 200, (name, len(cells))
            targets = list(enumerate(c for c, _ in cells))
        else:
            # The numeric cells are the mapped ones and the fee amount, in model order.
            fee = CELLS.index(('active', 'fees', 'amount'))
            want = sorted(list(mapped) + [fee])
            got = [text for _, text in cells]
            assert got == [str(i + 1) if i != fee else FEE_PRINTED for i in want], name
            targets = [(i, tc) for i, (tc, _) in zip(want, cells) if i != fee]
        for i, tc in targets:
            set_text(tc, printed(mapped[i]))
        doc = etree.tostring(root, xml_declaration=True, encoding='UTF-8', standalone=True)
        with zipfile.ZipFile(os.path.join(out_dir, name), 'w', zipfile.ZIP_DEFLATED) as dst:
            for info in z.infolist():
                data = doc if info.filename == 'word/document.xml' else z.read(info.filename)
                dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    result = copy.deepcopy(expect) if expect is not None else {}
    tables = copy.deepcopy(result.get('tables', GOLDEN['tables']))
    for i, v in mapped.items():
        t, r, c = CELLS[i]
        tables[t][r][c] = v
    result['tables'] = tables
    with open(os.path.join(out_dir, name + '.expect.json'), 'w', encoding='utf-8') as f:
        f.write(json.dumps(result, ensure_ascii=False, indent=1) + '\n')


def main():
    out_dir, sources = sys.argv[1], sys.argv[2:]
    os.makedirs(out_dir, exist_ok=True)
    for src in sources:
        renumber(src, out_dir)


if __name__ == '__main__':
    main()

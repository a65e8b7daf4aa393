#!/usr/bin/env python3
"""Fills a rolled-forward workbook the way a clerk would, to test the roll-forward round trip.

Usage: scripts/fill-rolled-forward.py ROLLED.xlsx OUT.xlsx

ROLLED.xlsx comes from `gongkai template --from LAST -o ROLLED.xlsx`. openpyxl finds the cells by
their labels (never by fixed addresses) and types only this year's new figures: 本年制发/本年废止
of 行政规范性文件, the new applications and their results, one 行政复议 case; it replaces last
year's prose of 一、总体情况 with a new paragraph and deletes the mark. The carried cells (上年结转)
and the formula of 现行有效件数 are left as gongkai wrote them. openpyxl saves formulas without
results: gongkai recomputes the totals and the 现行有效件数 formula when it reads the file.
"""
import importlib.util
import sys
from pathlib import Path

import openpyxl


# The label lookups of scripts/make-filled-template.py (its file name is not a module name).
_spec = importlib.util.spec_from_file_location(
    "make_filled_template", Path(__file__).with_name("make-filled-template.py")
)
_filled = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_filled)
find, sheet = _filled.find, _filled.sheet


def main(src, dst):
    wb = openpyxl.load_workbook(src)

    prose = wb.worksheets[1]
    r, c = find(prose, "一、总体情况")
    mark = prose.cell(r + 1, c)
    if mark.value != "（上年内容，请更新）":
        raise SystemExit(f"no mark under 一、总体情况: {mark.value!r}")
    mark.value = "2024年，本单位按照条例要求，新制发行政规范性文件3件，办理政府信息公开申请4件。"

    active = sheet(wb, "二、")
    r, c = find(active, "行政规范性文件")
    active.cell(r, c + 1).value = 3  # 本年制发件数
    active.cell(r, c + 2).value = 1  # 本年废止件数; 现行有效件数 stays gongkai's formula

    requests = sheet(wb, "三、")
    col = {h: find(requests, h)[1] for h in ["自然人", "商业企业"]}
    for label, cells in [
        ("一、本年新收政府信息公开申请数量", {"自然人": 3, "商业企业": 1}),
        ("（一）予以公开", {"自然人": 5, "商业企业": 1}),  # 3 new + 2 carried over
    ]:
        r, _ = find(requests, label)
        for header, v in cells.items():
            requests.cell(r, col[header]).value = v

    appeals = sheet(wb, "四、")
    r, c = find(appeals, "结果维持")
    appeals.cell(r + 1, c).value = 1  # 行政复议 结果维持

    wb.save(dst)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])

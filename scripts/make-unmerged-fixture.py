#!/usr/bin/env python3
"""Workbooks whose merges were undone the way some programs and hand edits do it (openpyxl): every
merged region unmerged, its value left in the first cell only ("blank") or copied into each of
its cells ("repeated").

    python3 scripts/make-unmerged-fixture.py
        # samples/zhangdian-2023.lo.xlsx (the whole report in one sheet), repeated:
        #   tests/fixtures/zhangdian-2023.unmerged-repeated.xlsx
    gongkai convert samples/zhangdian-2023.lo.xlsx --to xlsx -o /tmp/own.xlsx
    python3 scripts/make-unmerged-fixture.py /tmp/own.xlsx
        # gongkai's own workbook (one table per sheet), blank and repeated:
        #   tests/fixtures/zhangdian-2023.own-unmerged-{blank,repeated}.xlsx
"""
import pathlib
import sys

import openpyxl

repo = pathlib.Path(__file__).resolve().parent.parent
fixtures = repo / "tests" / "fixtures"


def unmerge(source, target, repeat):
    wb = openpyxl.load_workbook(source)
    for ws in wb.worksheets:
        for region in list(ws.merged_cells.ranges):
            value = ws.cell(region.min_row, region.min_col).value
            ws.unmerge_cells(str(region))
            if repeat:
                for row in range(region.min_row, region.max_row + 1):
                    for col in range(region.min_col, region.max_col + 1):
                        ws.cell(row, col).value = value
    wb.save(target)


if len(sys.argv) > 1:
    for name, repeat in (("blank", False), ("repeated", True)):
        unmerge(sys.argv[1], fixtures / f"zhangdian-2023.own-unmerged-{name}.xlsx", repeat)
else:
    unmerge(repo / "samples" / "zhangdian-2023.lo.xlsx",
            fixtures / "zhangdian-2023.unmerged-repeated.xlsx", True)

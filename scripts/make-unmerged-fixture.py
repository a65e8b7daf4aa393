#!/usr/bin/env python3
"""The seed workbook with its merges undone the way some programs and hand edits do it: every
merged region unmerged and its value copied into each of its cells (openpyxl).

    python3 scripts/make-unmerged-fixture.py   # writes tests/fixtures/zhangdian-2023.unmerged-repeated.xlsx
"""
import pathlib

import openpyxl

repo = pathlib.Path(__file__).resolve().parent.parent
wb = openpyxl.load_workbook(repo / "samples" / "zhangdian-2023.lo.xlsx")
for ws in wb.worksheets:
    for region in list(ws.merged_cells.ranges):
        value = ws.cell(region.min_row, region.min_col).value
        ws.unmerge_cells(str(region))
        for row in range(region.min_row, region.max_row + 1):
            for col in range(region.min_col, region.max_col + 1):
                ws.cell(row, col).value = value
wb.save(repo / "tests" / "fixtures" / "zhangdian-2023.unmerged-repeated.xlsx")

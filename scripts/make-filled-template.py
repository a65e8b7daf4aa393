#!/usr/bin/env python3
"""Fills gongkai's empty workbook the way another program would, to test reading it back.

Usage: scripts/make-filled-template.py [--leave-blank] TEMPLATE.xlsx OUT.xlsx

TEMPLATE.xlsx comes from `gongkai template -o TEMPLATE.xlsx --organ 某某县某某局 --year 2024`.
openpyxl finds the cells by their labels (never by fixed addresses), types numbers, a paragraph
of prose and the contact facts, and - on purpose - types over one total with a wrong number
(行政复议 总计 = 4 where its parts add up to 3). openpyxl keeps formulas but saves no computed
results, so every other total reaches gongkai as a formula without a value.

With --leave-blank the clerk leaves the row 行政规范性文件 and the whole of table 四 empty (nothing
typed, not even 0), as offices with nothing to report there do.
"""
import sys

import openpyxl


def find(ws, text):
    """(row, col) of the first cell whose text is `text`."""
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and c.value.strip() == text:
                return c.row, c.column
    raise SystemExit(f"label not found: {text} in {ws.title}")


def sheet(wb, prefix):
    for ws in wb.worksheets:
        if ws.title.startswith(prefix):
            return ws
    raise SystemExit(f"sheet not found: {prefix}")


def main(src, dst, leave_blank=False):
    wb = openpyxl.load_workbook(src)

    facts = wb.worksheets[0]
    for label, value in [("电话", "0000-1234567"), ("电子邮箱", "gk@example.org")]:
        r, c = find(facts, label)
        facts.cell(r, c + 1).value = value

    prose = wb.worksheets[1]
    r, c = find(prose, "一、总体情况")
    prose.insert_rows(r + 1)
    prose.cell(r + 1, c).value = "2024年，本局认真贯彻《中华人民共和国政府信息公开条例》，全面推进政务公开工作。"

    # Table 二: label in the first column, values to its right.
    active = sheet(wb, "二、")
    for label, values in [
        ("规章", [1, 0, 5]),
        ("行政规范性文件", [] if leave_blank else [3, 1, 20]),
        ("行政许可", [12]),
        ("行政处罚", [7]),
        ("行政强制", [0]),
        ("行政事业性收费", [0.5]),
    ]:
        r, c = find(active, label)
        for i, v in enumerate(values):
            active.cell(r, c + 1 + i).value = v

    # Table 三: rows by label, columns by header.
    requests = sheet(wb, "三、")
    col = {h: find(requests, h)[1] for h in ["自然人", "商业企业", "法律服务机构"]}
    for label, cells in [
        ("一、本年新收政府信息公开申请数量", {"自然人": 3, "商业企业": 1}),
        ("二、上年结转政府信息公开申请数量", {"自然人": 1}),
        ("（一）予以公开", {"自然人": 2, "商业企业": 1}),
        ("1.本机关不掌握相关政府信息", {"自然人": 1}),
        ("四、结转下年度继续办理", {"自然人": 1}),
    ]:
        r, _ = find(requests, label)
        for header, v in cells.items():
            requests.cell(r, col[header]).value = v

    if leave_blank:
        wb.save(dst)
        return

    # Table 四: one data row under the header row of leaf labels.
    appeals = sheet(wb, "四、")
    r, c = find(appeals, "结果维持")
    data = r + 1
    appeals.cell(data, c).value = 2      # 行政复议 结果维持
    appeals.cell(data, c + 1).value = 1  # 行政复议 结果纠正
    appeals.cell(data, c + 4).value = 4  # 行政复议 总计, typed over the formula: wrong on purpose
    appeals.cell(data, c + 5).value = 1  # 未经复议直接起诉 结果维持

    wb.save(dst)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--leave-blank"]
    if len(args) != 2:
        raise SystemExit(__doc__)
    main(args[0], args[1], leave_blank="--leave-blank" in sys.argv[1:])

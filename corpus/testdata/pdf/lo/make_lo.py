#!/usr/bin/python3
"""Make the LibreOffice PDF fixtures of corpus/pdf_eval_test.go (issue 15).

Run from this directory, on Debian with
    apt-get install libreoffice-calc-nogui fonts-wqy-microhei python3-openpyxl
The results are committed: tests and CI never run LibreOffice.

Each text dump of ../shared/text (synthetic reports whose gold is in
sample/gold/pdf.jsonl) is laid out the way a department lays out a report in
a spreadsheet: prose in cells merged across the sheet, every table cell with
thin borders and wrapped text, columns capped in width so that long names
wrap over two or three lines, the cells a 自评表 leaves empty under its
一级/二级指标 merged with the cell above. Tables printed one cell a line in the
dump (a 基础数据表) become rows of the grid. NAME.xlsx is converted by
LibreOffice headless into NAME.pdf; syn000000 (a 部门决算 whose tables run
over pages) is printed landscape. The 自评表 report is also written as a
Word document (docx/NAME.docx, from HTML by LibreOffice Writer: borders per
cell, merged 指标 as row spans) and converted into docx/NAME.pdf.
"""

import html
import math
import os
import re
import subprocess
import sys

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

DUMPS = {
    "syn000000_210283_2024": "landscape",
    "syn000002_220322_2018": "portrait",
    "syn000005_650202_2019": "portrait",
}
CAP = 10  # column width (characters) above which a cell wraps: long names wrap over two or three lines
FONT = Font(name="WenQuanYi Micro Hei", size=10)
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CELL_LINE = re.compile(r"^\t[^\t]*$")


def width(s):
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in s)


def blocks(text):
    """Split a dump into ('prose', line) and ('table', rows) blocks."""
    lines = text.split("\n")
    out, rows, kind = [], None, None

    def close():
        nonlocal rows, kind
        if rows:
            out.append(("table", [r for r in rows if r is not None]))
        rows, kind = None, None

    open_row = False  # a cell-line row not yet ended by a blank line
    for i, l in enumerate(lines):
        if l.strip() == "" and "\t" not in l:
            open_row = False
            continue
        if CELL_LINE.match(l):
            if kind != "cells":
                close()
                rows, kind = [], "cells"
            if not open_row:
                rows.append([])
                open_row = True
            rows[-1].append(l[1:].strip())
            continue
        if "\t" in l:
            if kind != "tabs":
                close()
                rows, kind = [], "tabs"
            rows.append([c.strip() for c in l.split("\t")])
            continue
        # a line without a tab inside a cell-line row continues its last cell
        # when more cells of the row follow
        nxt = next((m for m in lines[i + 1:] if m.strip() != ""), "")
        if kind == "cells" and open_row and CELL_LINE.match(nxt):
            rows[-1][-1] += l.strip()
            continue
        close()
        out.append(("prose", l.strip()))
    close()
    return out


def merges(rows):
    """Cells of a 自评表 left empty under its 一级/二级指标: (row, col) → top row."""
    head = next((k for k, r in enumerate(rows) if "一级指标" in r), None)
    if head is None:
        return {}
    last = rows[head].index("二级指标") if "二级指标" in rows[head] else rows[head].index("一级指标")
    out = {}
    for c in range(last + 1):
        top = None
        for k in range(head + 1, len(rows)):
            cell = rows[k][c] if c < len(rows[k]) else ""
            if cell == "" and top is not None and any(x != "" for x in rows[k][c + 1:]):
                out[(k, c)] = top
            elif cell != "":
                top = k
            else:
                top = None
    return out


def sheet(name, orientation):
    text = open(f"../shared/text/{name}.txt", encoding="utf-8").read()
    bs = blocks(text)
    ncol = max((max(len(r) for r in rows) for kind, rows in bs if kind == "table"), default=1)
    widths = [4] * ncol
    for kind, rows in bs:
        if kind == "table":
            for r in rows:
                for c, cell in enumerate(r):
                    widths[c] = max(widths[c], min(CAP, width(cell) + 1))  # little padding, as exports have
    wb = Workbook()
    ws = wb.active
    for c, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + c)].width = w
    total = sum(widths)
    r = 1
    for kind, content in bs:
        if kind == "prose":
            cell = ws.cell(r, 1, content)
            cell.font, cell.alignment = FONT, Alignment(wrap_text=True, vertical="top")
            if ncol > 1:
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncol)
            ws.row_dimensions[r].height = 15 * max(1, math.ceil(width(content) / (total * 0.95)))
            r += 1
            continue
        rows = content
        merged = merges(rows)
        for k, row in enumerate(rows):
            lines = 1  # LibreOffice does not fit a row's height to wrapped text: set it
            for c in range(ncol):
                v = row[c] if c < len(row) else ""
                cell = ws.cell(r + k, c + 1, v if v != "" else None)
                cell.font, cell.border = FONT, BOX
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                lines = max(lines, math.ceil(width(v) / max(1, widths[c] - 2)))
            ws.row_dimensions[r + k].height = 14 * lines + 2
        spans = {}
        for (k, c), top in merged.items():
            spans[(top, c)] = max(spans.get((top, c), top), k)
        for (top, c), bottom in spans.items():
            ws.merge_cells(start_row=r + top, start_column=c + 1, end_row=r + bottom, end_column=c + 1)
        r += len(rows) + 1  # a blank row after each table
    ws.page_setup.orientation = orientation
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    wb.save(f"{name}.xlsx")


def document(name):
    """NAME.docx: the dump as a Word document, tables with borders and the
    merged 指标 cells as row spans, made from HTML by LibreOffice Writer."""
    text = open(f"../shared/text/{name}.txt", encoding="utf-8").read()
    out = ["<html><head><meta charset='utf-8'><style>td{border:1px solid black;vertical-align:top;"
           "font-family:'WenQuanYi Micro Hei';font-size:9pt} table{border-collapse:collapse}"
           "p{font-family:'WenQuanYi Micro Hei';font-size:10pt}</style></head><body>"]
    for kind, content in blocks(text):
        if kind == "prose":
            out.append(f"<p>{html.escape(content)}</p>")
            continue
        rows = content
        ncol = max(len(r) for r in rows)
        merged = merges(rows)
        span = {}
        for (k, c), top in merged.items():
            span[(top, c)] = span.get((top, c), 1) + 1
        out.append("<table border='1' cellspacing='0' cellpadding='2'>")
        for k, row in enumerate(rows):
            out.append("<tr>")
            for c in range(ncol):
                if (k, c) in merged:
                    continue
                v = row[c] if c < len(row) else ""
                rs = f" rowspan='{span[(k, c)]}'" if (k, c) in span else ""
                out.append(f"<td{rs}>{html.escape(v)}</td>")
            out.append("</tr>")
        out.append("</table><p></p>")
    out.append("</body></html>")
    with open(f"{name}.html", "w", encoding="utf-8") as f:
        f.write("".join(out))
    subprocess.run(["soffice", "--headless", "--convert-to", "docx:MS Word 2007 XML", f"{name}.html"], check=True)


def main():
    for name, orientation in DUMPS.items():
        sheet(name, orientation)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf"] + [f"{n}.xlsx" for n in DUMPS], check=True)
    # the 自评表 report also as a Word document, converted apart: the PDF of
    # NAME.docx would overwrite the spreadsheet's
    name = "syn000002_220322_2018"
    document(name)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", "docx", f"{name}.docx"], check=True)
    os.remove(f"{name}.html")
    os.replace(f"{name}.docx", f"docx/{name}.docx")


if __name__ == "__main__":
    sys.exit(main())

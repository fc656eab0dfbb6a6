#!/usr/bin/python3
"""Make the PDF fixtures of corpus/pdf_test.go from sample reports.

Run from this directory, on Debian with
    apt-get install python3-reportlab fonts-droid-fallback poppler-utils
The results are committed: CI does not run this script.

For each sample report it writes two shapes of the same PDF:
    NAME.reportlab.pdf  embedded TrueType subsets, as reportlab writes them
    NAME.cairo.pdf      the same rewritten by `pdftocairo -pdf` (Identity-H + ToUnicode)
Prose lines become paragraphs wrapped at the right margin (first line indented);
table rows become rows of cells in columns with real gaps, numbers right-aligned.
Text cells wider than CELL_MAX wrap over several lines inside their column, top-aligned,
as spreadsheet exports print them; a cell the dump breaks over lines keeps its breaks.
A page is widened when a table needs it. Two table forms of the text dumps are read:
one row per line with tab-separated cells, and one cell per line ("\\tcell") with
rows separated by blank lines; in the latter a line without a tab continues the
cell above it when more cells follow (the dumps break merged cells so: "\\t绩", "效").

It also writes
    scanned.pdf    a page that is only an image of text: no text layer
    truncated.pdf  the first 40% of 000.reportlab.pdf
    small.pdf      a one-page table in Helvetica, uncompressed, small enough to fuzz
"""

import io
import re
import subprocess

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

# Chinese in Droid Sans Fallback (compact outlines: the fixtures stay small),
# Latin letters, digits and punctuation, which it lacks, in DejaVu Sans: lines
# mix two fonts as real reports (SimSun with Times New Roman) do.
FONT_FILE = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
FONT = "DroidSansFallback"
LATIN_FILE = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LATIN = "DejaVuSans"
SEEDS = "../../sample/seeds/"
REPORTS = {
    "000": SEEDS + "000_a7e910d23776a192.txt",  # tables (one cell per line) and prose
    "002": SEEDS + "002_26fcd475d5dd8a84.txt",  # 自评表: cells broken over lines in the dump
    "003": SEEDS + "003_0fd55ab06607cada.txt",  # 部门决算 表1–表9 (one row per line)
    "004": SEEDS + "004_fee7a20f3e72fca5.txt",  # prose only
}

A4_W, A4_H = 595.0, 842.0
MARGIN = 72.0
PROSE_SIZE, PROSE_LEAD = 10.5, 16.0
TABLE_SIZE, ROW_H = 8.0, 15.0
CELL_LEAD = 10.0  # between the lines of a cell wrapped over several lines
CELL_MAX = 110.0  # text wider than this wraps inside its cell
COL_GAP = 14.0
NUMBER = re.compile(r"^[-+]?[\d,.%\s]+$")

pdfmetrics.registerFont(TTFont(FONT, FONT_FILE))
pdfmetrics.registerFont(TTFont(LATIN, LATIN_FILE))
CJK_GLYPHS = pdfmetrics.getFont(FONT).face.charToGlyph


def runs(s):
    """Split s into (font, text) runs: Latin where the Chinese font has no glyph."""
    out = []
    for ch in s:
        f = FONT if ord(ch) in CJK_GLYPHS else LATIN
        if out and out[-1][0] == f:
            out[-1][1] += ch
        else:
            out.append([f, ch])
    return out


def width(s, size):
    return sum(pdfmetrics.stringWidth(t, f, size) for f, t in runs(s))


def parse(text):
    """Split a text dump into ("p", line) and ("t", rows) items."""
    items, rows, row = [], [], None
    cell_line = re.compile(r"^\t[^\t]*$")

    def end_table():
        nonlocal rows, row
        if row:
            rows.append(row)
        if rows:
            items.append(("t", rows))
        rows, row = [], None

    lines = text.split("\n")
    FRAGMENT = 12  # the longest piece of a broken cell; longer lines are prose

    def fragment(line):
        return line.strip() and "\t" not in line and len(line.strip()) <= FRAGMENT

    def more_cells(i):
        """Whether a cell line follows lines[i], past blank lines and other fragments."""
        for line in lines[i + 1:]:
            if cell_line.match(line):
                return True
            if line.strip() and not fragment(line):
                return False
        return False

    cont = False  # the last non-blank line was a cell or its continuation
    for i, line in enumerate(lines):
        if cell_line.match(line):  # one cell per line
            row = (row or []) + [line[1:].strip()]
            cont = True
        elif row and line.strip() and "\t" not in line or cont and fragment(line) and rows and more_cells(i):
            # the cell goes on (a merged cell's text the dump broke over lines)
            if not row:  # the row goes on past the blank line
                row = rows.pop()
            row[-1] += "\n" + line.strip()
        elif "\t" in line:  # one row per line
            if row:
                rows.append(row)
                row = None
            rows.append([c.strip() for c in line.split("\t")])
            cont = False
        elif line.strip() == "" and (rows or row):
            if row:
                rows.append(row)
                row = None
        else:
            end_table()
            items.append(("p", line.strip()))
            cont = False
    end_table()
    return items


def wrap(s, w, size, indent):
    out, cur, avail = [], "", w - indent
    for ch in s:
        if cur and width(cur + ch, size) > avail:
            out.append(cur)
            cur, avail = "", w
        cur += ch
    out.append(cur)
    return out


def cell_lines(c, w):
    """The lines a cell is printed on in a column w wide."""
    out = []
    for part in c.split("\n"):
        if part and not NUMBER.match(part):
            out += wrap(part, w, TABLE_SIZE, 0)
        elif part:
            out.append(part)
    return out


def layout(items):
    """Return pages as (page width, [(x, y, size, text)])."""
    pages, ops, y, pw = [], [], A4_H - MARGIN, A4_W

    def need(h):
        nonlocal ops, y, pw
        if y - h < MARGIN:
            pages.append((pw, ops))
            ops, y, pw = [], A4_H - MARGIN, A4_W

    for kind, v in items:
        if kind == "p":
            if v == "":
                y -= PROSE_LEAD / 2
                continue
            for i, s in enumerate(wrap(v, A4_W - 2 * MARGIN, PROSE_SIZE, 2 * PROSE_SIZE)):
                need(PROSE_LEAD)
                x = MARGIN + (2 * PROSE_SIZE if i == 0 else 0)
                ops.append((x, y - PROSE_SIZE, PROSE_SIZE, s))
                y -= PROSE_LEAD
            continue
        ncol = max(len(r) for r in v)
        cw = [0.0] * ncol
        for r in v:
            for i, c in enumerate(r):
                for part in c.split("\n"):
                    w = width(part, TABLE_SIZE)
                    cw[i] = max(cw[i], w if NUMBER.match(part) else min(w, CELL_MAX))
        y -= ROW_H / 2
        for r in v:
            cells = [cell_lines(c, cw[i]) for i, c in enumerate(r)]
            h = ROW_H + CELL_LEAD * (max(len(c) for c in cells) - 1)
            need(h)
            x = MARGIN
            for i, parts in enumerate(cells):
                for k, c in enumerate(parts):
                    cx = x + cw[i] - width(c, TABLE_SIZE) if NUMBER.match(c) else x
                    ops.append((cx, y - TABLE_SIZE - 3 - k * CELL_LEAD, TABLE_SIZE, c))
                x += cw[i] + COL_GAP
            pw = max(pw, x - COL_GAP + MARGIN)
            y -= h
        y -= ROW_H / 2
    pages.append((pw, ops))
    return pages


def write_pdf(path, pages):
    c = canvas.Canvas(path, pagesize=(A4_W, A4_H), pageCompression=1)
    c.setTitle("fiscaldoc test fixture")
    for pw, ops in pages:
        c.setPageSize((pw, A4_H))
        for x, y, size, s in ops:
            t = c.beginText(x, y)
            for f, part in runs(s):
                t.setFont(f, size)
                t.textOut(part)
            c.drawText(t)
        c.showPage()
    c.save()


def scanned(path):
    """A page holding only a picture of text, as a scanner makes it."""
    img = Image.new("L", (600, 200), 255)
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT_FILE, 28)
    d.text((20, 40), "2023年度部门整体支出绩效自评报告", font=font, fill=0)
    d.text((20, 110), "整体支出869.93万元", font=font, fill=0)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    buf.seek(0)
    c = canvas.Canvas(path, pagesize=(A4_W, A4_H), pageCompression=1)
    c.drawImage(ImageReader(buf), MARGIN, A4_H - MARGIN - 150, width=450, height=150)
    c.showPage()
    c.save()


def small(path):
    """A one-page table in a standard font, uncompressed: a fuzzing seed."""
    c = canvas.Canvas(path, pagesize=(A4_W, A4_H), pageCompression=0)
    rows = [("code", "budget", "actual", "rate"), ("2101501", "585.69", "870.00", "148.5%"), ("2101502", "", "6.40", "")]
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            c.setFont("Helvetica", 9)
            c.drawRightString(MARGIN + 80 * (j + 1), A4_H - MARGIN - 15 * i, v)
    c.drawString(MARGIN, A4_H - MARGIN - 60, "Total expenditure 876.40 in 2023, against a budget of 585.69.")
    c.showPage()
    c.save()


def main():
    for name, src in REPORTS.items():
        with open(src, encoding="utf-8") as f:
            # reportlab writes characters beyond the BMP into ToUnicode as odd-length
            # hex, which the Go PDF library rejects: drop them (OCR debris such as 🗆)
            pages = layout(parse(re.sub("[\U00010000-\U0010FFFF]", "", f.read())))
        rl = name + ".reportlab.pdf"
        write_pdf(rl, pages)
        subprocess.run(["pdftocairo", "-pdf", rl, name + ".cairo.pdf"], check=True)
    scanned("scanned.pdf")
    small("small.pdf")
    with open("000.reportlab.pdf", "rb") as f:
        data = f.read()
    with open("truncated.pdf", "wb") as f:
        f.write(data[: len(data) * 2 // 5])


if __name__ == "__main__":
    main()

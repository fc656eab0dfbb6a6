// Package layout finds the tables in a document's lines, whatever text shape
// they were published in, and reads each into the one table model
// (fiscaldoc.Table). The extractors read tables through it and never split
// lines themselves; text outside every table is prose.
//
// A shape is recognised by how the lines separate cells and rows, never by
// which report it resembles, and one document may mix shapes:
//
//	一级指标\t二级指标\t三级指标\t分值        tab rows            → ShapeTab
//	\t三级指标 / \t年度指标值 / (blank) / …    one cell a line     → ShapeCellLine
//	三级指标 | / 指标值 | / 档案数字化率 | …   one cell a line,    → ShapeCellRun (Stream,
//	                                           no row breaks          or cut at its codes)
//	| 三级指标 | 性质 | 指标值 |               pipe rows           → ShapePipe
//	三级指标 数量指标 指标1:受益户数 … 得分 …  a table on a line   → ShapeFlat (Stream,
//	                                                                  or cut at its codes)
//	项目名称  医疗救助  主管部门  …            cells at 2+ spaces  → ShapeSpaces
//
// A table printed one cell a line or flattened has lost its row breaks.
// When its rows are keyed by classification codes and its header names the
// code column (科目编码, 科目名称: the 决算 and 预算 tables of codes, keyed.go),
// layout cuts it into its rows: the header, the 栏次 run, a row a code or
// total, each row holding only the cells it prints (code, name, values),
// not aligned to the header's columns (Table.Aligned). Any other is a
// Stream table: its cells come in reading order in one row, and the
// template it follows (package extract: a 自评表, a 总表, a 三公 table)
// cuts them.
//
// Lines marked as furniture (a preamble, page numbers, repeated page
// headers) are skipped: a page number inside a table does not end it.
package layout

import (
	"strings"
	"unicode/utf8"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize"
)

// Read reads the tables of doc's text into doc.Tables, in line order. Lines
// already covered by a table (a PDF's tables, read from its geometry) are
// left to it.
func Read(doc *fiscaldoc.Document) {
	covered := make([]bool, len(doc.Lines)+1)
	given := doc.Tables[:0]
	for _, t := range doc.Tables {
		// A stack of single cells is one row of a table printed one cell
		// a line, each cell boxed: its lines say where its rows end.
		if textColumns(t) < 2 {
			continue
		}
		given = append(given, t)
		for n := max(t.First, 1); n <= t.Last && n < len(covered); n++ {
			covered[n] = true
		}
	}
	doc.Tables = given
	var lines []fiscaldoc.Line
	var found []fiscaldoc.Table
	flush := func() {
		found = append(found, Tables(lines)...)
		lines = nil
	}
	for _, ln := range doc.Lines {
		if ln.N < len(covered) && covered[ln.N] {
			flush()
			continue
		}
		lines = append(lines, ln)
	}
	flush()
	if len(found) == 0 {
		return
	}
	doc.Tables = append(doc.Tables, found...)
	sortTables(doc.Tables)
}

// textColumns counts the columns of t that hold text in some row.
func textColumns(t fiscaldoc.Table) int {
	cols := map[int]bool{}
	for _, r := range t.Rows {
		for _, c := range r {
			if strings.TrimSpace(c.Text) != "" {
				cols[c.Col] = true
			}
		}
	}
	return len(cols)
}

func sortTables(ts []fiscaldoc.Table) {
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && ts[j].First < ts[j-1].First; j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
}

// A lineKind is how one line separates its cells.
type lineKind int

const (
	kindBlank    lineKind = iota
	kindProse             // no cell separator: prose, a title, or a cell of a Stream
	kindTab               // cells split at tabs
	kindCellLine          // one cell, after one leading tab
	kindPipe              // | a | b | or a | b | c
	kindPipeCell          // one cell ending in " |"
)

// kindOf classifies a line by its raw text (Text trims the tabs an empty
// cell leaves).
func kindOf(ln fiscaldoc.Line) lineKind {
	raw := strings.TrimRight(ln.Raw, "\r")
	t := strings.TrimSpace(ln.Text)
	switch {
	case strings.HasPrefix(raw, "\t") && strings.Count(raw, "\t") == 1:
		return kindCellLine // an empty cell is a line of one tab
	case t == "":
		return kindBlank
	case strings.Count(raw, "\t") >= 2 || strings.Contains(strings.Trim(raw, "\t "), "\t"):
		return kindTab
	}
	if n := strings.Count(t, "|"); n > 0 {
		switch {
		case strings.HasPrefix(t, "|") && n >= 2 || strings.Count(t, " | ") >= 2:
			return kindPipe
		case strings.HasSuffix(t, "|") && n == 1:
			return kindPipeCell // "|" alone is an empty cell
		}
	}
	return kindProse
}

// Tables reads the tables of a run of lines.
func Tables(lines []fiscaldoc.Line) []fiscaldoc.Table {
	kinds := make([]lineKind, len(lines))
	for i, ln := range lines {
		if ln.Furniture {
			kinds[i] = kindBlank
			continue
		}
		kinds[i] = kindOf(ln)
	}
	r := reader{lines: lines, kinds: kinds}
	for r.i < len(lines) {
		start := r.i
		var t *fiscaldoc.Table
		switch kinds[r.i] {
		case kindTab:
			t = r.rows(fiscaldoc.ShapeTab, kindTab, tabCells)
		case kindPipe:
			t = r.rows(fiscaldoc.ShapePipe, kindPipe, pipeCells)
			start = r.pipeHead(t, start)
		case kindCellLine:
			t = r.cellLines()
		case kindPipeCell, kindProse:
			if t = r.stream(); t != nil {
				CutKeyed(t, false)
			}
		}
		if t == nil {
			r.i = start + 1
			continue
		}
		r.caption(t, start)
		r.out = append(r.out, *t)
	}
	return r.out
}

type reader struct {
	lines []fiscaldoc.Line
	kinds []lineKind
	i     int
	out   []fiscaldoc.Table
	// noRun is the end of the last run of short lines that held no
	// header: a run starting inside it holds none either, so it is not
	// read again line by line (which made a text of short lines
	// quadratic).
	noRun int
}

// next returns the index of the next line that is not blank or furniture
// at or after i.
func (r *reader) next(i int) int {
	for i < len(r.lines) && r.kinds[i] == kindBlank {
		i++
	}
	return i
}

// rows reads a run of lines of one kind, one row a line. A short line of
// prose between two rows is the wrapped end of the cell above it (OCR puts
// it on a line of its own), and a blank line inside the run is skipped.
func (r *reader) rows(shape string, kind lineKind, split func(fiscaldoc.Line) ([]string, []string)) *fiscaldoc.Table {
	t := &fiscaldoc.Table{Shape: shape}
	for r.i < len(r.lines) {
		ln := r.lines[r.i]
		switch k := r.kinds[r.i]; {
		case k == kind:
			text, raw := split(ln)
			if shape == fiscaldoc.ShapePipe && isRule(text) {
				break
			}
			t.Rows = append(t.Rows, row(len(t.Rows), text, raw, ln.N, ln.N))
		case k == kindBlank:
			if j := r.next(r.i); j >= len(r.lines) || r.kinds[j] != kind {
				return r.done(t)
			}
		case k == kindProse && len(t.Rows) > 0 && continuesCell(ln.Text) && r.next(r.i+1) < len(r.lines) && r.kinds[r.next(r.i+1)] == kind:
			t.Rows = append(t.Rows, row(len(t.Rows), []string{clean(ln.Text)}, []string{clean(ln.Raw)}, ln.N, ln.N))
		default:
			return r.done(t)
		}
		r.i++
	}
	return r.done(t)
}

// pipeHead adds to a pipe table that starts at line start the lines right
// above it that print two cells without the outer pipes (预算数 | 决算数):
// a header row, which alone reads as prose. It returns the table's new
// first line.
func (r *reader) pipeHead(t *fiscaldoc.Table, start int) int {
	floor := 0
	if len(r.out) > 0 {
		floor = r.out[len(r.out)-1].Last
	}
	j := start
	for j > 0 && r.kinds[j-1] == kindProse && r.lines[j-1].N > floor && strings.Count(r.lines[j-1].Text, " | ") == 1 {
		j--
	}
	if t == nil || j == start {
		return start
	}
	var rows [][]fiscaldoc.Cell
	for _, ln := range r.lines[j:start] {
		text, raw := pipeCells(ln)
		rows = append(rows, row(0, text, raw, ln.N, ln.N))
	}
	setRows(t, append(rows, t.Rows...))
	t.First = r.lines[j].N
	return j
}

func (r *reader) done(t *fiscaldoc.Table) *fiscaldoc.Table {
	if len(t.Rows) == 0 {
		return nil
	}
	// A PDF's reader has joined the lines of a wrapped cell by their
	// geometry already; a text's wrapped cells are joined here.
	if t.Shape == fiscaldoc.ShapeTab && r.lines[r.i-1].Page == 0 {
		joinBrokenRows(t)
		joinWrappedRows(t)
	}
	t.First, t.Last = t.Rows[0][0].First, 0
	for _, row := range t.Rows {
		for _, c := range row {
			t.Last = max(t.Last, c.Last)
		}
	}
	return t
}

// joinBrokenRows joins the two lines of a row that a cell wrapped inside:
// the first line stops at the wrapped cell, the second starts with the rest
// of it ("\t质量指标\t检查覆盖" / "率\t20\t100%"). The evidence is the
// table's own width: together the two lines are as wide as it, less the
// cell they share, or narrower when the second does not start with a
// label of its own; it never starts with a value, nor with the label of a
// form's row (项目名称 … 韩斯瀚 / 主管部门 … are two rows as wide as it).
// A form's row is not continued by a run of column names either (主管部门 …
// 实施单位 … / 年度资金情况 | 年初预算数 | 全年预算数 …: the 资金 block's
// header). A row as wide as the table is continued by one cell alone, its
// last cell's rest, when its first cell is a whole label that cannot be
// the one wrapped (一级指标 … 偏差原因分析 / 及改进措施), unless the next row
// starts with the rest of that cell: then it is the head of the next row's
// first cell (项目 … 预算数 / 一、一般公 / 共预算拨款收入), as a lone line
// that starts with an item's number always is, whatever the row above
// (经费控制情况(万元) … / 一、部门基 / 本支出 …).
func joinBrokenRows(t *fiscaldoc.Table) {
	widths := blockWidths(t)
	var out [][]fiscaldoc.Cell
	for i := 0; i < len(t.Rows); i++ {
		a, width := t.Rows[i], widths[i]
		if i+1 < len(t.Rows) && len(a) >= 2 && len(a)+len(t.Rows[i+1])-1 <= width &&
			(len(a) < width || len(t.Rows[i+1]) == 1 && isLabel(a[0].Text) && !headsNext(t.Rows, i+2)) {
			b := t.Rows[i+1]
			last := a[len(a)-1]
			exact := len(a)+len(b)-1 == width // the table's width is the evidence itself
			// A form's row label (主管部门) starts a row of its own, unless
			// it is the end of a label wrapped above it (年度总体 / 目标).
			formRow := isRowLabel(b[0].Text) && !isLabel(JoinWrapped(last.Text, b[0].Text)) ||
				isRowLabel(a[0].Text) && headerRun(t.Texts(i+1)) >= 3
			if last.Text != "" && b[0].Text != "" && !isValue(last.Text) && !isValue(b[0].Text) && (exact || !isLabel(b[0].Text)) && !formRow {
				joined := append(append([]fiscaldoc.Cell{}, a...), b[1:]...)
				wrap(&joined[len(a)-1], b[0].Text, b[0].Raw, b[0].Last)
				for j := range joined {
					joined[j].Col, joined[j].Last = j, b[0].Last
				}
				out = append(out, joined)
				i++
				continue
			}
		}
		if i+2 < len(t.Rows) && len(t.Rows[i+1]) == 1 && (isLabel(a[0].Text) || startsItem(t.Rows, i+1)) && headsNext(t.Rows, i+2) &&
			!isValue(t.Rows[i+1][0].Text) && !isLabel(t.Rows[i+1][0].Text) {
			// The lone line is the head of the next row's first cell.
			head, c := t.Rows[i+1][0], &t.Rows[i+2][0]
			c.Text, c.Raw, c.First = JoinWrapped(head.Text, c.Text), head.Raw+"\n"+c.Raw, head.First
			out = append(out, a)
			i++
			continue
		}
		out = append(out, a)
	}
	setRows(t, out)
}

// startsItem reports whether row i starts with the number of an item (一、,
// (二)) and the row after it does not: the head of that row's label.
func startsItem(rows [][]fiscaldoc.Cell, i int) bool {
	return isHeading(rows[i][0].Text) && i+1 < len(rows) && !isHeading(rows[i+1][0].Text)
}

// headsNext reports whether row i starts with a cell that a lone line
// above it may be the head of: not empty, not a whole label (一、一般公 /
// 共预算拨款收入).
func headsNext(rows [][]fiscaldoc.Cell, i int) bool {
	return i < len(rows) && rows[i][0].Text != "" && !isLabel(rows[i][0].Text)
}

// setRows makes rows the table's, each cell numbered with its row.
func setRows(t *fiscaldoc.Table, rows [][]fiscaldoc.Cell) {
	for i := range rows {
		for j := range rows[i] {
			rows[i][j].Row = i
		}
	}
	t.Rows = rows
}

// wrap joins to a cell the text a narrow column wrapped onto a line below.
func wrap(c *fiscaldoc.Cell, text, raw string, last int) {
	c.Text = JoinWrapped(c.Text, text)
	c.Raw += "\n" + raw
	c.Last = last
}

// joinWrappedRows joins a row that holds only the wrapped ends of the
// cells above it ("\t修养护\t\t" under "项目名称\t水利工程维\t…"): a row
// of short words, none a number, each under a cell of words of the row
// above. A cell that reads as a whole label of the template (…指标, (30分))
// is a row of its own, not the end of the cell above.
func joinWrappedRows(t *fiscaldoc.Table) {
	var out [][]fiscaldoc.Cell
	for _, r := range t.Rows {
		if n := len(out); n > 0 && wrapsInto(out[n-1], r) {
			above := out[n-1]
			for j, c := range r {
				if c.Text == "" {
					continue
				}
				wrap(&above[j], c.Text, c.Raw, c.Last)
			}
			for j := range above {
				above[j].Last = r[0].Last
			}
			continue
		}
		out = append(out, r)
	}
	setRows(t, out)
}

// wrapsInto reports whether row r is the wrapped end of the row above: one
// short cell of words, under a cell of words. A row's label that starts
// with the number of an item (一、部门基) starts a row of its own.
func wrapsInto(above, r []fiscaldoc.Cell) bool {
	n := 0
	for j, c := range r {
		if c.Text == "" {
			continue
		}
		n++
		if n > 1 || j >= len(above) || above[j].Text == "" || !continuesCell(c.Text) || isValue(c.Text) || isValue(above[j].Text) ||
			isLabel(c.Text) || isRowLabel(above[j].Text) || j == 0 && isHeading(c.Text) {
			return false
		}
	}
	return n == 1
}

// isValue reports whether a cell is a number or a measure (≥90%, 12).
func isValue(s string) bool {
	_, err := normalize.ParseMeasure(s)
	return err == nil
}

// rowLabels start the rows of the templates' forms and funding blocks.
var rowLabels = []string{
	"项目名称", "主管部门", "实施单位", "项目负责人", "项目属性", "联系电话", "资金", "年度", "其中", "上年结转", "其他资金",
	"财政拨款", "总分", "合计", "目标",
}

// isLabel reports whether a cell is a whole label of a template's rows: a
// level of indicators (产出指标, 效益指标(30分)), a column's name, or the
// label of a form's row (主管部门, 其他资金).
func isLabel(s string) bool {
	s = normalize.Squash(s)
	return strings.HasSuffix(s, "指标") || strings.HasSuffix(s, "分)") || IsHeaderWord(s) || isRowLabel(s)
}

// isRowLabel reports whether a cell is the whole label of a form's row
// (总分, 其他资金), which nothing wraps into.
func isRowLabel(s string) bool {
	s = normalize.Squash(s)
	for _, l := range rowLabels {
		if strings.HasPrefix(s, l) && utf8.RuneCountInString(s) <= utf8.RuneCountInString(l)+4 {
			return true
		}
	}
	return false
}

// blockWidths is the width of each row's block: the table's most common
// number of cells, or the block's where it is wider, a block being the
// rows from a row of column names to the next. A project's form is one
// table of blocks of different widths (年度资金情况 … 得分: 8 cells; 一级指标
// … 偏差原因分析: 10), and a row broken in its widest block is as wide as
// that block, not as the form's most common row; the form's own rows (项目
// 名称 … 周丽) are narrower than the table, not than the block they make.
func blockWidths(t *fiscaldoc.Table) []int {
	widths := make([]int, len(t.Rows))
	table, start := modalWidth(t.Rows), 0
	for i := 1; i <= len(t.Rows); i++ {
		if i < len(t.Rows) && headerRun(t.Texts(i)) < minHeaderRun {
			continue
		}
		w := max(table, modalWidth(t.Rows[start:i]))
		for k := start; k < i; k++ {
			widths[k] = w
		}
		start = i
	}
	return widths
}

// modalWidth is the most common number of cells of the rows.
func modalWidth(rows [][]fiscaldoc.Cell) int {
	count := map[int]int{}
	best := 0
	for _, r := range rows {
		count[len(r)]++
		if count[len(r)] > count[best] || count[len(r)] == count[best] && len(r) > best {
			best = len(r)
		}
	}
	return best
}

// row makes row i of cells.
func row(i int, text, raw []string, first, last int) []fiscaldoc.Cell {
	cells := make([]fiscaldoc.Cell, len(text))
	for j := range text {
		c := fiscaldoc.Cell{Text: text[j], Row: i, Col: j, RowSpan: 1, ColSpan: 1, First: first, Last: last}
		if j < len(raw) {
			c.Raw = raw[j]
		}
		cells[j] = c
	}
	return cells
}

// cellLines reads a table printed one cell a line, each after one tab, a
// blank line between rows. A line without the tab continues the cell
// above it, even across a blank line ("产出指标" / "(50分)"), except a
// number's: a blank line after a number (a 总分 row's score) ends its cell,
// and prose after it (the signature) is no longer the table's.
func (r *reader) cellLines() *fiscaldoc.Table {
	t := &fiscaldoc.Table{Shape: fiscaldoc.ShapeCellLine}
	var cur []fiscaldoc.Cell
	gap := false
	flush := func() {
		if len(cur) > 0 {
			for j := range cur {
				cur[j].Row = len(t.Rows)
			}
			t.Rows = append(t.Rows, cur)
			cur = nil
		}
	}
	for ; r.i < len(r.lines); r.i++ {
		ln := r.lines[r.i]
		switch k := r.kinds[r.i]; {
		case k == kindCellLine:
			if gap {
				flush()
			}
			cur = append(cur, fiscaldoc.Cell{Text: clean(ln.Text), Raw: clean(ln.Raw), Col: len(cur), RowSpan: 1, ColSpan: 1, First: ln.N, Last: ln.N})
			gap = false
		case k == kindBlank:
			gap = gap || !ln.Furniture
		case len(cur) > 0 && k == kindProse && continuesCell(ln.Text) && !(gap && isValue(cur[len(cur)-1].Text)):
			wrap(&cur[len(cur)-1], clean(ln.Text), clean(ln.Raw), ln.N)
			gap = false
		default:
			flush()
			return r.done(t)
		}
	}
	flush()
	return r.done(t)
}

// maxWrapRunes is the longest line that continues the cell above it in a
// cell-per-line export ("(50分)", "及改进措施", "标").
const maxWrapRunes = 16

// continuesCell reports whether a line of prose can be the wrapped end of
// the cell above it: short, not indented as a paragraph (one space is the
// space the wrap broke the cell at: 常年性□ / " 延续性☑ 一次性□"), and not a
// heading of what follows ("附件三", a table title, with its number or
// not: "收入总表(表2)", a unit line). A wrapped cell may read as a heading
// (一、一般公 / 共预算拨款收入).
func continuesCell(t string) bool {
	s := strings.TrimSpace(t)
	return !strings.HasPrefix(t, "  ") && utf8.RuneCountInString(s) <= maxWrapRunes && !strings.HasSuffix(s, "。") &&
		!strings.HasPrefix(s, "附件") && !isTitle(normalize.Squash(s))
}

// clean trims a cell, folding the ideographic space Word pads cells with.
func clean(s string) string { return strings.TrimSpace(normalize.Fold(s)) }

// JoinWrapped joins a cell with the text OCR or a narrow column wrapped onto
// the next line. A character printed on both sides of the break ("住院救助"
// + "助人次数") is OCR reading the boundary twice and is kept once.
func JoinWrapped(a, b string) string {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if a == "" || b == "" {
		return a + b
	}
	la, _ := utf8.DecodeLastRuneInString(a)
	fb, n := utf8.DecodeRuneInString(b)
	if la == fb && normalize.IsCJK(la) && utf8.RuneCountInString(a) > 1 && utf8.RuneCountInString(b) > 1 {
		b = b[n:]
	}
	sep := ""
	if isASCIIWord(la) && isASCIIWord(fb) {
		sep = " "
	}
	return a + sep + b
}

func isASCIIWord(r rune) bool {
	return r < utf8.RuneSelf && (r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
}

// tabCells splits a line at its tabs, from its normalised and its raw text.
// Text is trimmed, so the tabs of empty cells at the ends of the raw line
// are put back around Text's cells: Text, not a new normalisation of the
// raw cells, holds the document's repairs.
func tabCells(ln fiscaldoc.Line) (text, raw []string) {
	r := strings.TrimRight(ln.Raw, "\r")
	raw = strings.Split(r, "\t")
	for i := range raw {
		raw[i] = clean(raw[i])
	}
	lead := len(r) - len(strings.TrimLeft(r, "\t")) - (len(ln.Text) - len(strings.TrimLeft(ln.Text, "\t")))
	text = make([]string, max(lead, 0), len(raw))
	for _, c := range strings.Split(ln.Text, "\t") {
		text = append(text, clean(c))
	}
	for len(text) < len(raw) {
		text = append(text, "")
	}
	return text, raw[:len(text)]
}

// pipeCells splits a pipe row; the outer pipes of "| a | b |" open and
// close the row, they do not make empty cells.
func pipeCells(ln fiscaldoc.Line) (text, raw []string) {
	s := strings.TrimSpace(normalize.Fold(strings.TrimRight(ln.Raw, "\r")))
	s = strings.TrimPrefix(strings.TrimSuffix(s, "|"), "|")
	raw = strings.Split(s, "|")
	for i, c := range raw {
		raw[i] = strings.TrimSpace(c)
	}
	return Pieces(ln, raw), raw
}

// isRule reports whether a pipe row is a markdown rule (| --- | :-: |).
func isRule(cells []string) bool {
	for _, c := range cells {
		if strings.Trim(c, "-: ") != "" {
			return false
		}
	}
	return true
}

package layout

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize"
)

// Tables that lost their row breaks. Their cells are told from prose by the
// evidence of the header: a table's header names its columns with the
// template's words (三级指标, 指标值, 分值, 预算数, …), and a run of short
// lines, or a long line of short words, that holds three of them in a row
// is a table, not a paragraph.

// headerWords name the columns of the national templates' tables.
var headerWords = []string{
	"一级指标", "二级指标", "三级指标", "指标值", "目标值", "完成值", "实际值", "分值", "权重", "得分",
	"偏差原因", "预算数", "执行数", "执行率", "指标性质", "计量单位", "得分系数", "核心指标",
	"决算数", "科目编码", "科目名称", "本年收入", "本年支出", "基本支出", "项目支出",
	"行次", "栏次", "结转和结余", "因公出国", "公务用车", "公务接待", "上年结转", "编制数", "在职人数",
	// whole names, whose pieces a wrap leaves on a line (用车运行维护费)
	"公务用车购置及运行维护费", "公务用车运行维护费", "公务接待费",
}

// headerCells are column names too short to look for inside a cell.
var headerCells = []string{"项目", "合计", "金额", "性质", "单位"}

// IsHeaderWord reports whether a cell names a column of a template table.
func IsHeaderWord(cell string) bool {
	c := normalize.Squash(cell)
	if utf8.RuneCountInString(c) > 16 {
		return false
	}
	for _, w := range headerCells {
		if c == w {
			return true
		}
	}
	for _, w := range headerWords {
		if strings.Contains(c, w) {
			return true
		}
	}
	return false
}

// headerRun is how many header words in a row the longest such run of
// cells holds; empty cells (of a merged header) neither count nor break it.
// The column numbers after 栏次 (1, 2, 3 …) count as header words: a 决算
// table's 栏次 row is its header's surest part, whatever OCR made of the
// words above it.
func headerRun(cells []string) int {
	best, n, next := 0, 0, 0
	for _, c := range cells {
		if c == "" {
			continue
		}
		if IsHeaderWord(c) || next > 0 && c == strconv.Itoa(next) {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
		switch {
		case strings.Contains(c, "栏次"):
			next = 1
		case next > 0 && c == strconv.Itoa(next):
			next++
		default:
			next = 0
		}
	}
	return best
}

// count is how many of words is says yes to: header words (IsHeaderWord),
// since a flattened table interleaves its header words with values;
// numbers and measures (isValueWord); empty amounts' dashes (IsEmptyMark).
func count(words []string, is func(string) bool) int {
	n := 0
	for _, w := range words {
		if is(w) {
			n++
		}
	}
	return n
}

const (
	// minHeaderRun is how many header words (in a row, for cells a line)
	// make a table.
	minHeaderRun = 3
	// maxStreamCellRunes is the longest line read as one cell of a table
	// printed one cell a line; a longer one is prose.
	maxStreamCellRunes = 40
	// minFlatFields is the fewest words a line needs to be a table
	// flattened onto it.
	minFlatFields = 8
	// minFlatValues is the fewest numbers a flattened line holds: a line
	// of header words alone is a table's header row, not a whole table.
	minFlatValues = 2
	// maxFlatLead is how many lines after a flattened table's first
	// line, cut short by the wrap, are read with it to judge it.
	maxFlatLead = 2
	// minLineWords is the fewest words of a flattened table's line that
	// the wrap did not cut short: a shorter one goes on the table only
	// by what it holds.
	minLineWords = 3
	// minListLabels is how many numbered labels (一、… 二、…) make the
	// rows of a numbered list.
	minListLabels = 2
)

// stream reads, from line r.i, a table whose row breaks are lost: one cell
// a line (ShapeCellRun), or a table flattened onto one line or a few
// (ShapeFlat). It returns nil, leaving r.i, when the lines are prose.
func (r *reader) stream() *fiscaldoc.Table {
	if t := r.flat(); t != nil {
		return t
	}
	return r.cellRun()
}

// cellRun reads a run of short lines, one cell each (a trailing " |"
// dropped), holding a header of three or more template words in a row.
// A blank line inside it is skipped.
func (r *reader) cellRun() *fiscaldoc.Table {
	if r.i < r.noRun {
		return nil
	}
	var cells []fiscaldoc.Cell
	var texts []string
	j := r.i
	for ; j < len(r.lines); j++ {
		k := r.kinds[j]
		if k == kindBlank {
			if n := r.next(j); n < len(r.lines) && (r.kinds[n] == kindProse || r.kinds[n] == kindPipeCell) && len(cells) > 0 {
				continue
			}
			break
		}
		if k != kindProse && k != kindPipeCell {
			break
		}
		// A heading (二、…) ends the table, but a cell ending in " |" is
		// a cell, though it reads as one (一、财政拨款收入 of a 总表), and
		// so is one whose next line is a number (its 行次 or amount) or
		// an empty amount's mark (-).
		ln := r.lines[j]
		text := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(ln.Text), "|"))
		caption := isCaption(text) && (k == kindProse || !isHeading(text)) && !(isHeading(text) && r.numberAt(j+1))
		if utf8.RuneCountInString(text) > maxStreamCellRunes || j > r.i && (caption || isNote(text)) {
			break
		}
		raw := strings.TrimSpace(strings.TrimSuffix(clean(ln.Raw), "|"))
		cells = append(cells, fiscaldoc.Cell{Text: text, Raw: raw, Col: len(cells), RowSpan: 1, ColSpan: 1, First: ln.N, Last: ln.N})
		texts = append(texts, text)
	}
	// A title, unit line or heading above the table is not its first
	// cell: the table starts after it (the caller moves on a line).
	if headerRun(texts) < minHeaderRun {
		r.noRun = j // a later start's run is part of this one
		return nil
	}
	if isCaption(texts[0]) {
		return nil
	}
	r.i = j
	return r.done(&fiscaldoc.Table{Shape: fiscaldoc.ShapeCellRun, Stream: true, Rows: [][]fiscaldoc.Cell{cells}})
}

// numberAt reports whether the first line from i that is not blank holds
// one number or the dash of an empty amount.
func (r *reader) numberAt(i int) bool {
	i = r.next(i)
	if i >= len(r.lines) {
		return false
	}
	s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(r.lines[i].Text), "|"))
	if IsEmptyMark(s) {
		return true
	}
	_, err := normalize.ParseDecimal(s)
	return err == nil
}

// flat reads a table flattened onto lines of words separated by single
// spaces, a long table wrapping onto a few lines: the first line holds
// amounts and a template word, and the lines together three or more.
func (r *reader) flat() *fiscaldoc.Table {
	first := words(r.lines[r.i])
	values, names := count(first, isValueWord), count(first, IsHeaderWord) // of the first line alone
	short := ((len(first) < minFlatFields || names == 0) && values > 0 || len(first) == 1 && names == 1) && (isHeading(r.lines[r.i].Text) || !isCaption(r.lines[r.i].Text))
	labels := formLabels(r.lines[r.i].Text)
	// A form's label with amounts but no column's whole name: the wrap
	// cut the names (年度资金 … 年初预 4,225,200.00 算数 …).
	cut := labels > 0 && names == 0 && values >= minFlatValues
	// A table's first line cut short by the wrap (some amounts, or one
	// column's name alone: a line of several is a header row), or a first
	// line of the form's labels and names alone (项目名 称 … 主管 部门 …
	// 实施单 位 …), or of its labels and amounts, or of a form's label
	// alone (项目 名称), or of a keyed table's header words alone (合计
	// 科目编码): judged with the next, and, on a line that opens a block
	// (a run of short lines in a table's middle is its rows), with the one
	// after when the wrap cut that short too (26.29 合计 0.00 … / 25.30 /
	// 公务接待费 22.66 …).
	// A short line right under a table's title or unit line that holds a
	// column's name (财政供养人员情况 (人) 编制数) or a 总表's first row
	// label, after column names or not (收入 一、一般公共预算财政拨款收入),
	// is the wrap's cut too: a heading of the text does not stand between
	// a table's caption and its rows.
	led := len(first) < minFlatFields && (names > 0 || slices.ContainsFunc(first, isHeading)) && r.underCaption(r.i)
	lead := 1
	if r.opens(r.i) {
		lead = maxFlatLead
	}
	joins := short || cut || led || labels >= minFormLabels || labelsAlone(r.lines[r.i].Text) || keyedHead(first)
	for n := r.i + 1; joins && n <= r.i+lead &&
		n < len(r.lines) && r.kinds[n] == kindProse && !isSentence(r.lines[n].Text); n++ {
		ws := words(r.lines[n])
		first = append(first[:len(first):len(first)], ws...)
		if lone(ws) {
			lead++ // a value the wrap left alone (93.69%, a row's 执行率): the table goes on past it
			continue
		}
		// A form's labels and names may fill the lines read before its
		// amounts (单位 名称 … 年度资金情况 全年预 算数 / 年度资金总额 全年
		// 执行数 / 5,654,400.00 …).
		if len(first) >= minFlatFields && (labels == 0 || count(first, isValueWord) > 0) {
			break
		}
	}
	// The rows of a numbered list (一、… 二、…, a 总表's) may all be empty
	// but one: their dashes count with its number.
	read := count(first, isValueWord) // of the lines read
	if read < minFlatValues && (count(first, normalize.IsNumber) == 0 || count(first, isHeading) < minListLabels || read+count(first, IsEmptyMark) < minFlatValues) {
		return nil
	}
	if r.kinds[r.i] != kindProse || len(first) < minFlatFields || count(first, IsHeaderWord) == 0 || isSentence(r.lines[r.i].Text) {
		return nil
	}
	var cells []fiscaldoc.Cell
	var texts []string
	j := r.i
	for ; j < len(r.lines); j++ {
		ln := r.lines[j]
		ws := words(ln)
		// A short line goes on the table only if it holds numbers alone
		// (the column numbers 4 5 of a wrapped 栏次 row), or with the
		// words of a header cell, whole or broken over lines (二级 /
		// 指标, 6.75 公务用车运行维护费), or the next line goes on with an
		// amount: the wrap left the start of a row alone on it (2082801
		// 行政运行 / 26.39 26.39 - …), or a header cell (小计 / 11.51 …).
		short := len(ws) < minLineWords && (isCaption(ln.Text) || count(ws, isValueWord)+headerPieces(ws)+count(ws, IsEmptyMark) < len(ws)) && !r.rowGoesOn(j)
		if j > r.i && (r.kinds[j] != kindProse || short || isSentence(ln.Text)) {
			break
		}
		for k, t := range Pieces(ln, ws) {
			cells = append(cells, fiscaldoc.Cell{Text: t, Raw: ws[k], Col: len(cells), RowSpan: 1, ColSpan: 1, First: ln.N, Last: ln.N})
			texts = append(texts, ws[k])
		}
	}
	// The header may be printed on the table's second line, after a
	// first line of the form's labels and amounts.
	if count(texts, IsHeaderWord) < minHeaderRun {
		return nil
	}
	r.i = j
	return r.done(&fiscaldoc.Table{Shape: fiscaldoc.ShapeFlat, Stream: true, Rows: [][]fiscaldoc.Cell{cells}})
}

// opens reports whether line i opens a block of text: it is the first,
// or follows a blank line, a title or unit line, or a sentence's end.
func (r *reader) opens(i int) bool {
	return i == 0 || r.kinds[i-1] == kindBlank || isTitle(normalize.Squash(r.lines[i-1].Text)) || isSentence(r.lines[i-1].Text)
}

// rowGoesOn reports whether line i is no title or unit line and the line
// after it is a line of a flattened table, no short one, that starts with
// an amount or its dash. A heading goes on only when that line also holds
// a numbered label: it is a row's label of a numbered list (十六、金融支出 /
// 47 - 17 十七、援助其他地区支出 …), not the text's.
func (r *reader) rowGoesOn(i int) bool {
	if i+1 >= len(r.lines) || r.kinds[i+1] != kindProse || isTitle(normalize.Squash(r.lines[i].Text)) || isSentence(r.lines[i+1].Text) {
		return false
	}
	ws := words(r.lines[i+1])
	return len(ws) >= minLineWords && (isValueWord(ws[0]) || IsEmptyMark(ws[0])) &&
		(!isHeading(r.lines[i].Text) || slices.ContainsFunc(ws[1:], isHeading))
}

// underCaption reports whether the line before line i, blank lines aside,
// is a table's title or unit line.
func (r *reader) underCaption(i int) bool {
	for i--; i >= 0 && r.kinds[i] == kindBlank; i-- {
	}
	return i >= 0 && r.kinds[i] == kindProse && isTitle(normalize.Squash(r.lines[i].Text))
}

// lone reports whether a line's words are values alone, fewer than a
// line the wrap did not cut short holds.
func lone(ws []string) bool { return len(ws) < minLineWords && count(ws, isValueWord) == len(ws) }

// words are the words of a line, at single spaces, of its folded raw text.
func words(ln fiscaldoc.Line) []string { return strings.Fields(normalize.Fold(ln.Raw)) }

// headerPieces counts the words that are columns' names or pieces of one
// (二级, 指标, 年度指, 人员 of the economic table's 人员经费): a header cell
// whole or broken over lines.
func headerPieces(words []string) int {
	n := 0
	for _, w := range words {
		if IsHeaderWord(w) {
			n++
			continue
		}
		w = normalize.Squash(w)
		piece := func(h string) bool { return strings.Contains(h, w) }
		if w != "" && (slices.ContainsFunc(headerWords, piece) || slices.ContainsFunc(keyHeader, piece)) {
			n++
		}
	}
	return n
}

// keyedHead reports whether a line's words are header words alone (names
// of columns or pieces of one), the code column's among them (合计 科目编码):
// a keyed table's header (keyed.go) the wrap of a flattening left on a line
// of its own.
func keyedHead(words []string) bool {
	return slices.ContainsFunc(words, func(w string) bool { return strings.Contains(w, "科目") }) &&
		headerPieces(words) == len(words)
}

// formWords label the rows of a 自评表's form: a project's, or the
// department-wide table's 单位名称 with its 年度资金 block beside it.
var formWords = []string{"项目名称", "主管部门", "实施单位", "项目负责人", "单位名称", "年度资金"}

// minFormLabels is how many of the form's labels a line of words holds
// when it is the form's part of a flattened table.
const minFormLabels = 2

// formLabels counts the form's labels a line holds, spaces an export put
// inside them (项目名 称, 主管 部门) aside.
func formLabels(s string) int {
	s = normalize.Squash(s)
	n := 0
	for _, w := range formWords {
		if strings.Contains(s, w) {
			n++
		}
	}
	return n
}

// labelsAlone reports whether a line holds the form's labels and nothing
// else (项目 名称): the wrap of a flattening left them on a line of their
// own, their names on the next.
func labelsAlone(s string) bool {
	rest := normalize.Squash(s)
	for _, w := range formWords {
		rest = strings.ReplaceAll(rest, w, "")
	}
	return rest == "" && formLabels(s) > 0
}

// isSentence reports whether a line reads as prose: it ends a sentence.
func isSentence(s string) bool {
	return strings.ContainsAny(s, "。;;") || strings.HasSuffix(strings.TrimSpace(s), ":")
}

var unitRe = regexp.MustCompile(`^(金额)?单位[::]\s*(万元|元|亿元|千元)`)

// maxTitleRunes is the longest line read as a table's title.
const maxTitleRunes = 60

// caption finds the title and unit lines printed just above the table that
// starts at line start: a short line naming a 表, and 单位:元.
func (r *reader) caption(t *fiscaldoc.Table, start int) {
	for j, seen := start-1, 0; j >= 0 && seen < 3; j-- {
		if r.kinds[j] == kindBlank {
			continue
		}
		seen++
		s := normalize.Squash(r.lines[j].Text)
		switch {
		case r.kinds[j] != kindProse:
			return
		case t.Unit == "" && unitRe.MatchString(s):
			t.Unit = unitRe.FindString(s)
		case utf8.RuneCountInString(s) <= maxTitleRunes && strings.Contains(s, "表"):
			t.Title, t.TitleLine = s, r.lines[j].N
			return
		}
	}
}

// isValueWord reports whether a word of a line is a number or a measure
// (≥90%, 1200户).
func isValueWord(w string) bool { return isValue(normalize.Text(w)) }

var headingRe = regexp.MustCompile(`^([一二三四五六七八九十]+、|[((][一二三四五六七八九十]+[))]|第[一二三四五六七八九十]+部分)`)

// isHeading reports whether a line is a heading of the report's text
// (二、…, (一)…, 第三部分…), which ends a table.
func isHeading(s string) bool { return headingRe.MatchString(normalize.Squash(s)) }

// isNote reports whether a line is a note printed under a table (注:
// 本表反映…, 备注:), which ends it.
func isNote(s string) bool {
	s = normalize.Squash(s)
	return strings.HasPrefix(s, "注:") || strings.HasPrefix(s, "注：") || strings.HasPrefix(s, "备注")
}

// isCaption reports whether a line is printed above a table rather than in
// it: a heading, a unit line, or a title naming a 表.
func isCaption(s string) bool {
	s = normalize.Squash(s)
	return isHeading(s) || isTitle(s)
}

// isTitle reports whether a squashed line is a table's title (…表, with
// its number or year or not: 收入总表(表2)) or its unit line.
func isTitle(s string) bool {
	return unitRe.MatchString(s) || strings.HasSuffix(strings.TrimRight(s, "()0123456789年度"), "表")
}

// IsEmptyMark reports whether a cell marks an empty amount (-, —).
func IsEmptyMark(c string) bool { return c != "" && strings.Trim(c, "-—－–") == "" }

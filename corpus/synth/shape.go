package synth

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fiscaldoc/fiscaldoc/normalize"
)

// Shapes a document's tables are written in (SHAPES.md 1–8), the values of
// the -shape flag.
const (
	Sample      = "sample"      // the sample's own layout: tab rows and its Word export's cells
	Tab         = "tab"         // 1: a row a line, cells at tabs, long cells wrapped
	CellsBlank  = "cells-blank" // 2: a cell a line after a tab, blank lines between rows
	Cells       = "cells"       // 3: a cell a line, no row separators
	Pipe        = "pipe"        // 4: | a | b | rows or cells joined by " | "
	Flat        = "flat"        // 5: a table on one line or a few, cells at single spaces
	RunTogether = "runtogether" // 6: cells with no separator
	Preamble    = "preamble"    // 7: the sample's layout behind a preamble, with page furniture
	Trad        = "trad"        // 8: the sample's layout in traditional characters with pinyin
	All         = "all"         // each document in one of the above, chosen by seed and index
)

// Shapes lists every shape a document can be written in, in SHAPES.md order.
var Shapes = []string{Sample, Tab, CellsBlank, Cells, Pipe, Flat, RunTogether, Preamble, Trad}

// ValidShape reports whether s names a shape or All.
func ValidShape(s string) bool {
	for _, v := range Shapes {
		if s == v {
			return true
		}
	}
	return s == All
}

// Kinds of table rows: what a shape may do with their cells.
const (
	rowHead      = iota // header words: flat interleaves them with the first row
	rowMoney            // amounts in fixed columns: an empty cell never vanishes
	rowIndicator        // a 绩效指标 row: names, then values
	rowForm             // label and value pairs of a form
	rowTotal            // the 总分 row
)

type row struct {
	cells []string
	kind  int
	names int // rowIndicator: how many leading cells are names (一级, 二级, 三级)
}

// A table is one table of a document on its way to the page. In the
// sample's layout each row is printed as it is added (so the sample's
// output and random draws stay as they were); in the other shapes the rows
// are kept and end writes the whole table in the document's shape.
type table struct {
	g     *synth
	cells bool // the sample prints it as its Word export's cells (g.cells), not tab rows
	rows  []row
}

// table starts a table; cells says the sample prints it one cell a line.
func (g *synth) table(cells bool) *table { return &table{g: g, cells: cells} }

// add adds a row of cells of a kind.
func (t *table) add(kind int, cells ...string) {
	t.addRow(row{cells: cells, kind: kind})
}

// tsv adds a row printed as tab-separated text.
func (t *table) tsv(kind int, format string, args ...any) {
	t.add(kind, strings.Split(fmt.Sprintf(format, args...), "\t")...)
}

func (t *table) addRow(r row) {
	g := t.g
	if !g.layoutSample() {
		t.rows = append(t.rows, r)
		return
	}
	g.furniture(t, r.kind == rowHead)
	if t.cells {
		g.cells(r.cells...)
	} else {
		g.line("%s", strings.Join(r.cells, "\t"))
	}
	if r.kind == rowHead {
		t.rows = append(t.rows, r) // repeated after a page break
	}
}

// layoutSample reports whether the document's tables are printed in the
// sample's own layout.
func (g *synth) layoutSample() bool {
	return g.shape == Sample || g.shape == Preamble || g.shape == Trad
}

// furniture prints, in a Preamble document, a page break before a row at
// random: a page number (—23— or - 7 -), sometimes the running header, and
// the table's header rows repeated.
func (g *synth) furniture(t *table, head bool) {
	if g.shape != Preamble || head || g.srng.IntN(10) != 0 {
		return
	}
	g.page++
	if g.srng.IntN(2) == 0 {
		g.line("—%d—", g.page)
	} else {
		g.line("- %d -", g.page)
	}
	if g.running != "" && g.srng.IntN(2) == 0 {
		g.line("%s", g.running)
	}
	if t.cells {
		return
	}
	for _, r := range t.rows {
		if r.kind == rowHead && g.srng.IntN(2) == 0 {
			g.line("%s", strings.Join(r.cells, "\t"))
		}
	}
}

// end writes the table in the document's shape (the sample's layout has
// written it already).
func (t *table) end() {
	g := t.g
	if g.layoutSample() {
		return
	}
	switch g.shape {
	case Tab:
		t.tab()
	case CellsBlank:
		t.cellsBlank()
	case Cells:
		t.cellLines()
	case Pipe:
		t.pipe()
	case Flat:
		t.flat()
	case RunTogether:
		t.runTogether()
	}
}

// dense returns the cells of r with an empty money cell (one after the
// row's name) printed as "-" in shapes that would lose it (a cell a line,
// flat, run together), and reports whether the empty cells of r may vanish.
func dense(r row) ([]string, bool) {
	if r.kind != rowMoney {
		return r.cells, true
	}
	out := make([]string, len(r.cells))
	named := false
	for i, c := range r.cells {
		if c == "" && named {
			c = "-"
		}
		named = named || isText(c)
		out[i] = c
	}
	return out, false
}

// nonEmpty drops the empty cells.
func nonEmpty(cs []string) []string {
	var out []string
	for _, c := range cs {
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}

// wrapCut is where a long text cell wraps: after 4 to 6 characters.
func (g *synth) wrapCut(c string) int {
	n := utf8.RuneCountInString(c)
	if n < 8 || !isText(c) {
		return 0
	}
	return 4 + g.srng.IntN(3)
}

func isText(c string) bool {
	r, _ := utf8.DecodeRuneInString(c)
	return unicode.Is(unicode.Han, r)
}

// tab writes SHAPES 1: a row a line at tabs. A long cell wraps, one table in
// two with its rest on the next line (the row's later cells after it),
// else as a line of its own with every other field empty.
func (t *table) tab() {
	g := t.g
	inline := g.srng.IntN(2) == 0
	for _, r := range t.rows {
		cs := append([]string{}, r.cells...)
		var rest []string
		for i, c := range cs {
			if g.srng.IntN(4) != 0 {
				continue
			}
			if k := g.wrapCut(c); k > 0 {
				rs := []rune(c)
				if inline {
					cs[i] = string(rs[:k]) + "\n" + string(rs[k:])
				} else {
					cs[i] = string(rs[:k])
					rest = make([]string, len(cs))
					rest[i] = string(rs[k:])
				}
				break
			}
		}
		g.line("%s", strings.Join(cs, "\t"))
		if rest != nil {
			g.line("%s", strings.Join(rest, "\t"))
		}
	}
}

// cellsBlank writes SHAPES 2: a cell a line after a tab, a blank line (or
// two) before each row; in one table of three an empty cell of a row that
// is not money is a blank line too.
func (t *table) cellsBlank() {
	g := t.g
	blankEmpty := g.srng.IntN(3) == 0
	for _, r := range t.rows {
		g.line("")
		if g.srng.IntN(5) == 0 {
			g.line("")
		}
		for _, c := range r.cells {
			if c == "" && blankEmpty && r.kind != rowMoney {
				g.line("")
				continue
			}
			g.line("\t%s", c)
		}
	}
}

// cellLines writes SHAPES 3: a cell a line with no row separators; in
// some tables every cell ends in " |", in some the empty cells vanish.
func (t *table) cellLines() {
	g := t.g
	bar, vanish := g.srng.IntN(3) == 0, g.srng.IntN(2) == 0
	for _, r := range t.rows {
		cs, mayVanish := dense(r)
		for _, c := range cs {
			switch {
			case c == "" && (vanish && mayVanish || !bar):
				// lost: an empty line would be a row separator
			case bar:
				g.line("%s |", c)
			default:
				g.line("%s", c)
			}
		}
	}
}

// splitMeasure matches a target the pipe shape may print in three cells:
// operator, number and unit.
var splitMeasure = regexp.MustCompile(`^([≥≤])([0-9.]+)(.*)$`)

// pipe writes SHAPES 4: markdown rows | a | b | (with a rule under the
// header in some tables) or cells joined by " | "; in some tables empty
// cells collapse, and a target is split into operator, number and unit
// (≥ written ≧ at times).
func (t *table) pipe() {
	g := t.g
	markdown, collapse, split := g.srng.IntN(3) > 0, g.srng.IntN(2) == 0, g.srng.IntN(3) == 0
	ruled := false
	for i, r := range t.rows {
		cs := r.cells
		if collapse && r.kind != rowMoney {
			cs = nonEmpty(cs)
		}
		if split && r.kind == rowIndicator {
			var out []string
			for _, c := range cs {
				if m := splitMeasure.FindStringSubmatch(c); m != nil {
					op := m[1]
					if op == "≥" && g.srng.IntN(2) == 0 {
						op = "≧"
					}
					out = append(out, op, m[2])
					if m[3] != "" {
						out = append(out, m[3])
					}
					continue
				}
				out = append(out, c)
			}
			cs = out
		}
		if markdown {
			g.line("| %s |", strings.Join(cs, " | "))
			if r.kind == rowHead && !ruled && (i+1 == len(t.rows) || t.rows[i+1].kind != rowHead) && g.srng.IntN(2) == 0 {
				g.line("|%s", strings.Repeat(" --- |", len(cs)))
				ruled = true
			}
		} else {
			g.line("%s", strings.Join(cs, " | "))
		}
	}
}

// flat writes SHAPES 5: the table's cells at single spaces on one line or a
// few. Header rows come out word by word, interleaved with the first row
// after them; in some tables an indicator row's values come before its
// names (never two rows running, never the first), its 三级指标 carries a
// template prefix 指标N:, and a form's labels are cut by a space.
func (t *table) flat() {
	g := t.g
	swap, prefix, cut := g.srng.IntN(2) == 0, g.srng.IntN(3) == 0, g.srng.IntN(2) == 0
	var words []string
	var head []string
	n, swapped := 0, true
	for _, r := range t.rows {
		cs, _ := dense(r)
		cs = nonEmpty(cs) // single spaces cannot show an empty cell
		switch r.kind {
		case rowHead:
			for _, c := range cs {
				head = append(head, g.headWords(c)...)
			}
			continue
		case rowIndicator:
			names := nonEmpty(r.cells[:r.names])
			values := nonEmpty(r.cells[r.names:])
			if prefix && len(names) > 0 {
				n++
				names[len(names)-1] = fmt.Sprintf("指标%d:%s", n, names[len(names)-1])
			}
			if swap && !swapped && g.srng.IntN(3) == 0 {
				cs = append(values, names...)
				swapped = true
			} else {
				cs = append(names, values...)
				swapped = false
			}
		case rowForm:
			cs = append([]string{}, cs...)
			if cut {
				for i := 0; i < len(cs); i += 2 {
					if rs := []rune(cs[i]); len(rs) >= 4 && isText(cs[i]) {
						k := 2 + g.srng.IntN(len(rs)-2)
						cs[i] = string(rs[:k]) + " " + string(rs[k:])
					}
				}
			}
		}
		if head != nil {
			cs = g.interleave(head, cs)
			head = nil
		}
		words = append(words, cs...)
	}
	words = append(words, head...)
	// One line, or breaks at a few random cells.
	breaks := map[int]bool{}
	for range g.srng.IntN(3) {
		if len(words) > 1 {
			breaks[1+g.srng.IntN(len(words)-1)] = true
		}
	}
	var line []string
	for i, w := range words {
		if breaks[i] {
			g.line("%s", strings.Join(line, " "))
			line = nil
		}
		line = append(line, w)
	}
	g.line("%s", strings.Join(line, " "))
}

// headWords returns a header cell as a flattened merged cell prints it:
// whole, or cut into its words (年度 指标值).
func (g *synth) headWords(c string) []string {
	c = strings.ReplaceAll(c, "\n", "")
	rs := []rune(c)
	if len(rs) < 4 || !isText(c) || g.srng.IntN(2) == 0 {
		if c == "" {
			return nil
		}
		return []string{c}
	}
	k := 2 + g.srng.IntN(len(rs)-3)
	return []string{string(rs[:k]), string(rs[k:])}
}

// interleave merges a and b at random, keeping the order within each.
func (g *synth) interleave(a, b []string) []string {
	out := make([]string, 0, len(a)+len(b))
	for len(a) > 0 || len(b) > 0 {
		if len(b) == 0 || len(a) > 0 && g.srng.IntN(2) == 0 {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return out
}

// money2 matches an amount printed with two decimals: cells after it can
// run on without a separator and still be read.
var money2 = regexp.MustCompile(`[0-9]\.[0-9]{2}$`)

// runTogether writes SHAPES 6: a row a line with its cells run together.
// Cells are fused wherever a reader can still tell them apart (a name
// and a number, a number and an operator, an amount with two decimals and
// the next number); two integers or two texts keep one space.
func (t *table) runTogether() {
	g := t.g
	for _, r := range t.rows {
		cs, _ := dense(r)
		cs = nonEmpty(cs)
		var b strings.Builder
		for i, c := range cs {
			c = strings.ReplaceAll(c, "\n", "")
			if i > 0 && !fuses(cs[i-1], c) {
				b.WriteByte(' ')
			}
			b.WriteString(c)
		}
		g.line("%s", b.String())
	}
}

// fuses reports whether cells a and b can be printed with no separator
// and still be read apart.
func fuses(a, b string) bool {
	la, _ := utf8.DecodeLastRuneInString(a)
	fb, _ := utf8.DecodeRuneInString(b)
	digitA, digitB := unicode.IsDigit(la), unicode.IsDigit(fb) || fb == '-'
	textA, textB := unicode.Is(unicode.Han, la), unicode.Is(unicode.Han, fb)
	switch {
	case digitA && digitB:
		return money2.MatchString(a) && unicode.IsDigit(fb)
	case textA && textB:
		return false
	case la == '-' || fb == '-':
		return false
	}
	return true
}

// tradPinyin is the pinyin a mirror prints after some characters.
var tradPinyin = map[rune]string{
	'拨': "bō", '预': "yù", '算': "suàn", '财': "cái", '政': "zhèng", '款': "kuǎn", '经': "jīng",
	'费': "fèi", '决': "jué", '绩': "jì", '效': "xiào", '评': "píng", '项': "xiàng", '资': "zī",
	'金': "jīn", '医': "yī", '疗': "liáo", '障': "zhàng", '局': "jú", '部': "bù", '门': "mén",
	'支': "zhī", '出': "chū", '收': "shōu", '入': "rù", '公': "gōng", '务': "wù", '标': "biāo",
}

// traditional writes text as a traditional-character mirror: every
// character the table converts, and the pinyin of one in eight of those
// tradPinyin knows.
func (g *synth) traditional(text string) string {
	var b strings.Builder
	for _, r := range text {
		t, _ := normalize.Traditional(r)
		b.WriteRune(t)
		if py, ok := tradPinyin[r]; ok && g.srng.IntN(8) == 0 {
			b.WriteString("(" + py + ")")
		}
	}
	return b.String()
}

// preamble is the text before the report that is not the report: a docx
// file's metadata or a document site's boilerplate around the file's name.
func (g *synth) preamble(title string) string {
	r := g.srng
	if r.IntN(2) == 0 {
		return fmt.Sprintf("《%s.docx》由会员分享,可在线阅读,更多相关《%s.docx(%d页珍藏版)》请在文库网上搜索。\n\n%s.docx\n\n",
			title, title, 3+r.IntN(30), title)
	}
	guid := fmt.Sprintf("{%08X-%04X-%04X-%04X-%012X}", r.Uint32(), r.IntN(1<<16), r.IntN(1<<16), r.IntN(1<<16), r.Uint64()>>16)
	return fmt.Sprintf("%s\nzlnb%06d\n%d-%02d-%02dT%02d:%02d:00Z\n%d-%02d-%02dT%02d:%02d:00Z\nNormal\n%d\nFalse False False\n%s\nMicrosoft Office Word\n\n",
		[]string{"Administrator", "user", "张伟", "dell"}[r.IntN(4)], r.IntN(1000000),
		g.year+1, 1+r.IntN(12), 1+r.IntN(28), r.IntN(24), r.IntN(60),
		g.year+1, 1+r.IntN(12), 1+r.IntN(28), r.IntN(24), r.IntN(60), 1+r.IntN(9), guid)
}

// shapeRand is the random source of a document's shape, its template
// variant and how its tables are printed; apart from the content's, so
// that the sample's layout draws what it always drew.
func shapeRand(seed int64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed)^0x5ea9e5, uint64(i)))
}

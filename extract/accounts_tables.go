package extract

import (
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/layout"
)

// The tables of the 预算 and 决算 templates among the tables package layout
// read (doc.Tables), in every shape. What layout cannot know is the
// template: which title names which template table (matchTitle), that a
// table cut by a page break (a repeated title with 续, or rows after an
// untitled break) continues the one above, and a unit printed in the header
// (金额(元)) rather than above it.

// accountTables returns the tables of doc that follow a 预算 or 决算
// template, in line order. A table's title is the nearest line above it,
// since the previous table, that reads as such a title; a table with none
// continues the template table above it, unless a part heading or the title
// of another kind of table (绩效自评表) comes between.
func accountTables(doc *fiscaldoc.Document) []*table {
	var out []*table
	var cur *table
	prevEnd := 0
	for _, t := range doc.Tables {
		title, spec, fiscal, stop := titleAbove(doc, prevEnd, t)
		prevEnd = max(prevEnd, t.Last)
		if cur != nil && (fiscal && cur.spec == spec && strings.Contains(title.Text, "续") || !fiscal && !stop) {
			cur.Rows = append(cur.Rows, t.Rows...)
			cur.Last = t.Last
			continue
		}
		cur = nil
		if fiscal {
			out = append(out, &table{Table: t, spec: spec, title: title})
			if spec != nil {
				cur = out[len(out)-1]
			}
		}
	}
	out = append(out, looseTables(doc)...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].First < out[j].First })
	for _, t := range out {
		if t.Unit == "" {
			t.Unit = headerUnit(doc, t)
		}
		if t.spec != nil && t.spec.kind == kindThreePublic {
			t.Rows = append(t.Rows, notesBelow(doc, t.Last)...)
		}
	}
	return out
}

// notesBelow returns the notes printed under a table that ends on line
// last (注:, 备注: …, which may say there was no budget or no spending), one
// a row, up to the next table or title.
func notesBelow(doc *fiscaldoc.Document, last int) [][]fiscaldoc.Cell {
	var rows [][]fiscaldoc.Cell
	for n := last + 1; n <= len(doc.Lines) && !inTable(doc, n); n++ {
		ln := lineAt(doc, n)
		s := strings.TrimSpace(ln.Text)
		if _, ok := matchTitle(s); ok || partHeading.MatchString(s) {
			break
		}
		if strings.HasPrefix(s, "注") || strings.HasPrefix(s, "备注") {
			rows = append(rows, []fiscaldoc.Cell{{Text: s, Raw: ln.Raw, RowSpan: 1, ColSpan: 1, First: n, Last: n}})
		}
	}
	return rows
}

// titleAbove finds the title of table t among the lines after line prevEnd:
// the nearest that reads as a 预算 or 决算 table's title (fiscal), with its
// spec. stop reports a part heading or another table's title in between.
func titleAbove(doc *fiscaldoc.Document, prevEnd int, t fiscaldoc.Table) (title fiscaldoc.Line, spec *tableSpec, fiscal, stop bool) {
	for n := t.First - 1; n > prevEnd && n >= 1; n-- {
		ln := lineAt(doc, n)
		if ln.Furniture {
			continue
		}
		if s, ok := matchTitle(ln.Text); ok {
			return ln, s, true, false
		}
		s := strings.TrimSpace(ln.Text)
		if partHeading.MatchString(s) || n == t.TitleLine && notFiscal.MatchString(s) {
			stop = true
		}
	}
	return fiscaldoc.Line{}, nil, false, stop
}

// headerUnit is the unit printed on a table's title line or the lines
// between it and its rows, or in its header rows (金额单位:元 in a cell,
// 金额(万元)).
func headerUnit(doc *fiscaldoc.Document, t *table) string {
	for n := t.title.N; n < t.First; n++ {
		if u := unitLine.FindString(lineAt(doc, n).Text); u != "" {
			return u
		}
	}
	for _, r := range t.Rows[:min(3, len(t.Rows))] {
		for _, c := range r[:min(40, len(r))] {
			if u := unitLine.FindString(c.Text); u != "" {
				return u
			}
		}
	}
	return ""
}

// lineAt returns the document's line numbered n.
func lineAt(doc *fiscaldoc.Document, n int) fiscaldoc.Line {
	if n >= 1 && n <= len(doc.Lines) {
		return doc.Lines[n-1]
	}
	return fiscaldoc.Line{N: n}
}

// inTable reports whether line n is in one of the tables layout read.
func inTable(doc *fiscaldoc.Document, n int) bool {
	return slices.ContainsFunc(doc.Tables, func(t fiscaldoc.Table) bool { return t.First <= n && n <= t.Last })
}

var partHeading = regexp.MustCompile(`^第[一二三四五六七八九十]+部分`)

// looseTables reads the template tables layout found no table under: rows
// printed one a line with cells at single spaces, or run together with no
// separator at all (208社会保障和就业支出1,522,300.001,522,300.00). The
// lines from the title to the next title, part heading or note are read as
// a Stream of cells, the run-together ones split where the template's cells
// meet (looseCell); layout cuts the rows of one keyed by codes as for any
// Stream (layout.CutKeyed).
func looseTables(doc *fiscaldoc.Document) []*table {
	var out []*table
	for i := 0; i < len(doc.Lines); i++ {
		title := doc.Lines[i]
		spec, _ := matchTitle(title.Text)
		if spec == nil || title.Furniture {
			continue
		}
		t := &table{spec: spec, title: title, Table: fiscaldoc.Table{Shape: fiscaldoc.ShapeLoose, Stream: true}}
		var cells []fiscaldoc.Cell
		for i++; i < len(doc.Lines); i++ {
			ln := doc.Lines[i]
			s := strings.TrimSpace(ln.Text)
			if inTable(doc, ln.N) {
				cells = nil
				break
			}
			if _, ok := matchTitle(s); ok || partHeading.MatchString(s) || strings.HasPrefix(s, "注") || strings.HasSuffix(s, "。") {
				break
			}
			if ln.Furniture {
				continue
			}
			if t.Unit == "" && unitLine.MatchString(s) {
				t.Unit = s
				continue
			}
			for _, w := range looseCell.FindAllString(s, -1) {
				cells = append(cells, fiscaldoc.Cell{Text: w, Raw: w, Col: len(cells), RowSpan: 1, ColSpan: 1, First: ln.N, Last: ln.N})
			}
		}
		i-- // the line that ended the table may be the next one's title
		if len(cells) >= 2 {
			t.Rows = [][]fiscaldoc.Cell{cells}
			layout.CutKeyed(&t.Table, spec.keyed())
			t.First, t.Last = cells[0].First, cells[len(cells)-1].Last
			out = append(out, t)
		}
	}
	return out
}

// looseCell is one cell of a loose row, whose cells are split by spaces
// or run together: an amount with its two decimals (which ends it, so
// 1,522,300.001,522,300.00 is two), a run of digits (a code, a column
// number), or a run of words.
var looseCell = regexp.MustCompile(`-?\d{1,3}(?:,\d{3})+\.\d{2}|-?\d+\.\d{2}|\d+|[^\d\s\pZ]+`)

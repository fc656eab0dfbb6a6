package extract

import (
	"regexp"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
)

// linesTables cuts a document's lines into the tables of the 预算 and 决算
// templates until package layout fills doc.Tables: a table starts at a line
// that reads as such a title (matchTitle) and runs to the next one or to a
// part heading; each line is a row, split into cells at tabs, pipes or runs
// of spaces (rowCells); the unit line (单位:元), printed above the rows or in
// the header, is the table's Unit. A repeated title of the same table with
// 续 right after it (a page break) continues it.
func linesTables(doc *fiscaldoc.Document) []fiscaldoc.Table {
	var tables []fiscaldoc.Table
	var cur *fiscaldoc.Table
	var curSpec *tableSpec
	rows := false // the current table has a line of tab or pipe cells
	for _, ln := range doc.Lines {
		if ln.Furniture {
			continue
		}
		if spec, ok := matchTitle(ln.Text); ok {
			if cur != nil && spec != nil && curSpec == spec && rows && strings.Contains(ln.Text, "续") {
				continue
			}
			tables = append(tables, fiscaldoc.Table{Title: ln.Text, TitleLine: ln.N, First: ln.N, Last: ln.N, Shape: fiscaldoc.ShapeTab})
			cur, curSpec, rows = &tables[len(tables)-1], spec, false
			if unitLine.MatchString(ln.Text) {
				cur.Unit = ln.Text
			}
			continue
		}
		if cur == nil {
			continue
		}
		if partHeading.MatchString(strings.TrimSpace(ln.Text)) {
			cur = nil
			continue
		}
		if strings.TrimSpace(ln.Text) == "" {
			continue
		}
		if cur.Unit == "" && !rows && unitLine.MatchString(ln.Text) {
			cur.Unit = ln.Text
		}
		rows = rows || strings.ContainsAny(ln.Text, "\t|")
		cells := rowCells(ln.Text)
		row := make([]fiscaldoc.Cell, len(cells))
		for j, c := range cells {
			row[j] = fiscaldoc.Cell{Text: c, Raw: c, Row: len(cur.Rows), Col: j, RowSpan: 1, ColSpan: 1, First: ln.N, Last: ln.N}
		}
		cur.Rows = append(cur.Rows, row)
		cur.Last = ln.N
		if !strings.Contains(ln.Text, "\t") && strings.Contains(ln.Text, "|") {
			cur.Shape = fiscaldoc.ShapePipe
		}
	}
	return tables
}

var (
	partHeading = regexp.MustCompile(`^第[一二三四五六七八九十]+部分`)
	// unitLine is a unit printed above a table or in its header:
	// 单位:万元, 金额单位:元, 金额(元).
	unitLine = regexp.MustCompile(`(单位|单|位)\s*[:：]?\s*(万元|亿元|元)|[(（](万元|亿元|元)[)）]`)
)

// unitOf returns the unit a unit line names, "" for none.
func unitOf(text string) string {
	m := unitLine.FindStringSubmatch(text)
	switch {
	case m == nil:
		return ""
	case m[2] != "":
		return m[2]
	}
	return m[3]
}

// tableRows reports whether a table has a row of two cells or more.
func tableRows(t *fiscaldoc.Table) bool {
	for _, r := range t.Rows {
		if len(r) > 1 {
			return true
		}
	}
	return false
}

// rowCells splits a table line into cells: at tabs, at pipes for pipe
// tables, else at runs of spaces (Cells).
func rowCells(text string) []string {
	if !strings.Contains(text, "\t") && strings.Contains(text, "|") {
		parts := strings.Split(text, "|")
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		if len(parts) > 1 && parts[len(parts)-1] == "" {
			parts = parts[:len(parts)-1]
		}
		if len(parts) > 1 && parts[0] == "" {
			parts = parts[1:]
		}
		return parts
	}
	return Cells(text)
}

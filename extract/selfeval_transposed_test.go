package extract

import (
	"strings"
	"testing"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize"
)

// transposedDoc is a parse of the given lines; the cell is read from the
// last one.
func transposedDoc(lines ...string) *seParse {
	doc := &fiscaldoc.Document{}
	for i, s := range lines {
		doc.Lines = append(doc.Lines, fiscaldoc.Line{N: i + 1, Raw: s, Text: normalize.Text(s)})
	}
	return &seParse{doc: doc}
}

// columnRead lays s out in lines of width runes and reads it column by
// column, as OCR reads a narrow cell it takes for a column grid.
func columnRead(s string, width int) string {
	r := []rune(s)
	var b strings.Builder
	for c := 0; c < width; c++ {
		for i := c; i < len(r); i += width {
			b.WriteRune(r[i])
		}
	}
	return b.String()
}

func TestTransposed(t *testing.T) {
	passage := "组织开展农村饮水工程巡查12次,维修管网3.5公里,解决了2个行政村群众季节性缺水问题。"
	report := "三、主要成效:1.巡查维修。" + passage + "2.水质检测。全年送检水样48份,合格率100%。"
	tests := []struct {
		name, cell string
		lines      []string
		want       string // "" for no repair
	}{
		{"a cell read column by column", columnRead(passage, 7), []string{report}, passage},
		{"a cell read in order with pieces lost stays",
			"组织开展农村饮水工程巡查12次,维修管网3.5公,解决了2个行政村群众季节缺水问题。", []string{report}, ""},
		{"a restatement stays", "组织开展农村饮水工程巡查12次,维修管网3.5公里,解决2个行政村季节性缺水问题。", []string{report}, ""},
		{"a cell printed as it is elsewhere", passage, []string{report}, ""},
		{"no passage in the document", columnRead(passage, 7), []string{"全年送检水样48份,合格率100%。"}, ""},
		{"a short cell", "巡查12次,维修管网", []string{report}, ""},
	}
	for _, tt := range tests {
		p := transposedDoc(append(tt.lines, "\t"+tt.cell)...)
		n := len(tt.lines)
		got, _, _, ok := p.transposed(indicatorValue(tt.cell), n, n)
		if !ok {
			got = ""
		}
		if got != tt.want {
			t.Errorf("%s: transposed(%q) = %q, want %q", tt.name, tt.cell, got, tt.want)
		}
	}
}

// FuzzTransposed: no panic, and a passage found is a stretch of another
// line that starts with the cell's first character.
func FuzzTransposed(f *testing.F) {
	f.Add("组织开展农村饮水工程巡查12次,维修管网3.5公里。", "组巡管织查网开1.2展5次农公,村里维饮修水工程。")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, line, cell string) {
		p := transposedDoc(line, cell)
		got, at, _, ok := p.transposed(indicatorValue(cell), 1, 1)
		if !ok {
			return
		}
		if at != 1 || !strings.Contains(normalize.Squash(p.doc.Lines[0].Text), got) {
			t.Fatalf("passage %q (line %d) is not in line 1 %q", got, at, line)
		}
		if []rune(got)[0] != []rune(indicatorValue(cell))[0] {
			t.Fatalf("passage %q does not start as the cell %q", got, cell)
		}
	})
}

// TestTransposedBounded: a document's look-ups are bounded, and the cells
// left are reported once.
func TestTransposedBounded(t *testing.T) {
	passage := "组织开展农村饮水工程巡查12次,维修管网3.5公里,解决了2个行政村群众季节性缺水问题。"
	p := transposedDoc("三、主要成效:"+passage, "\t"+columnRead(passage, 7))
	found := 0
	for range maxLookups + 8 {
		if _, _, _, ok := p.transposed(indicatorValue(columnRead(passage, 7)), 1, 1); ok {
			found++
		}
	}
	if found != maxLookups || len(p.doc.Problems) != 1 {
		t.Errorf("%d cells found, problems %v; want %d and one problem", found, p.doc.Problems, maxLookups)
	}
}

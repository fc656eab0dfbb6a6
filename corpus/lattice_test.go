package corpus

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fiscaldoc/fiscaldoc"
)

// ruledPage draws a 3×3 table the ways exporters draw borders: stroked
// segments, thin filled rectangles and a segment under a translation. The
// border under the first column's second row is missing, so that cell spans
// two rows; the second row's middle cell wraps over two lines.
const ruledPage = `
100 700 m 400 700 l S
100 680 m 400 680 l S
200 640 m 400 640 l S
100 620 m 400 620 l S
99.75 620 0.5 80 re f
199.75 620 0.5 80 re f
q 1 0 0 1 50 0 cm 250 620 m 250 700 l S Q
399.75 620 0.5 80 re f
BT /F1 10 Tf
1 0 0 1 105 686 Tm (code) Tj 1 0 0 1 205 686 Tm (name) Tj 1 0 0 1 305 686 Tm (amount) Tj
1 0 0 1 105 666 Tm (208) Tj 1 0 0 1 205 666 Tm (social) Tj 1 0 0 1 305 666 Tm (2226.98) Tj
1 0 0 1 205 654 Tm (security) Tj
1 0 0 1 205 626 Tm (20805) Tj 1 0 0 1 305 626 Tm (184.97) Tj
1 0 0 1 100 580 Tm (Total 876.40) Tj
ET`

func TestReadPDFLattice(t *testing.T) {
	for _, tt := range []struct {
		name   string
		ruled  bool
		lines  []string
		shape  string
		rows   [][]string // cell texts, each "text@row,col+rowspan,colspan"
		tables int
	}{
		{
			name:  "ruled",
			ruled: true,
			lines: []string{"code\tname\tamount", "208\tsocial security\t2226.98", "\t20805\t184.97", "Total 876.40"},
			shape: fiscaldoc.ShapeLattice,
			rows: [][]string{
				{"code@0,0+1,1", "name@0,1+1,1", "amount@0,2+1,1"},
				{"208@1,0+2,1", "social security@1,1+1,1", "2226.98@1,2+1,1"},
				{"20805@2,1+1,1", "184.97@2,2+1,1"},
			},
		},
		{
			// without its rules the same page is read from glyph gaps: the
			// wrapped cell is joined by the stream rule
			name:  "stream",
			lines: []string{"code\tname\tamount", "208\tsocial security\t2226.98", "\t20805\t184.97", "Total 876.40"},
			shape: fiscaldoc.ShapeGlyphGap,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			text, err := parsePDF(context.Background(), onePagePDF([]byte(ruledPage)), 1<<20, tt.ruled)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range text.lines {
				got = append(got, l.Raw)
			}
			if strings.Join(got, "\n") != strings.Join(tt.lines, "\n") {
				t.Errorf("lines:\n%q\nwant\n%q", got, tt.lines)
			}
			if len(text.tables) != 1 {
				t.Fatalf("%d tables, want 1", len(text.tables))
			}
			tb := text.tables[0]
			if tb.Shape != tt.shape || tb.Page != 1 || tb.First != 1 || tb.Last != 3 {
				t.Errorf("table %s page %d lines %d-%d, want %s page 1 lines 1-3", tb.Shape, tb.Page, tb.First, tb.Last, tt.shape)
			}
			for i, want := range tt.rows {
				var cells []string
				for _, c := range tb.Rows[i] {
					cells = append(cells, fmt.Sprintf("%s@%d,%d+%d,%d", c.Text, c.Row, c.Col, c.RowSpan, c.ColSpan))
					if c.First != i+1 || c.Last != i+1 {
						t.Errorf("row %d cell %q: lines %d-%d", i, c.Text, c.First, c.Last)
					}
				}
				if strings.Join(cells, " | ") != strings.Join(want, " | ") {
					t.Errorf("row %d: %q, want %q", i, cells, want)
				}
			}
			if c := tb.Rows[1][1]; tt.ruled && c.Raw != "social\nsecurity" {
				t.Errorf("wrapped cell raw %q, want the lines joined by \\n", c.Raw)
			}
		})
	}
}

// The LibreOffice 部门决算 prints its first table over several pages: it is
// one table, its rows numbered on.
func TestReadPDFLatticeAcrossPages(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "pdf", "lo", "syn000000_210283_2024.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	lines, tables, err := readPDF(context.Background(), data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	first := tables[0]
	if first.Shape != fiscaldoc.ShapeLattice || first.Page != 1 || lines[first.Last-1].Page < 2 {
		t.Fatalf("first table %s on page %d, last line on page %d: want one lattice from page 1 over the next",
			first.Shape, first.Page, lines[first.Last-1].Page)
	}
	for i, r := range first.Rows {
		if r[0].Row != i {
			t.Errorf("row %d numbered %d", i, r[0].Row)
		}
	}
	if got := strings.Join(first.Texts(len(first.Rows)-1), "|"); !strings.HasPrefix(got, "总计|31|2,375.93|总计|62|2,375.93") {
		t.Errorf("last row %q, want the 总计 row", got)
	}
}

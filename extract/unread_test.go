package extract

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/fiscaldoc/fiscaldoc"
)

func TestUnread(t *testing.T) {
	tests := []struct {
		name   string
		lines  string
		facts  [][2]int // lines read into facts
		tables [][2]int // lines of layout tables
		want   []string
	}{
		{
			name:  "a row cut off a flattened table, read by nothing",
			lines: "支出总表\n合计 1,938.71 377.66 1,561.05 208 社会保障和就业支出 1,797.74\n2082801 行政运行\n26.39 26.39 - 210 卫生健康支出 65.85 65.85 -\n二、说明",
			facts: [][2]int{{2, 2}},
			want:  []string{"4 lines 4-4 print 4 amounts that nothing read: no table, fact or check holds them"},
		},
		{
			name:   "rows in a stored table, or read into facts, are kept",
			lines:  "合计 1.00 2.00 3.00\n10.00 20.00 30.00\n4.00 5.00 6.00",
			facts:  [][2]int{{1, 1}},
			tables: [][2]int{{2, 3}},
		},
		{
			name:  "figures of a sentence are the narrative's to read",
			lines: "收、支总计各是4125.49,4143.91万元,各减少1267.86,2570.97万元。",
		},
		{
			name:  "two amounts alone are no table",
			lines: "合计 1.00 2.00\n\n年末 3",
		},
		{
			name:  "a blank line does not end the run; a line without amounts does",
			lines: "1.00 2.00\n\n3.00 4.00\n项目名称\n5.00 6.00 7.00",
			want:  []string{"1 lines 1-3 print 4 amounts that nothing read: no table, fact or check holds them", "5 lines 5-5 print 3 amounts that nothing read: no table, fact or check holds them"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &fiscaldoc.Document{}
			for i, l := range strings.Split(tt.lines, "\n") {
				doc.Lines = append(doc.Lines, fiscaldoc.Line{N: i + 1, Text: l, Raw: l})
			}
			for _, f := range tt.facts {
				doc.Facts = append(doc.Facts, fiscaldoc.Fact{Line: f[0], EndLine: f[1]})
			}
			for _, r := range tt.tables {
				doc.Tables = append(doc.Tables, fiscaldoc.Table{First: r[0], Last: r[1]})
			}
			unread(doc)
			var got []string
			for _, p := range doc.Problems {
				if p.Kind == "unread" {
					got = append(got, fmt.Sprintf("%d %s", p.Line, p.Msg))
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

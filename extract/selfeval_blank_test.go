package extract

import (
	"cmp"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/layout"
	"github.com/fiscaldoc/fiscaldoc/normalize"
)

// TestJoinEmptyCells covers a table printed one cell a line whose export
// writes an empty cell as a blank line: a row's pieces are joined when the
// template says they are one row, and rows are left apart when it does not.
func TestJoinEmptyCells(t *testing.T) {
	header := []string{"三级指标", "计量单位", "分值", "年初指标值", "调整指标值", "全年完成值", "得分"}
	tests := []struct {
		name string
		rows [][]string // cells of each piece; "" is a blank line
		want []string   // name target actual weight score of each row read
	}{
		{"empty 调整指标值",
			[][]string{{"培训人次", "人次", "10", "≥100人次", "", "120人次", "10"}},
			[]string{"培训人次 ≥100人次 120人次 10 10"}},
		{"two empty cells, three pieces",
			[][]string{{"机制健全性", "", "10", "健全", "", "健全", "8"}},
			[]string{"机制健全性 健全 健全 10 8"}},
		{"a row without its score and the next row stay apart",
			[][]string{{"培训人次", "人次", "10", "≥100人次", "≥100人次", "120人次"}, {"宣传次数", "次", "10", "≥5次", "≥5次", "6次", "10"}},
			[]string{"培训人次 ≥100人次 120人次 10 _", "宣传次数 ≥5次 6次 10 10"}},
		{"a score above the weight is not the row's",
			[][]string{{"培训人次", "人次", "10", "≥100人次", "", "120人次", "12"}},
			[]string{"培训人次 ≥100人次 _ 10 _"}},
		{"an actual in another unit is not the row's",
			[][]string{{"培训人次", "人次", "10", "≥100人次", "", "95%", "10"}},
			[]string{"培训人次 ≥100人次 _ 10 _"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := "项目支出绩效自评表\n\n" + cellLines(header) + "\n"
			for _, r := range tt.rows {
				text += cellLines(r) + "\n\n"
			}
			text += "\t总分\n\n\t100\n\n\t90\n"
			doc := &fiscaldoc.Document{Name: "t.txt"}
			for i, l := range strings.Split(text, "\n") {
				doc.Lines = append(doc.Lines, fiscaldoc.Line{N: i + 1, Raw: l, Text: normalize.Text(l)})
			}
			layout.Read(doc)
			var got []string
			for _, tb := range parseSelfEval(doc).tables {
				for _, r := range tb.rows {
					pt := func(s *stated) string {
						if s == nil {
							return "_"
						}
						return s.v.String()
					}
					got = append(got, fmt.Sprintf("%s %s %s %s %s", r.l3, cmp.Or(r.target, "_"), cmp.Or(r.actual, "_"), pt(r.weight), pt(r.score)))
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// cellLines prints cells one a line after a tab, an empty cell as a blank
// line.
func cellLines(cells []string) string {
	var b strings.Builder
	for _, c := range cells {
		if c != "" {
			b.WriteString("\t" + c)
		}
		b.WriteString("\n")
	}
	return b.String()
}

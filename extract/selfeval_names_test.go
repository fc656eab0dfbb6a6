package extract

import (
	"fmt"
	"strings"
	"testing"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/internal/testutil"
	"github.com/fiscaldoc/fiscaldoc/normalize"
)

// A nameCase row: an indicator row of a table, or (table "") a prose line.
type nameCaseRow struct{ table, name, target, actual string }

// nameDoc builds a parse of the given rows: one line each, tables in order
// of first appearance ("整体" is the whole-department table, any other name a
// project's), segmented as the pipeline segments.
func nameDoc(t *testing.T, rows []nameCaseRow) *seParse {
	t.Helper()
	doc := &fiscaldoc.Document{Name: "names.txt"}
	p := &seParse{doc: doc}
	tables := map[string]*seTable{}
	for i, r := range rows {
		text := r.name
		if r.table != "" {
			text = strings.Join([]string{"", r.name, r.target, r.actual, "10"}, "\t")
		}
		doc.Lines = append(doc.Lines, fiscaldoc.Line{N: i + 1, Raw: text, Text: normalize.Text(text)})
		if r.table == "" {
			continue
		}
		tb := tables[r.table]
		if tb == nil {
			tb = &seTable{isProject: r.table != "整体"}
			if tb.isProject {
				tb.project = r.table
			}
			tables[r.table] = tb
			p.tables = append(p.tables, tb)
		}
		// A name with spaces is a cell of several printed lines.
		name, pieces := normalize.Squash(r.name), strings.Fields(r.name)
		if len(pieces) < 2 {
			pieces = nil
		}
		tb.rows = append(tb.rows, &indRow{l3: name, pieces: pieces, target: r.target, actual: r.actual, first: i, last: i})
		f := fiscaldoc.Fact{Field: "indicator_target", Indicator: name, Value: r.target, Line: i + 1}
		if tb.isProject {
			f.Project = tb.project
		}
		p.facts = append(p.facts, f)
	}
	doc.Tokens = testutil.Segmenter(t).SegmentLines(doc.Lines)
	return p
}

func TestRepairNames(t *testing.T) {
	tests := []struct {
		name string
		rows []nameCaseRow
		want []string // "line raw→repaired"
	}{
		{
			name: "doubled character, name printed cleanly in another table",
			rows: []nameCaseRow{
				{"整体", "医保政策知晓率", "≥85%", "91%"},
				{"宣传经费", "医保政策知知晓率", "≥80%", "88%"},
			},
			want: []string{"2 医保政策知知晓率→医保政策知晓率"},
		},
		{
			name: "one stray character the segmenter leaves alone",
			rows: []nameCaseRow{
				{"整体", "两定机构检查覆盖率", "100%", "100%"},
				{"监管经费", "两定机构检查蚌覆盖率", "≥95%", "100%"},
			},
			want: []string{"2 两定机构检查蚌覆盖率→两定机构检查覆盖率"},
		},
		{
			name: "blocks swapped, a clean printing has the same values",
			rows: []nameCaseRow{
				{"整体", "异地就医直接结算率", "≥92%", "96.5%"},
				{"经办经费", "直接结算异地就医率", "≥92%", "96.5%"},
				{"备案经费", "异地就医直接结算率", "≥90%", "95%"},
			},
			want: []string{"2 直接结算异地就医率→异地就医直接结算率"},
		},
		{
			name: "blocks swapped, nothing says which printing is right",
			rows: []nameCaseRow{
				{"整体", "异地就医直接结算率", "≥92%", "96.5%"},
				{"经办经费", "直接结算异地就医率", "≥92%", "96.5%"},
			},
		},
		{
			name: "piece completed from the project's summary clause",
			rows: []nameCaseRow{
				{name: "2. 信息化建设经费项目：推进医保信息平台升级改造，提升经办效率。"},
				{"信息化建设经费", "推进医保平台", "完成", "完成"},
			},
			want: []string{"2 推进医保平台→推进医保信息平台升级改造"},
		},
		{
			name: "two garbled printings of one row agree on the name",
			rows: []nameCaseRow{
				{"整体", "慢特病宗认定人数", "≥1200人", "1315人"},
				{"待遇保障经费", "慢特病认定人乐数", "≥1200人", "1315人"},
			},
			want: []string{"1 慢特病宗认定人数→慢特病认定人数", "2 慢特病认定人乐数→慢特病认定人数"},
		},
		{
			name: "two real indicators sharing characters stay apart",
			rows: []nameCaseRow{
				{"整体", "资金发放准确率", "100%", "100%"},
				{"救助经费", "资金到位率", "100%", "100%"},
				{"救助经费", "资金及时到位率", "100%", "100%"},
			},
		},
		{
			name: "a clean name is never changed by a longer or a near one",
			rows: []nameCaseRow{
				{"整体", "服务对象满意度", "≥90%", "95%"},
				{"整体", "人民群众满意度", "≥90%", "95%"},
				{"培训经费", "服务满意度", "≥90%", "93%"},
				{"培训经费", "人民群众满意率", "≥90%", "96%"},
			},
		},
		{
			name: "names differing in one character with the same values",
			rows: []nameCaseRow{
				{"整体", "医保政策知晓率", "≥80%", "86.4%"},
				{"宣传经费", "医疗政策知晓率", "≥80%", "86.4%"},
			},
		},
		{
			name: "labels of a loose row run into its name",
			rows: []nameCaseRow{
				{"整体", "受益群众满意度", "≥90%", "95%"},
				{"供水经费", "受益群众满意度", "≥90%", "95%"},
				{"维修经费", "满意度 服务对 受益群众满意度 度指标", "≥90%", "96%"},
			},
			want: []string{"3 满意度服务对受益群众满意度度指标→受益群众满意度"},
		},
		{
			name: "a cell holding two clean names is not cut to either",
			rows: []nameCaseRow{
				{"整体", "受益群众满意度", "≥90%", "95%"},
				{"供水经费", "受益群众满意度", "≥90%", "95%"},
				{"整体", "水质达标率", "100%", "100%"},
				{"供水经费", "水质达标率", "100%", "100%"},
				{"维修经费", "受益群众满意度 水质达标率", "≥90%", "96%"},
			},
		},
		{
			name: "a name with no support stays as printed",
			rows: []nameCaseRow{
				{name: "全年开展宣传活动，群众满意度较高。"},
				{"宣传经费", "规范医使用", "提高", "有所提升"},
				{"宣传经费", "群众满意度", "≥90%", "96%"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := nameDoc(t, tt.rows)
			p.repairNames()
			var got []string
			for _, r := range p.doc.Repairs {
				if r.Evidence == "" || r.Kind != "indicator" {
					t.Errorf("repair %+v without evidence", r)
				}
				got = append(got, fmt.Sprintf("%d %s→%s", r.Line, r.Raw, r.Repaired))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("repairs\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			// Facts carry the repaired name; their Raw stays as printed.
			for _, f := range p.facts {
				row := tt.rows[f.Line-1]
				want := normalize.Squash(row.name)
				for _, r := range p.doc.Repairs {
					if r.Line == f.Line {
						want = r.Repaired
					}
				}
				if f.Indicator != want {
					t.Errorf("line %d: fact indicator %q, want %q", f.Line, f.Indicator, want)
				}
			}
		})
	}
}

// TestSampleNameRepairs lists every indicator name repaired on the sample,
// first the cells OCR cut in two (joinCut) as the tables are read, then the
// names repaired from the document's other printings: the clean reports and
// excerpts get none.
func TestSampleNameRepairs(t *testing.T) {
	want := map[string][]string{
		"003_0fd55ab06607cada.txt": {
			"649 住院救助助人次数→住院救助人次数",
			"650 门诊救且助人次数→门诊救助人次数",
			"655 参保对组象满意度→参保对象满意度",
			"709 门诊救助力人次数→门诊救助人次数",
			"746 监督检查至覆盖率→监督检查覆盖率",
			"750 参保对象泉满意度→参保对象满意度",
			"778 医疗救发放准助资金主确率→医疗救助资金发放准确率",
			"781 人民群众入满意度→人民群众满意度",
			"811 推动我区监管、医工保参保等→推动我区监管、医保参保等",
			"813 人民群众(满意度→人民群众满意度",
			"835 享受医疗销在职力疗补助报人员人数→享受医疗补助报销在职人员人数",
			"836 资金发放枚准确率→资金发放准确率",
			"837 资金在5内支付见定时间到位率→资金在5见定时间内支付到位率",
			"840 服务对象象满意度→服务对象满意度",
			"863 享受职工补助子女医疗人数→享受职工子女医疗补助人数",
			"864 资金发放文准确率→资金发放准确率",
			"865 资金在规支付至定时间内位率→资金在规定时间内支付至位率",
			"867 落实机关医疗补助事业单位报销政策→落实机关事业单位医疗补助报销政策",
			"648 资助参价呆人次数→资助参保人次数",
			"714 满意度服务对a人民群众满意度度指标度指标→人民群众满意度",
			"749 守好人民群众→守好人民群众\"救命钱\"",
			"780 推动医疗提质→推动医疗救助工作提质增效",
			"811 推动我区监管、医保参保等→推动我区医保基金监管、医保参保等工作",
			"812 保障我区工作正→保障我区医疗保障工作正常高效运转",
			"839 落实机失事业单小助报销策→落实机关事业单位医疗补助报销政策",
		},
	}
	for _, set := range []string{"seeds", "extra"} {
		for _, path := range testutil.Sample(t, set) {
			doc := testutil.Process(t, path, Extract, Check)
			var got []string
			for _, r := range doc.Repairs {
				if r.Kind == "indicator" {
					got = append(got, fmt.Sprintf("%d %s→%s", r.Line, r.Raw, r.Repaired))
				}
			}
			if w := want[doc.Name]; strings.Join(got, "\n") != strings.Join(w, "\n") {
				t.Errorf("%s: repairs\n%s\nwant\n%s", doc.Name, strings.Join(got, "\n"), strings.Join(w, "\n"))
			}
		}
	}
}

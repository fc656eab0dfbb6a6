package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/internal/testutil"
	"github.com/fiscaldoc/fiscaldoc/normalize"
	"github.com/shopspring/decimal"
)

// proseDoc builds a document of the given lines, normalised and segmented
// as the pipeline does, for a report of the given fiscal year.
func proseDoc(t *testing.T, year int, lines ...string) *fiscaldoc.Document {
	t.Helper()
	doc := &fiscaldoc.Document{Name: "test.txt", Meta: fiscaldoc.Meta{FiscalYear: year}}
	for i, l := range lines {
		doc.Lines = append(doc.Lines, fiscaldoc.Line{N: i + 1, Raw: l, Text: normalize.Text(l)})
	}
	normalize.Document(doc)
	doc.Tokens = testutil.Segmenter(t).SegmentLines(doc.Lines)
	return doc
}

// brief prints a fact as field/year/basis=value unit.
func brief(f fiscaldoc.Fact) string {
	var b strings.Builder
	b.WriteString(f.Field)
	if f.Year != 0 {
		b.WriteString("/" + strconv.Itoa(f.Year))
	}
	if f.Basis != "" {
		b.WriteString("/" + f.Basis)
	}
	b.WriteString("=" + f.Value + f.Unit)
	return b.String()
}

func TestNarrative(t *testing.T) {
	tests := []struct {
		name  string
		year  int
		lines []string
		want  []string
	}{
		{
			name:  "totals with parts and a comparison",
			year:  2022,
			lines: []string{"2022年度本局收入合计1,234.5万元，比上年增加12.3万元，增长1%。本局支出合计1,200万元，其中：基本支出700万元，项目支出500万元。"},
			want: []string{
				"income_total/2022/actual=1234.5万元", "expenditure_total/2022/actual=1200万元",
				"expenditure_basic/2022/actual=700万元", "expenditure_project/2022/actual=500万元",
			},
		},
		{
			name:  "initial budget carried through the sentence",
			year:  2021,
			lines: []string{"2021年年初预算安排支出600万元，其中：基本支出400万元；项目支出200万元。实际支出580万元。"},
			want: []string{
				"expenditure_total/2021/initial_budget=600万元", "expenditure_basic/2021/initial_budget=400万元",
				"expenditure_project/2021/initial_budget=200万元", "expenditure_total/2021/actual=580万元",
			},
		},
		{
			name:  "the previous year's figure as a reference, the change left out",
			year:  2023,
			lines: []string{"本年度部门整体支出510万元，与上年总支出480.5万元相比，减少29.5万元。"},
			want:  []string{"expenditure_total/2023/actual=510万元", "expenditure_total/2022/actual=480.5万元"},
		},
		{
			name:  "a year other than the report's",
			year:  2023,
			lines: []string{"2021年度，本单位收入为88万元。"},
			want:  []string{"income_total/2021/actual=88万元"},
		},
		{
			name:  "yuan and yi yuan converted exactly",
			year:  2020,
			lines: []string{"公务接待费支出决算为12,345元；政府采购支出总额0.015亿元。"},
			want:  []string{"three_public_reception/2020/actual=1.2345万元", "procurement_total/2020/actual=150万元"},
		},
		{
			name:  "three public budget and actual",
			year:  2019,
			lines: []string{"2019年度“三公”经费财政拨款支出预算为8万元，支出决算为6.5万元。其中：因公出国（境）费0万元，公务用车购置及运行维护费4万元，公务接待费2.5万元。"},
			want: []string{
				"three_public_total/2019/budget=8万元", "three_public_total/2019/actual=6.5万元",
				"three_public_outbound/2019/actual=0万元", "three_public_vehicle/2019/actual=4万元",
				"three_public_reception/2019/actual=2.5万元",
			},
		},
		{
			name:  "a budget year and an actual year in one text",
			year:  2022,
			lines: []string{"2022年度三公经费预算总计15万元，其中公务接待9万元。", "2020年度三公经费合计支出13.1万元，其中公务用车运行费用4.2万元。"},
			want: []string{
				"three_public_total/2022/budget=15万元", "three_public_reception/2022/budget=9万元",
				"three_public_total/2020/actual=13.1万元", "three_public_vehicle_operation/2020/actual=4.2万元",
			},
		},
		{
			name:  "traditional characters with pinyin",
			year:  2016,
			lines: []string{"2016年本單(dān)位財(cái)政撥(bō)款“三公”經(jīng)費(fèi)支出合計(jì)3.2萬(wàn)元，比上年減(jiǎn)少0.4萬(wàn)元。"},
			want:  []string{"three_public_total/2016/actual=3.2万元"},
		},
		{
			name:  "a sentence wrapped across lines",
			year:  2020,
			lines: []string{"本年度公务用车购", "置及运行费支出决算 2.5 万", "元。"},
			want:  []string{"three_public_vehicle/2020/actual=2.5万元"},
		},
		{
			name:  "staff counts",
			year:  2022,
			lines: []string{"本单位核定编制数25人，其中行政编制5个，实有人员23人，退休人员9人，本年新增退休人员2人。"},
			want:  []string{"staff_authorized/2022=25人", "staff_actual/2022=23人", "staff_retired/2022=9人"},
		},
		{
			name: "staff of a subordinate unit left out",
			year: 2022,
			lines: []string{
				"本局人员编制6名，在职人数6人。局下属事业单位某某服务中心，截至2022年底，人员编制12名，在职人数11人，退休3人。",
			},
			want: []string{"staff_authorized/2022=6人", "staff_actual/2022=6人"},
		},
		{
			name:  "rates and scores of the whole department only",
			year:  2022,
			lines: []string{"2022年度预算执行率为96.5%，项目支出预算执行率90%，绩效目标执行率达到100%。经评价，本单位自评得分92.5分，其中产出指标得30分。"},
			want:  []string{"execution_rate=96.5%", "eval_score=92.5分"},
		},
		{
			name:  "carry-over, operating cost and procurement",
			year:  2021,
			lines: []string{"年初结转和结余12.5万元，年末结转和结余3万元。2021年度本单位机关运行经费支出20.08万元。政府采购预算金额15万元，实际采购金额14.6万元。"},
			want: []string{
				"carryover_begin/2021/actual=12.5万元", "carryover_end/2021/actual=3万元",
				"org_operation_cost/2021/actual=20.08万元",
				"procurement_total/2021/budget=15万元", "procurement_total/2021/actual=14.6万元",
			},
		},
		{
			name:  "a part restated without a figure",
			year:  2023,
			lines: []string{"2023年本单位实际收入410.2万元，均为一般公共预算财政拨款收入。"},
			want:  []string{"income_total/2023/actual=410.2万元", "income_general_budget/2023/actual=410.2万元"},
		},
		{
			name:  "income parts named by their fund",
			year:  2021,
			lines: []string{"本年收入合计300万元；包括财政拨款收入280万元（其中，一般公共预算280万元，政府性基金预算0万元），其他收入20万元。"},
			want: []string{
				"income_total/2021/actual=300万元", "income_general_budget/2021/actual=280万元",
				"income_gov_fund/2021/actual=0万元",
			},
		},
		{
			name: "one funding source is not the department",
			year: 2022,
			lines: []string{
				"2022年度一般公共预算财政拨款支出300万元，其中：基本支出100万元，项目支出200万元。",
				"2022年度财政拨款收入总计300万元，支出总计300万元。",
			},
		},
		{
			name:  "spending of a programme or a fund is not the department's",
			year:  2022,
			lines: []string{"医疗救助支出45万元，基金总支出1000万元，卫生健康支出52万元，上缴上级支出0万元。"},
		},
		{
			name:  "personnel and public costs",
			year:  2023,
			lines: []string{"截止11月底人员经费支付78.5万元，公用经费支付6.25万元，人员经费按4人核定。"},
			want:  []string{"personnel_cost/2023/actual=78.5万元", "public_cost/2023/actual=6.25万元"},
		},
		{
			name:  "a date names no year of figures",
			year:  2023,
			lines: []string{"截至2024年3月31日，本局在职人员8人。"},
			want:  []string{"staff_actual/2023=8人"},
		},
		{
			name:  "staff counts laid out one cell a line",
			year:  2018,
			lines: []string{"人员编制", "", "18", "", "行政编制", "", "5", "", "实有人数", "", "17", "", "联系电话", "", "8690000"},
			want:  []string{"staff_authorized/2018=18人", "staff_actual/2018=17人"},
		},
		{
			name:  "table lines are not prose",
			year:  2023,
			lines: []string{"基本支出\t100\t200", "三公经费  7.1  6.4"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := proseDoc(t, tt.year, tt.lines...)
			extractNarrative(doc)
			var got []string
			for _, f := range doc.Facts {
				got = append(got, brief(f))
				if f.Source != fiscaldoc.FromProse || f.Raw == "" || f.Line < 1 || f.EndLine < f.Line {
					t.Errorf("%s: provenance %q line %d-%d raw %q", brief(f), f.Source, f.Line, f.EndLine, f.Raw)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

func TestVehicleParts(t *testing.T) {
	doc := proseDoc(t, 2021,
		"公务用车购置及运行维护费支出3.5万元。",
		"公务用车购置支出0万元。",
		"公务用车运行维护支出0万元。",
	)
	extractNarrative(doc)
	var got []string
	for _, f := range doc.Facts {
		got = append(got, brief(f))
	}
	want := []string{"three_public_vehicle/2021/actual=3.5万元", "three_public_vehicle_purchase/2021/actual=0万元"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("facts %v, want %v", got, want)
	}
	if len(doc.Checks) != 1 || doc.Checks[0].OK || !doc.Checks[0].Expected.Equal(decimal.RequireFromString("3.5")) {
		t.Errorf("checks %+v, want one failed check expecting 3.5", doc.Checks)
	}
	if len(doc.Problems) != 1 || doc.Problems[0].Line != 3 {
		t.Errorf("problems %v, want one on line 3", doc.Problems)
	}
}

// fact builds a numeric fact for reconciliation tests.
func fact(source, field string, year int, basis, value string, line int) fiscaldoc.Fact {
	v := decimal.RequireFromString(value)
	unit := normalize.WanYuan
	if field == "execution_rate" {
		unit = "%"
	}
	ln := fiscaldoc.Line{N: line}
	f := NumFact(field, unit, v, source, ln, ln, value)
	f.Year, f.Basis = year, basis
	return f
}

func TestReconcile(t *testing.T) {
	const tab, pro = fiscaldoc.FromTable, fiscaldoc.FromProse
	tests := []struct {
		name     string
		facts    []fiscaldoc.Fact
		want     []string // kept facts, source:field=value
		checks   []bool   // OK of each check
		problems int
	}{
		{
			name: "agree: the table's fact is kept",
			facts: []fiscaldoc.Fact{
				fact(tab, "income_total", 2022, "actual", "1114.03", 10),
				fact(pro, "income_total", 2022, "actual", "1114.030", 80),
				fact(pro, "income_total", 2022, "actual", "1114.03", 90),
			},
			want:   []string{"table:income_total=1114.03"},
			checks: []bool{true},
		},
		{
			name: "disagree without evidence: the table wins",
			facts: []fiscaldoc.Fact{
				fact(tab, "grand_total", 2022, "actual", "500", 10),
				fact(pro, "grand_total", 2022, "actual", "5000", 80),
			},
			want:     []string{"table:grand_total=500"},
			checks:   []bool{false},
			problems: 1,
		},
		{
			name: "a rounded table cell: the parts support the prose",
			facts: []fiscaldoc.Fact{
				fact(tab, "expenditure_basic", 2023, "actual", "870", 5),
				fact(pro, "expenditure_basic", 2023, "actual", "869.93", 40),
				fact(pro, "personnel_cost", 2023, "actual", "651.63", 41),
				fact(pro, "public_cost", 2023, "actual", "218.3", 42),
			},
			want: []string{
				"prose:expenditure_basic=869.93", "prose:personnel_cost=651.63", "prose:public_cost=218.3",
			},
			checks:   []bool{false},
			problems: 1,
		},
		{
			name: "a digit the OCR added: the whole supports the prose",
			facts: []fiscaldoc.Fact{
				fact(tab, "expenditure_total", 2021, "actual", "300.5", 3),
				fact(tab, "expenditure_project", 2021, "actual", "1120.5", 4),
				fact(tab, "expenditure_basic", 2021, "actual", "180", 5),
				fact(pro, "expenditure_project", 2021, "actual", "120.5", 30),
			},
			want:     []string{"table:expenditure_total=300.5", "table:expenditure_basic=180", "prose:expenditure_project=120.5"},
			checks:   []bool{false},
			problems: 1,
		},
		{
			name: "a rate the budget figures contradict: the table wins",
			facts: []fiscaldoc.Fact{
				fact(tab, "execution_rate", 0, "", "58.31", 600),
				fact(tab, "budget_amount", 2022, "budget", "1910.44", 600),
				fact(tab, "budget_amount", 2022, "actual", "1114.03", 600),
				fact(pro, "execution_rate", 0, "", "100", 596),
			},
			want: []string{
				"table:execution_rate=58.31", "table:budget_amount=1910.44", "table:budget_amount=1114.03",
			},
			checks:   []bool{false},
			problems: 1,
		},
		{
			name: "prose contradicting itself: the first figure stands",
			facts: []fiscaldoc.Fact{
				fact(pro, "grand_total", 2022, "actual", "4125.49", 3),
				fact(pro, "grand_total", 2022, "actual", "4143.91", 3),
				fact(pro, "grand_total", 2022, "actual", "4125.490", 9),
			},
			want:     []string{"prose:grand_total=4125.49", "prose:grand_total=4125.49"},
			checks:   []bool{false},
			problems: 1,
		},
		{
			name: "different keys are left alone",
			facts: []fiscaldoc.Fact{
				fact(tab, "income_total", 2022, "actual", "10", 1),
				fact(pro, "income_total", 2021, "actual", "9", 2),
				fact(pro, "income_total", 2022, "budget", "11", 3),
			},
			want: []string{"table:income_total=10", "prose:income_total=9", "prose:income_total=11"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &fiscaldoc.Document{Facts: tt.facts}
			reconcile(doc)
			var got []string
			for _, f := range doc.Facts {
				got = append(got, f.Source+":"+f.Field+"="+f.Value)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("kept %v, want %v", got, tt.want)
			}
			var oks []bool
			for _, c := range doc.Checks {
				oks = append(oks, c.OK)
				if !strings.HasPrefix(c.Name, "prose vs ") || !strings.Contains(c.Detail, "line") {
					t.Errorf("check %+v: want a named check with both lines", c)
				}
			}
			if fmt.Sprint(oks) != fmt.Sprint(tt.checks) {
				t.Errorf("checks OK %v, want %v", oks, tt.checks)
			}
			if len(doc.Problems) != tt.problems {
				t.Errorf("problems %v, want %d", doc.Problems, tt.problems)
			}
		})
	}
}

// FuzzNarrative feeds the sentence reader arbitrary text, seeded with the
// sample's lines that state figures. Whatever it reads must carry its
// provenance and a canonical number in a known unit.
func FuzzNarrative(f *testing.F) {
	for _, set := range []string{"seeds", "extra"} {
		for _, p := range testutil.Sample(f, set) {
			b, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			for _, l := range strings.Split(string(b), "\n") {
				if strings.ContainsAny(l, "万萬人%分") && utf8.RuneCountInString(l) < 400 {
					f.Add(l)
				}
			}
		}
	}
	f.Add("2016年本單(dān)位“三公”經(jīng)費(fèi)支出合計(jì)3.2萬(wàn)元")
	f.Add("公务用车购\n置及运行费支出决算 2.5 万\n元。")
	f.Add("(1,)2,000.5.万元,1,23万元；(")
	f.Add("项目名称  主管部门")
	f.Add("  缩进 的行 ")
	f.Fuzz(func(t *testing.T, text string) {
		lines := strings.Split(text, "\n")
		for _, l := range lines {
			if want := len(Cells(l)) > 1 || strings.Contains(l, "|"); isTableLine(l) != want {
				t.Fatalf("isTableLine(%q) = %v, want %v (by Cells)", l, !want, want)
			}
		}
		doc := proseDoc(t, 2022, lines...)
		extractNarrative(doc)
		units := map[string]bool{"万元": true, "人": true, "%": true, "分": true}
		for _, fa := range doc.Facts {
			if fa.Source != fiscaldoc.FromProse || fa.Line < 1 || fa.EndLine < fa.Line || fa.EndLine > len(lines) {
				t.Fatalf("%s: provenance %q lines %d-%d of %d", brief(fa), fa.Source, fa.Line, fa.EndLine, len(lines))
			}
			var src []string
			for _, ln := range doc.Lines[fa.Line-1 : fa.EndLine] {
				src = append(src, ln.Text)
			}
			if fa.Raw == "" || !strings.Contains(strings.Join(src, "\n"), fa.Raw) {
				t.Fatalf("%s: raw %q is not the text of lines %d-%d", brief(fa), fa.Raw, fa.Line, fa.EndLine)
			}
			if !units[fa.Unit] || !fa.Num.Valid || fa.Num.Decimal.IsNegative() || fa.Value != normalize.Canonical(fa.Num.Decimal) {
				t.Fatalf("%s: unit %q num %v value %q", brief(fa), fa.Unit, fa.Num, fa.Value)
			}
			if fa.Unit == "万元" && fa.Basis == "" {
				t.Fatalf("%s: money without a basis", brief(fa))
			}
		}
	})
}

// A goldenLine is one line of a narrative golden file: a fact with its
// provenance, or a check.
type goldenLine struct {
	Field   string `json:"field,omitempty"`
	Year    int    `json:"year,omitempty"`
	Basis   string `json:"basis,omitempty"`
	Value   string `json:"value,omitempty"`
	Unit    string `json:"unit,omitempty"`
	Line    int    `json:"line,omitempty"`
	EndLine int    `json:"end_line,omitempty"`
	Check   string `json:"check,omitempty"`
	OK      *bool  `json:"ok,omitempty"`
}

// TestNarrativeGolden reads each extract/testdata/narrative/<case>/input.txt
// with meta (for the fiscal year), the narrative reader and reconciliation,
// and compares the narrative's facts and checks with want.jsonl.
func TestNarrativeGolden(t *testing.T) {
	read := func(doc *fiscaldoc.Document) {
		extractMeta(doc) // the report's fiscal year
		extractNarrative(doc)
	}
	runGolden(t, "narrative", read, reconcile, renderNarrative)
}

// renderNarrative prints the narrative's facts with their provenance, then
// the checks, one JSON object a line.
func renderNarrative(doc *fiscaldoc.Document) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, f := range doc.Facts {
		if f.Source != fiscaldoc.FromProse {
			continue
		}
		enc.Encode(goldenLine{Field: f.Field, Year: f.Year, Basis: f.Basis, Value: f.Value, Unit: f.Unit, Line: f.Line, EndLine: f.EndLine})
	}
	for _, c := range doc.Checks {
		enc.Encode(goldenLine{Check: c.Name, Value: c.Actual.String(), OK: &c.OK})
	}
	return b.Bytes()
}

// BenchmarkNarrative reads the sample's seed reports with the narrative
// reader alone.
func BenchmarkNarrative(b *testing.B) {
	var docs []*fiscaldoc.Document
	for _, p := range testutil.Sample(b, "seeds") {
		docs = append(docs, testutil.Process(b, p, extractMeta, noCheck))
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			facts, checks, problems := d.Facts, d.Checks, d.Problems
			extractNarrative(d)
			d.Facts, d.Checks, d.Problems = facts, checks, problems
		}
	}
}

// TestWordish: a stem is read only where gse's segmentation starts a word
// at it or ends one after it: 实有 in 真实有效 is neither, 编制 in 人员编制
// ends the compound.
func TestWordish(t *testing.T) {
	tests := []struct {
		line, stem string
		want       bool
	}{
		{"核查真实有效人员", "实有", false},
		{"核定人员编制", "编制", true},
		{"在职在编实有人数", "实有", true},
	}
	for _, tt := range tests {
		doc := proseDoc(t, 2022, tt.line)
		p := readPassages(doc)[0]
		i := strings.Index(string(p.text), tt.stem)
		from := utf8.RuneCountInString(string(p.text)[:i])
		r := reader{doc: doc, p: p}
		if got := r.wordish(from, from+utf8.RuneCountInString(tt.stem)); got != tt.want {
			t.Errorf("%s in %s (tokens %q): wordish %v, want %v", tt.stem, tt.line, doc.Tokens[0], got, tt.want)
		}
	}
}

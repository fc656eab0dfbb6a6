package extract

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/internal/gold"
	"github.com/fiscaldoc/fiscaldoc/internal/testutil"
	"github.com/fiscaldoc/fiscaldoc/layout"
	"github.com/fiscaldoc/fiscaldoc/normalize"
	"github.com/shopspring/decimal"
)

// TestSelfEvalGolden runs the self-evaluation extractor and its checks on
// each testdata/selfeval/<case>/input.txt and compares facts, checks,
// repairs and problems with want.jsonl. Cases are named for the layout they cover.
func TestSelfEvalGolden(t *testing.T) {
	// The fiscal year, which money facts carry, is the meta extractor's;
	// its own facts are not part of these cases.
	extract := func(d *fiscaldoc.Document) {
		extractMeta(d)
		d.Facts, d.Problems = nil, nil
		layout.Read(d)
		extractSelfEval(d)
	}
	runGolden(t, "selfeval", extract, noCheck, func(doc *fiscaldoc.Document) []byte { return renderSelfEval(t, doc) })
}

// renderSelfEval prints a document's facts in the gold form (with levels and
// note), then its checks, repairs and problems, one JSON object a line.
func renderSelfEval(t *testing.T, doc *fiscaldoc.Document) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	type factLine struct {
		gold.Fact
		Level1 string `json:"level1,omitempty"`
		Level2 string `json:"level2,omitempty"`
		Note   string `json:"note,omitempty"`
		Line   int    `json:"line"`
	}
	for i, f := range gold.FromDocument(doc) {
		src := doc.Facts[i]
		must(t, enc.Encode(factLine{f, src.Level1, src.Level2, src.Note, src.Line}))
	}
	type checkLine struct {
		Check    string `json:"check"`
		OK       bool   `json:"ok"`
		Expected string `json:"expected"`
		Actual   string `json:"actual"`
		Line     int    `json:"line"`
	}
	for _, c := range doc.Checks {
		must(t, enc.Encode(checkLine{c.Name, c.OK, c.Expected.String(), c.Actual.String(), c.Line}))
	}
	type repairLine struct {
		Repair   string `json:"repair"`
		Line     int    `json:"line"`
		Raw      string `json:"raw"`
		Repaired string `json:"repaired"`
		Evidence string `json:"evidence"`
	}
	for _, r := range doc.Repairs {
		must(t, enc.Encode(repairLine{r.Kind, r.Line, r.Raw, r.Repaired, r.Evidence}))
	}
	for _, p := range doc.Problems {
		must(t, enc.Encode(map[string]string{"problem": p.String()}))
	}
	return b.Bytes()
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestIndicatorValue(t *testing.T) {
	tests := []struct{ in, want string }{
		{"≥ 9 0%", "≥90%"},
		{"> 3500 人次", ">3500人次"},
		{"8 0%", "80%"},
		{"100.00%", "100%"},
		{"≤60分钟", "≤60分钟"},
		{"1年/次", "1年/次"},
		{"2595.76 元", "2595.76元"},
		{"达标", "达标"},
		{"不低于辖区 定点医药机 构总数的 5%", "不低于辖区定点医药机构总数的5%"},
	}
	for _, tt := range tests {
		if got := indicatorValue(tt.in); got != tt.want {
			t.Errorf("indicatorValue(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNumberTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"1505. 48 709. 41", []string{"1505.48", "709.41"}},
		{"20 20", []string{"20", "20"}},
		{"4万", []string{"4万"}},
		{"> 3500 人次", []string{"> 3500 人次"}},
		{"年度资金 总额", []string{"年度资金 总额"}},
	}
	for _, tt := range tests {
		if got := numberTokens(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("numberTokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestJoinWrapped(t *testing.T) {
	tests := []struct{ a, b, want string }{
		{"住院救助", "助人次数", "住院救助人次数"},
		{"道路养护工程验收", "合格率", "道路养护工程验收合格率"},
		{"产出指标", "(50分)", "产出指标(50分)"},
		{"DIP", "付费", "DIP付费"},
		{"Phase", "2", "Phase 2"},
		{"", "标", "标"},
	}
	for _, tt := range tests {
		if got := layout.JoinWrapped(tt.a, tt.b); got != tt.want {
			t.Errorf("layout.JoinWrapped(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestAlign covers how cells find their columns: by position with a shift
// when the layout keeps empty cells, in order when it does not.
func TestAlign(t *testing.T) {
	ind := headerColumns(strings.Split("一级指标\t二级指标\t三级指标\t分值\t年度指标值\t全年实际值\t得分\t未完成原因", "\t"), indicatorKind)
	money := headerColumns(strings.Split("资金情况(万元)\t\t年度资金总额:\t\t全年预算数(A)\t执行数(B)\t分值\t执行率(B/A)\t得分", "\t"), moneyKind)
	tests := []struct {
		name  string
		row   string
		loose bool
		cols  []column
		want  map[colKind]string
	}{
		{"shifted by a leading cell, 分值 empty", "\t\t\t系统运行维护响应时间\t\t60\t60\t5", false, ind,
			map[colKind]string{colL3: "系统运行维护响应时间", colTarget: "60", colAchieved: "60", colScore: "5"}},
		{"levels shifted right", "\t质量指标\t社会效益指标\t经办能力提升\t15\t好坏\t好\t15", false, ind,
			map[colKind]string{colL1: "质量指标", colL2: "社会效益指标", colL3: "经办能力提升", colWeight: "15", colTarget: "好坏", colAchieved: "好", colScore: "15"}},
		{"loose row: two numbers are 分值 and 得分", "质量指标 工程质量合格 10 10", true, ind,
			map[colKind]string{colL2: "质量指标", colL3: "工程质量合格", colWeight: "10", colScore: "10"}},
		{"money cells after an empty 分值", "\t\t\t6万\t6万\t\t90\t100%", false, money,
			map[colKind]string{colBudget: "6万", colExec: "6万", colWeight: "90", colRate: "100%"}},
	}
	for _, tt := range tests {
		var cells []cell
		split := strings.Split(tt.row, "\t")
		if tt.loose {
			split = strings.Fields(tt.row)
		}
		for i, c := range split {
			cells = append(cells, cell{c, i})
		}
		got, ok := align(cells, tt.loose, tt.cols)
		if !ok {
			t.Errorf("%s: no alignment", tt.name)
			continue
		}
		texts := map[colKind]string{}
		for k, c := range got {
			texts[k] = c.text
		}
		if !reflect.DeepEqual(texts, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, texts, tt.want)
		}
	}
}

// FuzzSelfEval feeds arbitrary text to the self-evaluation extractor and
// its checks: they must not panic, and every fact must point at real lines
// and carry a canonical exact number when it has a unit.
func FuzzSelfEval(f *testing.F) {
	dirs, _ := filepath.Glob(filepath.Join("testdata", "selfeval", "*", "input.txt"))
	for _, p := range dirs {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("总分\n\t\n90")
	f.Add("项目名称 主管部门\t\tA B\n三级指标\t分值\t得分\n\tx\t1\t2")
	f.Fuzz(func(t *testing.T, text string) {
		doc := &fiscaldoc.Document{Name: "fuzz.txt"}
		for i, l := range strings.Split(text, "\n") {
			doc.Lines = append(doc.Lines, fiscaldoc.Line{N: i + 1, Raw: l, Text: normalize.Text(l)})
		}
		layout.Read(doc)
		extractSelfEval(doc)
		for _, fact := range doc.Facts {
			if fact.Line < 1 || fact.EndLine < fact.Line || fact.EndLine > len(doc.Lines) {
				t.Errorf("%s: lines %d-%d outside 1-%d", fact.Field, fact.Line, fact.EndLine, len(doc.Lines))
			}
			if fact.Unit != "" && (!fact.Num.Valid || normalize.Canonical(fact.Num.Decimal) != fact.Value) {
				t.Errorf("%s: value %q does not print its number %v", fact.Field, fact.Value, fact.Num)
			}
			if strings.HasPrefix(fact.Field, "indicator_") && fact.Indicator == "" {
				t.Errorf("%s without an indicator", fact.Field)
			}
		}
	})
}

// BenchmarkSelfEval extracts the self-evaluation tables of the sample seeds.
func BenchmarkSelfEval(b *testing.B) {
	var docs []*fiscaldoc.Document
	for _, p := range testutil.Sample(b, "seeds") {
		docs = append(docs, testutil.Process(b, p, noCheck, noCheck))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			parseSelfEval(d)
		}
	}
}

// TestSplitRunTogetherDigits covers the number runs of a run-together
// table: the 资金 row split where 执行率 = 执行数/预算数, the 总分 digits
// split into weight and score.
func TestSplitRunTogetherDigits(t *testing.T) {
	money := headerColumns([]string{"资金情况(万元)", "全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分"}, moneyKind)
	tests := []struct {
		in   string
		want []string
	}{
		{"202010100.00%10", []string{"20", "20", "10", "100.00%", "10"}},
		{"2001801090%9", []string{"200", "180", "10", "90%", "9"}},
		{"2020", nil}, // too few numbers for the columns
	}
	for _, tt := range tests {
		if got := splitMoneyDigits(tt.in, money); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitMoneyDigits(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	points := []struct {
		in   string
		sums []decimal.Decimal
		want []string
	}{
		{"100100", []decimal.Decimal{decimal.NewFromInt(100)}, []string{"100", "100"}},
		{"10097.5", []decimal.Decimal{decimal.NewFromInt(100)}, []string{"100", "97.5"}},
		{"93", []decimal.Decimal{decimal.NewFromInt(100)}, []string{"93"}},
		{"9090", []decimal.Decimal{decimal.NewFromInt(80), decimal.NewFromInt(90)}, []string{"90", "90"}},
	}
	for _, tt := range points {
		if got := splitPoints(tt.in, tt.sums...); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitPoints(%q, %v) = %q, want %q", tt.in, tt.sums, got, tt.want)
		}
	}
}

func TestStutter(t *testing.T) {
	tests := []struct {
		prev, next string
		want       bool
	}{
		{"区医疗保护", "区医疗保健办公室", true},
		{"1、部门预", "1、部门预算项目", true},
		{"区医疗保健", "区医疗保健办公室", true},
		{"区信访局", "、区医保局", false},
		{"区医疗保健", "办公室", false},
		{"区医保局", "区医保局", false},
		{"医保", "医保局", false},
		{"区财政局", "区医保局办公室", false},
	}
	for _, tt := range tests {
		if got := stutter(tt.prev, tt.next); got != tt.want {
			t.Errorf("stutter(%q, %q) = %v, want %v", tt.prev, tt.next, got, tt.want)
		}
	}
}

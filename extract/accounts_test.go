package extract

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/internal/testutil"
	"github.com/fiscaldoc/fiscaldoc/layout"
	"github.com/fiscaldoc/fiscaldoc/normalize"
	"github.com/shopspring/decimal"
)

// goldenRecord is one line of a want.jsonl: a fact, repair, check, code
// name or problem.
type goldenRecord struct {
	Kind     string `json:"kind"`
	Field    string `json:"field,omitempty"`
	Table    string `json:"table,omitempty"`
	Code     string `json:"code,omitempty"`
	Col      string `json:"col,omitempty"`
	Year     int    `json:"year,omitempty"`
	Basis    string `json:"basis,omitempty"`
	Value    string `json:"value,omitempty"`
	Unit     string `json:"unit,omitempty"`
	Line     int    `json:"line,omitempty"`
	EndLine  int    `json:"end_line,omitempty"`
	Name     string `json:"name,omitempty"`
	Expected string `json:"expected,omitempty"`
	Actual   string `json:"actual,omitempty"`
	OK       *bool  `json:"ok,omitempty"`
	Raw      string `json:"raw,omitempty"`
	Evidence string `json:"evidence,omitempty"`
	Msg      string `json:"msg,omitempty"`
}

func goldenRecords(doc *fiscaldoc.Document) []byte {
	var recs []goldenRecord
	for _, f := range doc.Facts {
		recs = append(recs, goldenRecord{Kind: "fact", Field: f.Field, Table: f.Table, Code: f.Code, Col: f.Col,
			Year: f.Year, Basis: f.Basis, Value: f.Value, Unit: f.Unit, Line: f.Line, EndLine: f.EndLine})
	}
	for _, r := range doc.Repairs {
		recs = append(recs, goldenRecord{Kind: "repair:" + r.Kind, Line: r.Line, Raw: r.Raw, Value: r.Repaired, Evidence: r.Evidence})
	}
	for _, c := range doc.Checks {
		ok := c.OK
		recs = append(recs, goldenRecord{Kind: "check", Name: c.Name, Expected: c.Expected.String(),
			Actual: c.Actual.String(), OK: &ok, Line: c.Line})
	}
	for _, c := range doc.Codes {
		recs = append(recs, goldenRecord{Kind: "code", Code: c.Code, Name: c.Name, Year: c.Year, Line: c.Line})
	}
	for _, p := range doc.Problems {
		recs = append(recs, goldenRecord{Kind: "problem:" + p.Kind, Line: p.Line, Msg: p.Msg})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			panic(err)
		}
	}
	return b.Bytes()
}

// TestAccountsGolden runs the final-accounts stages on each
// testdata/accounts/<case>/input.txt (the tables of sample report 003 cut
// one by one, and synthetic variants) and compares facts, repairs, checks
// and problems with want.jsonl.
func TestAccountsGolden(t *testing.T) {
	runGolden(t, "accounts", extractFinalAccounts, noCheck, goldenRecords)
}

// lineDiff lists the lines only in want (-) or only in got (+).
func lineDiff(want, got string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	w, g := in(want), in(got)
	var b strings.Builder
	for _, l := range strings.Split(want, "\n") {
		if !g[l] {
			b.WriteString("- " + l + "\n")
		}
	}
	for _, l := range strings.Split(got, "\n") {
		if !w[l] {
			b.WriteString("+ " + l + "\n")
		}
	}
	return b.String()
}

// TestAccountsChecksHold asserts that every identity of the synthetic and
// sample tables holds: a failed check means a misreading.
func TestAccountsChecksHold(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join("testdata", "accounts", "*"))
	for _, dir := range dirs {
		doc := testutil.Process(t, filepath.Join(dir, "input.txt"), extractFinalAccounts, noCheck)
		for _, c := range doc.Checks {
			if !c.OK {
				t.Errorf("%s: check %s failed: expected %s, actual %s", filepath.Base(dir), c.Name, c.Expected, c.Actual)
			}
		}
	}
}

func TestMatchTitle(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" for no table
	}{
		{"2022 年度收入支出决算总表 (表 1)", "收入支出决算总表"},
		{"2022年度收入决算表(表 2)", "收入决算表"},
		{"2022年度支出决算表(表3)", "支出决算表"},
		{"2022 年度财政拨款收入支出决算总表(表 4)", "财政拨款收入支出决算总表"},
		{"2022 年度一般公共预算财政拨款支出决算表(表 5)", "一般公共预算财政拨款支出决算表"},
		{"2022 年度一般公共预算财政拨款基本支出决算明细表 (表 6)", "一般公共预算财政拨款基本支出决算明细表"},
		{"2022 年度政府性基金预算财政拨款收入支出决算表 (表 7)", "政府性基金预算财政拨款收入支出决算表"},
		{"2022 年度国有资本经营预算财政拨款支出决算表(表8)", "国有资本经营预算财政拨款支出决算表"},
		{`2022 年度财政拨款"三公"经费支出决算表(表 9)`, "财政拨款三公经费支出决算表"},
		{"一、2023年度一般公共预算财政拨款“三公”经费支出决算表", "财政拨款三公经费支出决算表"},
		// Garbled: characters dropped or misread.
		{"2022年度收入支出决箅总表(表1)", "收入支出决算总表"},
		{"2022年度一般公共预箅财政拨款基本支出决算明细表", "一般公共预算财政拨款基本支出决算明细表"},
		{"2022年度政府性基金预算财政拔款收入支出决算表", "政府性基金预算财政拨款收入支出决算表"},
		{"- 五、一般公共预算财政拨款支出决算表(表 5)", "一般公共预算财政拨款支出决算表"},
		// Not tables.
		{"一、收入支出决算总体情况说明", ""},
		{"五、一般公共预算财政拨款支出决算情况说明", ""},
		{"第二部分 武汉市青山区医疗保障局 2022 年度部门决算表", ""},
		{"2022 年度收、支总计 1114.03 万元。", ""},
		{"2022 年度青山区医疗保障局部门整体绩效自评表", ""},
		// 部门预算: the template's names and provinces' titles.
		{"2023年部门收支总表", "部门收支总表"},
		{"表1 2023年收支预算总表", "部门收支总表"},
		{"2023年部门收入总表(表2)", "部门收入总表"},
		{"2023年部门支出总表", "部门支出总表"},
		{"2023年财政拨款收支总表", "财政拨款收支总表"},
		{"2023年一般公共预算支出表", "一般公共预算支出表"},
		{"2023年一般公共预算支出预算表", "一般公共预算支出表"},
		{"2023年一般公共预算财政拨款支出预算表", "一般公共预算支出表"},
		{"2023年一般公共预算基本支出表", "一般公共预算基本支出表"},
		{"2023年政府性基金预算支出表", "政府性基金预算支出表"},
		{"2023年国有资本经营预算支出表", "国有资本经营预算支出表"},
		{"2023年一般公共预算“三公”经费支出表", "一般公共预算三公经费支出表"},
		{"2023年财政拨款收支预算总表", "财政拨款收支总表"},
		// A budget title close to a 决算 name is never given it (issue 16).
		{"2023年一般公共预算财政拨款支出表", "一般公共预算支出表"},
		{"2023年部门预算项目支出明细表", ""},
	}
	for _, tt := range tests {
		got := ""
		if s, _ := matchTitle(normalize.Text(tt.in)); s != nil {
			got = s.name
		}
		if got != tt.want {
			t.Errorf("matchTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestResolveCode(t *testing.T) {
	d := newCodeDict()
	d.add("2013102", "一般行政管理事务")
	d.add("2101502", "一般行政管理事务")
	d.add("2296013", "用于城乡医疗救助的彩票公益金支出")
	d.fromDoc["2013102"], d.fromDoc["2101502"], d.fromDoc["2296013"] = true, true, true
	tests := []struct {
		name   string
		runs   []string
		label  string
		above  string
		want   string
		repair bool
	}{
		{"clean 项", []string{"2101501"}, "行政运行", "21015", "2101501", false},
		{"split columns", []string{"210", "11"}, "行政事业单位医疗", "210", "21011", false},
		{"lost 类 digit", []string{"01"}, "一般公共服务支出", "", "201", true},
		{"split 10150 501", []string{"10150", "501"}, "行政运行", "21015", "2101501", true},
		{"same name, parent decides", []string{"01310", "02"}, "一般行政管理事务", "20131", "2013102", true},
		{"same name, other parent", []string{"10150", "502"}, "一般行政管理事务", "21015", "2101502", true},
		{"valid digits, wrong parent", []string{"29601", "13"}, "用于城乡医疗救助的彩票公益金支出", "22960", "2296013", true},
		{"full code beside its 类", []string{"210", "21015"}, "医疗保障管理事务", "21013", "21015", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, evidence, ok := d.resolve(tt.runs, label(tt.label), tt.above)
			if !ok || got != tt.want || (evidence != "") != tt.repair {
				t.Errorf("resolve(%v, %s) = %q, %q, %v; want %q, repair %v", tt.runs, tt.label, got, evidence, ok, tt.want, tt.repair)
			}
		})
	}
	if got, _, ok := d.resolve([]string{"1"}, "不存在的科目", ""); ok {
		t.Errorf("resolve of an unknown name and no code = %q, want failure", got)
	}
}

// The 三公 fields (data/templates.txt).
const (
	tpTotal     = "three_public_total"
	tpOutbound  = "three_public_outbound"
	tpVehicle   = "three_public_vehicle"
	tpPurchase  = "three_public_vehicle_purchase"
	tpOperation = "three_public_vehicle_operation"
	tpReception = "three_public_reception"
)

func TestThreePublicField(t *testing.T) {
	tests := map[string]string{
		"合 计":          tpTotal,
		"因公出国(境)费":     tpOutbound,
		"公务用车购置及运行维护费": tpVehicle,
		"其中:公务用车运行维护费": tpOperation,
		"公务用车购置费":      tpPurchase,
		"公用运维费":        tpOperation,
		"小计":           tpVehicle,
		"公务接待费":        tpReception,
		"公务用车":         tpVehicle,
		"公车购置":         tpPurchase,
		"二、2023年度情况说明": "",
	}
	for in, want := range tests {
		if got := threePublicField(in); got != want {
			t.Errorf("threePublicField(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestBasicField: the 基础数据表 names 三公 items as the 三公经费 table does,
// and its other rows are not taken for them.
func TestBasicField(t *testing.T) {
	tests := map[string]string{
		"三公经费":        tpTotal,
		"1、因公出国(境)费用": tpOutbound,
		"2、公务用车购置费":   tpPurchase,
		"3、公务用车运行维护费": tpOperation,
		"公车运行维护":      tpOperation,
		"4、公务接待费":     tpReception,
		"机关运行经费":      "org_operation_cost",
		"公用经费":        "public_cost",
		"调整预算数":       "",
		"办公费":         "",
	}
	for in, want := range tests {
		if got := basicField(in); got != want {
			t.Errorf("basicField(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestAccountsYear: without a meta fiscal year the tables' titles give it;
// with one, meta wins.
func TestAccountsYear(t *testing.T) {
	lines := []string{"2021年度支出决算表", "单位:万元", "科目编码\t科目名称\t合计\t基本支出\t项目支出",
		"类款项\t栏次\t1\t2\t3", "201\t一般公共服务支出\t5\t5\t"}
	for _, tt := range []struct{ meta, want int }{{0, 2021}, {2022, 2022}} {
		doc := &fiscaldoc.Document{Meta: fiscaldoc.Meta{FiscalYear: tt.meta}}
		for i, l := range lines {
			doc.Lines = append(doc.Lines, fiscaldoc.Line{N: i + 1, Raw: l, Text: normalize.Text(l)})
		}
		layout.Read(doc)
		extractFinalAccounts(doc)
		if len(doc.Facts) == 0 {
			t.Fatalf("meta %d: no facts", tt.meta)
		}
		for _, f := range doc.Facts {
			if f.Year != tt.want {
				t.Errorf("meta %d: %s %s year %d, want %d", tt.meta, f.Field, f.Col, f.Year, tt.want)
			}
		}
	}
}

// FuzzAccounts feeds arbitrary lines after a table title: no panic, and
// every fact is an exact 万元 amount with a well-formed code.
func FuzzAccounts(f *testing.F) {
	for _, dir := range []string{"table2_income", "table3_expenditure", "table6_economic", "three_public_one_cell_per_line"} {
		b, err := os.ReadFile(filepath.Join("testdata", "accounts", dir, "input.txt"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("2022年度支出决算表\n类款项\t栏次\t1\n201\t\t9")
	f.Fuzz(func(t *testing.T, text string) {
		doc := &fiscaldoc.Document{}
		for i, l := range strings.Split(text, "\n") {
			doc.Lines = append(doc.Lines, fiscaldoc.Line{N: i + 1, Raw: l, Text: normalize.Text(l)})
		}
		layout.Read(doc)
		extractFinalAccounts(doc)
		for _, fa := range doc.Facts {
			if fa.Unit != normalize.WanYuan || !fa.Num.Valid {
				t.Fatalf("fact %+v: not an exact 万元 amount", fa)
			}
			if v, err := decimal.NewFromString(fa.Value); err != nil || !v.Equal(fa.Num.Decimal) {
				t.Fatalf("fact %+v: value does not match Num", fa)
			}
			switch fa.Field {
			case "line_item":
				if !layout.FunctionCode(fa.Code) {
					t.Fatalf("line_item with code %q", fa.Code)
				}
			case "econ_item":
				if !layout.EconomicCode(fa.Code) {
					t.Fatalf("econ_item with code %q", fa.Code)
				}
			}
			if fa.Line < 1 || fa.EndLine < fa.Line || fa.EndLine > len(doc.Lines) {
				t.Fatalf("fact %+v: lines out of range", fa)
			}
		}
	})
}

// TestBudgetNoActual: no figure of a 部门预算 is stored as an actual, and
// no budget table takes a 决算 table's name (issue 16), in every budget
// case of testdata/accounts, read as a dept_budget document.
func TestBudgetNoActual(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join("testdata", "accounts", "budget_*"))
	if len(dirs) == 0 {
		t.Fatal("no budget cases")
	}
	for _, dir := range dirs {
		doc := testutil.Process(t, filepath.Join(dir, "input.txt"), func(doc *fiscaldoc.Document) {
			doc.Meta.DocType = fiscaldoc.DeptBudget
			extractFinalAccounts(doc)
			extractNarrative(doc)
		}, noCheck)
		if len(doc.Facts) == 0 {
			t.Errorf("%s: no facts", filepath.Base(dir))
		}
		for _, f := range doc.Facts {
			if f.Unit == normalize.WanYuan && f.Basis != fiscaldoc.Budget {
				t.Errorf("%s: line %d %s %s has basis %q, want budget", filepath.Base(dir), f.Line, f.Field, f.Value, f.Basis)
			}
			if strings.Contains(f.Table, "决算") {
				t.Errorf("%s: line %d %s labelled with the 决算 table %s", filepath.Base(dir), f.Line, f.Field, f.Table)
			}
		}
	}
}

// TestBasisOf: a 预算 table's every column is budget; a 决算 table's
// columns are actual unless they name a budget.
func TestBasisOf(t *testing.T) {
	final, plan := specOf(kindGeneral, fiscaldoc.Actual), specOf(kindGeneral, fiscaldoc.Budget)
	tests := []struct {
		spec *tableSpec
		col  string
		want string
	}{
		{final, colExpTotal, fiscaldoc.Actual},
		{final, colActual, fiscaldoc.Actual},
		{final, "年初预算数", fiscaldoc.InitialBudget},
		{final, "全年预算数", fiscaldoc.Budget},
		{final, "调整预算数", fiscaldoc.Budget},
		{final, colBudgetNum, fiscaldoc.Budget},
		{final, colGeneralBudget, fiscaldoc.Actual},
		{plan, colExpTotal, fiscaldoc.Budget},
		{plan, colActual, fiscaldoc.Budget},
	}
	for _, tt := range tests {
		if got := tt.spec.basisOf(tt.col); got != tt.want {
			t.Errorf("%s.basisOf(%s) = %s, want %s", tt.spec.name, tt.col, got, tt.want)
		}
	}
}

// TestReflow: a 总表 side whose label text flowed a line early takes back
// each numbered label on the row where it ends; labels that did not flow,
// and the totals below, stay as printed.
func TestReflow(t *testing.T) {
	tests := []struct{ in, want []string }{
		{
			in:   []string{"", "一、一般公共预算财政拨款收入二、政府性基", "金预算财政拨款收入", "三、其他收入", "本年收入合计"},
			want: []string{"", "一、一般公共预算财政拨款收入", "二、政府性基金预算财政拨款收入", "三、其他收入", "本年收入合计"},
		},
		{
			in:   []string{"一、一般公", "共预算财政拨款收入", "二、政府性基金预算财政拨款收入三、国有资", "本经营预算财政拨款收入", "总计"},
			want: []string{"", "一、一般公共预算财政拨款收入", "二、政府性基金预算财政拨款收入", "三、国有资本经营预算财政拨款收入", "总计"},
		},
		{
			in:   []string{"", "一、财政拨款收入", "其中:一般公共预算", "二、事业收入"},
			want: []string{"", "一、财政拨款收入", "其中:一般公共预算", "二、事业收入"},
		},
	}
	for _, tt := range tests {
		if got := reflow(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("reflow(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

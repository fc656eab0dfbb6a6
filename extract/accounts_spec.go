package extract

import (
	"regexp"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize"
)

// The national templates of the 部门决算 and 部门预算 tables, as data. Each
// tableSpec names one template table, the titles provinces print for it,
// its basis (a 决算 table is actual, a 预算 table budget), its value columns
// with the header words that name them, and the identity of its rows
// (total = Σ parts). A table's kind says how it is read and checked; both
// families share the kinds, since their tables have the same shapes.
// Adding a province's title, or a table, is a change to tableSpecs.

// Kinds of template table, in the order of the standard report.
const (
	kindSummary      = iota // 收入支出决算总表, 部门收支总表
	kindIncome              // 收入决算表, 部门收入总表
	kindExpenditure         // 支出决算表, 部门支出总表
	kindFiscalSum           // 财政拨款收入支出决算总表, 财政拨款收支总表
	kindGeneral             // 一般公共预算财政拨款支出决算表, 一般公共预算支出表
	kindEconomic            // 一般公共预算财政拨款基本支出决算明细表, 一般公共预算基本支出表
	kindGovFund             // 政府性基金预算财政拨款收入支出决算表, 政府性基金预算支出表
	kindStateCapital        // 国有资本经营预算财政拨款支出决算表, 国有资本经营预算支出表
	kindThreePublic         // 财政拨款"三公"经费支出决算表, 一般公共预算"三公"经费支出表
)

// Standard column names (the `col` of line items).
const (
	colIncomeTotal   = "本年收入合计"
	colFiscal        = "财政拨款收入"
	colExpTotal      = "本年支出合计"
	colBasic         = "基本支出"
	colProject       = "项目支出"
	colIncome        = "本年收入"
	colCarryBegin    = "年初结转和结余"
	colCarryEnd      = "年末结转和结余"
	colActual        = "决算数"
	colBudgetNum     = "预算数"
	colTotal         = "合计"
	colGeneralBudget = "一般公共预算财政拨款"
	colGovFund       = "政府性基金预算财政拨款"
	colStateCapital  = "国有资本经营预算财政拨款"
	colPersonnel     = "人员经费"
	colPublic        = "公用经费"
)

// A colSpec is a standard column and the header words that name it; the
// longest key found in a header column wins.
type colSpec struct {
	name string
	keys []string
}

// A tableSpec describes one template table.
type tableSpec struct {
	kind   int
	name   string   // template name, the `table` of line items
	titles []string // provincial titles that stand for it
	basis  string   // fiscaldoc.Actual (决算) or fiscaldoc.Budget (预算)
	cols   []colSpec
	total  string // the column that is the sum of parts
	parts  []string
}

func (s *tableSpec) coded() bool { return len(s.cols) > 0 }

// basisOf decides the basis of a figure in column col of a table of this
// spec: the one place budget and actual are told apart. Every figure of a
// 预算 table is budget; in a 决算 table a column that says 年初预算 is the
// initial budget, one that says 全年预算, 调整预算 or 预算数 the budget,
// any other the actual.
func (s *tableSpec) basisOf(col string) string {
	switch {
	case s.basis == fiscaldoc.Budget:
		return fiscaldoc.Budget
	case strings.Contains(col, "年初预算"):
		return fiscaldoc.InitialBudget
	case strings.Contains(col, "全年预算"), strings.Contains(col, "调整预算"), strings.Contains(col, colBudgetNum):
		return fiscaldoc.Budget
	}
	return fiscaldoc.Actual
}

var (
	incomeCols = []colSpec{
		{colIncomeTotal, []string{"本年收入合计", "本年收入", "合计"}},
		{colFiscal, []string{"财政拨款收入", "财政拨款"}},
		{"上级补助收入", []string{"上级补助收入", "上级补助"}},
		{"事业收入", []string{"事业收入", "事业"}},
		{"经营收入", []string{"经营收入", "经营"}},
		{"附属单位上缴收入", []string{"附属单位上缴收入", "附属单位", "附属"}},
		{"其他收入", []string{"其他收入", "其他"}},
	}
	expenditureCols = []colSpec{
		{colExpTotal, []string{"本年支出合计", "合计", "小计"}},
		{colBasic, []string{"基本支出", "基本"}},
		{colProject, []string{"项目支出", "项目支"}},
		{"上缴上级支出", []string{"上缴上级支出", "上缴上级", "上缴"}},
		{"经营支出", []string{"经营支出", "经营"}},
		{"对附属单位补助支出", []string{"对附属单位补助支出", "附属单位", "补助支出", "附属"}},
	}
	spendCols = []colSpec{
		{colExpTotal, []string{"本年支出合计", "合计", "小计"}},
		{colBasic, []string{"基本支出", "基本"}},
		{colProject, []string{"项目支出", "项目支"}},
	}
	govFundCols = []colSpec{
		{colCarryBegin, []string{"年初结转和结余", "年初"}},
		{colIncome, []string{"本年收入", "收入"}},
		{colExpTotal, []string{"本年支出合计", "合计", "小计"}},
		{colBasic, []string{"基本支出", "基本"}},
		{colProject, []string{"项目支出", "项目支"}},
		{colCarryEnd, []string{"年末结转和结余", "年末"}},
	}
	// The 部门收入总表 of a 部门预算: 合计 is the carry-over plus the year's
	// income by source.
	budgetIncomeCols = []colSpec{
		{colTotal, []string{"合计", "总计"}},
		{"上年结转", []string{"上年结转", "结转"}},
		{"一般公共预算拨款收入", []string{"一般公共预算", "一般公共"}},
		{"政府性基金预算拨款收入", []string{"政府性基金", "基金"}},
		{"国有资本经营预算拨款收入", []string{"国有资本经营", "国有资本"}},
		{"财政专户管理资金收入", []string{"财政专户", "专户"}},
		{"事业收入", []string{"事业收入", "事业"}},
		{"上级补助收入", []string{"上级补助收入", "上级补助"}},
		{"附属单位上缴收入", []string{"附属单位上缴收入", "附属单位", "附属"}},
		{"事业单位经营收入", []string{"经营收入", "经营"}},
		{"其他收入", []string{"其他收入", "其他"}},
	}
	budgetExpenditureCols = []colSpec{
		{colExpTotal, []string{"本年支出合计", "合计", "小计"}},
		{colBasic, []string{"基本支出", "基本"}},
		{colProject, []string{"项目支出", "项目支"}},
		{"上缴上级支出", []string{"上缴上级支出", "上缴上级", "上缴"}},
		{"事业单位经营支出", []string{"经营支出", "经营"}},
		{"对下级单位补助支出", []string{"对下级单位补助支出", "对附属单位补助支出", "下级单位", "附属单位", "补助支出"}},
	}
)

const (
	actual = fiscaldoc.Actual
	budget = fiscaldoc.Budget
)

var tableSpecs = []*tableSpec{
	// 部门决算
	{kind: kindSummary, basis: actual, name: "收入支出决算总表"},
	{kind: kindIncome, basis: actual, name: "收入决算表", cols: incomeCols, total: colIncomeTotal,
		parts: []string{colFiscal, "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"}},
	{kind: kindExpenditure, basis: actual, name: "支出决算表", cols: expenditureCols, total: colExpTotal,
		parts: []string{colBasic, colProject, "上缴上级支出", "经营支出", "对附属单位补助支出"}},
	{kind: kindFiscalSum, basis: actual, name: "财政拨款收入支出决算总表"},
	{kind: kindGeneral, basis: actual, name: "一般公共预算财政拨款支出决算表", cols: spendCols, total: colExpTotal,
		parts: []string{colBasic, colProject}},
	{kind: kindEconomic, basis: actual, name: "一般公共预算财政拨款基本支出决算明细表",
		titles: []string{"一般公共预算财政拨款基本支出决算表"}},
	{kind: kindGovFund, basis: actual, name: "政府性基金预算财政拨款收入支出决算表", cols: govFundCols, total: colExpTotal,
		parts: []string{colBasic, colProject}},
	{kind: kindStateCapital, basis: actual, name: "国有资本经营预算财政拨款支出决算表", cols: spendCols, total: colExpTotal,
		parts: []string{colBasic, colProject}},
	{kind: kindThreePublic, basis: actual, name: "财政拨款三公经费支出决算表"},

	// 部门预算
	{kind: kindSummary, basis: budget, name: "部门收支总表",
		titles: []string{"收支预算总表", "部门收支预算总表", "收支总表"}},
	{kind: kindIncome, basis: budget, name: "部门收入总表", cols: budgetIncomeCols, total: colTotal,
		titles: []string{"收入预算总表", "部门收入预算总表", "收入总表"},
		parts: []string{"上年结转", "一般公共预算拨款收入", "政府性基金预算拨款收入", "国有资本经营预算拨款收入",
			"财政专户管理资金收入", "事业收入", "上级补助收入", "附属单位上缴收入", "事业单位经营收入", "其他收入"}},
	{kind: kindExpenditure, basis: budget, name: "部门支出总表", cols: budgetExpenditureCols, total: colExpTotal,
		titles: []string{"支出预算总表", "部门支出预算总表", "支出总表"},
		parts:  []string{colBasic, colProject, "上缴上级支出", "事业单位经营支出", "对下级单位补助支出"}},
	{kind: kindFiscalSum, basis: budget, name: "财政拨款收支总表",
		titles: []string{"财政拨款收支预算总表", "财政拨款收入支出预算总表"}},
	{kind: kindGeneral, basis: budget, name: "一般公共预算支出表", cols: spendCols, total: colExpTotal,
		titles: []string{"一般公共预算支出预算表", "一般公共预算财政拨款支出预算表", "一般公共预算财政拨款支出表"},
		parts:  []string{colBasic, colProject}},
	{kind: kindEconomic, basis: budget, name: "一般公共预算基本支出表",
		titles: []string{"一般公共预算基本支出预算表", "一般公共预算财政拨款基本支出预算表", "一般公共预算财政拨款基本支出表"}},
	{kind: kindGovFund, basis: budget, name: "政府性基金预算支出表", cols: spendCols, total: colExpTotal,
		titles: []string{"政府性基金预算支出预算表", "政府性基金预算财政拨款支出预算表", "政府性基金预算财政拨款支出表"},
		parts:  []string{colBasic, colProject}},
	{kind: kindStateCapital, basis: budget, name: "国有资本经营预算支出表", cols: spendCols, total: colExpTotal,
		titles: []string{"国有资本经营预算支出预算表", "国有资本经营预算财政拨款支出预算表", "国有资本经营预算财政拨款支出表"},
		parts:  []string{colBasic, colProject}},
	{kind: kindThreePublic, basis: budget, name: "一般公共预算三公经费支出表",
		titles: []string{"财政拨款三公经费支出预算表", "三公经费支出预算表", "三公经费预算表"}},
}

// specOf returns the spec of the given kind and basis.
func specOf(kind int, basis string) *tableSpec {
	for _, s := range tableSpecs {
		if s.kind == kind && s.basis == basis {
			return s
		}
	}
	return nil
}

var (
	yearPrefix = regexp.MustCompile(`(19|20)\d{2}年度?`)
	// tableNumber is a table's number or continuation mark: (表1), 表 2, 附表3, (续).
	tableNumber = regexp.MustCompile(`附?[(]?表\s*\d+[)]?|[(]?续[)]?|[(]?续表[)]?`)
	listMarker  = regexp.MustCompile(`^[-\s]*([一二三四五六七八九十]+、|\d+[.、])`)
	// notFiscal marks the titles of tables that are none of the templates'
	// (indicator and evaluation tables).
	notFiscal = regexp.MustCompile(`绩效|评价|自评|目标|指标`)
)

// titleQuotes are the quotes a table title may print around its name.
var titleQuotes = strings.NewReplacer("“", "", "”", "", `"`, "", "'", "", "‘", "", "’", "")

// matchTitle returns the spec whose name or provincial title the line
// prints. A title that says 决 (决算, or 决箅 garbled) is matched among
// the 决算 tables only, any other among the 预算 tables, so a budget table
// never takes a 决算 table's name; a 算 that is neither 决算 nor 预算 is no
// guess. Within the family at least 85% of a name's characters must appear
// in order (OCR slips), and the name explaining more of the line wins. A
// line naming 三公 can only be the 三公 table. fiscal reports a line that
// reads as the title of a 预算 or 决算 table whether or not a spec matched.
func matchTitle(text string) (spec *tableSpec, fiscal bool) {
	if !strings.Contains(text, "表") {
		return nil, false
	}
	s := normalize.Squash(text)
	if strings.Contains(s, "说明") || strings.Contains(s, "情况") {
		return nil, false
	}
	s = listMarker.ReplaceAllString(s, "")
	s = yearPrefix.ReplaceAllString(s, "")
	s = tableNumber.ReplaceAllString(s, "")
	s = titleQuotes.Replace(s)
	rs := []rune(s)
	if len(rs) > 45 || len(rs) == 0 {
		return nil, false
	}
	fiscal = !notFiscal.MatchString(s) && strings.HasSuffix(s, "表") &&
		(strings.Contains(s, "算") || strings.Contains(s, "收") || strings.Contains(s, "支") || strings.Contains(s, "三公"))
	var basis string
	switch {
	case strings.Contains(s, "决"):
		basis = actual
	case strings.Count(s, "算") > strings.Count(s, "预算"):
		return nil, fiscal // 算 of a garbled 决算 or 预算: no guess
	default:
		basis = budget
	}
	sangong := strings.Contains(s, "三公")
	bestLCS, bestLen := 0, 0
	for _, sp := range tableSpecs {
		if sp.basis != basis || sangong != (sp.kind == kindThreePublic) {
			continue
		}
		for _, name := range append([]string{sp.name}, sp.titles...) {
			n := []rune(name)
			l := lcs(n, rs)
			if l*100 < len(n)*85 {
				continue
			}
			// Prefer the name that explains more of the line, then the one
			// the line prints more completely.
			if spec == nil || l > bestLCS || l == bestLCS && len(n) < bestLen {
				spec, bestLCS, bestLen = sp, l, len(n)
			}
		}
	}
	if spec == nil && sangong && fiscal {
		spec = specOf(kindThreePublic, basis)
	}
	return spec, fiscal || spec != nil
}

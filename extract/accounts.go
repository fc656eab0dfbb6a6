package extract

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize"
)

// The 部门决算 tables. A final-accounts report prints up to nine standard
// tables; each is found by its title (matched loosely, OCR garbles titles),
// read with its unit line, and turned into line items, economic items and
// money fields. The reading is pure (parseAccounts), so the checker can
// re-read the tables to evaluate the accounting identities.

// Table kinds, in the order of the standard report.
const (
	kindSummary      = iota // 收入支出决算总表
	kindIncome              // 收入决算表
	kindExpenditure         // 支出决算表
	kindFiscalSum           // 财政拨款收入支出决算总表
	kindGeneral             // 一般公共预算财政拨款支出决算表
	kindEconomic            // 一般公共预算财政拨款基本支出决算明细表
	kindGovFund             // 政府性基金预算财政拨款收入支出决算表
	kindStateCapital        // 国有资本经营预算财政拨款支出决算表
	kindThreePublic         // 财政拨款"三公"经费支出决算表
)

// Standard column names (the `col` of line items).
const (
	colIncomeTotal   = "本年收入合计"
	colFiscal        = "财政拨款收入"
	colUpper         = "上级补助收入"
	colBusiness      = "事业收入"
	colOperating     = "经营收入"
	colAffiliated    = "附属单位上缴收入"
	colOtherIncome   = "其他收入"
	colExpTotal      = "本年支出合计"
	colBasic         = "基本支出"
	colProject       = "项目支出"
	colToUpper       = "上缴上级支出"
	colOperatingExp  = "经营支出"
	colToAffiliated  = "对附属单位补助支出"
	colIncome        = "本年收入"
	colCarryBegin    = "年初结转和结余"
	colCarryEnd      = "年末结转和结余"
	colActual        = "决算数"
	colGeneralBudget = "一般公共预算财政拨款"
	colGovFund       = "政府性基金预算财政拨款"
	colStateCapital  = "国有资本经营预算财政拨款"
)

// A colSpec is a standard column and the header words that name it; the
// longest key found in a header column wins.
type colSpec struct {
	name string
	keys []string
}

// A tableSpec describes one standard table.
type tableSpec struct {
	kind  int
	name  string    // official name, the `table` of line items
	cols  []colSpec // value columns in template order (coded tables)
	total string    // the column that is the sum of parts
	parts []string
}

var (
	incomeCols = []colSpec{
		{colIncomeTotal, []string{"本年收入合计", "本年收入", "合计"}},
		{colFiscal, []string{"财政拨款收入", "财政拨款"}},
		{colUpper, []string{"上级补助收入", "上级补助"}},
		{colBusiness, []string{"事业收入", "事业"}},
		{colOperating, []string{"经营收入", "经营"}},
		{colAffiliated, []string{"附属单位上缴收入", "附属单位", "附属"}},
		{colOtherIncome, []string{"其他收入", "其他"}},
	}
	expenditureCols = []colSpec{
		{colExpTotal, []string{"本年支出合计", "合计", "小计"}},
		{colBasic, []string{"基本支出", "基本"}},
		{colProject, []string{"项目支出", "项目支"}},
		{colToUpper, []string{"上缴上级支出", "上缴上级", "上缴"}},
		{colOperatingExp, []string{"经营支出", "经营"}},
		{colToAffiliated, []string{"对附属单位补助支出", "附属单位", "补助支出", "附属"}},
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
)

var tableSpecs = []*tableSpec{
	{kind: kindSummary, name: "收入支出决算总表"},
	{kind: kindIncome, name: "收入决算表", cols: incomeCols, total: colIncomeTotal,
		parts: []string{colFiscal, colUpper, colBusiness, colOperating, colAffiliated, colOtherIncome}},
	{kind: kindExpenditure, name: "支出决算表", cols: expenditureCols, total: colExpTotal,
		parts: []string{colBasic, colProject, colToUpper, colOperatingExp, colToAffiliated}},
	{kind: kindFiscalSum, name: "财政拨款收入支出决算总表"},
	{kind: kindGeneral, name: "一般公共预算财政拨款支出决算表", cols: spendCols, total: colExpTotal,
		parts: []string{colBasic, colProject}},
	{kind: kindEconomic, name: "一般公共预算财政拨款基本支出决算明细表"},
	{kind: kindGovFund, name: "政府性基金预算财政拨款收入支出决算表", cols: govFundCols, total: colExpTotal,
		parts: []string{colBasic, colProject}},
	{kind: kindStateCapital, name: "国有资本经营预算财政拨款支出决算表", cols: spendCols, total: colExpTotal,
		parts: []string{colBasic, colProject}},
	{kind: kindThreePublic, name: "财政拨款三公经费支出决算表"},
}

func (s *tableSpec) coded() bool { return len(s.cols) > 0 }

// A table is one printed table: its title line, unit and body lines (up to
// the next title or part heading).
type table struct {
	spec  *tableSpec
	title fiscaldoc.Line
	unit  string // normalize.WanYuan, Yuan or YiYuan
	body  []fiscaldoc.Line
}

var (
	partHeading = regexp.MustCompile(`^第[一二三四五六七八九十]+部分`)
	yearPrefix  = regexp.MustCompile(`(19|20)\d{2}年度?`)
	tableNumber = regexp.MustCompile(`[(]?表\s*\d+[)]?|[(]?续[)]?`)
	listMarker  = regexp.MustCompile(`^[-\s]*([一二三四五六七八九十]+、|\d+[.、])`)
	unitLine    = regexp.MustCompile(`(单位|单|位)\s*[:：]?\s*(万元|亿元|元)`)
)

// titleQuotes are the quotes a table title may print around its name.
var titleQuotes = strings.NewReplacer("“", "", "”", "", `"`, "", "'", "", "‘", "", "’", "")

// titleKind returns the spec whose name the line prints, allowing for OCR
// slips: at least 85% of the name's characters must appear in order, the
// line must say 表 and must not be a 说明 heading. A line naming 三公 can
// only be the 三公 table.
func titleKind(text string) *tableSpec {
	if !strings.Contains(text, "表") {
		return nil
	}
	s := normalize.Squash(text)
	if strings.Contains(s, "说明") || strings.Contains(s, "情况") {
		return nil
	}
	s = listMarker.ReplaceAllString(s, "")
	s = yearPrefix.ReplaceAllString(s, "")
	s = tableNumber.ReplaceAllString(s, "")
	s = titleQuotes.Replace(s)
	rs := []rune(s)
	if len(rs) > 45 {
		return nil
	}
	sangong := strings.Contains(s, "三公")
	var best *tableSpec
	bestLCS := 0
	for _, spec := range tableSpecs {
		if sangong != (spec.kind == kindThreePublic) {
			continue
		}
		name := []rune(spec.name)
		l := lcs(name, rs)
		if l*100 < len(name)*85 {
			continue
		}
		// Prefer the spec that explains more of the line, then the longer name.
		if best == nil || l > bestLCS || l == bestLCS && len(name) > len([]rune(best.name)) {
			best, bestLCS = spec, l
		}
	}
	return best
}

// lcs returns the length of the longest common subsequence of a and b.
func lcs(a, b []rune) int {
	var rows [2][48]int // on the stack for the short texts it compares
	prev, cur := rows[0][:], rows[1][:]
	if len(b)+1 > len(prev) {
		prev, cur = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	prev, cur = prev[:len(b)+1], cur[:len(b)+1]
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// findTables splits the document into tables. A repeated title of the same
// kind right after a table (a page break, "(续)") continues it.
func findTables(doc *fiscaldoc.Document) []*table {
	var tables []*table
	var cur *table
	for _, ln := range doc.Lines {
		if ln.Furniture {
			continue
		}
		if spec := titleKind(ln.Text); spec != nil {
			if cur != nil && cur.spec == spec && hasRows(cur) && strings.Contains(ln.Text, "续") {
				continue
			}
			cur = &table{spec: spec, title: ln, unit: titleUnit(ln.Text)}
			tables = append(tables, cur)
			continue
		}
		if cur == nil {
			continue
		}
		if partHeading.MatchString(strings.TrimSpace(ln.Text)) {
			cur = nil
			continue
		}
		if cur.unit == "" && strings.Contains(ln.Text, "元") { // in every unit line
			if m := unitLine.FindStringSubmatch(ln.Text); m != nil && !hasRows(cur) {
				cur.unit = m[2]
			}
		}
		cur.body = append(cur.body, ln)
	}
	for _, t := range tables {
		if t.unit == "" {
			t.unit = normalize.WanYuan
		}
	}
	return tables
}

func titleUnit(text string) string {
	if m := unitLine.FindStringSubmatch(text); m != nil {
		return m[2]
	}
	return ""
}

func hasRows(t *table) bool {
	for _, ln := range t.body {
		if strings.Contains(ln.Text, "\t") || strings.Contains(ln.Text, "|") {
			return true
		}
	}
	return false
}

// tablesYear is the year the tables report on: the meta extractor's, or,
// when it found none, the most common year printed in the table titles.
func tablesYear(doc *fiscaldoc.Document, tables []*table) int {
	if doc.Meta.FiscalYear != 0 {
		return doc.Meta.FiscalYear
	}
	count := map[int]int{}
	best := 0
	for _, t := range tables {
		m := yearPrefix.FindString(normalize.Squash(t.title.Text))
		if m == "" {
			continue
		}
		y, _ := strconv.Atoi(m[:4])
		count[y]++
		if count[y] > count[best] {
			best = y
		}
	}
	return best
}

// extractFinalAccounts reads the 部门决算 tables of doc into facts, and
// stores the tables' identities as checks from the same reading.
func extractFinalAccounts(doc *fiscaldoc.Document) {
	a := parseAccounts(doc)
	doc.Facts = append(doc.Facts, a.facts...)
	doc.Repairs = append(doc.Repairs, a.repairs...)
	doc.Codes = append(doc.Codes, a.codes...)
	doc.Problems = append(doc.Problems, a.problems...)
	doc.Checks = append(doc.Checks, a.checks()...)
}

package synth

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/internal/gold"
)

// A plan is a department-year's budget: what its 部门预算 prints and what
// its 部门决算 spends from.
type plan struct {
	items []spending // the 项 in code order, the 政府性基金 item (synthFund) last if any
	three three      // the 三公经费 budget
}

// plan draws the budget of the document's place, department and year from
// a source of its own, so that the 部门预算 and the 部门决算 of one
// department-year agree, whichever documents of the corpus they are.
func (g *synth) plan() plan {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s|%s|%d", g.place.Code, g.dept.name, g.year)
	r := rand.New(rand.NewPCG(uint64(g.seed)^0xb0d6e7, h.Sum64()))
	var p plan
	for _, it := range append(append([]synthItem{}, g.dept.items...), synthCommon...) {
		s := spending{synthItem: it}
		if it.project {
			s.project = drawAmount(r, 1, 900)
		} else {
			s.basic = drawAmount(r, 5, 300)
		}
		p.items = append(p.items, s)
	}
	slices.SortStableFunc(p.items, func(a, b spending) int { return strings.Compare(a.code, b.code) })
	if r.IntN(3) == 0 {
		p.items = append(p.items, spending{synthItem: synthFund, project: drawAmount(r, 1, 60)})
	}
	p.three = drawThree(r)
	return p
}

// executed draws what was spent of a budget: 60–105% of it, nothing of
// nothing.
func (g *synth) executed(m money) money {
	if m == 0 {
		return 0
	}
	return max(1, money(int64(m)*int64(60+g.rng.IntN(46))/100))
}

// budgetTitles are the titles a 部门预算 is published under (org, year).
var budgetTitles = []string{"%[1]s%[2]d年部门预算", "%[2]d年%[1]s部门预算公开", "%[1]s%[2]d年度部门预算情况说明"}

// budgetTables are the tables of the national 部门预算 template, in the
// standard order, each with the titles provinces print for it: the
// template's name first (FACTS.md), then the provincial variants.
var budgetTables = [][]string{
	{"部门收支总表", "收支预算总表", "部门收支预算总表", "收支总表"},
	{"部门收入总表", "收入预算总表", "部门收入预算总表", "收入总表"},
	{"部门支出总表", "支出预算总表", "部门支出预算总表", "支出总表"},
	{"财政拨款收支总表", "财政拨款收支预算总表", "财政拨款收入支出预算总表"},
	{"一般公共预算支出表", "一般公共预算支出预算表", "一般公共预算财政拨款支出预算表", "一般公共预算财政拨款支出表"},
	{"一般公共预算基本支出表", "一般公共预算基本支出预算表", "一般公共预算财政拨款基本支出预算表", "一般公共预算财政拨款基本支出表"},
	{`一般公共预算"三公"经费支出表`, `财政拨款"三公"经费支出预算表`, `"三公"经费支出预算表`, `"三公"经费预算表`},
	{"政府性基金预算支出表", "政府性基金预算支出预算表", "政府性基金预算财政拨款支出预算表", "政府性基金预算财政拨款支出表"},
	{"国有资本经营预算支出表", "国有资本经营预算支出预算表", "国有资本经营预算财政拨款支出预算表", "国有资本经营预算财政拨款支出表"},
}

// Template names of the 部门预算 tables that carry line items.
const (
	tblIncome      = "部门收入总表"
	tblExpenditure = "部门支出总表"
	tblGeneral     = "一般公共预算支出表"
	tblEconomic    = "一般公共预算基本支出表"
	tblGovFund     = "政府性基金预算支出表"
)

// budgetIncomes are the income columns of the 部门收入总表 after 合计, and
// the rows of the 部门收支总表's income side: the template's, or the
// shorter list some provinces print.
var budgetIncomes = [][]string{
	{"上年结转", "一般公共预算拨款收入", "政府性基金预算拨款收入", "国有资本经营预算拨款收入", "财政专户管理资金收入",
		"事业收入", "上级补助收入", "附属单位上缴收入", "事业单位经营收入", "其他收入"},
	{"上年结转", "一般公共预算拨款收入", "政府性基金预算拨款收入", "事业收入", "其他收入"},
}

// deptBudget writes a 部门预算 of the national template: the plan of the
// department-year in the template's tables, each under a title drawn from
// the provinces' variants, then the 说明 with its 机关运行经费 and 政府采购
// budget. Every figure is the budget of the document's year.
func (g *synth) deptBudget(date string) {
	y, org := g.year, g.org
	p := g.plan()
	rows := tree(p.items)
	basic, project, fund := sums(p.items)
	total := basic + project
	general := total - fund
	public := money(int64(basic) * int64(8+g.rng.IntN(15)) / 100)
	personnel := basic - public
	bud := func(field string, m money) { g.moneyFact(field, y, fiscaldoc.Budget, m) }
	lineItem := func(table, code, col string, m money) { g.lineItem(table, code, col, fiscaldoc.Budget, m) }
	number := 0
	head := func(table int) {
		number++
		titles := budgetTables[table]
		g.tableHead(fmt.Sprintf("%s(表%d)", titles[g.rng.IntN(len(titles))], number))
	}
	fundOf := func(code string) bool { return strings.HasPrefix(code, synthFund.code[:3]) }
	codeHead := g.maybeNoisy("科目编码", 3) + "\t\t科目名称"

	g.running = fmt.Sprintf(budgetTitles[g.rng.IntN(len(budgetTitles))], org, y)
	g.line("%s", g.running)
	g.line("")
	g.line("%s", date)
	g.line("")
	g.line("第一部分 %s概况", org)
	g.line("")
	g.line("一、主要职能")
	g.line("")
	g.line("%s贯彻落实党中央和省委、市委关于%s工作的方针政策和决策部署,落实%s工作要求。", org, strings.TrimSuffix(g.dept.name, "局"), g.place.County)
	g.line("")
	g.line("第二部分 %s%d年部门预算表", org, y)
	g.line("")

	// 部门收支总表: income by source, spending by 类.
	incomes := budgetIncomes[g.rng.IntN(len(budgetIncomes))]
	byClass := map[string]money{}
	for _, r := range rows {
		if len(r.code) == 3 {
			byClass[r.code] = r.basic + r.project
		}
	}
	incomeOf := map[string]money{"一般公共预算拨款收入": general, "政府性基金预算拨款收入": fund}
	head(0)
	t := g.table(false)
	t.tsv(rowHead, "收入\t\t支出\t")
	t.tsv(rowHead, "项目\t预算数\t项目\t预算数")
	for i, c := range synthClasses {
		left := "\t"
		if i+1 < len(incomes) {
			left = chineseNumber(i+1) + "、" + incomes[i+1] + "\t" + g.cell(incomeOf[incomes[i+1]])
		}
		t.tsv(rowMoney, "%s\t%s、%s\t%s", left, chineseNumber(i+1), c.name, g.cell(byClass[c.code]))
	}
	t.tsv(rowMoney, "本年收入合计\t%s\t本年支出合计\t%s", g.num(total), g.num(total))
	t.tsv(rowMoney, "上年结转结余\t\t年末结转结余\t")
	t.tsv(rowMoney, "收入总计\t%s\t支出总计\t%s", g.num(total), g.num(total))
	t.end()
	g.line("")
	bud("income_general_budget", general)
	if fund > 0 {
		bud("income_gov_fund", fund)
	}
	bud("income_total", total)
	bud("expenditure_total", total)
	bud("grand_total", total)

	// 部门收入总表: each 功能分类 row by source.
	head(1)
	t = g.table(false)
	t.tsv(rowHead, "%s\t合计\t%s", codeHead, strings.Join(incomes, "\t"))
	incomeCells := func(sum, gen, fnd money) string {
		cells := []string{g.num(sum)}
		for _, in := range incomes {
			cells = append(cells, g.cell(map[string]money{"一般公共预算拨款收入": gen, "政府性基金预算拨款收入": fnd}[in]))
		}
		return strings.Join(cells, "\t")
	}
	t.tsv(rowMoney, "\t\t合计\t%s", incomeCells(total, general, fund))
	for _, r := range rows {
		sum, gen, fnd := r.basic+r.project, r.basic+r.project, money(0)
		if fundOf(r.code) {
			gen, fnd = 0, sum
		}
		g.codeRow(t, r.code, r.name, strings.Split(incomeCells(sum, gen, fnd), "\t")...)
		lineItem(tblIncome, r.code, "合计", sum)
		lineItem(tblIncome, r.code, "一般公共预算拨款收入", gen)
		lineItem(tblIncome, r.code, "政府性基金预算拨款收入", fnd)
	}
	t.end()
	g.line("")

	// 部门支出总表, with the template's other columns in some provinces.
	others := g.rng.IntN(2) == 0
	head(2)
	t = g.table(false)
	if others {
		t.tsv(rowHead, "%s\t合计\t基本支出\t项目支出\t上缴上级支出\t事业单位经营支出\t对下级单位补助支出", codeHead)
	} else {
		t.tsv(rowHead, "%s\t合计\t基本支出\t项目支出", codeHead)
	}
	spend := func(sum, b, pr money) []string {
		cells := []string{g.num(sum), g.cell(b), g.cell(pr)}
		if others {
			cells = append(cells, "", "", "")
		}
		return cells
	}
	t.tsv(rowMoney, "\t\t合计\t%s", strings.Join(spend(total, basic, project), "\t"))
	for _, r := range rows {
		g.codeRow(t, r.code, r.name, spend(r.basic+r.project, r.basic, r.project)...)
		lineItem(tblExpenditure, r.code, "本年支出合计", r.basic+r.project)
		lineItem(tblExpenditure, r.code, "基本支出", r.basic)
		lineItem(tblExpenditure, r.code, "项目支出", r.project)
	}
	t.end()
	g.line("")
	bud("expenditure_basic", basic)
	bud("expenditure_project", project)

	// 财政拨款收支总表: the fiscal income, and its spending by 类 and fund.
	head(3)
	t = g.table(false)
	t.tsv(rowHead, "收入\t\t支出\t\t\t\t")
	t.tsv(rowHead, "项目\t预算数\t项目\t合计\t一般公共预算\t政府性基金预算\t国有资本经营预算")
	fiscal := []struct {
		name string
		m    money
	}{{"一、一般公共预算拨款", general}, {"二、政府性基金预算拨款", fund}, {"三、国有资本经营预算拨款", 0}}
	split := func(code string, m money) (gen, fnd money) {
		if fundOf(code) {
			return 0, m
		}
		return m, 0
	}
	for i, c := range synthClasses {
		left := "\t"
		if i < len(fiscal) {
			left = fiscal[i].name + "\t" + g.cell(fiscal[i].m)
		}
		gen, fnd := split(c.code, byClass[c.code])
		t.tsv(rowMoney, "%s\t%s、%s\t%s\t%s\t%s\t", left, chineseNumber(i+1), c.name, g.cell(byClass[c.code]), g.cell(gen), g.cell(fnd))
	}
	t.tsv(rowMoney, "本年收入合计\t%s\t本年支出合计\t%s\t%s\t%s\t", g.num(total), g.num(total), g.num(general), g.cell(fund))
	t.tsv(rowMoney, "收入总计\t%s\t支出总计\t%s\t%s\t%s\t", g.num(total), g.num(total), g.num(general), g.cell(fund))
	t.end()
	g.line("")

	// 一般公共预算支出表: the items without the fund.
	head(4)
	t = g.table(false)
	t.tsv(rowHead, "%s\t合计\t基本支出\t项目支出", codeHead)
	t.tsv(rowMoney, "\t\t合计\t%s\t%s\t%s", g.num(general), g.cell(basic), g.cell(project-fund))
	for _, r := range rows {
		if fundOf(r.code) {
			continue
		}
		g.codeRow(t, r.code, r.name, g.num(r.basic+r.project), g.cell(r.basic), g.cell(r.project))
		lineItem(tblGeneral, r.code, "本年支出合计", r.basic+r.project)
		lineItem(tblGeneral, r.code, "基本支出", r.basic)
		lineItem(tblGeneral, r.code, "项目支出", r.project)
	}
	t.end()
	g.line("")

	// 一般公共预算基本支出表: 人员经费 (301) and 公用经费 (302) by 经济分类.
	pp, pu := g.split(personnel, len(synthPersonnel)), g.split(public, len(synthPublic))
	head(5)
	t = g.table(false)
	t.tsv(rowHead, "经济分类科目编码\t科目名称\t合计\t人员经费\t公用经费")
	t.tsv(rowMoney, "\t合计\t%s\t%s\t%s", g.num(basic), g.num(personnel), g.num(public))
	econ := func(code, name string, m money, personnel bool) {
		if personnel {
			t.tsv(rowMoney, "%s\t%s\t%s\t%s\t", code, name, g.cell(m), g.cell(m))
		} else {
			t.tsv(rowMoney, "%s\t%s\t%s\t\t%s", code, name, g.cell(m), g.cell(m))
		}
		if m != 0 {
			g.fact(gold.Fact{Field: "econ_item", Table: tblEconomic, Code: code, Col: "预算数", Year: y, Basis: fiscaldoc.Budget,
				Value: m.plain(), Unit: "万元"})
		}
	}
	econ("301", "工资福利支出", personnel, true)
	for i, it := range synthPersonnel {
		econ(it.code, it.name, pp[i], true)
	}
	econ("302", "商品和服务支出", public, false)
	for i, it := range synthPublic {
		econ(it.code, it.name, pu[i], false)
	}
	t.end()
	g.line("")
	bud("personnel_cost", personnel)
	bud("public_cost", public)

	// 一般公共预算"三公"经费支出表.
	head(6)
	t = g.table(false)
	t.tsv(rowHead, "合计\t因公出国(境)费\t公务用车购置及运行维护费\t\t\t公务接待费")
	t.tsv(rowHead, "\t\t小计\t公务用车购置费\t公务用车运行维护费\t")
	t.add(rowMoney, g.threeCells(p.three)...)
	t.end()
	g.line("")
	g.threeFacts(fiscaldoc.Budget, p.three)

	// 政府性基金预算支出表 and 国有资本经营预算支出表: a department
	// without such spending prints the table empty, with a note, or not at
	// all.
	emptyTable := func(table int, what string) {
		head(table)
		t := g.table(false)
		t.tsv(rowHead, "%s\t合计\t基本支出\t项目支出", codeHead)
		t.tsv(rowMoney, "\t\t合计\t\t\t")
		t.end()
		g.line("")
		g.line("注:本部门%d年无%s支出,本表为空表。", y, what)
		g.line("")
	}
	switch {
	case fund > 0:
		head(7)
		t = g.table(false)
		t.tsv(rowHead, "%s\t合计\t基本支出\t项目支出", codeHead)
		t.tsv(rowMoney, "\t\t合计\t%s\t\t%s", g.num(fund), g.num(fund))
		for _, r := range rows {
			if fundOf(r.code) {
				g.codeRow(t, r.code, r.name, g.num(r.project), "", g.num(r.project))
				lineItem(tblGovFund, r.code, "本年支出合计", r.project)
				lineItem(tblGovFund, r.code, "项目支出", r.project)
			}
		}
		t.end()
		g.line("")
	case g.rng.IntN(2) == 0:
		emptyTable(7, "政府性基金预算")
	}
	if g.rng.IntN(4) > 0 {
		emptyTable(8, "国有资本经营预算")
	}

	// 第三部分: the 说明.
	prose := g.prose
	g.line("第三部分 %s%d年部门预算情况说明", g.maybeNoisy(org, 2), y)
	g.line("")
	g.line("一、收支预算总体情况")
	g.line("")
	g.line("%d年度收、支预算总计%s万元。", y, prose(total))
	g.line("")
	g.line("二、支出预算情况")
	g.line("")
	g.line("%d年度支出预算%s万元。其中:基本支出%s万元;项目支出%s万元。", y, prose(total), prose(basic), prose(project))
	g.line("")
	g.line("三、一般公共预算基本支出预算情况")
	g.line("")
	g.line("%d年度一般公共预算基本支出%s万元,其中:", y, prose(basic))
	g.line("")
	g.line("人员经费%s万元,主要包括:基本工资、津贴补贴、奖金、住房公积金。", prose(personnel))
	g.line("")
	g.line("公用经费%s万元,主要包括:办公费、水费、电费、差旅费、工会经费。", prose(public))
	g.line("")
	g.line("四、其他重要事项的情况说明")
	g.line("")
	g.line("(一)机关运行经费")
	g.line("")
	g.line("%d年度%s机关运行经费预算%s万元。", y, org, prose(public))
	bud("org_operation_cost", public)
	g.line("")
	g.line("(二)政府采购情况")
	g.line("")
	proc := money(int64(total) * int64(g.rng.IntN(30)) / 100)
	g.line("%d年度%s政府采购预算总额%s万元。", y, org, prose(proc))
	bud("procurement_total", proc)
	g.line("")
	g.line("备注: 公开咨询电话 0%d-%d", 100+g.rng.IntN(900), 1000000+g.rng.IntN(9000000))
}

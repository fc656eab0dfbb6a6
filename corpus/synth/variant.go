package synth

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/internal/gold"
)

// A variant is a document's template variant (SHAPES.md 9): which columns
// its self-evaluation tables have and in which order, how its funding
// block and its money are printed.
type variant struct {
	weightFirst bool   // 分值 before 年度指标值
	weightWord  string // 分值 or 权重
	noWeight    bool   // no 分值 column: no indicator_weight facts
	adjusted    bool   // 年初指标值 + 调整指标值 + 全年完成值
	actualWord  string // 实际完成值, 全年实际值 or 全年完成值
	coef        bool   // an 得分系数 column
	core        bool   // a 是否核心指标 column
	nature      bool   // a 指标性质 column (定量/定性)
	unitCol     bool   // a 计量单位 column
	twoAmounts  bool   // the funding block without 年初预算数
	subRows     bool   // the funding block's 其中 rows
	attr        bool   // a 项目属性 row with check boxes
	yuan        bool   // money in 元 with thousands separators, the unit stated above the table
	midTable    bool   // the excerpt starts in the middle of its first project's indicator table
}

func (g *synth) drawVariant() variant {
	r := g.srng
	extra := 4 // 指标性质 and 计量单位 are frequent in pipe tables
	if g.shape == Pipe {
		extra = 2
	}
	v := variant{
		weightFirst: r.IntN(2) == 0, weightWord: []string{"分值", "权重"}[r.IntN(2)], noWeight: r.IntN(8) == 0,
		adjusted: r.IntN(5) == 0, actualWord: []string{"实际完成值", "全年实际值"}[r.IntN(2)],
		coef: r.IntN(4) == 0, core: r.IntN(4) == 0, nature: r.IntN(extra) == 0, unitCol: r.IntN(extra) == 0,
		twoAmounts: r.IntN(3) == 0, subRows: r.IntN(3) == 0, attr: r.IntN(2) == 0, yuan: r.IntN(4) == 0,
		midTable: r.IntN(5) == 0,
	}
	if v.adjusted {
		v.actualWord = "全年完成值"
	}
	if v.noWeight {
		v.coef = false
	}
	return v
}

// unit is the money unit of the document's tables.
func (g *synth) unit() string {
	if g.v.yuan {
		return "元"
	}
	return "万元"
}

// yuan prints an amount in 元 with thousands separators: 25,754,899.00.
func yuan(m money) string {
	s := strconv.FormatInt(int64(m)*100, 10) // 万元 hundredths are whole 元 hundreds
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String() + ".00"
}

// fund prints an amount of a funding block in the variant's unit, nothing
// for zero.
func (g *synth) fund(m money) string {
	switch {
	case m == 0:
		return ""
	case g.v.yuan:
		return yuan(m)
	}
	return fmt.Sprintf("%d.%02d", m/100, m%100)
}

// funding adds the funding block of a self-evaluation table (project ""
// for a department's) and its gold facts, and returns the 执行率 score.
func (g *synth) funding(t *table, project string, initial, budget, actual money) money {
	v := g.v
	label := "年度资金情况(万元)"
	if v.yuan {
		label = "年度资金情况"
	}
	head := []string{label, ""}
	if !v.twoAmounts {
		head = append(head, "年初预算数")
	}
	t.add(rowHead, append(head, "全年预算数", "全年执行数", "分值", "执行率", "得分")...)
	r := rate(actual, budget)
	score := money((int64(r)*10 + 50) / 100) // 10 分 × rate
	amounts := func(name string, i, b, a money, tail ...string) {
		cells := []string{"", name}
		if !v.twoAmounts {
			cells = append(cells, g.fund(i))
		}
		t.add(rowMoney, append(append(cells, g.fund(b), g.fund(a)), tail...)...)
	}
	amounts("年度资金总额", initial, budget, actual, "10", r.plain()+"%", score.plain())
	if v.subRows {
		c := money(int64(budget) * int64(g.srng.IntN(31)) / 100)
		amounts("其中:当年财政拨款", initial, budget-c, actual-c, "", "", "")
		amounts("上年结转资金", 0, c, c, "", "", "")
		amounts("其他资金", 0, 0, 0, "", "", "")
	}
	y := g.year
	if !v.twoAmounts {
		g.fact(gold.Fact{Field: "budget_amount", Project: project, Year: y, Basis: fiscaldoc.InitialBudget, Value: initial.plain(), Unit: "万元"})
	}
	g.fact(gold.Fact{Field: "budget_amount", Project: project, Year: y, Basis: fiscaldoc.Budget, Value: budget.plain(), Unit: "万元"})
	g.fact(gold.Fact{Field: "budget_amount", Project: project, Year: y, Basis: fiscaldoc.Actual, Value: actual.plain(), Unit: "万元"})
	g.fact(gold.Fact{Field: "execution_rate", Project: project, Value: r.plain(), Unit: "%"})
	return score
}

// indicatorTable adds the 绩效指标 rows from row from on (from > 0: the
// excerpt starts there, without the header) and the 总分 row, with their
// gold facts under project, and returns the 总分: score plus Σ得分.
func (g *synth) indicatorTable(t *table, project string, rows []indicatorRow, from int, score money) money {
	v := g.v
	var cols []string
	cols = append(cols, "一级指标", "二级指标", "三级指标")
	if v.nature {
		cols = append(cols, "指标性质")
	}
	if v.unitCol {
		cols = append(cols, "计量单位")
	}
	weight := func() {
		if !v.noWeight {
			cols = append(cols, v.weightWord)
		}
	}
	if v.weightFirst {
		weight()
	}
	if v.adjusted {
		cols = append(cols, "年初指标值", "调整指标值")
	} else {
		cols = append(cols, "年度指标值")
	}
	cols = append(cols, v.actualWord)
	if !v.weightFirst {
		weight()
	}
	if v.coef {
		cols = append(cols, "得分系数")
	}
	cols = append(cols, "得分")
	if v.core {
		cols = append(cols, "是否核心指标")
	}
	cols = append(cols, "偏差原因分析及改进措施")
	if from == 0 {
		t.add(rowHead, cols...)
	}
	total := score
	prevL1, prevL2 := "", ""
	for i, r := range rows {
		total += money(r.score * 100)
		l1, l2 := r.level1, r.level2
		if l1 == prevL1 {
			l1 = ""
		}
		if l2 == prevL2 {
			l2 = ""
		}
		prevL1, prevL2 = r.level1, r.level2
		if i < from {
			continue
		}
		if i == from {
			l1, l2 = r.level1, r.level2
		}
		cells := make([]string, 0, len(cols))
		for _, c := range cols {
			switch c {
			case "一级指标":
				c = l1
			case "二级指标":
				c = l2
			case "三级指标":
				c = r.name
			case "指标性质":
				c = map[bool]string{true: "定性", false: "定量"}[r.kind == 'q']
			case "计量单位":
				c = map[byte]string{'%': "%", 'q': ""}[r.kind]
				if r.kind == 'n' || r.kind == 't' {
					c = r.unit
				}
			case v.weightWord:
				c = strconv.Itoa(r.weight)
			case "年度指标值", "年初指标值":
				c = r.target
			case "调整指标值":
				c = ""
				if g.srng.IntN(2) == 0 {
					c = r.target
				}
			case v.actualWord:
				c = r.actual
			case "得分系数":
				c = rate(money(r.score), money(r.weight)).plain() + "%"
			case "得分":
				c = strconv.Itoa(r.score)
			case "是否核心指标":
				c = []string{"是", "否"}[g.srng.IntN(2)]
			default:
				c = ""
				if r.score < r.weight {
					c = "部分目标未完成"
				}
			}
			cells = append(cells, c)
		}
		t.addRow(row{cells: cells, kind: rowIndicator, names: 3})
		g.fact(gold.Fact{Field: "indicator_target", Project: project, Indicator: r.name, Value: r.target})
		g.fact(gold.Fact{Field: "indicator_actual", Project: project, Indicator: r.name, Value: r.actual})
		if !v.noWeight {
			g.fact(gold.Fact{Field: "indicator_weight", Project: project, Indicator: r.name, Value: strconv.Itoa(r.weight), Unit: "分"})
		}
		g.fact(gold.Fact{Field: "indicator_score", Project: project, Indicator: r.name, Value: strconv.Itoa(r.score), Unit: "分"})
	}
	last := make([]string, len(cols))
	last[0] = "总分"
	for i, c := range cols {
		switch c {
		case v.weightWord:
			last[i] = "100"
		case "得分":
			last[i] = total.plain()
		}
	}
	t.add(rowTotal, last...)
	g.fact(gold.Fact{Field: "eval_score", Project: project, Value: total.plain(), Unit: "分"})
	return total
}

// deptEvalTable writes a department's 自评表 in the document's variant.
func (g *synth) deptEvalTable(initial, budget, actual money) {
	if g.v.yuan {
		g.line("金额单位:元")
	}
	t := g.table(true)
	t.add(rowForm, "单位名称", g.org)
	score := g.funding(t, "", initial, budget, actual)
	g.indicatorTable(t, "", g.indicators(6+g.rng.IntN(6), 90), 0, score)
	t.end()
}

// projectEvalTable writes a project's 自评表 in the document's variant;
// cut says the excerpt starts in the middle of its indicator rows, so its
// name and everything above are lost (and its facts carry no project).
func (g *synth) projectEvalTable(p string, budget, actual money, cut bool) {
	y := g.year
	rows := g.indicators(3+g.rng.IntN(6), 90)
	if cut && len(rows) > 1 {
		t := g.table(false)
		g.indicatorTable(t, "", rows, 1+g.srng.IntN(len(rows)-1), money((int64(rate(actual, budget))*10+50)/100))
		t.end()
		return
	}
	g.line("项目支出绩效自评表")
	g.line("(%d年度)", y)
	if g.v.yuan {
		g.line("单位:元")
	}
	t := g.table(false)
	t.add(rowForm, "项目名称", p, "项目负责人及电话", []string{"安生萍", "杨琪", "韩斯瀚", "周丽"}[g.srng.IntN(4)])
	t.add(rowForm, "主管部门", g.maybeNoisy(g.org, 5), "实施单位", g.org)
	g.fact(gold.Fact{Field: "project_dept", Project: p, Value: g.org})
	if g.v.attr {
		t.add(rowForm, "项目属性", []string{"常年性☑ 延续性□ 一次性□", "常年性□ 延续性☑ 一次性□"}[g.srng.IntN(2)])
	}
	initial := money(int64(budget) * int64(80+g.srng.IntN(21)) / 100)
	score := g.funding(t, p, initial, budget, actual)
	g.indicatorTable(t, p, rows, 0, score)
	t.end()
}

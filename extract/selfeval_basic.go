package extract

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize"
)

// The 基础数据表 (basic data table) of a whole-department self-evaluation
// has a staff block (编制数, 实际在职人数, 离退休人数) and a money block
// whose columns are years and bases ("2022年决算数", "2023年预算数") and
// whose rows are categories (部门基本支出, 公用经费, 三公经费 and its parts,
// 项目支出, 政府采购金额).

type basicTable struct {
	staff []basicCol // staff header waiting for its values
	money []basicCol
	width int // cells of the money header row
}

// A basicCol is a column of the 基础数据表: a staff field, or a year and
// basis of money.
type basicCol struct {
	pos   int
	field string // staff columns
	year  int
	basis string
}

var basicMoneyColRe = regexp.MustCompile(`(\d{4})年?(决算数|预算数|执行数)`)

// staffField maps a staff label to its field.
func staffField(s string) string {
	s = normalize.Squash(s)
	switch {
	case strings.Contains(s, "退休"):
		return "staff_retired"
	case strings.Contains(s, "编制"):
		return "staff_authorized"
	case strings.Contains(s, "在职人数") || strings.Contains(s, "实有人数"):
		return "staff_actual"
	}
	return ""
}

// basicField maps a 基础数据表 row label to its money field, "" for rows
// without one (办公费, 会议费, 业务工作经费 …).
func basicField(label string) string {
	s := normalize.Squash(label)
	switch {
	case strings.Contains(s, "调整"):
		return ""
	case strings.Contains(s, "三公"):
		return tpTotal
	case strings.Contains(s, "公务用车") || strings.Contains(s, "公车") || strings.Contains(s, "运行维护") ||
		strings.Contains(s, "出国") || strings.Contains(s, "公务接待"):
		// A 三公 item, named as the 三公经费 table names it.
		return threePublicField(s)
	case strings.Contains(s, "基本支出"):
		return "expenditure_basic"
	case strings.Contains(s, "项目支出"):
		return "expenditure_project"
	case strings.Contains(s, "公用经费"):
		return "public_cost"
	case strings.Contains(s, "人员经费"):
		return "personnel_cost"
	case strings.Contains(s, "机关运行经费"):
		return "org_operation_cost"
	case strings.Contains(s, "政府采购"):
		return "procurement_total"
	}
	return ""
}

var headerYearRe = regexp.MustCompile(`(\d{4})年`)

// basicRow reads one row of a 基础数据表; it reports false when the table
// has ended (楼堂馆所, 厉行节约 and what follows are not read).
func (p *seParse) basicRow(b *basicTable, r seRow) bool {
	first := firstCell(r)
	if strings.Contains(first, "楼堂馆所") || strings.Contains(first, "厉行节约") {
		return false
	}
	var staff, money []basicCol
	for i, c := range r.cells {
		s := normalize.Squash(c)
		if m := basicMoneyColRe.FindStringSubmatch(s); m != nil {
			y, _ := strconv.Atoi(m[1])
			basis := fiscaldoc.Actual
			if m[2] == "预算数" {
				basis = fiscaldoc.Budget
			}
			money = append(money, basicCol{pos: i, year: y, basis: basis})
			continue
		}
		if f := staffField(s); f != "" && i > 0 {
			y := p.year
			if m := headerYearRe.FindStringSubmatch(s); m != nil {
				y, _ = strconv.Atoi(m[1])
			}
			staff = append(staff, basicCol{pos: i, field: f, year: y})
		}
	}
	switch {
	case len(money) >= 2:
		b.money, b.width = money, len(r.cells)
		return true
	case len(staff) > 0:
		b.staff = staff
		return true
	case b.staff != nil:
		p.basicStaff(b.staff, r)
		b.staff = nil
		return true
	}
	if f := basicField(first); f != "" && b.money != nil {
		off := len(r.cells) - b.width
		for _, c := range b.money {
			k := c.pos + off
			if k <= 0 || k >= len(r.cells) {
				continue
			}
			v, err := parseMoney(r.cells[k])
			if err != nil {
				continue
			}
			fact := p.num(f, normalize.WanYuan, stated{v: v, raw: r.cells[k], first: r.first, last: r.last})
			fact.Year, fact.Basis = c.year, c.basis
			p.facts = append(p.facts, fact)
		}
	}
	return true
}

// basicStaff reads the values row under a staff header, cell by position.
func (p *seParse) basicStaff(cols []basicCol, r seRow) {
	for _, c := range cols {
		if c.pos >= len(r.cells) {
			continue
		}
		p.staffFact(c.field, c.year, r.cells[c.pos], r)
	}
}

func (p *seParse) staffFact(field string, year int, s string, r seRow) {
	if !isDigits(s) {
		return
	}
	v, err := normalize.ParseDecimal(s)
	if err != nil {
		return
	}
	f := p.num(field, "人", stated{v: v, raw: s, first: r.first, last: r.last})
	f.Year = year
	p.facts = append(p.facts, f)
}

// staffPairs reads staff counts printed as a label paragraph followed by a
// number paragraph ("人员编制" / "21"), the way a one-cell-per-paragraph
// export prints a 基本概况 table.
func (p *seParse) staffPairs(rows []seRow) {
	for i := 0; i+1 < len(rows); i++ {
		if rows[i].nonEmpty() != 1 || rows[i+1].nonEmpty() != 1 {
			continue
		}
		label := firstCell(rows[i])
		switch label {
		case "人员编制", "编制数", "编制人数", "核定编制", "实有人数", "实际在职人数", "在职人数", "离退休人数", "退休人数":
			p.staffFact(staffField(label), p.year, firstCell(rows[i+1]), rows[i+1])
		}
	}
}

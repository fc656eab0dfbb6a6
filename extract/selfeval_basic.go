package extract

import (
	"regexp"
	"slices"
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
	width int         // cells of the money header row
	row   *basicGroup // a loose row waiting for its amounts on the next lines
	// wrapped is a row of amounts whose label names no field: the rest of
	// its label may follow on the next row.
	wrapped *seRow
}

// A basicGroup is one row of a 基础数据表 read in a loose shape: its
// label's field and the amounts after it.
type basicGroup struct {
	field       string
	vals        []string
	first, last int
}

// The 基础数据表 in a shape that loses cell positions (a pipe row that
// collapsed its empty cells, one cell a line without row breaks, a table
// flattened onto a line, cells run together) is read by its template: the
// money columns are the header's year-and-basis words in order, a row is a
// label followed by one amount a column (run-together amounts split where
// each has at most two decimals), and the staff counts are the whole
// numbers of the staff block, in the order of the staff words.

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
		return "three_public_total"
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
	if r.loose {
		return p.basicLoose(b, r)
	}
	first := firstCell(r)
	if strings.Contains(first, "楼堂馆所") || strings.Contains(first, "厉行节约") {
		return false
	}
	var staff, money []basicCol
	for i, c := range r.cells {
		s := normalize.Squash(c)
		if m := basicMoneyColRe.FindStringSubmatch(s); m != nil {
			money = append(money, moneyCol(i, m))
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
	// A label wrapped onto the next row (一、部门 | amounts, then 基本支出
	// alone) is the first row's: its amounts are read under the whole label.
	wrapped := b.wrapped
	b.wrapped = nil
	if wrapped != nil && r.nonEmpty() == 1 && !rowMarker.MatchString(first) && basicField(firstCell(*wrapped)+first) != "" {
		first, r = firstCell(*wrapped)+first, *wrapped
	}
	f := basicField(first)
	if f == "" && b.money != nil && r.nonEmpty() > 1 {
		b.wrapped = &r
	}
	if f != "" && b.money != nil {
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

// rowMarker is how a row label of the 基础数据表 starts (一、, 1., 其中:),
// which the rest of a wrapped label does not.
var rowMarker = regexp.MustCompile(`^([一二三四五六七八九十]+、|\d+[.、]|其中)`)

// moneyCol is the money column at pos that a basicMoneyColRe match names.
func moneyCol(pos int, m []string) basicCol {
	y, _ := strconv.Atoi(m[1])
	basis := fiscaldoc.Actual
	if m[2] == "预算数" {
		basis = fiscaldoc.Budget
	}
	return basicCol{pos: pos, year: y, basis: basis}
}

// staffColRe finds the staff words of a header, run together or not, with
// the year one prints (2023年实际在职人数).
var staffColRe = regexp.MustCompile(`(?:(\d{4})年[^\d年]{0,4}?)?(离退休人数|退休人数|编制数|编制人数|核定编制|在职人数|实有人数)`)

// basicAmounts splits run-together amounts (10.0211.169.42): each has at
// most two decimals.
var basicAmounts = regexp.MustCompile(`\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?`)

// labelTail splits a row label from the amounts run into it.
// basicHeaders are the 基础数据表's header cells that label its blocks.
var basicHeaders = []string{"经费控制情况(万元)", "财政供养人员情况(人)"}

// basicHeaderPiece reports whether a cell is a piece of a block's header
// cell that a flattening cut (经费 … 控制情况(万元), 经费控制情 … 况(万元)):
// never a row's label.
func basicHeaderPiece(s string) bool {
	for _, h := range basicHeaders {
		if s != h && (strings.HasPrefix(h, s) || strings.HasSuffix(h, s)) {
			return true
		}
	}
	return false
}

var labelTail = regexp.MustCompile(`^(.*[^\d.,])(\d[\d.,]*)$`)

// basicLoose reads a row whose cells' positions say nothing of their
// columns (see basicTable): its money header, staff block and labelled
// rows in reading order. It reports false at the end of the table.
func (p *seParse) basicLoose(b *basicTable, r seRow) bool {
	var money []basicCol
	for _, c := range r.cells {
		for _, m := range basicMoneyColRe.FindAllStringSubmatch(normalize.Squash(c), -1) {
			money = append(money, moneyCol(len(money), m))
		}
	}
	if len(money) >= 2 {
		b.money = money
	}
	line := func(i int) int {
		if i < len(r.lines) {
			return r.lines[i]
		}
		return r.first
	}
	var ints []stated // whole numbers before the first row with a field
	fielded, end, staffRow := false, true, false
	for i, c := range r.cells {
		s := normalize.Squash(c)
		if strings.Contains(s, "楼堂馆所") || strings.Contains(s, "厉行节约") {
			end = false
			break
		}
		if ms := staffColRe.FindAllStringSubmatch(s, -1); ms != nil {
			for _, m := range ms {
				y := p.year
				if m[1] != "" {
					y, _ = strconv.Atoi(m[1])
				}
				f := staffField(m[2])
				if !staffRow && slices.ContainsFunc(b.staff, func(c basicCol) bool { return c.field == f }) {
					// The header again, a column it has: a new staff
					// block. A header a flattening broke across lines
					// (财政供养人员情况(人) 编制数 / 2022年实际在职人数
					// 30 29) goes on on the next line.
					b.staff = nil
				}
				staffRow = true
				b.staff = append(b.staff, basicCol{field: f, year: y})
			}
		}
		tail := s
		if normalize.HanCount(s) > 0 {
			// Header words, and a piece of one a flattening cut off (元）).
			if basicMoneyColRe.MatchString(s) || staffColRe.MatchString(s) || strings.Contains(s, "情况") || normalize.HanCount(s) < 2 || basicHeaderPiece(s) {
				continue
			}
			tail = ""
			if m := labelTail.FindStringSubmatch(s); m != nil && normalize.HanCount(m[1]) >= 2 {
				s, tail = m[1], m[2]
			}
			p.basicGroupEnd(b)
			b.row = &basicGroup{field: basicField(s), first: line(i), last: line(i)}
			fielded = fielded || b.row.field != ""
			if tail == "" {
				continue
			}
		}
		if !fielded && allDigits(tail) {
			ints = append(ints, stated{raw: tail, first: line(i), last: line(i)})
		}
		if b.row == nil {
			continue
		}
		b.row.last = line(i)
		if _, err := normalize.ParseDecimal(tail); err != nil && basicAmounts.MatchString(tail) && !strings.HasSuffix(tail, "%") {
			b.row.vals = append(b.row.vals, basicAmounts.FindAllString(tail, -1)...)
			continue
		}
		b.row.vals = append(b.row.vals, tail)
	}
	if len(b.staff) > 0 && len(ints) == len(b.staff) {
		for k, c := range b.staff {
			p.staffFact(c.field, c.year, ints[k].raw, seRow{first: ints[k].first, last: ints[k].last})
		}
		b.staff = nil
	}
	if b.row != nil && len(b.row.vals) >= len(b.money) {
		p.basicGroupEnd(b)
	}
	return end
}

// basicGroupEnd reads the loose row b waits on, if it has one amount a
// money column, and ends it.
func (p *seParse) basicGroupEnd(b *basicTable) {
	g := b.row
	b.row = nil
	if g == nil || g.field == "" || len(g.vals) != len(b.money) {
		return
	}
	for k, c := range b.money {
		v, err := parseMoney(g.vals[k])
		if err != nil {
			continue
		}
		fact := p.num(g.field, normalize.WanYuan, stated{v: v, raw: g.vals[k], first: g.first, last: g.last})
		fact.Year, fact.Basis = c.year, c.basis
		p.facts = append(p.facts, fact)
	}
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
	if !allDigits(s) {
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

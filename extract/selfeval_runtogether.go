package extract

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fiscaldoc/fiscaldoc/normalize"
	"github.com/shopspring/decimal"
)

// A run-together table prints a whole 自评表 with nothing between its
// cells ("年度资金总额:202010100.00%10", "安装坡面水标尺10≥266米≥266米10").
// It is cut at the template's labels; the 资金 row's digits are split where
// 执行率 = 执行数/预算数 holds; the indicator rows are cut where every piece
// suits its column: a 一级指标 ends in "分)" or "指标", a 二级 in "指标",
// points are whole numbers up to 100, values are measures or text without
// digits.

// minRunTogetherRunes is the shortest line read as a run-together table.
const minRunTogetherRunes = 200

// Labels of the template that start a row, and labels that name a column
// of the row they are in.
var (
	runRowLabels = []string{
		"项目名称", "项目支出名称", "项目负责人及电话", "主管部门", "实施单位", "资金情况(万元)", "项目资金(万元)",
		"年度资金总额:", "年度资金总额", "其中:本年财政拨款", "其中:当年财政拨款", "上年结转资金", "其他资金", "年度总体目标",
	}
	runColLabels = []string{
		"年初预算数", "全年预算数(A)", "全年预算数", "全年执行数(B)", "全年执行数", "执行数(B)", "分值",
		"执行率(B/A)", "执行率", "得分", "年初设定目标", "年度总体目标完成情况综述",
	}
	runHeaderLabels = []string{
		"绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "全年实际值", "实际完成值", "分值", "自评得分", "得分",
		"未完成原因及拟采取的改进措施", "偏差原因分析及改进措施",
	}
)

// maxRunTogetherRunes bounds the line cut character by character; a
// longer one is left as it is (the cut is quadratic in a row's length).
const maxRunTogetherRunes = 6000

// isRunTogether reports whether a row is a whole table run together.
func isRunTogether(r seRow) bool {
	if !r.loose || len(r.cells) > 5 {
		return false
	}
	s := strings.Join(r.cells, "")
	n := utf8.RuneCountInString(s)
	return n >= minRunTogetherRunes && n <= maxRunTogetherRunes && strings.Contains(s, "三级指标") && strings.Contains(s, "总分")
}

// splitRunTogether cuts a run-together table into rows.
func splitRunTogether(r seRow) []seRow {
	s := strings.Join(r.cells, "")
	row := func(cells ...string) seRow {
		return seRow{cells: cells, raw: cells, first: r.first, last: r.last}
	}
	h := strings.Index(s, "三级指标")
	start := h
	for start > 0 {
		l := labelEndingAt(s[:start], runHeaderLabels)
		if l == "" {
			break
		}
		start -= len(l)
	}
	var header []string
	end := start
	for {
		l := labelAt(s[end:], runHeaderLabels)
		if l == "" {
			break
		}
		header = append(header, l)
		end += len(l)
	}
	var out []seRow
	// A title before the first label ("…自评表(2022年度)项目名称…").
	if k := strings.Index(s[:start], "自评表"); k >= 0 {
		out = append(out, seRow{cells: []string{"自评表"}, first: r.first, last: r.last, loose: true})
	}
	var money []column
	moneyWeight := decimal.Zero
	for _, cells := range labelRows(s[:start]) {
		if cols := headerColumns(cells, moneyKind); len(cols) >= 3 {
			money = cols
		} else if money != nil && len(cells) == 2 && moneyLabel(cells[0]) {
			if nums := splitMoneyDigits(cells[1], money); nums != nil {
				for i, c := range money {
					if v, err := parsePoints(nums[i]); err == nil && c.kind == colWeight && moneyWeight.IsZero() {
						moneyWeight = v
					}
				}
				cells = append(cells[:1], nums...)
			}
		}
		out = append(out, row(cells...))
	}
	out = append(out, row(header...))
	cols := headerColumns(header, indicatorKind)
	rest := s[end:]
	total := strings.Index(rest, "总分")
	if total < 0 {
		return out
	}
	sum := decimal.Zero
	for _, cells := range cutIndicatorRun(rest[:total], cols, len(header)) {
		out = append(out, row(cells...))
		for _, c := range cols {
			if v, err := parsePoints(cells[c.pos]); err == nil && c.kind == colWeight {
				sum = sum.Add(v)
			}
		}
	}
	tail := rest[total+len("总分"):]
	digits := tail[:len(tail)-len(strings.TrimLeft(tail, "0123456789."))]
	if nums := splitPoints(digits, sum, sum.Add(moneyWeight)); nums != nil {
		out = append(out, row(append([]string{"总分"}, nums...)...))
	}
	return out
}

// labelAt returns the longest label s starts with.
func labelAt(s string, labels []string) string {
	best := ""
	for _, l := range labels {
		if strings.HasPrefix(s, l) && len(l) > len(best) {
			best = l
		}
	}
	return best
}

// labelEndingAt returns the longest label s ends with.
func labelEndingAt(s string, labels []string) string {
	best := ""
	for _, l := range labels {
		if strings.HasSuffix(s, l) && len(l) > len(best) {
			best = l
		}
	}
	return best
}

// labelRows cuts the part before the indicator header at the template's
// labels: a row label starts a row, a column label adds a cell, and the text
// between labels is a cell.
func labelRows(s string) [][]string {
	var rows [][]string
	var cur []string
	text := ""
	flushText := func() {
		if text != "" && cur != nil {
			cur = append(cur, text)
		}
		text = ""
	}
	for len(s) > 0 {
		if l := labelAt(s, runRowLabels); l != "" {
			flushText()
			if cur != nil {
				rows = append(rows, cur)
			}
			cur = []string{l}
			s = s[len(l):]
			continue
		}
		if l := labelAt(s, runColLabels); l != "" && cur != nil {
			flushText()
			cur = append(cur, l)
			s = s[len(l):]
			continue
		}
		_, n := utf8.DecodeRuneInString(s)
		text += s[:n]
		s = s[n:]
	}
	flushText()
	if cur != nil {
		rows = append(rows, cur)
	}
	return rows
}

// splitMoneyDigits splits a 资金 row's run-together digits into one number
// per column ("202010100.00%10" → 20 20 10 100.00% 10): the split whose
// 执行率 is 执行数/预算数 (as printed, rounded or cut), with points no more
// than 100. It returns nil when no split, or more than one, fits.
func splitMoneyDigits(s string, cols []column) []string {
	if len(s) > maxMoneyDigits {
		return nil
	}
	var found []string
	n := 0
	var try func(rest string, k int, acc []string)
	try = func(rest string, k int, acc []string) {
		if n > 1 {
			return
		}
		if k == len(cols) {
			if rest == "" && moneySplitHolds(acc, cols) && !zeroRate(acc, cols) {
				found, n = append([]string(nil), acc...), n+1
			}
			return
		}
		for i := 1; i <= len(rest); i++ {
			piece := rest[:i]
			if cols[k].kind == colRate {
				if !strings.HasSuffix(piece, "%") || !cleanNumber(strings.TrimSuffix(piece, "%")) {
					continue
				}
			} else if !cleanNumber(piece) {
				continue
			}
			try(rest[i:], k+1, append(acc, piece))
		}
	}
	try(s, 0, nil)
	if n != 1 {
		return nil
	}
	return found
}

// zeroRate reports whether a split prints a 执行率 of 0: any amount split
// so that 执行数 is 0 satisfies the identity, so such splits are not
// taken.
func zeroRate(pieces []string, cols []column) bool {
	for i, p := range pieces {
		if cols[i].kind == colRate {
			d, err := normalize.ParseDecimal(strings.TrimSuffix(p, "%"))
			return err == nil && d.IsZero()
		}
	}
	return false
}

// maxMoneyDigits bounds the run of digits split into a 资金 row: the
// splits tried grow as its length to the power of the columns.
const maxMoneyDigits = 48

// cleanNumber reports whether s is a number as printed, without a leading
// zero ("0" and "0.5" aside), and with digits on both sides of its decimal
// point: a cut at the point ("66." "67%") splits one number.
func cleanNumber(s string) bool {
	if _, err := normalize.ParseDecimal(s); err != nil || strings.ContainsAny(s, " ,") ||
		strings.HasPrefix(s, ".") || strings.HasSuffix(s, ".") {
		return false
	}
	return !(len(s) > 1 && s[0] == '0' && s[1] != '.')
}

func moneySplitHolds(pieces []string, cols []column) bool {
	vals := map[colKind]decimal.Decimal{}
	var ratePlaces int32
	for i, p := range pieces {
		v, err := normalize.ParseDecimal(strings.TrimSuffix(p, "%"))
		if err != nil {
			return false
		}
		vals[cols[i].kind] = v
		if cols[i].kind == colRate {
			ratePlaces = -v.Exponent()
		}
	}
	hundred := decimal.NewFromInt(100)
	for _, k := range []colKind{colWeight, colScore} {
		if v, ok := vals[k]; ok && v.GreaterThan(hundred) {
			return false
		}
	}
	if s, ok := vals[colScore]; ok {
		if w, ok := vals[colWeight]; ok && s.GreaterThan(w) {
			return false
		}
	}
	rate, ok := vals[colRate]
	exec, ok2 := vals[colExec]
	budget, ok3 := vals[colBudget]
	if !ok3 {
		budget, ok3 = vals[colInitial]
	}
	if !ok || !ok2 || !ok3 || budget.IsZero() {
		return ok // without the identity, any split of the other columns will do
	}
	q := exec.Mul(hundred).DivRound(budget, ratePlaces+4)
	return q.Round(ratePlaces).Equal(rate) || q.Truncate(ratePlaces).Equal(rate)
}

// splitPoints splits the digits after 总分 into the total weight and the
// score ("100100" → 100 100): the split, with score ≤ weight, whose weight
// is one of the sums the table's 分值 add up to. Without one the digits
// are one number, the score.
func splitPoints(s string, sums ...decimal.Decimal) []string {
	for i := 1; i < len(s); i++ {
		a, b := s[:i], s[i:]
		if !cleanNumber(a) || !cleanNumber(b) || !pointsAtMost100(a) || !pointsAtMost100(b) {
			continue
		}
		w, _ := normalize.ParseDecimal(a)
		sc, _ := normalize.ParseDecimal(b)
		for _, sum := range sums {
			if sc.LessThanOrEqual(w) && w.Equal(sum) {
				return []string{a, b}
			}
		}
	}
	if cleanNumber(s) && pointsAtMost100(s) {
		return []string{s}
	}
	return nil
}

func pointsAtMost100(s string) bool {
	d, err := normalize.ParseDecimal(s)
	return err == nil && d.LessThanOrEqual(decimal.NewFromInt(100))
}

// Longest pieces tried when cutting an indicator run.
const (
	maxRunName  = 40
	maxRunValue = 15
	maxRunJunk  = 10
	maxRunUnit  = 5 // "人次", "万元", "元/人/年"
	// rowCost is paid for each row, so that a name is not cut into many
	// short rows: a full row (name, points, target, actual, score) earns
	// about 9.
	rowCost = -6
	// adjustedCost is paid for a piece read as the adjusted target.
	adjustedCost = -0.25
)

// cutIndicatorRun cuts the run-together indicator rows into cells, one row
// per slice, cell i in column cols[i].pos of a header of width cells.
func cutIndicatorRun(s string, cols []column, width int) [][]string {
	rs := []rune(s)
	n, m := len(rs), len(cols)
	idx := func(k colKind) int {
		for i, c := range cols {
			if c.kind == k {
				return i
			}
		}
		return -1
	}
	l3, sc := idx(colL3), idx(colScore)
	if l3 < 0 || sc < 0 {
		return nil
	}
	// kinds are the columns as the cut reads them: the second target of a
	// header that prints two (年初指标值, 调整指标值) before the actual,
	// which the row stores as colSkip, still holds a target. It is filled
	// only right after the target, in the target's unit, and costs a
	// little, so that a row printing two values fills the target and the
	// actual, and only a row of three the adjusted target.
	kinds := make([]colKind, m)
	adjusted := make([]bool, m)
	for i, c := range cols {
		kinds[i] = c.kind
		if adjustedAt(cols, i) {
			kinds[i], adjusted[i] = colTarget, true
		}
	}
	type choice struct {
		q, q1, q2, k, next int // cell rs[p:q] in column k (and rs[q1:q2] in column next); next state
		junk               bool
	}
	// best[p][last+1]: best score of rs[p:] when the row so far ended with
	// column last (-1: at a row start).
	best := make([][]float64, n+1)
	pick := make([][]choice, n+1)
	for p := range best {
		best[p] = make([]float64, m+1)
		pick[p] = make([]choice, m+1)
	}
	for last := -1; last < m; last++ {
		if last == -1 || last >= sc {
			best[n][last+1] = 0
		} else {
			best[n][last+1] = math.Inf(-1)
		}
	}
	// cut is the cost of ending a piece before rs[q]: cutting a run of
	// digits needs more evidence than cutting between a digit and a letter.
	cut := func(q int) float64 {
		if q > 0 && q < n && isDigit(rs[q-1]) && isDigit(rs[q]) {
			return -1.5
		}
		return 0
	}
	// The fit of a piece does not depend on the state the cut is in: the
	// fits of the pieces starting at p are read once for every state, and
	// an actual's (the second of a target and actual pair) once for every
	// piece before it. A piece holding a space fits no column, nor does a
	// longer one.
	maxLen := func(k int) int {
		if k <= l3 {
			return maxRunName
		}
		return maxRunValue
	}
	fits := func(k colKind, p, most int) []float64 { // fits[d-1]: rs[p:p+d]
		var out []float64
		for q := p + 1; q <= n && q-p <= most; q++ {
			if rs[q-1] == ' ' {
				break
			}
			out = append(out, runFit(k, string(rs[p:q])))
		}
		return out
	}
	actual := make([][]float64, n+1) // actual[q]: fits(colAchieved, q, maxRunValue)
	junkL2 := make([]bool, maxRunJunk)
	cells := make([][]float64, m)
	for p := n - 1; p >= 0; p-- {
		actual[p] = fits(colAchieved, p, maxRunValue)
		l2 := fits(colL2, p, maxRunJunk)
		for d := range junkL2 {
			junkL2[d] = d < len(l2) && l2[d] != impossible
		}
		for k := range cells {
			cells[k] = fits(kinds[k], p, maxLen(k))
			if kinds[k] == colUnit {
				for d := range cells[k] {
					if cells[k][d] != impossible && !unitPrinted(rs, p, p+d+1) {
						cells[k][d] = impossible
					}
				}
			}
		}
		for last := -1; last < m; last++ {
			b, c := math.Inf(-1), choice{}
			try := func(v float64, ch choice) {
				if v > b {
					b, c = v, ch
				}
			}
			for q := p + 1; q <= n && q-p <= maxRunJunk; q++ {
				junk := -2 - 0.1*float64(q-p)
				switch {
				case q == p+1 && rs[p] == ' ':
					junk = 0 // a printed boundary between two cells
				case junkL2[q-p-1]:
					junk = -0.5 // a 二级指标 with no rows of its own
				}
				try(junk+cut(q)+best[q][last+1], choice{q: q, junk: true, next: last})
			}
			for k := 0; k < m; k++ {
				sameRow := k > last && (k <= l3 || last >= l3)
				newRow := (last == -1 || last >= sc) && k <= l3
				if !sameRow && !newRow {
					continue
				}
				if adjusted[k] {
					continue // only after its target (below)
				}
				cost := 0.0
				if !sameRow {
					cost = rowCost
				}
				for d, f := range cells[k] {
					q := p + d + 1
					if f == impossible {
						continue
					}
					try(f+cost+cut(q)+best[q][k+1], choice{q: q, k: k, next: k})
					// A target and its actual (or its adjusted target),
					// side by side, are often equal.
					if kinds[k] != colTarget || adjusted[k] {
						continue
					}
					// The second may follow after a printed space
					// (健全 健全).
					q1 := q
					if q1 < n && rs[q1] == ' ' {
						q1++
					}
					for k2 := k + 1; k2 < m && (adjusted[k2] || kinds[k2] == colAchieved); k2++ {
						for d2, fa := range actual[q1] {
							q2 := q1 + d2 + 1
							if fa == impossible {
								continue
							}
							bonus := 0.0
							if slices.Equal(rs[q1:q2], rs[p:q]) {
								bonus = 0.5
							}
							if adjusted[k2] {
								if !sameUnit(string(rs[p:q]), string(rs[q1:q2])) || !sameBound(string(rs[p:q]), string(rs[q1:q2])) {
									continue
								}
								bonus += adjustedCost
							}
							try(f+fa+bonus+cost+cut(q)+cut(q2)+best[q2][k2+1], choice{q: q, q1: q1, q2: q2, k: k, next: k2})
						}
						if kinds[k2] == colAchieved {
							break
						}
					}
				}
			}
			best[p][last+1], pick[p][last+1] = b, c
		}
	}
	if math.IsInf(best[0][0], -1) {
		return nil
	}
	var rows [][]string
	var cur []string
	for p, last := 0, -1; p < n; {
		c := pick[p][last+1]
		if c.junk {
			p = c.q
			continue
		}
		if c.k <= last || last == -1 {
			if cur != nil {
				rows = append(rows, cur)
			}
			cur = make([]string, width)
		}
		cur[cols[c.k].pos] = string(rs[p:c.q])
		p = c.q
		if c.q2 > 0 {
			cur[cols[c.next].pos] = string(rs[c.q1:c.q2])
			p = c.q2
		}
		last = c.next
	}
	if cur != nil {
		rows = append(rows, cur)
	}
	for _, r := range rows {
		settleCoefficient(r, cols)
	}
	return rows
}

// adjustedAt reports whether column i is the second target of a header
// that prints two (年初指标值, 调整指标值) before the actual.
func adjustedAt(cols []column, i int) bool {
	return cols[i].kind == colSkip && i > 0 && cols[i-1].kind == colTarget && i+1 < len(cols) && cols[i+1].kind == colAchieved
}

// settleCoefficient reads a cut row's values by 得分 = 分值 × 得分系数. A row
// of three values under 年初指标值, 调整指标值, 全年完成值 and 得分系数 left
// one empty; the cut fills the adjusted target when the values allow it,
// but when the last value is the row's coefficient (8 of 12 points:
// 66.67%), and the one before it prints no bound (≥) an adjusted target
// would, the values are the target, the actual and the coefficient.
func settleCoefficient(cells []string, cols []column) {
	pos := map[colKind]int{}
	adj := -1
	for i, c := range cols {
		pos[c.kind] = c.pos
		if adjustedAt(cols, i) {
			adj = c.pos
		}
	}
	coef, ok := pos[colCoef]
	if !ok || adj < 0 || cells[coef] != "" || cells[adj] == "" || !sameBound(cells[adj], "") {
		return
	}
	actual := cells[pos[colAchieved]]
	c, err := normalize.ParseDecimal(strings.TrimSuffix(actual, "%"))
	w, errW := parsePoints(cells[pos[colWeight]])
	sc, errS := parsePoints(cells[pos[colScore]])
	if err != nil || errW != nil || errS != nil || !strings.HasSuffix(actual, "%") || w.IsZero() ||
		!sc.Mul(decimal.NewFromInt(100)).DivRound(w, -c.Exponent()).Equal(c) {
		return
	}
	cells[coef], cells[pos[colAchieved]], cells[adj] = actual, cells[adj], ""
}

// runFit is fit for a piece of a run-together row, with the boundaries a
// piece must respect when nothing else marks them; a space marks one.
func runFit(k colKind, s string) float64 {
	if strings.Contains(s, " ") {
		return impossible // a space printed between cells is a boundary
	}
	first, _ := utf8.DecodeRuneInString(s)
	lastR, _ := utf8.DecodeLastRuneInString(s)
	startsValue := first >= '0' && first <= '9' || strings.ContainsRune("≥≤><=", first)
	name := !startsValue && utf8.RuneCountInString(s) >= 2 && strings.IndexFunc(s, unicode.IsLetter) >= 0 &&
		strings.Count(s, "(") == strings.Count(s, ")")
	switch k {
	case colL1:
		if !name || !strings.HasSuffix(s, "分)") && !strings.HasSuffix(s, "指标") {
			return impossible
		}
	case colL2:
		if !name || !strings.HasSuffix(s, "指标") {
			return impossible
		}
	case colL3:
		// A name that holds a level name ("社会效益指标受益…") runs two
		// cells together.
		if !name || isDigit(lastR) || strings.ContainsAny(s, "≥≤><=") ||
			strings.Contains(strings.TrimSuffix(s, "指标"), "指标") {
			return impossible
		}
	case colWeight, colScore:
		if !cleanNumber(s) || !pointsAtMost100(s) {
			return impossible
		}
	case colCoef:
		// 得分系数 = 得分 / 分值: a number, as a percentage or not.
		if !cleanNumber(strings.TrimSuffix(s, "%")) {
			return impossible
		}
	case colUnit, colNature, colCore:
		// fit holds their vocabulary: 人次, 定量, 是. A 偏差原因 is not
		// cut out: its text would take the next row's names.
	case colTarget, colAchieved:
		if m, err := normalize.ParseMeasure(s); err == nil {
			num := strings.TrimSuffix(strings.TrimLeft(s, "≥≤><="), m.Unit)
			if !cleanNumber(num) || strings.HasPrefix(m.Unit, ".") || utf8.RuneCountInString(m.Unit) > maxRunUnit {
				return impossible
			}
		} else if strings.ContainsAny(s, "0123456789") || !name {
			return impossible
		}
	default:
		return impossible
	}
	return fit(k, s)
}

// unitPrinted reports whether rs[p:q], cut as a 计量单位, is the unit of a
// value printed near it (座 beside ≥430座): a name's last characters
// (健全性) are not a unit.
func unitPrinted(rs []rune, p, q int) bool {
	const near = 2*maxRunValue + 8 // the values of the row around the cell
	unit := rs[p:q]
	for i := max(1, p-near); i+len(unit) <= min(len(rs), q+near); i++ {
		if i != p && isDigit(rs[i-1]) && slices.Equal(rs[i:i+len(unit)], unit) {
			return true
		}
	}
	return false
}

// sameBound reports whether an adjusted target b prints the bound (≥, ≤)
// its target a prints: a target of ≥1320批次 is adjusted to ≥…, and a
// value without it beside the target is the actual.
func sameBound(a, b string) bool {
	bound := func(s string) string { return s[:len(s)-len(strings.TrimLeft(s, "≥≤><="))] }
	return bound(a) == "" || bound(a) == bound(b)
}

// sameUnit reports whether two values print the same unit: both measures
// in one unit ("≥2910人次", "4178人次"), or the same words (健全, 健全).
func sameUnit(a, b string) bool {
	ma, errA := normalize.ParseMeasure(a)
	mb, errB := normalize.ParseMeasure(b)
	if errA != nil || errB != nil {
		return a == b
	}
	return ma.Unit == mb.Unit
}

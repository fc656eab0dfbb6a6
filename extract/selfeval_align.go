package extract

import (
	"errors"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fiscaldoc/fiscaldoc/normalize"
	"github.com/shopspring/decimal"
)

// colKind is what a column of a self-evaluation table holds.
type colKind int

const (
	colSkip     colKind = iota // a label column such as 绩效指标: read, not stored
	colL1                      // 一级指标
	colL2                      // 二级指标
	colL3                      // 三级指标
	colL3x                     // the second half of a 三级指标 header split over two cells
	colTarget                  // 年度指标值
	colAchieved                // 实际完成值
	colWeight                  // 分值
	colScore                   // 得分
	colNote                    // 偏差原因
	colInitial                 // 年初预算数
	colBudget                  // 全年预算数, 预算数
	colExec                    // 全年执行数, 执行数
	colRate                    // 执行率
	colNature                  // 指标性质: 定量 or 定性, read, not stored
	colUnit                    // 计量单位, read, not stored
	colCoef                    // 得分系数, read, not stored
	colCore                    // 是否核心指标: 是 or 否, read, not stored
)

// A column is a header cell mapped to its kind.
type column struct {
	kind colKind
	pos  int // index of the header cell
}

// indicatorKind maps an indicator-table header cell to its column kind;
// ok is false for cells that name no known column.
func indicatorKind(cell string) (colKind, bool) {
	c := normalize.Squash(cell)
	switch {
	case c == "":
		return 0, false
	case strings.Contains(c, "性质"):
		return colNature, true
	case c == "单位" || strings.Contains(c, "计量单位"):
		return colUnit, true
	case strings.Contains(c, "系数"):
		return colCoef, true
	case strings.Contains(c, "核心"):
		return colCore, true
	case strings.Contains(c, "一级"):
		return colL1, true
	case strings.Contains(c, "二级"):
		return colL2, true
	case strings.Contains(c, "三级"):
		return colL3, true
	case strings.Contains(c, "指标值") || strings.Contains(c, "目标值"):
		return colTarget, true
	case strings.Contains(c, "实际值") || strings.Contains(c, "完成值") || strings.Contains(c, "实际完成"):
		return colAchieved, true
	case strings.Contains(c, "偏差") || strings.Contains(c, "原因") || strings.Contains(c, "改进措施"):
		return colNote, true
	case strings.Contains(c, "得分"):
		return colScore, true
	case strings.Contains(c, "分值") || c == "权重":
		return colWeight, true
	case c == "绩效指标":
		return colSkip, true
	}
	return 0, false
}

// moneyKind maps a 资金 header cell ("全年预算数 (A)", "执行率 (B/A)") to
// its column kind.
func moneyKind(cell string) (colKind, bool) {
	c := normalize.Squash(cell)
	switch {
	case strings.Contains(c, "得分"):
		return colScore, true
	case strings.Contains(c, "执行率"):
		return colRate, true
	case strings.Contains(c, "年初预算"):
		return colInitial, true
	case strings.Contains(c, "预算数"):
		return colBudget, true
	case strings.Contains(c, "执行数"):
		return colExec, true
	case strings.Contains(c, "分值"):
		return colWeight, true
	}
	return 0, false
}

// headerColumns maps the cells of a header row with kindOf. A cell right
// after the 三级指标 cell that holds only "指标" or names 三级 again is the
// rest of that header, which OCR cut into two columns, and so is an empty
// one when the header names its 年度指标值 elsewhere; that column is read as
// the rest of the name. Only the first column of each kind is stored; a
// later one is read as colSkip. A table whose 年度指标值 (全年预算数)
// header OCR lost reads it from the empty header cell right before
// 实际完成值 (执行数).
func headerColumns(cells []string, kindOf func(string) (colKind, bool)) []column {
	namesTarget := slices.ContainsFunc(cells, func(c string) bool {
		k, ok := kindOf(c)
		return ok && k == colTarget
	})
	var cols []column
	seen := map[colKind]bool{}
	for i, c := range cells {
		k, ok := kindOf(c)
		if n := len(cols); n > 0 && cols[n-1].kind == colL3 && cols[n-1].pos == i-1 {
			if s := normalize.Squash(c); s == "" && namesTarget || s == "指标" || k == colL3 {
				k, ok = colL3x, true
			}
		}
		if !ok {
			continue
		}
		if seen[k] {
			// A second column of a kind (年初指标值, then 调整指标值) is
			// read but not stored: the first is the template's.
			k = colSkip
		}
		seen[k] = true
		cols = append(cols, column{k, i})
	}
	for _, lost := range []struct{ kind, before colKind }{{colTarget, colAchieved}, {colBudget, colExec}} {
		if seen[lost.kind] {
			continue
		}
		for j, col := range cols {
			if col.kind == lost.before && col.pos > 0 && normalize.Squash(cells[col.pos-1]) == "" && (j == 0 || cols[j-1].pos < col.pos-1) {
				cols = slices.Insert(cols, j, column{lost.kind, col.pos - 1})
				break
			}
		}
	}
	return cols
}

// A cell is one cell of a row with its position.
type cell struct {
	text string
	pos  int
}

// impossible marks a cell that cannot sit in a column.
var impossible = math.Inf(-1)

// fit scores how well a cell's text suits a column kind; impossible when it
// cannot be there at all. Empty cells fit anywhere with 0.
func fit(k colKind, s string) float64 {
	if s == "" {
		return 0
	}
	switch k {
	case colSkip:
		return 0
	case colL1, colL2:
		if !hasLetters(s) || isPlainValue(s) || isQuantity(s) || isMark(s) || indexPrefixRe.MatchString(s) {
			return impossible // a value, or a 三级指标 the template numbers (指标2:…)
		}
		// A 一级指标 usually prints its points ("产出指标(50分)"), a 二级
		// does not; both say 指标.
		points := strings.Contains(s, "分)")
		switch {
		case !points && !strings.Contains(s, "指标"):
			return 0.5
		case points == (k == colL1):
			return 1.5
		}
		return 1.2
	case colL3:
		if !hasLetters(s) || isPlainValue(s) || isQuantity(s) || isMark(s) {
			return impossible
		}
		return 1.6 // every indicator row has one: preferred to 一级/二级
	case colL3x:
		if isMeasure(s) {
			return impossible // a value ("≥100人次"), never the rest of a name
		}
		return 0.5
	case colTarget, colAchieved:
		if _, err := normalize.ParseMeasure(s); err == nil {
			return 1.5
		}
		return 1
	case colWeight, colScore:
		if _, err := parsePoints(s); err == nil {
			return 2
		}
		if _, err := leadingPoints(s); err == nil {
			return 1
		}
		return impossible
	case colNature:
		if s == "定量" || s == "定性" {
			return 2
		}
		return impossible
	case colCore:
		if s == "是" || s == "否" {
			return 2
		}
		return impossible
	case colUnit:
		if isUnit(s) {
			return 0.5 // below a value's fit: a lone word of a short row is its 完成值
		}
		return impossible
	case colCoef:
		if isMeasure(s) {
			return 1
		}
		return impossible
	case colNote:
		if isPlainValue(s) || indexPrefixRe.MatchString(s) {
			return impossible
		}
		return 0.7 // above a level without 指标: text after a row's points ends it
	case colInitial, colBudget, colExec:
		if _, err := parseMoney(s); err == nil {
			return 2
		}
		return impossible
	case colRate:
		m, err := normalize.ParseMeasure(s)
		switch {
		case err == nil && m.Unit == "%" && m.Op == "":
			return 2
		case err == nil && m.Unit == "" && m.Op == "":
			return 0.5
		}
		return impossible
	}
	return impossible
}

// hasLetters reports whether s holds a letter or a Han character, so is
// more than numbers, dots and dashes ("……", "/").
func hasLetters(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// isPlainValue reports whether s is a number, possibly with an operator or
// a percent sign: never an indicator name.
func isPlainValue(s string) bool {
	m, err := normalize.ParseMeasure(s)
	return err == nil && (m.Unit == "" || m.Unit == "%")
}

// isQuantity reports whether s is a measured value, never a name: a
// comparison (≥2460人次), or a number with a short unit (3675人次, 27分钟).
func isQuantity(s string) bool {
	m, err := normalize.ParseMeasure(s)
	return err == nil && (m.Op != "" || utf8.RuneCountInString(m.Unit) <= 3)
}

// errNoPoints is returned for 分值/得分 cells that hold no number.
var errNoPoints = errors.New("no points")

// parsePoints parses a 分值 or 得分 cell: a plain non-negative number,
// "分" allowed after it.
func parsePoints(s string) (decimal.Decimal, error) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "分")
	d, err := normalize.ParseDecimal(s)
	if err != nil {
		return d, err
	}
	if d.IsNegative() {
		return d, errNoPoints
	}
	return d, nil
}

// minDebrisFields is how many space-separated pieces a points cell needs
// before its tail is taken for OCR debris.
const minDebrisFields = 4

// leadingPoints reads a 分值/得分 cell into which OCR ran text from beside
// the table ("4 4 4 6 3 目品 分 2 1 1 …"): the first number, when the cell
// has many pieces and some are not numbers.
func leadingPoints(s string) (decimal.Decimal, error) {
	f := strings.Fields(s)
	if len(f) < minDebrisFields || !strings.ContainsFunc(s, unicode.IsLetter) {
		return decimal.Decimal{}, errNoPoints
	}
	return parsePoints(f[0])
}

// parseMoney parses an amount cell of a 资金 row: "112", "4万", "179.26万元",
// "6.18(万元"; amounts in 元 are converted to 万元.
func parseMoney(s string) (decimal.Decimal, error) { return parseMoneyIn(s, normalize.WanYuan) }

// parseMoneyIn parses an amount into 万元; a number that prints no unit is
// in unit, the unit its table states (元, 万元).
func parseMoneyIn(s, unit string) (decimal.Decimal, error) {
	m, err := normalize.ParseMeasure(s)
	if err != nil {
		return decimal.Decimal{}, err
	}
	if m.Op != "" || m.Value.IsNegative() {
		return decimal.Decimal{}, normalize.ErrNotNumber
	}
	switch u := strings.Trim(m.Unit, "()（）"); u {
	case "":
		return normalize.ToWan(m.Value, unit)
	case "万", normalize.WanYuan:
		return m.Value, nil
	case normalize.Yuan:
		return normalize.ToWan(m.Value, normalize.Yuan)
	}
	return decimal.Decimal{}, normalize.ErrNotNumber
}

// statedUnit returns the money unit a row states (单位:元, 资金情况(万元)),
// or "".
func statedUnit(r seRow) string {
	for _, c := range r.cells {
		if u := unitOf(c); u != "" {
			return u
		}
	}
	return ""
}

// align assigns a row's cells to columns. Rows whose layout keeps empty
// cells are first read by position, allowing the whole row to be shifted by
// a few cells (OCR adds or drops a leading cell); the shift whose cells best
// suit their columns wins. Loose rows, and rows no shift explains, are read
// in order: each non-empty cell goes to the next column it suits.
func align(cells []cell, loose bool, cols []column) (map[colKind]cell, bool) {
	if len(cols) == 0 {
		return nil, false
	}
	if !loose {
		best, bestScore := map[colKind]cell(nil), impossible
		for _, off := range []int{0, 1, -1, 2, -2, 3, -3} {
			// A shift costs: a wrapped piece under the 二级指标 column
			// (服务对象满 / 意度指标) is that column's, not the 三级指标's.
			const shift = 0.25
			got, score := alignAt(cells, cols, off)
			if score -= shift * math.Abs(float64(off)); score > bestScore {
				best, bestScore = got, score
			}
		}
		if best != nil {
			return best, true
		}
	}
	return alignInOrder(cells, cols)
}

// alignAt reads cells by position, cell pos = column pos + off. Cells left
// over must not be numbers.
func alignAt(cells []cell, cols []column, off int) (map[colKind]cell, float64) {
	byPos := map[int]cell{}
	for _, c := range cells {
		byPos[c.pos] = c
	}
	got := map[colKind]cell{}
	used := map[int]bool{}
	score := 0.0
	for _, col := range cols {
		c, ok := byPos[col.pos+off]
		if !ok || c.text == "" {
			continue
		}
		f := fit(col.kind, c.text)
		if f == impossible {
			return nil, impossible
		}
		score += f
		used[c.pos] = true
		got[col.kind] = c
	}
	for _, c := range cells {
		if c.text == "" || used[c.pos] {
			continue
		}
		if _, err := parseMoney(c.text); err == nil || isPlainValue(c.text) {
			return nil, impossible
		}
		score -= 0.5
	}
	if len(got) == 0 {
		return nil, impossible
	}
	return got, score
}

// alignInOrder assigns the non-empty cells to columns in order, maximising
// how well they suit their columns; a cell that suits none is dropped at a
// cost.
func alignInOrder(cells []cell, cols []column) (map[colKind]cell, bool) {
	got, _ := alignNamesInOrder(cells, cols)
	return got, len(got) > 0
}

// alignNamesInOrder is alignInOrderScore, but a row's 计量单位 is never
// its name: a name and its unit (业务培训人次 人次 … ≥2060人次) read as
// well as a 二级指标 and a 三级指标 named by the unit of the row's
// values, and are read again as a 三级指标 and its unit.
func alignNamesInOrder(cells []cell, cols []column) (map[colKind]cell, float64) {
	got, score := alignInOrderScore(cells, cols)
	if got == nil || !hasKind(cols, colUnit) || !unitAsName(got) {
		return got, score
	}
	names := slices.DeleteFunc(slices.Clone(cols), func(c column) bool { return c.kind == colL1 || c.kind == colL2 })
	if g, s := alignInOrderScore(cells, names); g != nil && g[colL3].text != "" && !unitAsName(g) {
		return g, s
	}
	return got, score
}

// unitAsName reports whether a row read as got has the unit of its target
// or actual value (人次 of ≥2060人次, % of 95%) for its 三级指标.
func unitAsName(got map[colKind]cell) bool {
	name := got[colL3].text
	if name == "" {
		return false
	}
	for _, k := range []colKind{colTarget, colAchieved} {
		if m, err := normalize.ParseMeasure(got[k].text); err == nil && m.Unit == name {
			return true
		}
	}
	return false
}

// alignInOrderScore is alignInOrder with the score of its assignment.
func alignInOrderScore(cells []cell, cols []column) (map[colKind]cell, float64) {
	var cs []cell
	for _, c := range cells {
		if c.text != "" {
			cs = append(cs, c)
		}
	}
	n, m := len(cs), len(cols)
	if n == 0 {
		return nil, impossible
	}
	const drop = -3
	// best[i][j]: best score placing cs[i:] into cols[j:].
	best := make([][]float64, n+1)
	for i := range best {
		best[i] = make([]float64, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		best[i][m] = best[i+1][m] + drop
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			v := math.Max(best[i][j+1], best[i+1][j]+drop)
			if f := fit(cols[j].kind, cs[i].text); f != impossible {
				v = math.Max(v, best[i+1][j+1]+f)
			}
			best[i][j] = v
		}
	}
	got := map[colKind]cell{}
	for i, j := 0, 0; i < n; {
		switch {
		case j < m && fit(cols[j].kind, cs[i].text) != impossible && best[i][j] == best[i+1][j+1]+fit(cols[j].kind, cs[i].text):
			got[cols[j].kind] = cs[i]
			i, j = i+1, j+1
		case j < m && best[i][j] == best[i][j+1]:
			j++
		default:
			i++
		}
	}
	return got, best[0][0]
}

// isUnit reports whether a cell is a unit of measure alone (人, 人次, 万元).
func isUnit(s string) bool {
	return s == "%" || s == "‰" || hasLetters(s) && !strings.ContainsAny(s, "0123456789%‰") && utf8.RuneCountInString(s) <= 3 &&
		s != "定量" && s != "定性" && s != "是" && s != "否"
}

// isOperator reports whether a cell holds only a comparison (≥, ≦, <).
func isOperator(s string) bool {
	m, err := normalize.ParseMeasure(s + "1")
	return err == nil && m.Op != "" && m.Unit == ""
}

// joinSplitValues joins a value printed over several cells: an operator
// cell with the number after it and the unit cell after that (| ≧ | 420 |
// 人次 | is ≥420人次). Cells are renumbered when any were joined.
func joinSplitValues(cells []cell) []cell {
	var out []cell
	joined := false
	for i := 0; i < len(cells); i++ {
		c := cells[i]
		if isOperator(c.text) && i+1 < len(cells) && isMeasure(c.text+cells[i+1].text) {
			c.text += cells[i+1].text
			i++
			joined = true
			if m, err := normalize.ParseMeasure(c.text); err == nil && m.Unit == "" && i+1 < len(cells) && isUnit(cells[i+1].text) {
				c.text += cells[i+1].text
				i++
			}
		}
		out = append(out, c)
	}
	if !joined {
		return cells
	}
	for i := range out {
		out[i].pos = i
	}
	return out
}

package extract

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/fiscaldoc/fiscaldoc/normalize"
)

// A Stream table (package layout: one cell a line with no row breaks, or a
// whole 自评表 flattened onto a line or a few) comes as its cells in
// reading order. The template cuts it back into rows: at the labels that
// start the rows of its form and 资金 block, and in the indicator part at
// the row boundaries that let every row's cells suit the header's columns
// best. A long OCR line that is not a layout table but holds a header and
// many cells is read the same way.

// minFlatCells is the fewest cells a line of prose needs to be read as a
// flattened table rather than as one row.
const minFlatCells = 30

// maxFlatCells bounds the line cut back into rows (the cut tries every
// row length up to maxRowCells at every cell).
const maxFlatCells = 5000

// rowLabels start a row of a 自评表 template.
var rowLabels = []string{
	"项目名称", "项目支出名称", "主管部门", "实施单位", "项目负责人", "项目资金", "资金情况", "年度资金情况",
	"年度资金总额", "其中:", "上年结转资金", "其他资金", "年度总体目标", "绩效指标", "总分",
}

// unflatten replaces each Stream table, flattened line or run-together
// table among rows by its rows, and joins the labels an export cut in the
// other rows split at spaces.
func unflatten(rows []seRow) []seRow {
	var out []seRow
	for _, r := range rows {
		if isRunTogether(r) {
			out = append(out, splitRunTogether(r)...)
			continue
		}
		if r.loose && (r.stream || len(r.cells) >= minFlatCells) && len(r.cells) <= maxFlatCells && hasIndicatorHeader(r.cells) {
			out = append(out, splitFlat(r)...)
			continue
		}
		if r.loose {
			// A label the export cut ("项目 名称 退役军人服务站建设") on
			// a line of its own is one cell, as in a flattened table.
			if cells, lines := joinLabelPieces(r.cells, r.lines); len(cells) < len(r.cells) {
				r.cells, r.raw, r.lines = cells, cells, lines
			}
		}
		out = append(out, r)
	}
	return joinMoneyLines(out)
}

// maxMoneyLines bounds the lines a flattened 资金 block is read from.
const maxMoneyLines = 4

// joinMoneyLines joins the lines of a 资金 block that an export flattened
// across lines, its header's words and its amounts interleaved and cut
// anywhere ("年度资金总额 445.03 494.79 463.58 年度 10 资金情况(万元)" /
// "93.69%" / "年初预算数 9.37 全年 预算数 全年执行数 分值 执行率 得分"),
// and separates the header from the amounts (splitMoneyRows). Lines one
// after the other are joined when together, and not with one line fewer,
// they hold one row's label and one amount a column their words name.
func joinMoneyLines(rows []seRow) []seRow {
	var out []seRow
	for i := 0; i < len(rows); i++ {
		j, ok := moneyLinesEnd(rows, i)
		if !ok {
			out = append(out, rows[i])
			continue
		}
		joined := rows[i]
		joined.cells = nil
		for _, r := range rows[i:j] {
			joined.cells = append(joined.cells, r.cells...)
			joined.last = max(joined.last, r.last)
		}
		joined.raw, joined.lines = joined.cells, nil
		out = append(out, splitMoneyRows([]seRow{joined})...)
		i = j - 1
	}
	return out
}

// moneyLinesEnd returns the end of the lines from rows[i], two to
// maxMoneyLines of them and each following the one before, that hold a
// 资金 block together and not with one line fewer (moneyBlock); ok is
// false when rows[i] is no such block's first piece, or a line that is
// none (an indicator header, a total, a clean 资金 row) comes first.
func moneyLinesEnd(rows []seRow, i int) (end int, ok bool) {
	if !rows[i].loose || !moneyContent(rows[i]) || moneyBlock(rows[i:i+1]) || cleanMoneyRow(rows[i]) {
		return 0, false
	}
	for j := i + 2; j <= len(rows) && j-i <= maxMoneyLines; j++ {
		r := rows[j-1]
		if !moneyContent(r) || !r.loose || rows[j-2].last+1 < r.first || isIndicatorHeader(r) || flatTotalAt(r) >= 0 || cleanMoneyRow(r) || moneyBlock(rows[j-1:j]) {
			return 0, false
		}
		if moneyBlock(rows[i:j]) {
			return j, true
		}
	}
	return 0, false
}

// moneyContent reports whether a row holds a piece of a 资金 block: a
// row's label, an amount or a column's name; a table's title does not.
func moneyContent(r seRow) bool {
	if _, title := tableTitle(r); title {
		return false
	}
	cells, _ := joinLabelPieces(r.cells, nil)
	for _, c := range cells {
		if moneyLabel(c) || isMoneyValue(c) {
			return true
		}
		if _, ok := moneyKind(c); ok {
			return true
		}
	}
	return false
}

// cleanMoneyRow reports whether a row is a 资金 block's header or one of
// its rows on its own: three or more columns' names and no amount, or a
// row's label and amounts and no column's name nor the block's label.
func cleanMoneyRow(r seRow) bool {
	labels, amounts, cols, words := moneyParts(r.cells)
	return amounts == 0 && cols >= 3 || labels > 0 && amounts >= 2 && cols == 0 && !slices.ContainsFunc(words, isBlockLabel)
}

// moneyBlock reports whether rows hold, together, one 资金 row's label and
// as many amounts as the columns their other words name, three or more.
func moneyBlock(rows []seRow) bool {
	var cells []string
	for _, r := range rows {
		cells = append(cells, r.cells...)
	}
	labels, amounts, cols, _ := moneyParts(cells)
	return labels == 1 && cols >= 3 && amounts == cols
}

// moneyParts counts what cells hold of a 资金 block: its rows' labels,
// its amounts, and the columns its other words name (with those words,
// the labels an export cut joined again).
func moneyParts(cells []string) (labels, amounts, cols int, words []string) {
	for _, c := range cells {
		switch {
		case moneyLabel(c) && !isBlockLabel(c):
			labels++
		case isMoneyValue(c):
			amounts++
		default:
			words = append(words, c)
		}
	}
	words, _ = joinLabelPieces(words, nil)
	return labels, amounts, len(headerColumns(words, moneyKind)), words
}

func hasIndicatorHeader(cells []string) bool {
	for _, c := range cells {
		if k, ok := indicatorKind(c); ok && k == colL3 {
			return true
		}
	}
	return false
}

// splitFlat cuts one flattened line, or a table printed one cell a line
// with no row breaks, into rows. Labels the export cut in two ("项目名 称",
// "全年执 行数") are joined first; header words a merged header cell
// scattered among the first row's values ("产出指标 一级 数量指标 指标 …
// 三级指标 权重 …") are taken out of the values into the header.
func splitFlat(r seRow) []seRow {
	cells, lines := joinLabelPieces(r.cells, r.lines)
	if lines == nil {
		lines = make([]int, len(cells))
		for i := range lines {
			lines[i] = r.first
		}
	}
	row := func(idx []int) seRow {
		out := seRow{first: r.last, last: r.first, loose: true, unit: r.unit}
		for _, k := range idx {
			out.cells = append(out.cells, cells[k])
			out.first, out.last = min(out.first, lines[k]), max(out.last, lines[k])
		}
		out.raw = out.cells
		return out
	}
	var out []seRow
	var cur []int
	emit := func() {
		if len(cur) > 0 {
			out = append(out, row(cur))
			cur = nil
		}
	}
	for i := 0; i < len(cells); i++ {
		c := cells[i]
		s := normalize.Squash(c)
		if _, ok := tableTitle(seRow{cells: []string{c}, loose: true}); ok {
			emit()
			out = append(out, row([]int{i}))
			continue
		}
		if _, ok := indicatorKind(c); ok && indicatorHeaderAt(cells, i) {
			j := i
			for j < len(cells) {
				if _, ok := indicatorKind(cells[j]); !ok {
					break
				}
				j++
			}
			pre, frags := scatteredHeader(cells, cur)
			cur = cur[:len(cur)-len(pre)-len(frags)]
			emit()
			// Header words after the run, among the first row's values.
			stop, pieces := headerWindow(cells, j)
			for k := j; k < stop; k++ {
				if pieces[k] {
					frags = append(frags, k)
				}
			}
			header := append(slices.Clone(frags), indexRange(i, j)...)
			sortByIndex(header)
			hcells := make([]string, len(header))
			for k, h := range header {
				hcells[k] = cells[h]
			}
			// Words of one header cell the export wrote apart, values
			// between them ("三级 … 指标", "全年完 成值"), are one name.
			hcells, _ = joinLabelPieces(hcells, nil)
			hrow := row(header)
			hrow.cells, hrow.raw = hcells, hcells
			out = append(out, hrow)
			cols := headerColumns(hcells, indicatorKind)
			end := j
			for end < len(cells) && !strings.HasPrefix(normalize.Squash(cells[end]), "总分") {
				end++
			}
			data := pre
			for k := j; k < end; k++ {
				if !slices.Contains(frags, k) {
					data = append(data, k)
				}
			}
			texts := make([]string, len(data))
			for k, d := range data {
				texts[k] = cells[d]
			}
			for _, sp := range segmentIndicators(texts, cols) {
				idx := slices.Clone(data[sp.from:sp.to])
				out = append(out, row(rotate(idx, sp.names)))
			}
			i = end - 1
			continue
		}
		for _, l := range rowLabels {
			if strings.HasPrefix(s, l) {
				emit()
				break
			}
		}
		cur = append(cur, i)
	}
	emit()
	return splitMoneyRows(out)
}

// splitMoneyRows separates a 资金 row whose header words and amounts the
// export interleaved ("年度资金总额 4,233,800.00 … 年初预算数 全年 预算数 …")
// into its header row and its amounts row, each in printed order.
func splitMoneyRows(rows []seRow) []seRow {
	var out []seRow
	for _, r := range joinMoneyHeader(rows) {
		var words, nums []string
		label := ""
		for _, c := range r.cells {
			switch {
			case moneyLabel(c) && label == "" && !isBlockLabel(c):
				label = c
			case isMoneyValue(c):
				nums = append(nums, c)
			default:
				words = append(words, c)
			}
		}
		words, _ = joinLabelPieces(words, nil)
		if label == "" || len(nums) < 2 || len(headerColumns(words, moneyKind)) < 3 {
			out = append(out, r)
			continue
		}
		h, d := r, r
		h.cells, h.raw = words, words
		d.cells = append([]string{label}, nums...)
		d.raw = d.cells
		out = append(out, h, d)
	}
	return out
}

// isBlockLabel reports whether a cell is the label of a 资金 block's
// header (年度资金情况(万元), 项目资金), not of one of its rows.
func isBlockLabel(c string) bool {
	c = normalize.Squash(c)
	return strings.Contains(c, "资金情况") || strings.HasPrefix(c, "项目资金")
}

// joinMoneyHeader joins a 资金 block's header to its first row when the
// row's label cut the two apart, their words and amounts interleaved
// ("年度资金总额 320.37 … 资金情况(万元) 年初预算数 …"): a row that
// starts with the block's label next to a row that starts with a 资金
// row's label, whose amounts together are no more than the columns
// their words name.
func joinMoneyHeader(rows []seRow) []seRow {
	var out []seRow
	for i := 0; i < len(rows); i++ {
		r := rows[i]
		if i+1 < len(rows) && moneyHalves(r, rows[i+1]) {
			n := rows[i+1]
			r.cells = append(slices.Clone(r.cells), n.cells...)
			r.raw = r.cells
			r.first, r.last = min(r.first, n.first), max(r.last, n.last)
			i++
		}
		out = append(out, r)
	}
	return out
}

// moneyHalves reports whether rows a and b, one after the other, are a
// 资金 block's header and its first row cut apart (joinMoneyHeader).
func moneyHalves(a, b seRow) bool {
	if len(a.cells) == 0 || len(b.cells) == 0 {
		return false
	}
	block := func(r seRow) bool { return isBlockLabel(r.cells[0]) }
	data := func(r seRow) bool { return moneyLabel(r.cells[0]) && !isBlockLabel(r.cells[0]) }
	if !(block(a) && data(b) || data(a) && block(b)) {
		return false
	}
	var words []string
	amounts := 0
	for _, c := range append(slices.Clone(a.cells[1:]), b.cells[1:]...) {
		if isMoneyValue(c) {
			amounts++
		} else {
			words = append(words, c)
		}
	}
	words, _ = joinLabelPieces(words, nil)
	cols := len(headerColumns(words, moneyKind))
	return cols >= 3 && amounts >= 2 && amounts <= cols
}

// isMoneyValue reports whether a cell is an amount, points or a rate.
func isMoneyValue(c string) bool {
	m, err := normalize.ParseMeasure(c)
	return err == nil && m.Op == "" && (m.Unit == "" || m.Unit == "%" || m.Unit == "万元" || m.Unit == "元" || m.Unit == "万")
}

// indexRange returns the indices i..j-1.
func indexRange(i, j int) []int {
	out := make([]int, 0, j-i)
	for k := i; k < j; k++ {
		out = append(out, k)
	}
	return out
}

func sortByIndex(idx []int) { slices.Sort(idx) }

// maxScattered bounds how far before an indicator header a merged header
// cell's words are looked for among the first row's values.
const maxScattered = 16

// scatteredHeader looks, among the cells cur (indices) just before an
// indicator header, for the words of its merged header cells that the
// export wrote among the first row's values ("一级", "二级", "指标"). It
// returns the cells of that stretch that are values (pre) and the header
// words (frags), both in order; none when the stretch holds no header word.
// The stretch ends, going back, at a sentence, a 资金 header word or a
// row's label.
func scatteredHeader(cells []string, cur []int) (pre, frags []int) {
	start := len(cur)
	for start > 0 && len(cur)-start < maxScattered {
		c := normalize.Squash(cells[cur[start-1]])
		if _, money := moneyKind(c); money || strings.HasSuffix(c, "。") || utf8.RuneCountInString(c) > 30 || isRowLabel(c) {
			break
		}
		start--
	}
	for _, k := range cur[start:] {
		if headerPiece(cells[k]) {
			frags = append(frags, k)
		} else {
			pre = append(pre, k)
		}
	}
	if len(frags) == 0 {
		// No header word among them: the first row's cells the export
		// wrote before its header start at its level (产出指标 数量指标
		// 政策宣传次数 ≥760次 1122次 一级指标 …); with no level, only the
		// levels right before the header belong to it.
		for k, c := range pre {
			if isLevelName(cells[c]) {
				return pre[k:], nil
			}
		}
		return nil, nil
	}
	return pre, frags
}

// isLevelName reports whether a cell names a level of indicators (产出指标,
// 效益指标(30分)), not a column.
func isLevelName(c string) bool {
	c = normalize.Squash(c)
	if _, ok := indicatorKind(c); ok {
		return false
	}
	return strings.HasSuffix(c, "指标") || strings.HasSuffix(c, "分)") && strings.Contains(c, "指标")
}

// headerPiece reports whether a cell is a piece of an indicator header: a
// column's name, or a merged cell's word ("一级", "二级", "指标").
func headerPiece(c string) bool {
	c = normalize.Squash(c)
	if c == "指标" || c == "一级" || c == "二级" || c == "三级" {
		return true
	}
	k, ok := indicatorKind(c)
	return ok && k != colSkip && k != colL1 && k != colL2 || c == "一级指标" || c == "二级指标"
}

// isRowLabel reports whether a cell starts a row of the template.
func isRowLabel(c string) bool {
	for _, l := range rowLabels {
		if strings.HasPrefix(c, l) {
			return true
		}
	}
	return false
}

// joinLabelPieces joins two neighbouring cells that an export cut out of
// one label ("项目名 称", "全年执 行数", "实际 完成值"): their join names a
// column or starts a row of the template, and the first alone does not.
func joinLabelPieces(cells []string, lines []int) ([]string, []int) {
	var out []string
	var outLines []int
	for i := 0; i < len(cells); i++ {
		c := cells[i]
		if i+1 < len(cells) && isLabelPiece(c, cells[i+1]) {
			c += cells[i+1]
			if lines != nil {
				outLines = append(outLines, lines[i])
			}
			out = append(out, c)
			i++
			continue
		}
		out = append(out, c)
		if lines != nil {
			outLines = append(outLines, lines[i])
		}
	}
	return out, outLines
}

// flatLabels are labels of the template's forms and funding blocks.
var flatLabels = []string{
	"项目名称", "主管部门", "实施单位", "项目负责人及电话", "项目负责人", "联系电话", "年度资金总额", "年度资金情况",
	"年初预算数", "全年预算数", "全年执行数", "执行率", "实际完成值", "年度指标值", "偏差原因分析及改进措施",
	"三级指标", "二级指标", "一级指标", "年度总体目标", "年初指标值", "调整指标值", "全年完成值", "全年实际值",
	"是否核心指标", "计量单位", "得分系数", "指标性质",
}

func isLabelPiece(a, b string) bool {
	a, b = normalize.Squash(a), normalize.Squash(b)
	if a == "" || b == "" || utf8.RuneCountInString(a+b) > 12 {
		return false
	}
	joined := a + b
	for _, w := range flatLabels {
		if strings.HasPrefix(joined, w) && !strings.HasPrefix(a, w) && strings.HasPrefix(w, a) && len(joined) <= len(w)+len("(万元)") {
			return true
		}
	}
	return false
}

// isLabelFragment reports whether a cell is the start or the end of a
// label of the template (flatLabels) and not the whole label: the piece of
// a name an export cut in two ("实际完", "成值", "是否核", "心指标").
func isLabelFragment(c string) bool {
	c = normalize.Squash(c)
	if utf8.RuneCountInString(c) < 2 {
		return false
	}
	for _, w := range flatLabels {
		if c != w && (strings.HasPrefix(w, c) || strings.HasSuffix(w, c)) {
			return true
		}
	}
	return false
}

// headerWindow returns the end of the stretch from cells[from] that may
// hold an indicator header's words among its first row's cells, and the
// header's pieces in it: column names (分值, 三级), merged cells' words
// (指标), and the pieces of a name the export cut, values between them
// (实际完 … 成值). The stretch ends at the 总分 row, or once it holds more
// cells that are not the header's than one row has.
func headerWindow(cells []string, from int) (end int, pieces map[int]bool) {
	pieces = map[int]bool{}
	others := 0
	for end = from; end < len(cells) && !strings.HasPrefix(normalize.Squash(cells[end]), "总分"); end++ {
		if headerPiece(cells[end]) {
			pieces[end] = true
			continue
		}
		if isLabelFragment(cells[end]) {
			// Half of a name the export cut (是否核 … 心指标): the
			// header's, paired below, not the row's.
			continue
		}
		if others++; others > maxRowCells {
			break
		}
	}
	for a := from; a < end; a++ {
		if pieces[a] || isMeasure(cells[a]) {
			continue
		}
		for b := a + 1; b < end; b++ {
			if isLabelPiece(cells[a], cells[b]) {
				pieces[a], pieces[b] = true, true
				break
			}
		}
	}
	return end, pieces
}

// indicatorHeaderAt reports whether an indicator header starts at cells[i]:
// two column names in a row, and four or more among the cells around them,
// one of them 三级指标 (an export may write the first row's values among
// them, and a merged header cell's words before them); or a level's column
// (一级, 三级指标) whose header's words all come among the first row's
// cells after it (scatteredHeaderAt).
func indicatorHeaderAt(cells []string, i int) bool {
	// 分值 and 得分 name columns of the 资金 block too: they do not start
	// the indicators' header.
	if k, ok := indicatorKind(cells[i]); !ok || k == colWeight || k == colScore || k == colNote {
		return false
	}
	// A header starts with two column names in a row; a lone one is a
	// form's label (实际完成情况).
	if i+1 >= len(cells) {
		return false
	}
	if _, ok := indicatorKind(cells[i+1]); !ok {
		return scatteredHeaderAt(cells, i)
	}
	n, l3 := 0, false
	for k := max(i-maxScattered/2, 0); k < len(cells) && k < i+maxScattered; k++ {
		kind, ok := indicatorKind(cells[k])
		if !ok {
			continue
		}
		n++
		l3 = l3 || kind == colL3
	}
	return n >= 4 && l3
}

// scatteredHeaderAt reports whether cells[i], a level's column (一级,
// 三级指标), starts an indicator header whose words the export wrote
// apart, among the first row's cells: the stretch after it (headerWindow)
// holds four pieces of the header or more, one of them 三级, and no word
// of the 资金 block's header, which comes before the indicators'.
func scatteredHeaderAt(cells []string, i int) bool {
	if k, _ := indicatorKind(cells[i]); k != colL1 && k != colL2 && k != colL3 {
		return false
	}
	end, pieces := headerWindow(cells, i)
	l3 := false
	for k := i; k < end; k++ {
		if kind, money := moneyKind(cells[k]); money && kind != colWeight && kind != colScore {
			return false
		}
		if kind, ok := indicatorKind(cells[k]); ok && pieces[k] && kind == colL3 {
			l3 = true
		}
	}
	return l3 && len(pieces) >= 4
}

// maxRowCells bounds the cells of one indicator row in a flattened table.
const maxRowCells = 12

// A rowSpan is one indicator row of a flattened table: its cells
// cells[from:to], whose names start at from+names when the export wrote
// the row's values before its names (names > 0).
type rowSpan struct{ from, to, names int }

// rotate puts a row's names first: cells[names:] + cells[:names].
func rotate[T any](cells []T, names int) []T {
	if names == 0 {
		return cells
	}
	return append(slices.Clone(cells[names:]), cells[:names]...)
}

// segmentIndicators cuts the cells of a flattened indicator table into
// rows: the cut whose rows each hold a 三级指标 and a 分值 or 得分, and
// whose cells best suit their columns. A row may print its values before
// its names (the export walked one column further before it returned),
// at a cost. A cell that fits no row (a level name with no rows under it)
// is dropped at a cost.
func segmentIndicators(cells []string, cols []column) []rowSpan {
	n := len(cells)
	const skip = -2
	notes := repeatedTexts(cells, cols)
	best := make([]float64, n+1)
	next := make([]rowSpan, n+1)
	for i := n - 1; i >= 0; i-- {
		best[i], next[i] = best[i+1]+skip, rowSpan{i, i + 1, -1}
		for j := i + 1; j <= n && j-i <= maxRowCells; j++ {
			score, names := rowScore(cells[i:j], cols, notes)
			if score == impossible {
				continue
			}
			if v := score + best[j]; v > best[i] {
				best[i], next[i] = v, rowSpan{i, j, names}
			}
		}
	}
	var rows []rowSpan
	for i := 0; i < n; i = next[i].to {
		if next[i].names >= 0 {
			rows = append(rows, next[i])
		}
	}
	return rows
}

// repeatedTexts are the words, not values, that more than one cell of a
// flattened indicator table prints, when its header has a 偏差原因 column:
// a 三级指标 names one row, the reason for a deviation (部分目标未完成)
// is written again on each row that lost points.
func repeatedTexts(cells []string, cols []column) map[string]bool {
	if !hasKind(cols, colNote) {
		return nil
	}
	seen := map[string]int{}
	for _, c := range cells {
		if hasLetters(c) && !isMeasure(c) && !isUnit(c) && !isMark(c) {
			seen[normalize.Squash(c)]++
		}
	}
	notes := map[string]bool{}
	for c, n := range seen {
		if n > 1 {
			notes[c] = true
		}
	}
	return notes
}

// rowScore is how well cells read as one indicator row, or impossible when
// they lack a 三级指标 or a 分值/得分; names is where the row's names
// start when its values come first (0 when they do not). A row named by
// one of notes (repeatedTexts) costs.
func rowScore(seg []string, cols []column, notes map[string]bool) (score float64, names int) {
	score = inOrderRowScore(seg, cols, notes)
	// Values, then the names they belong to: read as names, then values.
	k := len(seg)
	for k > 0 && !isMeasure(seg[k-1]) && !isMark(seg[k-1]) && hasLetters(seg[k-1]) {
		k--
	}
	if k >= minValuesFirst && k < len(seg) && allValues(seg[:k]) {
		const valuesFirst = -1.5
		best, at := score, 0
		if r := inOrderRowScore(rotate(seg, k), cols, notes) + valuesFirst; r > best {
			best, at = r, k
		}
		// The values may end with the row's 偏差原因 (… 50% 4
		// 部分目标未完成 质量指标 服务站建成率).
		if hasKind(cols, colNote) && k+1 < len(seg) {
			if r := inOrderRowScore(rotate(seg, k+1), cols, notes) + valuesFirst; r > best {
				best, at = r, k+1
			}
		}
		return best, at
	}
	return score, 0
}

// minValuesFirst is the fewest values read as a row's, printed before its
// names: a target, an actual and points.
const minValuesFirst = 3

// isMark reports whether a cell is the value of a column of marks: 是/否
// of 是否核心指标, 定量/定性 of 指标性质.
func isMark(c string) bool {
	return c == "是" || c == "否" || c == "定量" || c == "定性"
}

// allValues reports whether every cell is a value, a mark or a unit alone.
func allValues(cells []string) bool {
	for _, c := range cells {
		if !isMeasure(c) && !isUnit(c) && !isMark(c) {
			return false
		}
	}
	return true
}

func inOrderRowScore(seg []string, cols []column, notes map[string]bool) float64 {
	cs := make([]cell, len(seg))
	for i, c := range seg {
		cs[i] = cell{c, i}
	}
	got, score := alignNamesInOrder(cs, cols)
	if got == nil || got[colL3].text == "" || got[colWeight].text == "" && got[colScore].text == "" {
		return impossible
	}
	if hasKind(cols, colUnit) && isUnit(got[colL3].text) {
		return impossible
	}
	const noteAsName = -2
	if notes[normalize.Squash(got[colL3].text)] {
		score += noteAsName
	}
	// A row holds a value in every value column its header has: a cut
	// that leaves one empty (健全 | 健全 taken as two rows) costs.
	const missing = -1
	for _, k := range []colKind{colTarget, colAchieved, colWeight, colScore} {
		if hasKind(cols, k) && got[k].text == "" {
			score += missing
		}
	}
	return score + noteScore(got, cols)
}

// noteScore weighs a row's 偏差原因 against its points: the template asks
// for the reason of a deviation, so a row that lost points states one and
// a row with full points does not. A cut that gives the reason of one row
// to the next row, which lost none, costs.
func noteScore(got map[colKind]cell, cols []column) float64 {
	if !hasKind(cols, colNote) {
		return 0
	}
	w, err1 := parsePoints(got[colWeight].text)
	s, err2 := parsePoints(got[colScore].text)
	if err1 != nil || err2 != nil || s.GreaterThan(w) {
		return 0
	}
	const unexplained = -1.5
	note := normalize.Squash(got[colNote].text)
	if lost, noted := s.LessThan(w), note != "" && note != "无" && note != "/" && note != "-"; lost != noted {
		return unexplained
	}
	return 0
}

package extract

import (
	"strings"

	"github.com/fiscaldoc/fiscaldoc/normalize"
)

// A flattened table is a whole 自评表 printed on one line, its cells
// separated by single spaces (text pulled out of a .docx). Such a line is
// cut back into rows: at the labels that start the rows of the template,
// and in the indicator part at the row boundaries that let every row's
// cells suit the header's columns best.

// minFlatCells is the fewest cells a line needs to be read as a flattened
// table rather than as one row.
const minFlatCells = 30

// maxFlatCells bounds the line cut back into rows (the cut tries every
// row length up to maxRowCells at every cell).
const maxFlatCells = 5000

// rowLabels start a row of a 自评表 template.
var rowLabels = []string{
	"项目名称", "项目支出名称", "主管部门", "实施单位", "项目负责人", "项目资金", "资金情况",
	"年度资金总额", "其中:", "上年结转资金", "其他资金", "年度总体目标", "绩效指标", "总分",
}

// unflatten replaces each flattened table line among rows by its rows.
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
		out = append(out, r)
	}
	return out
}

func hasIndicatorHeader(cells []string) bool {
	for _, c := range cells {
		if k, ok := indicatorKind(c); ok && k == colL3 {
			return true
		}
	}
	return false
}

// splitFlat cuts one flattened line into rows.
func splitFlat(r seRow) []seRow {
	var out []seRow
	var cur []string
	emit := func() {
		if len(cur) > 0 {
			out = append(out, seRow{cells: cur, raw: cur, first: r.first, last: r.last, loose: true})
			cur = nil
		}
	}
	cells := r.cells
	for i := 0; i < len(cells); i++ {
		c := cells[i]
		s := normalize.Squash(c)
		if _, ok := tableTitle(seRow{cells: []string{c}, loose: true}); ok {
			emit()
			cur = []string{c}
			emit()
			continue
		}
		if _, ok := indicatorKind(c); ok && indicatorHeaderAt(cells, i) {
			emit()
			j := i
			for j < len(cells) {
				if _, ok := indicatorKind(cells[j]); !ok {
					break
				}
				j++
			}
			header := seRow{cells: cells[i:j], first: r.first, last: r.last, loose: true}
			out = append(out, header)
			cols := headerColumns(header.cells, indicatorKind)
			end := j
			for end < len(cells) && !strings.HasPrefix(normalize.Squash(cells[end]), "总分") {
				end++
			}
			for _, seg := range segmentIndicators(cells[j:end], cols) {
				out = append(out, seRow{cells: seg, raw: seg, first: r.first, last: r.last, loose: true})
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
		cur = append(cur, c)
	}
	emit()
	return out
}

// indicatorHeaderAt reports whether an indicator header starts at cells[i]:
// three or more column names in a row, one of them 三级指标.
func indicatorHeaderAt(cells []string, i int) bool {
	n, l3 := 0, false
	for ; i < len(cells); i++ {
		k, ok := indicatorKind(cells[i])
		if !ok {
			break
		}
		n++
		l3 = l3 || k == colL3
	}
	return n >= 3 && l3
}

// maxRowCells bounds the cells of one indicator row in a flattened table.
const maxRowCells = 12

// segmentIndicators cuts the cells of a flattened indicator table into
// rows: the cut whose rows each hold a 三级指标 and a 分值 or 得分, and
// whose cells best suit their columns. A cell that fits no row (a level
// name with no rows under it) is dropped at a cost.
func segmentIndicators(cells []string, cols []column) [][]string {
	n := len(cells)
	const skip = -2
	best := make([]float64, n+1)
	next := make([]int, n+1)
	for i := n - 1; i >= 0; i-- {
		best[i], next[i] = best[i+1]+skip, i+1
		for j := i + 1; j <= n && j-i <= maxRowCells; j++ {
			score := rowScore(cells[i:j], cols)
			if score == impossible {
				continue
			}
			if v := score + best[j]; v > best[i] {
				best[i], next[i] = v, j
			}
		}
	}
	var rows [][]string
	for i := 0; i < n; i = next[i] {
		if seg := cells[i:next[i]]; rowScore(seg, cols) != impossible {
			rows = append(rows, seg)
		}
	}
	return rows
}

// rowScore is how well cells read as one indicator row, or impossible when
// they lack a 三级指标 or a 分值/得分.
func rowScore(seg []string, cols []column) float64 {
	cs := make([]cell, len(seg))
	for i, c := range seg {
		cs[i] = cell{c, i}
	}
	got, score := alignInOrderScore(cs, cols)
	if got == nil || got[colL3].text == "" || got[colWeight].text == "" && got[colScore].text == "" {
		return impossible
	}
	return score
}

package extract

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/fiscaldoc/fiscaldoc"
)

// 财政拨款"三公"经费支出决算表, in the layouts the sample shows: items as
// columns (合计 | 因公出国(境)费 | 公务用车… | 公务接待费, once for 预算数 and
// once for 决算数, one data row), or items as rows with 预算数 | 决算数
// columns, tab-separated or one cell per line. A table with no data row
// whose note says there was no budget or no spending gives zeros.

// A threeTable holds the amounts read, by field and column (预算数 or
// 决算数; the template says what basis each is).
type threeTable struct {
	spec *tableSpec
	vals map[[2]string]amount
}

const (
	tpTotal     = "three_public_total"
	tpOutbound  = "three_public_outbound"
	tpVehicle   = "three_public_vehicle"
	tpPurchase  = "three_public_vehicle_purchase"
	tpOperation = "three_public_vehicle_operation"
	tpReception = "three_public_reception"
)

// threePublicField maps an item label to its field ("" for none).
func threePublicField(s string) string { return wordOf(threeLabels, label(s)) }

// amountCol reads 预算数 / 决算数 in a header cell.
func amountCol(s string) string { return wordOf(threeHeaders, label(s)) }

var (
	noBudget   = regexp.MustCompile(`无[^,，。;；]*预算`)
	noSpending = regexp.MustCompile(`(未发生|无)[^,，。;；]*(支出|决算)`)
)

func (a *accounts) readThreePublic(t *table) {
	tt := &threeTable{spec: t.spec, vals: map[[2]string]amount{}}
	a.three = append(a.three, tt)
	var rows []row
	var notes []fiscaldoc.Line
	for _, r := range t.rows {
		s := strings.TrimSpace(r.text())
		if strings.HasPrefix(s, "注") || strings.HasPrefix(s, "备注") || strings.HasPrefix(s, "说明") {
			notes = append(notes, r.ln)
			continue
		}
		if unitLine.MatchString(s) && len(r.cells) < 2 {
			continue
		}
		rows = append(rows, r)
	}
	if cells := threeCells(rows); !a.threeByRows(t, tt, cells) {
		a.threeByColumns(t, tt, cells)
	}
	if len(tt.vals) == 0 {
		for _, ln := range notes {
			for _, x := range []struct {
				re  *regexp.Regexp
				col string
			}{{noBudget, colBudgetNum}, {noSpending, colActual}} {
				if !x.re.MatchString(ln.Text) || t.spec.basisOf(x.col) != t.spec.basisOf(x.col+"决算") {
					continue
				}
				for _, f := range threeFields {
					tt.vals[[2]string{f, x.col}] = amount{ln: ln, raw: ln.Raw}
				}
			}
		}
	}
	for _, f := range threeFieldsSplit {
		for _, col := range []string{colBudgetNum, colActual} {
			if v, ok := tt.vals[[2]string{f, col}]; ok {
				a.money(t, f, col, v)
			}
		}
	}
}

// A threeCell is one cell of a 三公 table in reading order, with its row.
type threeCell struct {
	text string
	r    row
}

// threeCells lists the cells of rows in reading order: the 三公 readers
// read them the same whether the table came as a grid or as a stream.
func threeCells(rows []row) []threeCell {
	var out []threeCell
	for _, r := range rows {
		for _, c := range r.cells {
			out = append(out, threeCell{c, r})
		}
	}
	return out
}

// threeByRows reads items as rows under a 项目 | 预算数 | 决算数 header,
// whether each row is one line or each cell is one line.
func (a *accounts) threeByRows(t *table, tt *threeTable, stream []threeCell) bool {
	// The header: 项目 then the basis cells, up to the first item label.
	start := -1
	for i, c := range stream {
		if strings.Contains(label(c.text), "项目") {
			start = i
			break
		}
	}
	if start < 0 {
		return false
	}
	var bases []string
	i := start + 1
	for ; i < len(stream) && threePublicField(stream[i].text) == ""; i++ {
		if b := amountCol(stream[i].text); b != "" {
			bases = append(bases, b)
		}
	}
	if len(bases) == 0 {
		return false
	}
	width := len(bases) + 1
	for ; i+width <= len(stream); i += width {
		field := threePublicField(stream[i].text)
		if field == "" {
			break
		}
		ok := true
		for k := 1; k < width; k++ {
			if c := stream[i+k].text; c != "" && !isNumber(c) {
				ok = false
			}
		}
		if !ok {
			break
		}
		for k := 1; k < width; k++ {
			if am, ok := a.toWan(t, stream[i+k].r, stream[i+k].text); ok {
				am.ln, am.last = stream[i].r.ln, stream[i+k].r.end()
				am.raw = lineRange(a.doc, am.ln.N, am.last.N)
				tt.vals[[2]string{field, bases[k-1]}] = am
			}
		}
	}
	return true
}

// The 三公 template (data/templates.txt): its items as columns, with and
// without the vehicle split; its identities, and the field of each item's
// label they name; what its row labels and column headers say.
var (
	threeFieldsSplit = templates.words("three-public-columns", "split")
	threeFields      = templates.words("three-public-columns", "unsplit")
	threeIDs         = templates.eqs["three-public"]
	threeField       = func() map[string]string {
		m := map[string]string{}
		for _, it := range templates.list("three-public-items") {
			m[it.keys[0]] = it.name
		}
		return m
	}()
	threeLabels  = templates.list("three-public-labels")
	threeHeaders = templates.list("three-public-headers")
)

// threeByColumns reads items as columns, whatever the shape: the column
// numbers 1 … K (else the number of amounts) say how many columns there
// are, the template names them
// (K = 12 or 6: the vehicle split; 8 or 4: without it, for two bases or
// one), the order of 预算 and 决算 in the header which basis comes first
// (one basis the header does not name is the table's own), and the K
// amounts of the table fill them. A flattening that mixed the column
// numbers in with the amounts is read too, when the amounts add up as the
// template says they do.
func (a *accounts) threeByColumns(t *table, tt *threeTable, cells []threeCell) {
	k, vals, h := threeRun(cells)
	fields := threeTemplate(k)
	if len(vals) != k || fields == nil {
		k, vals, h = threeInterleaved(cells)
		if fields = threeTemplate(k); len(vals) != k || fields == nil || !a.threeAdds(t, fields, vals) {
			return
		}
	}
	p, q := strings.Index(h, "预算"), strings.Index(h, "决算")
	bases := []string{colBudgetNum, colActual}
	switch {
	case q >= 0 && (p < 0 || q < p):
		bases = []string{colActual, colBudgetNum}
	case p < 0 && q < 0 && k == len(fields) && t.spec.basis == fiscaldoc.Actual:
		bases = []string{colActual} // one basis the header does not name: the table's own
	}
	// The amounts are read as one row, from the first amount's line to the
	// last's.
	r := row{ln: vals[0].r.ln, last: vals[len(vals)-1].r.end()}
	for i, v := range vals {
		if isEmptyMark(v.text) {
			continue
		}
		if am, ok := a.toWan(t, r, v.text); ok {
			tt.vals[[2]string{fields[i%len(fields)], bases[i/len(fields)]}] = am
		}
	}
}

// threeTemplate names the K columns of items as columns (nil when the
// template has no such count): 12 or 6 with the vehicle split, 8 or 4
// without it.
func threeTemplate(k int) []string {
	fields := threeFields
	if k%3 == 0 {
		fields = threeFieldsSplit
	}
	if k != len(fields) && k != 2*len(fields) {
		return nil
	}
	return fields
}

// threeRun reads the cells of items as columns: K is the run of column
// numbers 1, 2, … K (printed again by a repeated header), else the number
// of amounts; it returns K, the amounts and the header's words.
func threeRun(cells []threeCell) (int, []threeCell, string) {
	numbers := func(i int) int { // the length of the run 1, 2, … at cells[i]
		n := 0
		for j := i; j < len(cells) && cells[j].text == strconv.Itoa(n+1); j++ {
			n++
		}
		return n
	}
	k := 0
	var vals []threeCell
	var words strings.Builder
	for i := 0; i < len(cells); i++ {
		c := cells[i]
		if n := numbers(i); n >= 4 && (k == 0 || n == k) {
			k, i = n, i+n-1 // a repeated header prints them again
			continue
		}
		if isAmountCell(c.text) {
			vals = append(vals, c)
		} else {
			words.WriteString(label(c.text))
		}
	}
	if k == 0 {
		k = len(vals) // no column numbers: as many columns as amounts
	}
	return k, vals, words.String()
}

// threeInterleaved reads the cells of a flattening that mixed the column
// numbers in with the amounts (1 122,400.00 47,600.00 2 3 …): the numbers
// 1, 2, … K are taken in order wherever they fall, the other amounts are
// the row's.
func threeInterleaved(cells []threeCell) (int, []threeCell, string) {
	k := 0
	var vals []threeCell
	var words strings.Builder
	for _, c := range cells {
		switch {
		case c.text == strconv.Itoa(k+1):
			k++
		case isAmountCell(c.text):
			vals = append(vals, c)
		default:
			words.WriteString(label(c.text))
		}
	}
	return k, vals, words.String()
}

// threeAdds reports whether the amounts, named by fields once per basis,
// keep the template's identities among those fields in every basis.
func (a *accounts) threeAdds(t *table, fields []string, vals []threeCell) bool {
	for b := 0; b < len(vals); b += len(fields) {
		v := map[string]decimal.Decimal{}
		for i, f := range fields {
			if c := vals[b+i]; !isEmptyMark(c.text) {
				am, ok := a.toWan(t, row{ln: c.r.ln}, c.text)
				if !ok {
					return false
				}
				v[f] = am.v
			}
		}
		for _, id := range threeIDs {
			missing := slices.ContainsFunc(id.terms, func(l string) bool { return !slices.Contains(fields, threeField[l]) })
			if !missing && !id.holds(func(l string) decimal.Decimal { return v[threeField[l]] }) {
				return false
			}
		}
	}
	return true
}

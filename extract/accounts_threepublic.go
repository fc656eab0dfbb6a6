package extract

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/layout"
	"github.com/fiscaldoc/fiscaldoc/normalize"
)

// 财政拨款"三公"经费支出决算表, in the layouts the sample shows: items as
// rows under 项目 | 预算数 | 决算数, tab-separated or one cell per line, or
// items as columns (合计 | 因公出国(境)费 | 公务用车… | 公务接待费, once for
// 预算数 and once for 决算数, one data row). Either way the cells are read
// in order, each amount given an item and a basis (its key). A table
// with no data row whose note says there was no budget or no spending
// gives zeros.

// A threeTable holds the amounts read, by field and column (预算数 or
// 决算数; the template says what basis each is).
type threeTable struct {
	spec *tableSpec
	vals map[[2]string]amount
}

// A threeCell is one cell of a 三公 table in reading order, with its row;
// an amount's key is the field and column it is read as.
type threeCell struct {
	key  [2]string
	text string
	r    row
}

// The 三公 template (data/templates.txt): its items as columns, with and
// without the vehicle split; its identities, and the items they name; what
// its row labels and column headers say.
var (
	threeFieldsSplit = templates.words("three-public-columns", "split")
	threeFields      = templates.words("three-public-columns", "unsplit")
	threeIDs         = templates.eqs["three-public"]
	threeItems       = templates.list("three-public-items")
	threeLabels      = templates.list("three-public-labels")
	threeHeaders     = templates.list("three-public-headers")
)

// threeField maps an item as the identities name it to its field.
func threeField(item string) string { return wordOf(threeItems, item) }

// threePublicField maps an item label to its field ("" for none).
func threePublicField(s string) string { return wordOf(threeLabels, label(s)) }

// amountCol reads 预算数 / 决算数 in a header cell.
func amountCol(s string) string { return wordOf(threeHeaders, label(s)) }

var (
	noBudget   = regexp.MustCompile(`无[^,，。;；]*预算`)
	noSpending = regexp.MustCompile(`(未发生|无)[^,，。;；]*(支出|决算)`)
)

func (a *accounts) readThreePublic(t *table) {
	var cells []threeCell
	var notes []fiscaldoc.Line
	for _, r := range t.rows {
		s := strings.TrimSpace(r.text())
		switch {
		case strings.HasPrefix(s, "注") || strings.HasPrefix(s, "备注") || strings.HasPrefix(s, "说明"):
			notes = append(notes, r.ln)
		case !unitLine.MatchString(s) || len(r.cells) >= 2:
			for _, c := range r.cells {
				cells = append(cells, threeCell{text: c, r: r})
			}
		}
	}
	vals, ok := threeRows(cells)
	if !ok {
		vals = a.threeColumns(t, cells)
	}
	tt := &threeTable{spec: t.spec, vals: a.threeAmounts(t, vals)}
	a.three = append(a.three, tt)
	read := len(tt.vals) > 0 // else a note may say there was nothing
	for _, ln := range notes {
		for re, col := range map[*regexp.Regexp]string{noBudget: colBudgetNum, noSpending: colActual} {
			if read || !re.MatchString(ln.Text) {
				continue
			}
			for _, f := range threeFields {
				tt.vals[[2]string{f, col}] = amount{ln: ln, raw: ln.Raw}
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

// threeAmounts reads the amounts of vals (an empty mark is none).
func (a *accounts) threeAmounts(t *table, vals []threeCell) map[[2]string]amount {
	m := map[[2]string]amount{}
	for _, v := range vals {
		if am, ok := a.toWan(t, v.r, v.text); ok {
			m[v.key] = am
		}
	}
	return m
}

// threeRows reads items as rows under a 项目 | 预算数 | 决算数 header,
// whether each row is one line or each cell is one line: an item label,
// then an amount (or nothing) for each basis the header names, up to the
// first cell that is neither. ok is false without such a header.
func threeRows(cells []threeCell) (vals []threeCell, ok bool) {
	i := slices.IndexFunc(cells, func(c threeCell) bool { return strings.Contains(label(c.text), "项目") })
	var bases []string
	for i++; i > 0 && i < len(cells) && threePublicField(cells[i].text) == ""; i++ {
		if b := amountCol(cells[i].text); b != "" {
			bases = append(bases, b)
		}
	}
	for w := len(bases); w > 0 && i+w < len(cells); i += w + 1 {
		item, amounts := cells[i], cells[i+1:i+w+1]
		field := threePublicField(item.text)
		if field == "" || slices.ContainsFunc(amounts, func(c threeCell) bool { return c.text != "" && !normalize.IsNumber(c.text) }) {
			break
		}
		for k, c := range amounts {
			vals = append(vals, threeCell{[2]string{field, bases[k]}, c.text, row{ln: item.r.ln, last: c.r.end()}})
		}
	}
	return vals, len(bases) > 0
}

// threeColumns reads items as columns, whatever the shape: the column
// numbers 1 … K (else the number of amounts) say how many columns there
// are, the template names them (K = 12 or 6: the vehicle split; 8 or 4:
// without it, for two bases or one), the order of 预算 and 决算 in the
// header which basis comes first (one basis the header does not name is
// the table's own), and the K amounts fill them, read as one row from the
// first amount's line to the last's. A flattening that mixed the column
// numbers in with the amounts is read too, when the amounts add up as the
// template says they do.
func (a *accounts) threeColumns(t *table, cells []threeCell) []threeCell {
	for _, mixed := range []bool{false, true} {
		k, amounts, words := threeNumbers(cells, mixed)
		fields := threeFields
		if k%3 == 0 {
			fields = threeFieldsSplit
		}
		if len(amounts) != k || k != len(fields) && k != 2*len(fields) {
			continue
		}
		p, q := strings.Index(words, "预算"), strings.Index(words, "决算")
		bases := []string{colBudgetNum, colActual}
		switch {
		case q >= 0 && (p < 0 || q < p):
			bases = []string{colActual, colBudgetNum}
		case p < 0 && q < 0 && k == len(fields) && t.spec.basis == fiscaldoc.Actual:
			bases = []string{colActual} // one basis the header does not name: the table's own
		}
		r := row{ln: amounts[0].r.ln, last: amounts[k-1].r.end()}
		var vals []threeCell
		for i, c := range amounts {
			vals = append(vals, threeCell{[2]string{fields[i%len(fields)], bases[i/len(fields)]}, c.text, r})
		}
		if !mixed || a.threeAdds(t, vals) {
			return vals
		}
	}
	return nil
}

// threeNumbers reads the cells of items as columns: K is the run of column
// numbers 1, 2, … K (printed again by a repeated header), else the number
// of amounts; it returns K, the amounts and the header's words. A mixed
// flattening printed the numbers in among the amounts (1 122,400.00
// 47,600.00 2 3 …): they are taken in order wherever they fall.
func threeNumbers(cells []threeCell, mixed bool) (k int, amounts []threeCell, words string) {
	for i := 0; i < len(cells); i++ {
		c, n := cells[i], 0 // n: the length of the run 1, 2, … at cells[i]
		for i+n < len(cells) && cells[i+n].text == strconv.Itoa(n+1) {
			n++
		}
		switch {
		case mixed && c.text == strconv.Itoa(k+1):
			k++
		case !mixed && n >= 4 && (k == 0 || n == k):
			k, i = n, i+n-1 // a repeated header prints them again
		case layout.IsAmount(c.text):
			amounts = append(amounts, c)
		default:
			words += label(c.text)
		}
	}
	if k == 0 {
		k = len(amounts) // no column numbers: as many columns as amounts
	}
	return k, amounts, words
}

// threeAdds reports whether the amounts keep the template's identities
// among the items they name (an empty mark is a zero).
func (a *accounts) threeAdds(t *table, vals []threeCell) bool {
	m := a.threeAmounts(t, vals)
	var c checker
	threeChecks(&c, t.spec, func(key [2]string) (amount, bool) {
		return m[key], slices.ContainsFunc(vals, func(v threeCell) bool { return v.key[0] == key[0] })
	})
	return !slices.ContainsFunc(c, func(x fiscaldoc.Check) bool { return !x.OK })
}

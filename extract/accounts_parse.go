package extract

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize"
	"github.com/shopspring/decimal"
)

// An amount is one read cell, in 万元, with where it was read.
type amount struct {
	v    decimal.Decimal
	ln   fiscaldoc.Line
	last fiscaldoc.Line // the last line read, when not ln
	raw  string
}

func (am amount) end() fiscaldoc.Line {
	if am.last.N == 0 {
		return am.ln
	}
	return am.last
}

// accounts is what parseAccounts reads from a document: facts, repairs,
// codes and problems to store, and the parsed tables the checks use.
type accounts struct {
	doc    *fiscaldoc.Document
	year   int
	tables []*table
	dict   *codeDict

	facts    []fiscaldoc.Fact
	repairs  []fiscaldoc.Repair
	codes    []fiscaldoc.CodeName
	problems []fiscaldoc.Problem

	coded     []*codedTable
	summaries []*summaryTable
	econ      []*econTable
	three     []*threeTable
}

// parseAccounts reads every 部门决算 table of doc without changing doc.
func parseAccounts(doc *fiscaldoc.Document) *accounts {
	a := &accounts{doc: doc, tables: findTables(doc)}
	if len(a.tables) == 0 {
		return a
	}
	a.year = tablesYear(doc, a.tables)
	a.dict = newCodeDict()
	for _, t := range a.tables {
		if t.spec.coded() {
			a.dict.learn(t)
		}
	}
	for _, t := range a.tables {
		switch t.spec.kind {
		case kindSummary, kindFiscalSum:
			a.readSummary(t)
		case kindEconomic:
			a.readEconomic(t)
		case kindThreePublic:
			a.readThreePublic(t)
		default:
			a.readCoded(t)
		}
	}
	return a
}

func (a *accounts) problemf(ln fiscaldoc.Line, kind, format string, args ...any) {
	a.problems = append(a.problems, fiscaldoc.Problem{Line: ln.N, Kind: kind, Msg: fmt.Sprintf(format, args...)})
}

func (a *accounts) repair(ln fiscaldoc.Line, kind, raw, repaired, evidence string) {
	a.repairs = append(a.repairs, fiscaldoc.Repair{Line: ln.N, Kind: kind, Raw: raw, Repaired: repaired, Evidence: evidence})
}

// money appends a money fact (万元, actual unless basis says otherwise).
func (a *accounts) money(field, basis string, am amount) {
	f := NumFact(field, normalize.WanYuan, am.v, fiscaldoc.FromTable, am.ln, am.end(), am.raw)
	f.Year, f.Basis = a.year, basis
	a.facts = append(a.facts, f)
}

// item appends a line_item or econ_item fact.
func (a *accounts) item(field, table, code, col string, am amount) {
	f := NumFact(field, normalize.WanYuan, am.v, fiscaldoc.FromTable, am.ln, am.end(), am.raw)
	f.Year, f.Table, f.Code, f.Col = a.year, table, code, col
	a.facts = append(a.facts, f)
}

// toWan converts a printed cell in the table's unit to 万元.
func (a *accounts) toWan(t *table, ln fiscaldoc.Line, cell string) (amount, bool) {
	d, err := normalize.ParseDecimal(cell)
	if err != nil {
		return amount{}, false
	}
	w, err := normalize.ToWan(d, t.unit)
	if err != nil {
		a.problemf(ln, "unit", "%s: %v", t.spec.name, err)
		return amount{}, false
	}
	return amount{v: w, ln: ln, raw: ln.Raw}, true
}

// rowCells splits a table line into cells: at tabs, at pipes for pipe
// tables, else at runs of spaces (Cells).
func rowCells(text string) []string {
	if !strings.Contains(text, "\t") && strings.Contains(text, "|") {
		parts := strings.Split(text, "|")
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		if len(parts) > 1 && parts[len(parts)-1] == "" {
			parts = parts[:len(parts)-1]
		}
		if len(parts) > 1 && parts[0] == "" {
			parts = parts[1:]
		}
		return parts
	}
	return Cells(text)
}

// isNumber reports whether a cell holds one number.
func isNumber(cell string) bool {
	_, err := normalize.ParseDecimal(cell)
	return err == nil
}

// hanCount counts the Han characters of s.
func hanCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			n++
		}
	}
	return n
}

// labelMarks are the quotes and brackets OCR varies in a row label.
var labelMarks = strings.NewReplacer("“", "", "”", "", `"`, "", "（", "(", "）", ")")

// label squashes a row label and drops the quotes and brackets OCR varies.
func label(s string) string {
	s = normalize.Squash(s)
	if strings.IndexFunc(s, isLabelMark) < 0 { // the replacer copies s even then
		return s
	}
	return labelMarks.Replace(s)
}

// isLabelMark reports whether r is one of labelMarks' characters.
func isLabelMark(r rune) bool {
	switch r {
	case '“', '”', '"', '（', '）':
		return true
	}
	return false
}

// within reports whether two amounts agree to the tolerance of n rounded
// terms (the reports warn of 尾数误差 when converting units).
func within(x, y decimal.Decimal, n int) bool {
	if n < 1 {
		n = 1
	}
	return x.Sub(y).Abs().LessThanOrEqual(decimal.New(int64(n), -2))
}

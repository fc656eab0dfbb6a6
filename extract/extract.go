package extract

import (
	"sort"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/layout"
	"github.com/fiscaldoc/fiscaldoc/normalize"
	"github.com/shopspring/decimal"
)

type stage struct {
	name string
	run  func(*fiscaldoc.Document)
}

// extractors run in this order: later ones may use what earlier ones found
// (the narrative reads the fiscal year found by meta).
var extractors = []stage{
	{"layout", layout.Read},
	{"meta", extractMeta},
	{"place", extractPlace},
	{"final accounts", extractFinalAccounts},
	{"self-evaluation", extractSelfEval},
	{"narrative", extractNarrative},
}

// checkers evaluate identities and reconcile facts found twice.
var checkers = []stage{
	{"prose against tables", reconcile},
	{"unread amounts", unread},
}

// Extract runs every extractor on doc. A panic in one extractor becomes a
// problem on the document and the others still run.
func Extract(doc *fiscaldoc.Document) { run(doc, extractors) }

// Check runs the cross-checks, then drops facts repeated with the same key
// and value (the first, in line order, is kept).
func Check(doc *fiscaldoc.Document) {
	run(doc, checkers)
	doc.Facts = dedupe(doc.Facts)
}

func run(doc *fiscaldoc.Document, stages []stage) {
	for _, s := range stages {
		func() {
			defer func() {
				if r := recover(); r != nil {
					doc.Problemf(0, "internal", "%s extractor panicked: %v", s.name, r)
				}
			}()
			s.run(doc)
		}()
	}
}

func dedupe(facts []fiscaldoc.Fact) []fiscaldoc.Fact {
	sort.SliceStable(facts, func(i, j int) bool { return facts[i].Line < facts[j].Line })
	seen := map[string]bool{}
	out := facts[:0]
	for _, f := range facts {
		k := f.Key() + "=" + f.Value
		if !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	return out
}

// NumFact returns a numeric fact read from lines first..last of doc: value
// canonical, Num exact, Raw the text it came from.
func NumFact(field, unit string, v decimal.Decimal, source string, first, last fiscaldoc.Line, raw string) fiscaldoc.Fact {
	return fiscaldoc.Fact{
		Field: field, Unit: unit, Value: normalize.Canonical(v),
		Num:    decimal.NullDecimal{Decimal: v, Valid: true},
		Source: source, Line: first.N, EndLine: last.N, Raw: raw,
	}
}

// TextFact returns a text fact read from one line.
func TextFact(field, value, source string, ln fiscaldoc.Line) fiscaldoc.Fact {
	return fiscaldoc.Fact{Field: field, Value: value, Source: source, Line: ln.N, EndLine: ln.N, Raw: ln.Raw}
}

// Cells splits a table line into its cells: at tabs, or where the line has
// no tab, at runs of two or more spaces. Cells are trimmed; empty cells
// between tabs are kept, because their position matters.
func Cells(text string) []string {
	var parts []string
	if strings.Contains(text, "\t") {
		parts = strings.Split(text, "\t")
	} else {
		parts = splitSpaces(text)
	}
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

func splitSpaces(s string) []string {
	var out []string
	start, spaces := 0, 0
	for i, r := range s {
		if r == ' ' {
			spaces++
			continue
		}
		if spaces >= 2 {
			out = append(out, s[start:i-spaces])
			start = i
		}
		spaces = 0
	}
	return append(out, s[start:])
}

// lineRange returns the raw text of lines first..last (1-based, inclusive).
func lineRange(doc *fiscaldoc.Document, first, last int) string {
	if first < 1 || last > len(doc.Lines) || first > last {
		return ""
	}
	raws := make([]string, 0, last-first+1)
	for _, ln := range doc.Lines[first-1 : last] {
		raws = append(raws, ln.Raw)
	}
	return strings.Join(raws, "\n")
}

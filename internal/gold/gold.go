// Package gold reads and writes facts in the flat JSON-lines form of
// FACTS.md and scores extracted facts against hand-checked gold facts.
//
// A fact matches a gold fact when doc, field, every key the gold fact sets,
// and value agree. Numbers (facts with a unit) compare by decimal value, so
// "370.60" equals "370.6"; text values and the project and indicator keys
// compare after NFKC and removing all white space.
package gold

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"unicode"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/shopspring/decimal"
	"golang.org/x/text/unicode/norm"
)

// A Fact is one line of a facts file. Keys marshal in the order of FACTS.md.
type Fact struct {
	Doc       string `json:"doc"`
	Field     string `json:"field"`
	Project   string `json:"project,omitempty"`
	Indicator string `json:"indicator,omitempty"`
	Table     string `json:"table,omitempty"`
	Code      string `json:"code,omitempty"`
	Col       string `json:"col,omitempty"`
	Year      int    `json:"year,omitempty"`
	Basis     string `json:"basis,omitempty"`
	Value     string `json:"value"`
	Unit      string `json:"unit,omitempty"`
}

// Read reads a JSON-lines facts file; blank lines are skipped.
func Read(r io.Reader, name string) ([]Fact, error) {
	var facts []Fact
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var f Fact
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		if f.Doc == "" || f.Field == "" {
			return nil, fmt.Errorf("%s:%d: fact without doc or field", name, n)
		}
		facts = append(facts, f)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return facts, nil
}

// ReadFile reads the facts file at path.
func ReadFile(path string) ([]Fact, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(f, path)
}

// Canon is the comparison form of text: NFKC, no white space.
func Canon(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, norm.NFKC.String(s))
}

// Matches reports whether got matches the gold fact want.
func Matches(want, got Fact) bool {
	if want.Doc != got.Doc || want.Field != got.Field {
		return false
	}
	text := func(w, g string) bool { return w == "" || Canon(w) == Canon(g) }
	exact := func(w, g string) bool { return w == "" || w == g }
	if !text(want.Project, got.Project) || !text(want.Indicator, got.Indicator) ||
		!exact(want.Table, got.Table) || !exact(want.Code, got.Code) || !exact(want.Col, got.Col) ||
		!exact(want.Basis, got.Basis) || !exact(want.Unit, got.Unit) ||
		want.Year != 0 && want.Year != got.Year {
		return false
	}
	if want.Unit != "" {
		w, err1 := decimal.NewFromString(want.Value)
		g, err2 := decimal.NewFromString(got.Value)
		if err1 == nil && err2 == nil {
			return w.Equal(g)
		}
	}
	return Canon(want.Value) == Canon(got.Value)
}

// A Score counts matches for one field, one document, or everything.
type Score struct {
	Gold, Found int // gold facts, and how many of them were found
	Got, Right  int // extracted facts, and how many of them match a gold fact
}

// Recall is Found/Gold (1 when there is no gold).
func (s Score) Recall() float64 { return ratio(s.Found, s.Gold) }

// Precision is Right/Got (1 when nothing was extracted).
func (s Score) Precision() float64 { return ratio(s.Right, s.Got) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func (s *Score) add(o Score) {
	s.Gold += o.Gold
	s.Found += o.Found
	s.Got += o.Got
	s.Right += o.Right
}

// A Result is the outcome of comparing extracted facts with gold.
type Result struct {
	Fields  map[string]Score
	Docs    map[string]Score
	Overall Score
	Missed  []Fact // gold facts not found
	Wrong   []Fact // extracted facts that match no gold fact
}

// Compare scores got against want. Only documents that appear in want are
// scored: extracted facts of other documents are ignored, so a gold file can
// cover part of a corpus.
func Compare(want, got []Fact) Result {
	res := Result{Fields: map[string]Score{}, Docs: map[string]Score{}}
	type key struct{ doc, field string }
	byKey := map[key][]int{}
	docs := map[string]bool{}
	for i, g := range got {
		byKey[key{g.Doc, g.Field}] = append(byKey[key{g.Doc, g.Field}], i)
	}
	for _, w := range want {
		docs[w.Doc] = true
	}
	right := make([]bool, len(got))
	for _, w := range want {
		s := Score{Gold: 1}
		for _, i := range byKey[key{w.Doc, w.Field}] {
			if Matches(w, got[i]) {
				s.Found = 1
				right[i] = true
			}
		}
		if s.Found == 0 {
			res.Missed = append(res.Missed, w)
		}
		res.tally(w.Doc, w.Field, s)
	}
	for i, g := range got {
		if !docs[g.Doc] {
			continue
		}
		s := Score{Got: 1}
		if right[i] {
			s.Right = 1
		} else {
			res.Wrong = append(res.Wrong, g)
		}
		res.tally(g.Doc, g.Field, s)
	}
	return res
}

func (r *Result) tally(doc, field string, s Score) {
	f := r.Fields[field]
	f.add(s)
	r.Fields[field] = f
	d := r.Docs[doc]
	d.add(s)
	r.Docs[doc] = d
	r.Overall.add(s)
}

// Write prints the result as aligned tables: per field, per document, overall.
func (r Result) Write(w io.Writer, title string) {
	fmt.Fprintf(w, "== %s\n", title)
	table := func(head string, m map[string]Score) {
		names := make([]string, 0, len(m))
		for n := range m {
			names = append(names, n)
		}
		sort.Strings(names)
		fmt.Fprintf(w, "%-52s %6s %6s %7s %9s\n", head, "gold", "got", "recall", "precision")
		for _, n := range names {
			s := m[n]
			fmt.Fprintf(w, "%-52s %6d %6d %7.3f %9.3f\n", n, s.Gold, s.Got, s.Recall(), s.Precision())
		}
	}
	table("field", r.Fields)
	table("document", r.Docs)
	o := r.Overall
	fmt.Fprintf(w, "%-52s %6d %6d %7.3f %9.3f\n", "OVERALL", o.Gold, o.Got, o.Recall(), o.Precision())
}

// WriteMisses lists missed gold facts and extracted facts that match none.
func (r Result) WriteMisses(w io.Writer) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, f := range r.Missed {
		fmt.Fprint(w, "MISS  ")
		enc.Encode(f)
	}
	for _, f := range r.Wrong {
		fmt.Fprint(w, "WRONG ")
		enc.Encode(f)
	}
}

// FromDocument returns the facts of doc in the flat form, doc key set to
// the document's base name.
func FromDocument(doc *fiscaldoc.Document) []Fact {
	out := make([]Fact, 0, len(doc.Facts))
	for _, f := range doc.Facts {
		out = append(out, Fact{
			Doc: doc.Name, Field: f.Field, Project: f.Project, Indicator: f.Indicator,
			Table: f.Table, Code: f.Code, Col: f.Col, Year: f.Year, Basis: f.Basis,
			Value: f.Value, Unit: f.Unit,
		})
	}
	return out
}

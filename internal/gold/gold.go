// Package gold reads and writes facts in the flat JSON-lines form of
// FACTS.md and scores extracted facts against hand-checked gold facts.
//
// A fact matches a gold fact when doc, field, every key the gold fact sets,
// and value agree. Numbers (facts with a unit) compare by decimal value, so
// "370.60" equals "370.6"; text values and the project and indicator keys
// compare after NFKC and removing all white space.
//
// A gold fact marked rebuilt ("indicator" or "value": that part was rebuilt
// by hand from OCR fragments) that nothing matches exactly may pair with one
// extracted fact that matches no gold fact exactly and agrees on everything
// but that part, when the part's character F1 is at least 0.5 (Pairing). A
// Score counts both ways: strict (exact matches only) and by the rule of
// FACTS.md (exact matches and pairs).
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
	// Rebuilt names the part of a gold fact rebuilt by hand from OCR
	// fragments: RebuiltIndicator, RebuiltValue or "".
	Rebuilt string `json:"rebuilt,omitempty"`
}

// The parts of a gold fact that can be rebuilt.
const (
	RebuiltIndicator = "indicator"
	RebuiltValue     = "value"
)

// MinPairF1 is the character F1 at which a rebuilt part pairs.
const MinPairF1 = 0.5

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
		if f.Rebuilt != "" && f.Rebuilt != RebuiltIndicator && f.Rebuilt != RebuiltValue {
			return nil, fmt.Errorf("%s:%d: rebuilt %q is neither %q nor %q", name, n, f.Rebuilt, RebuiltIndicator, RebuiltValue)
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
func Matches(want, got Fact) bool { return matchesBut(want, got, "") && valueMatches(want, got) }

// matchesBut reports whether got agrees with the gold fact want on doc,
// field and every key want sets, except the key named by part
// (RebuiltIndicator; RebuiltValue and "" skip none: the value is not a key).
func matchesBut(want, got Fact, part string) bool {
	if want.Doc != got.Doc || want.Field != got.Field {
		return false
	}
	text := func(w, g string) bool { return w == "" || Canon(w) == Canon(g) }
	exact := func(w, g string) bool { return w == "" || w == g }
	return text(want.Project, got.Project) && (part == RebuiltIndicator || text(want.Indicator, got.Indicator)) &&
		exact(want.Table, got.Table) && exact(want.Code, got.Code) && exact(want.Col, got.Col) &&
		exact(want.Basis, got.Basis) && exact(want.Unit, got.Unit) &&
		(want.Year == 0 || want.Year == got.Year)
}

// valueMatches reports whether the values of want and got agree: numbers
// (want has a unit) by decimal value, text after Canon.
func valueMatches(want, got Fact) bool {
	if want.Unit != "" {
		w, err1 := decimal.NewFromString(want.Value)
		g, err2 := decimal.NewFromString(got.Value)
		if err1 == nil && err2 == nil {
			return w.Equal(g)
		}
	}
	return Canon(want.Value) == Canon(got.Value)
}

// PairF1 returns the character F1 of the rebuilt part of the gold fact want
// against got, when got agrees with want on everything else; 0 when want
// has no rebuilt part or they disagree elsewhere.
func PairF1(want, got Fact) float64 {
	switch want.Rebuilt {
	case RebuiltIndicator:
		if !matchesBut(want, got, RebuiltIndicator) || !valueMatches(want, got) {
			return 0
		}
		return CharF1(want.Indicator, got.Indicator)
	case RebuiltValue:
		if !matchesBut(want, got, RebuiltValue) {
			return 0
		}
		return CharF1(want.Value, got.Value)
	}
	return 0
}

// CharF1 is the F1 of the multisets of characters of a and b after Canon:
// 2·common / (|a| + |b|), 0 when both are empty.
func CharF1(a, b string) float64 {
	count := map[rune]int{}
	na, nb, common := 0, 0, 0
	for _, r := range Canon(a) {
		count[r]++
		na++
	}
	for _, r := range Canon(b) {
		nb++
		if count[r] > 0 {
			count[r]--
			common++
		}
	}
	if na+nb == 0 {
		return 0
	}
	return 2 * float64(common) / float64(na+nb)
}

// A Score counts matches for one field, one document, or everything.
type Score struct {
	Gold, Found int // gold facts, and how many of them were found exactly
	Got, Right  int // extracted facts, and how many of them match a gold fact exactly
	Paired      int // rebuilt gold facts found only by pairing (each with one extracted fact)
}

// Recall is the share of gold facts found by the rule of FACTS.md: exactly
// or by pairing (1 when there is no gold).
func (s Score) Recall() float64 { return ratio(s.Found+s.Paired, s.Gold) }

// Precision is the share of extracted facts that match a gold fact by the
// rule of FACTS.md: exactly or by pairing (1 when nothing was extracted).
func (s Score) Precision() float64 { return ratio(s.Right+s.Paired, s.Got) }

// StrictRecall is Found/Gold: exact matches only.
func (s Score) StrictRecall() float64 { return ratio(s.Found, s.Gold) }

// StrictPrecision is Right/Got: exact matches only.
func (s Score) StrictPrecision() float64 { return ratio(s.Right, s.Got) }

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
	s.Paired += o.Paired
}

// A Pair is a rebuilt gold fact found by pairing, with the extracted fact
// it paired and the character F1 of the rebuilt part.
type Pair struct {
	Gold, Got Fact
	F1        float64
}

// A Result is the outcome of comparing extracted facts with gold.
type Result struct {
	Fields  map[string]Score
	Docs    map[string]Score
	Overall Score
	Missed  []Fact // gold facts not found, exactly or by pairing
	Wrong   []Fact // extracted facts that match no gold fact, exactly or by pairing
	Pairs   []Pair // rebuilt gold facts found by pairing
}

// Compare scores got against want. Only documents that appear in want are
// scored: extracted facts of other documents are ignored, so a gold file can
// cover part of a corpus.
//
// Exact matches come first (an extracted fact may match several gold facts
// exactly, as repeats do). Then each rebuilt gold fact left unmatched may
// pair with an extracted fact left unmatched (PairF1 ≥ MinPairF1): the
// best-scoring pairs first, each fact in one pair at most.
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
	found := make([]bool, len(want))
	right := make([]bool, len(got))
	for j, w := range want {
		for _, i := range byKey[key{w.Doc, w.Field}] {
			if Matches(w, got[i]) {
				found[j] = true
				right[i] = true
			}
		}
	}
	type cand struct {
		w, g int
		f1   float64
	}
	var cands []cand
	for j, w := range want {
		if found[j] || w.Rebuilt == "" {
			continue
		}
		for _, i := range byKey[key{w.Doc, w.Field}] {
			if f1 := PairF1(w, got[i]); !right[i] && f1 >= MinPairF1 {
				cands = append(cands, cand{j, i, f1})
			}
		}
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].f1 > cands[b].f1 })
	paired := make([]bool, len(want))
	pairedGot := make([]bool, len(got))
	for _, c := range cands {
		if paired[c.w] || pairedGot[c.g] {
			continue
		}
		paired[c.w], pairedGot[c.g] = true, true
		res.Pairs = append(res.Pairs, Pair{Gold: want[c.w], Got: got[c.g], F1: c.f1})
	}
	for j, w := range want {
		s := Score{Gold: 1}
		switch {
		case found[j]:
			s.Found = 1
		case paired[j]:
			s.Paired = 1
		default:
			res.Missed = append(res.Missed, w)
		}
		res.tally(w.Doc, w.Field, s)
	}
	for i, g := range got {
		if !docs[g.Doc] {
			continue
		}
		s := Score{Got: 1}
		switch {
		case right[i]:
			s.Right = 1
		case pairedGot[i]:
			// counted once, on the gold side: Paired adds to both ratios
		default:
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

// Write prints the result as aligned tables: per field, per document,
// overall; recall and precision by the rule of FACTS.md, then strict
// (exact matches only) beside them.
func (r Result) Write(w io.Writer, title string) {
	fmt.Fprintf(w, "== %s\n", title)
	line := func(name string, s Score) {
		fmt.Fprintf(w, "%-52s %6d %6d %7.3f %9.3f %8.3f %8.3f\n", name, s.Gold, s.Got,
			s.Recall(), s.Precision(), s.StrictRecall(), s.StrictPrecision())
	}
	table := func(head string, m map[string]Score) {
		names := make([]string, 0, len(m))
		for n := range m {
			names = append(names, n)
		}
		sort.Strings(names)
		fmt.Fprintf(w, "%-52s %6s %6s %7s %9s %8s %8s\n", head, "gold", "got", "recall", "precision", "strict-r", "strict-p")
		for _, n := range names {
			line(n, m[n])
		}
	}
	table("field", r.Fields)
	table("document", r.Docs)
	line("OVERALL", r.Overall)
}

// WriteMisses lists missed gold facts and extracted facts that match none,
// then the pairs the rebuilt rule made (gold, then the extracted fact).
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
	for _, p := range r.Pairs {
		fmt.Fprintf(w, "PAIR  %.2f ", p.F1)
		enc.Encode(p.Gold)
		fmt.Fprint(w, "      ")
		enc.Encode(p.Got)
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

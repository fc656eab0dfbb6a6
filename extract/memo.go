package extract

import (
	"sync"

	"github.com/fiscaldoc/fiscaldoc"
)

// A memo keeps what an extractor read from a document until its checker
// takes it, so that a document's tables are parsed once, not once for the
// facts and again for the checks. The extractor keeps, the checker takes
// (and so removes); a checker that finds nothing, or finds a parse of a
// document whose lines, tokens or fiscal year have changed since, parses
// again. A document extracted but never checked leaves its parse behind:
// the pipeline always checks.
type memo[T any] struct{ m sync.Map } // *fiscaldoc.Document → memoEntry[T]

type memoEntry[T any] struct {
	v  T
	of docStamp
}

// docStamp is what a parse reads of a document, by identity: the Lines and
// Tokens slices and the fiscal year found by meta.
type docStamp struct {
	lines  *fiscaldoc.Line
	nLines int
	tokens *string
	nToks  int
	year   int
}

func stamp(doc *fiscaldoc.Document) docStamp {
	s := docStamp{nLines: len(doc.Lines), nToks: len(doc.Tokens), year: doc.Meta.FiscalYear}
	if len(doc.Lines) > 0 {
		s.lines = &doc.Lines[0]
	}
	if len(doc.Tokens) > 0 {
		s.tokens = &doc.Tokens[0]
	}
	return s
}

func (m *memo[T]) keep(doc *fiscaldoc.Document, v T) {
	m.m.Store(doc, memoEntry[T]{v, stamp(doc)})
}

func (m *memo[T]) take(doc *fiscaldoc.Document) (T, bool) {
	if e, ok := m.m.LoadAndDelete(doc); ok && e.(memoEntry[T]).of == stamp(doc) {
		return e.(memoEntry[T]).v, true
	}
	var zero T
	return zero, false
}

package extract

import (
	"regexp"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
)

// Nothing silent: amounts a document prints that nothing read or kept are
// reported. Each run of lines that print amounts (numbers with decimals:
// 1,938.71, 65.5) and lie in no fact's lines, no check's and no table's
// (the tables are stored cell by cell) is one problem naming the lines
// and how many amounts they hold, so rows no reader understood are never
// dropped without a word.

// amountWord is an amount as tables and sentences print it.
var amountWord = regexp.MustCompile(`\d[\d,]*\.\d+`)

// minUnread is how many amounts a run of unread lines holds to be
// reported: a lone figure in a sentence no field names is not a table.
const minUnread = 3

// isSentenceLine reports whether a line, its amounts aside, is punctuated
// as prose: its figures are a sentence's (与上年相比增加540.23万元,增长
// 50.28%), which the narrative reads when they are a field's.
func isSentenceLine(s string) bool {
	return strings.ContainsAny(amountWord.ReplaceAllString(s, ""), "。，,；;")
}

// unread reports the runs of lines with amounts that no fact was read from.
func unread(doc *fiscaldoc.Document) {
	read := make([]bool, len(doc.Lines)+2)
	mark := func(first, last int) {
		for n := max(first, 1); n <= last && n < len(read); n++ {
			read[n] = true
		}
	}
	for _, f := range doc.Facts {
		mark(f.Line, max(f.EndLine, f.Line))
	}
	for _, c := range doc.Checks {
		mark(c.Line, c.Line)
	}
	for _, t := range doc.Tables {
		mark(t.First, t.Last) // stored with the document, cell by cell
	}
	first, last, amounts := 0, 0, 0
	flush := func() {
		if amounts >= minUnread {
			doc.Problemf(first, "unread", "lines %d-%d print %d amounts that nothing read: no table, fact or check holds them", first, last, amounts)
		}
		first, amounts = 0, 0
	}
	for _, ln := range doc.Lines {
		if ln.Furniture || ln.Text == "" {
			continue
		}
		n := 0
		if !read[ln.N] && strings.Contains(ln.Text, ".") && !isSentenceLine(ln.Text) {
			n = len(amountWord.FindAllString(ln.Text, -1))
		}
		if n == 0 {
			flush()
			continue
		}
		if first == 0 {
			first = ln.N
		}
		last, amounts = ln.N, amounts+n
	}
	flush()
}

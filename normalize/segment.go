package normalize

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/go-ego/gse"
)

// fiscalWords are words of fiscal reports that gse's dictionary splits
// (科目 names, table and column names, department types), one per line,
// optionally followed by a frequency.
//
//go:embed fiscal_words.txt
var fiscalWords string

// A Segmenter cuts Chinese text into words. It is safe for concurrent use;
// load one per process with NewSegmenter (about 0.7 s and 130 MB) and share it.
type Segmenter struct {
	seg gse.Segmenter
}

// NewSegmenter loads gse's embedded simplified-Chinese dictionary plus the
// fiscal vocabulary.
func NewSegmenter() (*Segmenter, error) {
	s := &Segmenter{}
	s.seg.SkipLog = true
	if err := s.seg.LoadDictEmbed("zh_s"); err != nil {
		return nil, fmt.Errorf("load gse dictionary: %w", err)
	}
	for _, line := range strings.Split(fiscalWords, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		word, freq := line, 1000.0
		if i := strings.IndexByte(line, ' '); i > 0 {
			word = line[:i]
			if _, err := fmt.Sscan(line[i+1:], &freq); err != nil {
				return nil, fmt.Errorf("fiscal_words.txt: %q: %w", line, err)
			}
		}
		if err := s.seg.AddToken(word, freq); err != nil {
			return nil, fmt.Errorf("fiscal_words.txt: %q: %w", word, err)
		}
	}
	s.seg.CalcToken()
	// Under -tags ne the embedded dictionary is silently empty: check a word.
	if got := s.seg.Cut("医疗保障"); len(got) != 1 {
		return nil, fmt.Errorf("gse dictionary not loaded: 医疗保障 → %q", got)
	}
	return s, nil
}

// Cut returns the words of s, without white space and punctuation.
func (s *Segmenter) Cut(text string) []string {
	words := s.seg.Cut(text)
	out := words[:0]
	for _, w := range words {
		if strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			out = append(out, w)
		}
	}
	return out
}

// Tokens returns the words of text joined by single spaces: the form the
// full-text index stores, so that MATCH '医疗 救助' finds Chinese words.
func (s *Segmenter) Tokens(text string) string { return strings.Join(s.Cut(text), " ") }

// SegmentLines returns the tokens of each line's normalised text, indexed
// like lines: the Document.Tokens of the segment stage.
func (s *Segmenter) SegmentLines(lines []fiscaldoc.Line) []string {
	out := make([]string, len(lines))
	for i, ln := range lines {
		out[i] = s.Tokens(ln.Text)
	}
	return out
}

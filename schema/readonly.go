package schema

import (
	"errors"
	"fmt"
	"strings"
)

// Errors of CheckReadOnly.
var (
	ErrNotReadOnly = errors.New("query is read-only")
	ErrNoStatement = errors.New("no SQL statement")
)

// readingPragmas are the pragmas that take an argument and only read.
var readingPragmas = map[string]bool{
	"table_info": true, "table_xinfo": true, "index_list": true, "index_info": true, "index_xinfo": true,
	"foreign_key_list": true, "foreign_key_check": true, "integrity_check": true, "quick_check": true,
	"table_list": true,
}

// CheckReadOnly returns an error wrapping ErrNotReadOnly unless every
// statement of src only reads (SELECT, WITH, VALUES, EXPLAIN, a PRAGMA
// that reads), and ErrNoStatement when src holds none. It reads the text
// only, so it refuses before anything runs: ATTACH (which creates a file),
// VACUUM INTO (which writes one), a PRAGMA that sets a value.
func CheckReadOnly(src string) error {
	n := 0
	for _, st := range split(lex(src)) {
		var toks []token
		for _, t := range st.toks {
			if t.kind != tComment && !(t.kind == tPunct && t.text == ";") {
				toks = append(toks, t)
			}
		}
		if len(toks) == 0 {
			continue
		}
		n++
		first := strings.ToUpper(toks[0].text)
		if toks[0].kind != tWord || toks[0].quoted {
			return fmt.Errorf("%w: a statement starts with %q", ErrNotReadOnly, toks[0].text)
		}
		for _, t := range toks {
			if w := strings.ToUpper(t.text); t.kind == tWord && !t.quoted && (w == "ATTACH" || w == "DETACH" || w == "VACUUM") {
				return fmt.Errorf("%w: %s is refused", ErrNotReadOnly, w)
			}
		}
		switch first {
		case "SELECT", "WITH", "VALUES", "EXPLAIN":
		case "PRAGMA":
			if err := readingPragma(toks[1:]); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%w: %s is refused", ErrNotReadOnly, first)
		}
	}
	if n == 0 {
		return ErrNoStatement
	}
	return nil
}

// readingPragma checks the tokens after PRAGMA: [schema.]name, then
// nothing, or an argument in parentheses for a pragma of readingPragmas.
func readingPragma(toks []token) error {
	if len(toks) >= 2 && toks[1].text == "." {
		toks = toks[2:]
	}
	if len(toks) == 0 {
		return fmt.Errorf("%w: PRAGMA without a name", ErrNotReadOnly)
	}
	name := strings.ToLower(toks[0].text)
	switch {
	case len(toks) == 1:
		return nil
	case toks[1].text == "(" && readingPragmas[name]:
		return nil
	}
	return fmt.Errorf("%w: PRAGMA %s with a value is refused", ErrNotReadOnly, name)
}

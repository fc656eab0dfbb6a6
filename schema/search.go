package schema

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrShortQuery is returned for a search of fewer than two characters.
var ErrShortQuery = errors.New("search needs at least two characters")

// pairs returns the character pairs of s that hold no white space, joined
// by spaces: the text of doc_pairs, whose tokenizer (unicode61 with every
// letter, number, punctuation and symbol a token character) makes each
// pair one token, so a two-character search is one token's look-up.
func pairs(s string) string {
	var b strings.Builder
	prev, prevOK := rune(0), false
	for _, r := range s {
		ok := !unicode.IsSpace(r)
		if ok && prevOK {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(prev)
			b.WriteRune(r)
		}
		prev, prevOK = r, ok
	}
	return b.String()
}

// linePairs returns the pairs of a line of doc_search: those of the
// repaired text and of the printed one (when it differs).
func linePairs(text, printed string) string {
	p, q := pairs(text), pairs(printed)
	if p == "" || q == "" {
		return p + q
	}
	return p + " " + q
}

// A Hit is a line of a document that holds the searched text.
type Hit struct {
	DocID int64
	Path  string
	Line  int
	Text  string // the line after OCR repair (normalised)
	// Printed is the line as printed, where the repair changed it.
	Printed string
}

// phrase quotes s as one FTS5 string.
func phrase(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// Search returns the lines that hold q, in document and line order, at
// most limit (0: all). q is matched as a substring of the normalised
// line, exactly (case and all): a query of three or more characters
// through the trigram index doc_search, of two through the pair index
// doc_pairs, each candidate confirmed with instr.
func Search(ctx context.Context, db *sql.DB, q string, limit int) ([]Hit, error) {
	if utf8.RuneCountInString(q) < 2 {
		return nil, fmt.Errorf("%w: %q", ErrShortQuery, q)
	}
	if limit <= 0 {
		limit = -1
	}
	const cols = `SELECT s.doc_id, d.path, s.line, s.text, coalesce(s.printed, '') FROM doc_search s JOIN documents d ON d.id = s.doc_id`
	const holds = `(instr(s.text, ?2) > 0 OR instr(s.printed, ?2) > 0)`
	var rows *sql.Rows
	var err error
	switch p := pairs(q); {
	case utf8.RuneCountInString(q) > 2:
		rows, err = db.QueryContext(ctx, cols+` WHERE doc_search MATCH ?1 AND `+holds+` ORDER BY s.rowid LIMIT ?3`,
			phrase(q), q, limit)
	case p != "":
		// doc_pairs first, in rowid order: the first lines come without
		// reading every line that holds a common pair.
		rows, err = db.QueryContext(ctx, `SELECT s.doc_id, d.path, s.line, s.text, coalesce(s.printed, '')
			FROM doc_pairs p JOIN doc_search s ON s.rowid = p.rowid JOIN documents d ON d.id = s.doc_id
			WHERE doc_pairs MATCH ?1 AND `+holds+` ORDER BY p.rowid LIMIT ?3`, phrase(p), q, limit)
	default: // two characters with white space: no index holds them
		rows, err = db.QueryContext(ctx, cols+` WHERE `+holds+` ORDER BY s.rowid LIMIT ?3`, nil, q, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q, err)
	}
	defer rows.Close()
	var hits []Hit
	for rows.Next() {
		var h Hit
		if err := rows.Scan(&h.DocID, &h.Path, &h.Line, &h.Text, &h.Printed); err != nil {
			return nil, err
		}
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

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
	// Row is the line's rowid in doc_search: hits come in its order
	// (documents in the order they were stored, lines in order), and a
	// page of hits continues after the last one's.
	Row   int64
	DocID int64
	Path  string
	Line  int
	Text  string // the line after OCR repair (normalised)
	// Printed is the line as printed, where the repair changed it.
	Printed string
}

// phrase quotes s as one FTS5 string.
func phrase(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// A search is the SQL that finds the lines holding q: from is the tables
// (doc_search as s), where the condition on them, on ?1 (the index's
// query) and ?2 (q), and order the rowid the lines come in.
type search struct{ from, where, order string }

// searchFor returns the search of q and its arguments. q is matched as a
// substring of the normalised line, exactly (case and all): a query of
// three or more characters through the trigram index doc_search, of two
// through the pair index doc_pairs, each candidate confirmed with instr.
func searchFor(q string) (search, []any, error) {
	if utf8.RuneCountInString(q) < 2 {
		return search{}, nil, fmt.Errorf("%w: %q", ErrShortQuery, q)
	}
	const holds = `(instr(s.text, ?2) > 0 OR instr(s.printed, ?2) > 0)`
	switch p := pairs(q); {
	case utf8.RuneCountInString(q) > 2:
		return search{`doc_search s`, `doc_search MATCH ?1 AND ` + holds, `s.rowid`}, []any{phrase(q), q}, nil
	case p != "":
		// doc_pairs first, in rowid order: the first lines come without
		// reading every line that holds a common pair.
		return search{`doc_pairs p JOIN doc_search s ON s.rowid = p.rowid`, `doc_pairs MATCH ?1 AND ` + holds, `p.rowid`},
			[]any{phrase(p), q}, nil
	default: // two characters with white space: no index holds them
		return search{`doc_search s`, holds, `s.rowid`}, []any{nil, q}, nil
	}
}

// Search returns the lines that hold q (see searchFor) after the line of
// rowid after (0: from the first), in document and line order, at most
// limit (0: all). It is the one search of fiscaldoc: the search command
// and the web application's /search both read it.
func Search(ctx context.Context, db *sql.DB, q string, after int64, limit int) ([]Hit, error) {
	s, args, err := searchFor(q)
	if err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = -1
	}
	rows, err := db.QueryContext(ctx, `SELECT s.rowid, s.doc_id, d.path, s.line, s.text, coalesce(s.printed, '')
		FROM `+s.from+` JOIN documents d ON d.id = s.doc_id
		WHERE `+s.where+` AND `+s.order+` > ?3 ORDER BY `+s.order+` LIMIT ?4`, append(args, after, limit)...)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q, err)
	}
	defer rows.Close()
	var hits []Hit
	for rows.Next() {
		var h Hit
		if err := rows.Scan(&h.Row, &h.DocID, &h.Path, &h.Line, &h.Text, &h.Printed); err != nil {
			return nil, fmt.Errorf("search %q: %w", q, err)
		}
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search %q: %w", q, err)
	}
	return hits, nil
}

// CountSearch returns how many lines hold q, counting at most atMost of
// them (0: all): a common pair (预算) is printed on a hundred thousand lines
// of a large database, and counting them all takes longer than finding the
// first page.
func CountSearch(ctx context.Context, db *sql.DB, q string, atMost int) (int, error) {
	s, args, err := searchFor(q)
	if err != nil {
		return 0, err
	}
	if atMost <= 0 {
		atMost = -1
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM `+s.from+` WHERE `+s.where+` LIMIT ?3)`,
		append(args, atMost)...).Scan(&n); err != nil {
		return 0, fmt.Errorf("search %q: %w", q, err)
	}
	return n, nil
}

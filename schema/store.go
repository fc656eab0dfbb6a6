package schema

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize"
	"github.com/shopspring/decimal"
)

// maxLines bounds the lines of one document: doc_text rows of document id
// are numbered id*maxLines + line, so a document's text is deleted by range.
const maxLines = 1_000_000

// A Stored is what the database knows of a path.
type Stored struct {
	ID          int64
	SHA256      string
	ToolVersion string
	Status      string
	Error       string // why a failed document failed
}

// A Store writes documents to the database. It is not safe for concurrent
// use: the pipeline has exactly one writer.
type Store struct {
	db      *sql.DB
	version string // tool version recorded on every document
	stmts   map[string]*sql.Stmt
}

var statements = map[string]string{
	"delete": `DELETE FROM documents WHERE path = ? RETURNING id`,
	"document": `INSERT INTO documents (path, name, sha256, bytes, encoding, doc_type, org, province,
		prefecture, county, region_code, fiscal_year, report_date, lines, status, error, ingested_at, tool_version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
	"fact": `INSERT INTO facts (doc_id, seq, field, project, indicator, level1, level2, note, tbl, code, col,
		year, basis, value, unit, fen, source, line_first, line_last, raw, repeat)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
	"check":    `INSERT INTO checks (doc_id, name, expected, actual, difference, ok, line, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
	"repair":   `INSERT INTO repairs (doc_id, line, kind, raw, repaired, evidence) VALUES (?, ?, ?, ?, ?, ?)`,
	"problem":  `INSERT INTO problems (doc_id, line, kind, message) VALUES (?, ?, ?, ?)`,
	"code":     `INSERT INTO code_names (doc_id, year, code, name, line) VALUES (?, ?, ?, ?, ?)`,
	"table":    `INSERT INTO doc_tables (doc_id, n, shape, stream, title, unit, line_first, line_last, page) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
	"cell":     `INSERT INTO table_cells (doc_id, tbl_n, i, row, col, row_span, col_span, text, line_first, line_last) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
	"text":     `INSERT INTO doc_text (rowid, text, doc_id, line) VALUES (?, ?, ?, ?)`,
	"untext":   `DELETE FROM doc_text WHERE rowid >= ? AND rowid < ?`,
	"line":     `INSERT INTO source_lines (doc_id, line, page, raw, furniture) VALUES (?, ?, ?, ?, ?)`,
	"search":   `INSERT INTO doc_search (rowid, text, printed, doc_id, line) VALUES (?, ?, ?, ?, ?)`,
	"pairs":    `INSERT INTO doc_pairs (rowid, pairs) VALUES (?, ?)`,
	"searched": `SELECT rowid, text, coalesce(printed, '') FROM doc_search WHERE rowid >= ? AND rowid < ?`,
	"unpair":   `INSERT INTO doc_pairs (doc_pairs, rowid, pairs) VALUES ('delete', ?, ?)`,
	"unsearch": `DELETE FROM doc_search WHERE rowid >= ? AND rowid < ?`,
	"unalias":  `DELETE FROM aliases WHERE path = ?`,
	"alias":    `INSERT INTO aliases (path, doc_id, found_at) VALUES (?, ?, ?)`,
	"rename":   `UPDATE documents SET path = ?, name = ? WHERE path = ?`,
	"id":       `SELECT id FROM documents WHERE path = ? UNION ALL SELECT doc_id FROM aliases WHERE path = ? LIMIT 1`,
}

// NewStore prepares the statements of the writer. version is recorded on
// every document it writes.
func NewStore(ctx context.Context, db *sql.DB, version string) (*Store, error) {
	s := &Store{db: db, version: version, stmts: map[string]*sql.Stmt{}}
	for name, q := range statements {
		st, err := db.PrepareContext(ctx, q)
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("prepare %s: %w", name, err)
		}
		s.stmts[name] = st
	}
	return s, nil
}

// Close releases the prepared statements (not the database).
func (s *Store) Close() error {
	for _, st := range s.stmts {
		st.Close()
	}
	return nil
}

// Known returns what the database holds for every path.
func Known(ctx context.Context, db *sql.DB) (map[string]Stored, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, path, sha256, tool_version, status, coalesce(error, '') FROM documents`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]Stored{}
	for rows.Next() {
		var p string
		var st Stored
		if err := rows.Scan(&st.ID, &p, &st.SHA256, &st.ToolVersion, &st.Status, &st.Error); err != nil {
			return nil, err
		}
		m[p] = st
	}
	return m, rows.Err()
}

// Aliases returns the document id of every alias path.
func Aliases(ctx context.Context, db *sql.DB) (map[string]int64, error) {
	rows, err := db.QueryContext(ctx, `SELECT path, doc_id FROM aliases`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]int64{}
	for rows.Next() {
		var p string
		var id int64
		if err := rows.Scan(&p, &id); err != nil {
			return nil, err
		}
		m[p] = id
	}
	return m, rows.Err()
}

// Alias records path as another path of the stored document id, in place
// of whatever the database held for path (a document or another alias).
func (s *Store) Alias(ctx context.Context, path string, id int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("alias %s: %w", path, err)
	}
	defer tx.Rollback()
	if err := s.forget(ctx, tx, path); err != nil {
		return fmt.Errorf("alias %s: %w", path, err)
	}
	if _, err := tx.StmtContext(ctx, s.stmts["alias"]).ExecContext(ctx, path, id, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return fmt.Errorf("alias %s: %w", path, err)
	}
	return tx.Commit()
}

// Rename moves the stored document at from to the path to, in place of
// whatever the database held for to: an older database's relative path
// becomes the canonical one, or a document takes the smaller path of two
// identical files.
func (s *Store) Rename(ctx context.Context, from, to string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("rename %s to %s: %w", from, to, err)
	}
	defer tx.Rollback()
	if err := s.forget(ctx, tx, to); err != nil {
		return fmt.Errorf("rename %s to %s: %w", from, to, err)
	}
	if _, err := tx.StmtContext(ctx, s.stmts["rename"]).ExecContext(ctx, to, filepath.Base(to), from); err != nil {
		return fmt.Errorf("rename %s to %s: %w", from, to, err)
	}
	return tx.Commit()
}

// ID returns the id of the document stored at path or of which path is an
// alias, or 0.
func (s *Store) ID(ctx context.Context, path string) (int64, error) {
	var id int64
	err := s.stmts["id"].QueryRowContext(ctx, path, path).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("look up %s: %w", path, err)
	}
	return id, nil
}

// forget deletes what the database holds for path in tx: the document of
// that path with its rows and text, or the alias.
func (s *Store) forget(ctx context.Context, tx *sql.Tx, path string) error {
	if _, err := tx.StmtContext(ctx, s.stmts["unalias"]).ExecContext(ctx, path); err != nil {
		return err
	}
	var old int64
	switch err := tx.StmtContext(ctx, s.stmts["delete"]).QueryRowContext(ctx, path).Scan(&old); err {
	case nil:
		return s.unindex(ctx, tx, old)
	case sql.ErrNoRows:
		return nil
	default:
		return err
	}
}

// unindex deletes the text of document id from the full-text indexes. The
// pair index keeps no content: each row is deleted with its pairs,
// recomputed from the line in doc_search.
func (s *Store) unindex(ctx context.Context, tx *sql.Tx, id int64) error {
	lo, hi := id*maxLines, (id+1)*maxLines
	if _, err := tx.StmtContext(ctx, s.stmts["untext"]).ExecContext(ctx, lo, hi); err != nil {
		return err
	}
	rows, err := tx.StmtContext(ctx, s.stmts["searched"]).QueryContext(ctx, lo, hi)
	if err != nil {
		return err
	}
	type line struct {
		rowid         int64
		text, printed string
	}
	var lines []line
	for rows.Next() {
		var l line
		if err := rows.Scan(&l.rowid, &l.text, &l.printed); err != nil {
			rows.Close()
			return err
		}
		lines = append(lines, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	unpair := tx.StmtContext(ctx, s.stmts["unpair"])
	for _, l := range lines {
		if p := linePairs(l.text, l.printed); p != "" {
			if _, err := unpair.ExecContext(ctx, l.rowid, p); err != nil {
				return err
			}
		}
	}
	_, err = tx.StmtContext(ctx, s.stmts["unsearch"]).ExecContext(ctx, lo, hi)
	return err
}

// Load writes doc in one transaction, replacing whatever the database held
// for its path: the document is wholly present afterwards, or (on error)
// the database is as it was.
func (s *Store) Load(ctx context.Context, doc *fiscaldoc.Document) (err error) {
	if len(doc.Lines) >= maxLines {
		return fmt.Errorf("load %s: %d lines, more than %d", doc.Path, len(doc.Lines), maxLines)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("load %s: %w", doc.Path, err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
			err = fmt.Errorf("load %s: %w", doc.Path, err)
		}
	}()
	// The rows are written under ctx less its cancellation: go-sqlite3 runs
	// each statement of a cancellable context in a goroutine of its own, a
	// goroutine a row. Cancelling ctx still stops the load: database/sql
	// rolls the transaction back when ctx is done (after the statement
	// running), and the statements and Commit after that fail.
	ctx = context.WithoutCancel(ctx)
	// Each statement is bound to the transaction once, not once per row.
	bound := map[string]*sql.Stmt{}
	st := func(name string) *sql.Stmt {
		if bound[name] == nil {
			bound[name] = tx.StmtContext(ctx, s.stmts[name])
		}
		return bound[name]
	}

	if err := s.forget(ctx, tx, doc.Path); err != nil {
		return err
	}

	status, errText := Status(doc), any(nil)
	if doc.Err != nil {
		errText = doc.Err.Error()
	}
	m := doc.Meta
	res, err := st("document").ExecContext(ctx, doc.Path, doc.Name, doc.SHA256, doc.Bytes, null(doc.Encoding),
		null(m.DocType), null(m.Org), null(m.Province), null(m.Prefecture), null(m.County), null(m.RegionCode),
		nullInt(m.FiscalYear), null(m.ReportDate), int64(len(doc.Lines)), status, errText,
		time.Now().UTC().Format(time.RFC3339), s.version)
	if err != nil {
		return err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return err
	}
	// The values are passed as the driver's own types (string, int64, nil
	// for NULL), and the document's id boxed once: database/sql converts
	// nothing and allocates less.
	idv := any(id)
	seen := map[string]int64{} // facts of each key so far: facts.repeat
	for i := range doc.Facts {
		f := &doc.Facts[i]
		k := f.Key()
		seen[k]++
		if _, err := st("fact").ExecContext(ctx, idv, int64(i+1), f.Field, null(f.Project), null(f.Indicator),
			null(f.Level1), null(f.Level2), null(f.Note), null(f.Table), null(f.Code), null(f.Col),
			nullInt(f.Year), null(f.Basis), f.Value, null(f.Unit), fen(f), f.Source,
			nullInt(f.Line), nullInt(f.EndLine), null(f.Raw), seen[k]); err != nil {
			return fmt.Errorf("fact %d (%s): %w", i+1, f.Field, err)
		}
	}
	for _, c := range doc.Checks {
		if _, err := st("check").ExecContext(ctx, idv, c.Name, c.Expected.String(), c.Actual.String(),
			c.Difference().String(), c.OK, nullInt(c.Line), null(c.Detail)); err != nil {
			return err
		}
	}
	for _, r := range doc.Repairs {
		if _, err := st("repair").ExecContext(ctx, idv, nullInt(r.Line), r.Kind, r.Raw, r.Repaired, null(r.Evidence)); err != nil {
			return err
		}
	}
	for _, p := range doc.Problems {
		if _, err := st("problem").ExecContext(ctx, idv, nullInt(p.Line), p.Kind, p.Msg); err != nil {
			return err
		}
	}
	for _, c := range doc.Codes {
		if _, err := st("code").ExecContext(ctx, idv, int64(c.Year), c.Code, c.Name, nullInt(c.Line)); err != nil {
			return err
		}
	}
	for i := range doc.Lines {
		l := &doc.Lines[i]
		furniture := int64(0)
		if l.Furniture {
			furniture = 1
		}
		if _, err := st("line").ExecContext(ctx, idv, int64(l.N), nullInt(l.Page), l.Raw, furniture); err != nil {
			return fmt.Errorf("line %d: %w", l.N, err)
		}
	}
	if err := s.loadTables(ctx, st, idv, doc.Tables); err != nil {
		return err
	}
	for i, t := range doc.Tokens {
		if t == "" {
			continue
		}
		n := doc.Lines[i].N
		if _, err := st("text").ExecContext(ctx, id*maxLines+int64(n), t, idv, int64(n)); err != nil {
			return err
		}
	}
	for _, l := range doc.Lines {
		printed := normalize.Text(l.Raw)
		if strings.TrimSpace(l.Text) == "" && strings.TrimSpace(printed) == "" {
			continue
		}
		if printed == l.Text {
			printed = ""
		}
		rowid := id*maxLines + int64(l.N)
		if _, err := st("search").ExecContext(ctx, rowid, l.Text, null(printed), idv, int64(l.N)); err != nil {
			return err
		}
		if p := linePairs(l.Text, printed); p != "" {
			if _, err := st("pairs").ExecContext(ctx, rowid, p); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}

// loadTables writes the tables of document idv as read, a row a table and
// a row a cell.
func (s *Store) loadTables(ctx context.Context, st func(string) *sql.Stmt, idv any, tables []fiscaldoc.Table) error {
	for i := range tables {
		t := &tables[i]
		n := int64(i + 1)
		stream := int64(0)
		if t.Stream {
			stream = 1
		}
		if _, err := st("table").ExecContext(ctx, idv, n, t.Shape, stream, null(t.Title), null(t.Unit),
			nullInt(t.First), nullInt(t.Last), nullInt(t.Page)); err != nil {
			return fmt.Errorf("table %d: %w", n, err)
		}
		i := int64(0)
		for _, r := range t.Rows {
			for j := range r {
				c := &r[j]
				i++
				if _, err := st("cell").ExecContext(ctx, idv, n, i, int64(c.Row), int64(c.Col), int64(max(c.RowSpan, 1)),
					int64(max(c.ColSpan, 1)), c.Text, nullInt(c.First), nullInt(c.Last)); err != nil {
					return fmt.Errorf("table %d cell %d,%d: %w", n, c.Row, c.Col, err)
				}
			}
		}
	}
	return nil
}

// Prune deletes the documents whose path is not in keep and none of whose
// aliases is, and the aliases not in keep, and returns how many documents
// it deleted.
func (s *Store) Prune(ctx context.Context, keep map[string]bool) (int, error) {
	known, err := Known(ctx, s.db)
	if err != nil {
		return 0, err
	}
	aliases, err := Aliases(ctx, s.db)
	if err != nil {
		return 0, err
	}
	kept := map[int64]bool{}
	for p, id := range aliases {
		if keep[p] {
			kept[id] = true
		} else if _, err := s.stmts["unalias"].ExecContext(ctx, p); err != nil {
			return 0, fmt.Errorf("prune %s: %w", p, err)
		}
	}
	n := 0
	for p, st := range known {
		if keep[p] || kept[st.ID] {
			continue
		}
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return n, err
		}
		if err := s.forget(ctx, tx, p); err != nil {
			tx.Rollback()
			return n, fmt.Errorf("prune %s: %w", p, err)
		}
		if err := tx.Commit(); err != nil {
			return n, fmt.Errorf("prune %s: %w", p, err)
		}
		n++
	}
	return n, nil
}

// Status is the status a document is stored with: failed when it could
// not be read, not_a_report when it was read but is no recognisable fiscal
// report (no report type and not one fact), else ok.
func Status(doc *fiscaldoc.Document) string {
	switch {
	case doc.Err != nil:
		return "failed"
	case doc.Meta.DocType == "" && len(doc.Facts) == 0:
		return "not_a_report"
	}
	return "ok"
}

var fenPerWan = decimal.New(1, 6)

// fen returns a money fact's amount in integer 分, or NULL when the fact is
// not money or is not a whole number of 分.
func fen(f *fiscaldoc.Fact) any {
	if f.Unit != "万元" || !f.Num.Valid {
		return nil
	}
	v := f.Num.Decimal.Mul(fenPerWan)
	if !v.Equal(v.Truncate(0)) || v.Abs().GreaterThan(decimal.New(1, 17)) {
		return nil
	}
	return v.IntPart()
}

// null returns s, or nil (NULL) for "".
func null(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nullInt returns n as an int64, or nil (NULL) for 0.
func nullInt(n int) any {
	if n == 0 {
		return nil
	}
	return int64(n)
}

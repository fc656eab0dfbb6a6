package serve

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/fiscaldoc/fiscaldoc/schema"
)

// The query layer: every SQL statement of the server, all with bound
// parameters. Column and sort names come from the fixed maps below, never
// from the request.

// A Document is one row of the reports list.
type Document struct {
	ID           int64  `json:"id"`
	Path         string `json:"path"`
	Name         string `json:"name"`
	DocType      string `json:"doc_type"`
	Org          string `json:"org"`
	Province     string `json:"province"`
	Prefecture   string `json:"prefecture"`
	County       string `json:"county"`
	RegionCode   string `json:"region_code"`
	FiscalYear   int    `json:"fiscal_year"`
	ReportDate   string `json:"report_date"`
	Lines        int    `json:"lines"`
	Status       string `json:"status"`
	Error        string `json:"error"`
	Facts        int    `json:"facts"`
	FailedChecks int    `json:"failed_checks"`
	Repairs      int    `json:"repairs"`
	Problems     int    `json:"problems"`
}

// Place is the document's place, province to county.
func (d *Document) Place() string { return d.Province + d.Prefecture + d.County }

const docColumns = `d.id, d.path, d.name, coalesce(d.doc_type, ''), coalesce(d.org, ''), coalesce(d.province, ''),
	coalesce(d.prefecture, ''), coalesce(d.county, ''), coalesce(d.region_code, ''), coalesce(d.fiscal_year, 0),
	coalesce(d.report_date, ''), d.lines, d.status, coalesce(d.error, ''),
	(SELECT count(*) FROM facts f WHERE f.doc_id = d.id),
	(SELECT count(*) FROM checks c WHERE c.doc_id = d.id AND c.ok = 0),
	(SELECT count(*) FROM repairs r WHERE r.doc_id = d.id),
	(SELECT count(*) FROM problems p WHERE p.doc_id = d.id)`

func scanDocument(sc interface{ Scan(...any) error }, d *Document) error {
	return sc.Scan(&d.ID, &d.Path, &d.Name, &d.DocType, &d.Org, &d.Province, &d.Prefecture, &d.County,
		&d.RegionCode, &d.FiscalYear, &d.ReportDate, &d.Lines, &d.Status, &d.Error,
		&d.Facts, &d.FailedChecks, &d.Repairs, &d.Problems)
}

// A Filter selects documents: every non-empty field must hold.
type Filter struct {
	Province, Prefecture, DocType, Status string
	Year                                  int
	Failed, Repaired                      string // "yes", "no" or ""
}

// filterFromQuery reads a Filter from URL parameters.
func filterFromQuery(q url.Values) Filter {
	y, _ := strconv.Atoi(q.Get("year"))
	return Filter{Province: q.Get("province"), Prefecture: q.Get("prefecture"), DocType: q.Get("doc_type"),
		Status: q.Get("status"), Year: y, Failed: yesNo(q.Get("failed")), Repaired: yesNo(q.Get("repaired"))}
}

func yesNo(s string) string {
	if s == "yes" || s == "no" {
		return s
	}
	return ""
}

// values returns the filter as URL parameters.
func (f Filter) values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("province", f.Province)
	set("prefecture", f.Prefecture)
	set("doc_type", f.DocType)
	set("status", f.Status)
	if f.Year != 0 {
		v.Set("year", strconv.Itoa(f.Year))
	}
	set("failed", f.Failed)
	set("repaired", f.Repaired)
	return v
}

const (
	existsFailed   = `EXISTS (SELECT 1 FROM checks c WHERE c.doc_id = d.id AND c.ok = 0)`
	existsRepaired = `EXISTS (SELECT 1 FROM repairs r WHERE r.doc_id = d.id)`
)

// sqlConds builds a WHERE condition of ANDed terms and its arguments.
type sqlConds struct {
	terms []string
	args  []any
}

// eq adds col = v, unless v is empty (no condition).
func (c *sqlConds) eq(col, v string) {
	if v != "" {
		c.terms = append(c.terms, col+" = ?")
		c.args = append(c.args, v)
	}
}

func (c *sqlConds) sql() (string, []any) { return strings.Join(c.terms, " AND "), c.args }

// where returns the SQL condition of f and its arguments.
func (f Filter) where() (string, []any) {
	c := sqlConds{terms: []string{"1"}}
	c.eq("d.province", f.Province)
	c.eq("d.prefecture", f.Prefecture)
	c.eq("d.doc_type", f.DocType)
	c.eq("d.status", f.Status)
	if f.Year != 0 {
		c.terms = append(c.terms, "d.fiscal_year = ?")
		c.args = append(c.args, f.Year)
	}
	for _, x := range []struct{ v, sql string }{{f.Failed, existsFailed}, {f.Repaired, existsRepaired}} {
		switch x.v {
		case "yes":
			c.terms = append(c.terms, x.sql)
		case "no":
			c.terms = append(c.terms, "NOT "+x.sql)
		}
	}
	return c.sql()
}

// A sortKey is a column the reports list sorts by.
type sortKey struct {
	expr    string
	numeric bool
}

// sorts are the sort orders of the reports list, by their URL name.
var sorts = map[string]sortKey{
	"name":   {"d.name", false},
	"org":    {"coalesce(d.org, '')", false},
	"place":  {"coalesce(d.province, '') || coalesce(d.prefecture, '') || coalesce(d.county, '')", false},
	"year":   {"coalesce(d.fiscal_year, 0)", true},
	"type":   {"coalesce(d.doc_type, '')", false},
	"status": {"d.status", false},
	"lines":  {"d.lines", true},
	"id":     {"d.id", true},
}

// A Page asks for one page of a keyset-paginated list.
type Page struct {
	Sort  string // a key of sorts
	Desc  bool
	After string // cursor of the last row of the previous page, "" for the first
	Limit int
}

// cursor encodes the sort value and id of a row.
func cursor(v string, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(v + "\x00" + strconv.FormatInt(id, 10)))
}

// errCursor is returned for a cursor this server did not write.
var errCursor = errors.New("bad cursor")

// parseCursor decodes a cursor into its sort value and id.
func parseCursor(c string) (string, int64, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return "", 0, errCursor
	}
	v, idText, ok := strings.Cut(string(b), "\x00")
	if !ok {
		return "", 0, errCursor
	}
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return "", 0, errCursor
	}
	return v, id, nil
}

// A Facet is the count of documents for each value of one dimension.
type Facet struct {
	Name   string       `json:"name"`
	Values []FacetValue `json:"values"`
}

// A FacetValue is one value of a facet and the number of documents with it.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// maxFacetValues bounds the values listed per facet (the most frequent).
const maxFacetValues = 40

// Store reads the database for the pages.
type Store struct {
	db *sql.DB
	// hasLines is set when the database stores source_lines (schema 3);
	// older ones show the segmented text of doc_text instead.
	hasLines bool
	// hasSearch is set when the database has the substring search of
	// doc_search and doc_pairs (schema 6).
	hasSearch bool
	// hasTables is set when the database stores the tables as read
	// (doc_tables, schema 8); older ones show none.
	hasTables bool

	cache struct {
		sync.Mutex
		conn   *sql.Conn // asks data_version
		facets map[string]facetEntry
	}
}

// NewStore returns the query layer over db.
func NewStore(ctx context.Context, db *sql.DB) (*Store, error) {
	s := &Store{db: db}
	s.cache.facets = map[string]facetEntry{}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name IN ('documents', 'facts', 'doc_text')`).Scan(&n); err != nil {
		return nil, fmt.Errorf("read schema: %w", err)
	}
	if n != 3 {
		return nil, errors.New("not a fiscaldoc database (no documents, facts or doc_text table)")
	}
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name = 'source_lines'`).Scan(&n); err != nil {
		return nil, fmt.Errorf("read schema: %w", err)
	}
	s.hasLines = n == 1
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name IN ('doc_tables', 'table_cells')`).Scan(&n); err != nil {
		return nil, fmt.Errorf("read schema: %w", err)
	}
	s.hasTables = n == 2
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name IN ('doc_search', 'doc_pairs')`).Scan(&n); err != nil {
		return nil, fmt.Errorf("read schema: %w", err)
	}
	s.hasSearch = n == 2
	return s, nil
}

// Reports returns one page of the documents that pass f and the cursor of
// the next page ("" on the last).
func (s *Store) Reports(ctx context.Context, f Filter, p Page) (docs []Document, next string, err error) {
	key, ok := sorts[p.Sort]
	if !ok {
		key = sorts["name"]
	}
	where, args := f.where()
	dir, cmp := "ASC", ">"
	if p.Desc {
		dir, cmp = "DESC", "<"
	}
	if p.After != "" {
		v, id, err := parseCursor(p.After)
		if err != nil {
			return nil, "", err
		}
		var kv any = v
		if key.numeric {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return nil, "", errCursor
			}
			kv = n
		}
		where += fmt.Sprintf(" AND (%[1]s %[2]s ? OR (%[1]s = ? AND d.id %[2]s ?))", key.expr, cmp)
		args = append(args, kv, kv, id)
	}
	q := fmt.Sprintf(`SELECT %s, %s FROM documents d WHERE %s ORDER BY %s %s, d.id %s LIMIT ?`,
		docColumns, key.expr, where, key.expr, dir, dir)
	args = append(args, p.Limit+1)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, "", fmt.Errorf("list reports: %w", err)
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var d Document
		var k any
		if err := rows.Scan(&d.ID, &d.Path, &d.Name, &d.DocType, &d.Org, &d.Province, &d.Prefecture, &d.County,
			&d.RegionCode, &d.FiscalYear, &d.ReportDate, &d.Lines, &d.Status, &d.Error,
			&d.Facts, &d.FailedChecks, &d.Repairs, &d.Problems, &k); err != nil {
			return nil, "", fmt.Errorf("list reports: %w", err)
		}
		docs = append(docs, d)
		keys = append(keys, fmt.Sprint(k))
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("list reports: %w", err)
	}
	if len(docs) > p.Limit {
		docs = docs[:p.Limit]
		next = cursor(keys[p.Limit-1], docs[p.Limit-1].ID)
	}
	return docs, next, nil
}

// EachReport calls fn for every document that passes f, in name order (the
// CSV download of the list).
func (s *Store) EachReport(ctx context.Context, f Filter, fn func(*Document) error) error {
	where, args := f.where()
	rows, err := s.db.QueryContext(ctx, `SELECT `+docColumns+` FROM documents d WHERE `+where+` ORDER BY d.name, d.id`, args...)
	if err != nil {
		return fmt.Errorf("list reports: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d Document
		if err := scanDocument(rows, &d); err != nil {
			return fmt.Errorf("list reports: %w", err)
		}
		if err := fn(&d); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Facets counts the documents that pass f by province, prefecture, fiscal
// year, doc_type, status, and whether they have failed checks and repairs,
// in one pass over the documents, and returns the number that pass. The
// answer is kept until the database changes (PRAGMA data_version).
func (s *Store) Facets(ctx context.Context, f Filter) ([]Facet, int, error) {
	key := f.values().Encode()
	version, err := s.version(ctx)
	if err != nil {
		return nil, 0, err
	}
	s.cache.Lock()
	e, ok := s.cache.facets[key]
	s.cache.Unlock()
	if ok && e.version == version {
		return e.facets, e.total, nil
	}
	facets, total, err := s.countFacets(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	s.cache.Lock()
	if len(s.cache.facets) >= maxCached {
		clear(s.cache.facets)
	}
	s.cache.facets[key] = facetEntry{version, facets, total}
	s.cache.Unlock()
	return facets, total, nil
}

// maxCached bounds the filters whose facets are kept.
const maxCached = 512

type facetEntry struct {
	version int64
	facets  []Facet
	total   int
}

// version returns the database's data_version, as seen by the connection
// the Store keeps for it: it changes whenever another connection (an
// ingest) commits.
func (s *Store) version(ctx context.Context) (int64, error) {
	s.cache.Lock()
	defer s.cache.Unlock()
	if s.cache.conn == nil {
		c, err := s.db.Conn(ctx)
		if err != nil {
			return 0, fmt.Errorf("data version: %w", err)
		}
		s.cache.conn = c
	}
	var v int64
	if err := s.cache.conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("data version: %w", err)
	}
	return v, nil
}

func (s *Store) countFacets(ctx context.Context, f Filter) ([]Facet, int, error) {
	where, args := f.where()
	rows, err := s.db.QueryContext(ctx, `SELECT coalesce(d.province, ''), coalesce(d.prefecture, ''),
		coalesce(d.fiscal_year, 0), coalesce(d.doc_type, ''), d.status, `+existsFailed+`, `+existsRepaired+`, count(*)
		FROM documents d WHERE `+where+` GROUP BY 1, 2, 3, 4, 5, 6, 7`, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("facets: %w", err)
	}
	defer rows.Close()
	names := []string{"province", "prefecture", "year", "doc_type", "status", "failed", "repaired"}
	counts := make([]map[string]int, len(names))
	for i := range counts {
		counts[i] = map[string]int{}
	}
	total := 0
	for rows.Next() {
		var prov, pref, typ, status string
		var year, n int
		var failed, repaired bool
		if err := rows.Scan(&prov, &pref, &year, &typ, &status, &failed, &repaired, &n); err != nil {
			return nil, 0, fmt.Errorf("facets: %w", err)
		}
		y := ""
		if year != 0 {
			y = strconv.Itoa(year)
		}
		for i, v := range []string{prov, pref, y, typ, status, yes(failed), yes(repaired)} {
			counts[i][v] += n
		}
		total += n
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("facets: %w", err)
	}
	out := make([]Facet, len(names))
	for i, name := range names {
		fc := Facet{Name: name, Values: []FacetValue{}}
		for v, n := range counts[i] {
			fc.Values = append(fc.Values, FacetValue{v, n})
		}
		sort.Slice(fc.Values, func(a, b int) bool {
			va, vb := fc.Values[a], fc.Values[b]
			if name == "year" {
				return va.Value > vb.Value
			}
			if va.Count != vb.Count {
				return va.Count > vb.Count
			}
			return va.Value < vb.Value
		})
		if len(fc.Values) > maxFacetValues {
			fc.Values = fc.Values[:maxFacetValues]
		}
		out[i] = fc
	}
	return out, total, nil
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// ErrNotFound is returned for a document, or a page of one, that does not exist.
var ErrNotFound = errors.New("not found")

// Document returns one document.
func (s *Store) Document(ctx context.Context, id int64) (*Document, error) {
	var d Document
	err := scanDocument(s.db.QueryRowContext(ctx, `SELECT `+docColumns+` FROM documents d WHERE d.id = ?`, id), &d)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("document %d: %w", id, err)
	}
	return &d, nil
}

// A Fact is one stored fact with its keys and provenance.
type Fact struct {
	Seq       int    `json:"seq"`
	Field     string `json:"field"`
	Project   string `json:"project"`
	Indicator string `json:"indicator"`
	Level1    string `json:"level1"`
	Level2    string `json:"level2"`
	Note      string `json:"note"`
	Table     string `json:"table"`
	Code      string `json:"code"`
	Col       string `json:"col"`
	Year      int    `json:"year"`
	Basis     string `json:"basis"`
	Value     string `json:"value"`
	Unit      string `json:"unit"`
	Source    string `json:"source"`
	LineFirst int    `json:"line_first"`
	LineLast  int    `json:"line_last"`
	Raw       string `json:"raw"`
}

// Headline reports whether the fact is one of the document's own totals
// (not a line item, an indicator row or a project's figure).
func (f *Fact) Headline() bool {
	return f.Project == "" && f.Unit != "" && f.Field != "line_item" && f.Field != "econ_item" &&
		!strings.HasPrefix(f.Field, "indicator_")
}

// Facts returns the facts of a document in their order.
func (s *Store) Facts(ctx context.Context, docID int64) ([]Fact, error) {
	return queryAll(ctx, s.db, fmt.Sprintf("facts of %d", docID), `SELECT seq, field, coalesce(project, ''), coalesce(indicator, ''),
		coalesce(level1, ''), coalesce(level2, ''), coalesce(note, ''), coalesce(tbl, ''), coalesce(code, ''),
		coalesce(col, ''), coalesce(year, 0), coalesce(basis, ''), value, coalesce(unit, ''), source,
		coalesce(line_first, 0), coalesce(line_last, line_first, 0), coalesce(raw, '')
		FROM facts WHERE doc_id = ? ORDER BY seq`, []any{docID},
		func(f *Fact) []any {
			return []any{&f.Seq, &f.Field, &f.Project, &f.Indicator, &f.Level1, &f.Level2, &f.Note, &f.Table,
				&f.Code, &f.Col, &f.Year, &f.Basis, &f.Value, &f.Unit, &f.Source, &f.LineFirst, &f.LineLast, &f.Raw}
		})
}

// A Line is one line of a document's source text.
type Line struct {
	N         int    `json:"n"`
	Page      int    `json:"page"`
	Raw       string `json:"raw"`
	Furniture bool   `json:"furniture"`
}

// Lines returns the lines first..last of a document's text. A database
// older than source_lines gives the segmented words of doc_text.
func (s *Store) Lines(ctx context.Context, docID int64, first, last int) ([]Line, error) {
	q := `SELECT line, coalesce(page, 0), raw, furniture FROM source_lines WHERE doc_id = ? AND line BETWEEN ? AND ? ORDER BY line`
	if !s.hasLines {
		q = `SELECT line, 0, text, 0 FROM doc_text WHERE doc_id = ? AND line BETWEEN ? AND ? ORDER BY line`
	}
	return queryAll(ctx, s.db, fmt.Sprintf("lines of %d", docID), q, []any{docID, first, last},
		func(l *Line) []any { return []any{&l.N, &l.Page, &l.Raw, &l.Furniture} })
}

// A Table is a table of a document as read, its cells in rows.
type Table struct {
	N         int      `json:"n"`
	Shape     string   `json:"shape"`
	Stream    bool     `json:"stream"`
	Title     string   `json:"title"`
	Unit      string   `json:"unit"`
	LineFirst int      `json:"line_first"`
	LineLast  int      `json:"line_last"`
	Page      int      `json:"page"`
	Rows      [][]Cell `json:"rows"`
}

// A Cell is a cell of a table as read.
type Cell struct {
	Table     int    `json:"-"` // Table.N
	Row       int    `json:"row"`
	Col       int    `json:"col"`
	RowSpan   int    `json:"row_span"`
	ColSpan   int    `json:"col_span"`
	Text      string `json:"text"`
	LineFirst int    `json:"line_first"`
	LineLast  int    `json:"line_last"`
}

// Tables returns the tables of a document as read, in order, each with its
// cells by row and column.
func (s *Store) Tables(ctx context.Context, docID int64) ([]Table, error) {
	out := []Table{}
	if !s.hasTables {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT n, shape, stream, coalesce(title, ''), coalesce(unit, ''),
		coalesce(line_first, 0), coalesce(line_last, 0), coalesce(page, 0) FROM doc_tables WHERE doc_id = ? ORDER BY n`, docID)
	if err != nil {
		return nil, fmt.Errorf("tables of %d: %w", docID, err)
	}
	defer rows.Close()
	at := map[int]int{} // index in out of table n
	for rows.Next() {
		t := Table{Rows: [][]Cell{}}
		if err := rows.Scan(&t.N, &t.Shape, &t.Stream, &t.Title, &t.Unit, &t.LineFirst, &t.LineLast, &t.Page); err != nil {
			return nil, fmt.Errorf("tables of %d: %w", docID, err)
		}
		at[t.N] = len(out)
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("tables of %d: %w", docID, err)
	}
	cells, err := s.db.QueryContext(ctx, `SELECT tbl_n, row, col, row_span, col_span, text, coalesce(line_first, 0),
		coalesce(line_last, 0) FROM table_cells WHERE doc_id = ? ORDER BY tbl_n, i`, docID)
	if err != nil {
		return nil, fmt.Errorf("table cells of %d: %w", docID, err)
	}
	defer cells.Close()
	for cells.Next() {
		var c Cell
		if err := cells.Scan(&c.Table, &c.Row, &c.Col, &c.RowSpan, &c.ColSpan, &c.Text, &c.LineFirst, &c.LineLast); err != nil {
			return nil, fmt.Errorf("table cells of %d: %w", docID, err)
		}
		i, ok := at[c.Table]
		if !ok {
			continue
		}
		t := &out[i]
		if n := len(t.Rows); n == 0 || t.Rows[n-1][0].Row != c.Row {
			t.Rows = append(t.Rows, []Cell{})
		}
		t.Rows[len(t.Rows)-1] = append(t.Rows[len(t.Rows)-1], c)
	}
	return out, cells.Err()
}

// A Repair is an OCR repair of a document.
type Repair struct {
	Line     int    `json:"line"`
	Kind     string `json:"kind"`
	Raw      string `json:"raw"`
	Repaired string `json:"repaired"`
	Evidence string `json:"evidence"`
}

// Repairs returns the repairs of a document in line order.
func (s *Store) Repairs(ctx context.Context, docID int64) ([]Repair, error) {
	return queryAll(ctx, s.db, fmt.Sprintf("repairs of %d", docID), `SELECT coalesce(line, 0), kind, raw, repaired, coalesce(evidence, '')
		FROM repairs WHERE doc_id = ? ORDER BY line, id`, []any{docID},
		func(r *Repair) []any { return []any{&r.Line, &r.Kind, &r.Raw, &r.Repaired, &r.Evidence} })
}

// A Check is an accounting identity or cross-check of a document.
type Check struct {
	Name       string `json:"name"`
	Expected   string `json:"expected"`
	Actual     string `json:"actual"`
	Difference string `json:"difference"`
	OK         bool   `json:"ok"`
	Line       int    `json:"line"`
	Detail     string `json:"detail"`
}

// Checks returns the checks of a document, failed ones first.
func (s *Store) Checks(ctx context.Context, docID int64) ([]Check, error) {
	return queryAll(ctx, s.db, fmt.Sprintf("checks of %d", docID), `SELECT name, expected, actual, difference, ok, coalesce(line, 0), coalesce(detail, '')
		FROM checks WHERE doc_id = ? ORDER BY ok, line, id`, []any{docID},
		func(c *Check) []any {
			return []any{&c.Name, &c.Expected, &c.Actual, &c.Difference, &c.OK, &c.Line, &c.Detail}
		})
}

// A Problem is something wrong in a document that did not stop it.
type Problem struct {
	Line    int    `json:"line"`
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

// Problems returns the problems of a document in line order.
func (s *Store) Problems(ctx context.Context, docID int64) ([]Problem, error) {
	return queryAll(ctx, s.db, fmt.Sprintf("problems of %d", docID), `SELECT coalesce(line, 0), kind, message FROM problems WHERE doc_id = ? ORDER BY line, id`,
		[]any{docID}, func(p *Problem) []any { return []any{&p.Line, &p.Kind, &p.Message} })
}

// A Hit is one line found by search, with the lines around it.
type Hit struct {
	DocID  int64  `json:"doc_id"`
	Name   string `json:"name"`
	Org    string `json:"org"`
	Year   int    `json:"fiscal_year"`
	Line   int    `json:"line"`
	Text   string `json:"text"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// Search returns the lines that hold q, after the hit with rowid after,
// at most limit, with their documents and the lines around them, and the
// total number of lines found. The lines are those schema.Search finds
// (doc_search and doc_pairs): the search command's, and a MATCH on
// doc_search's in the sqlite3 shell.
func (s *Store) Search(ctx context.Context, q string, after int64, limit int) (hits []Hit, total int, next int64, err error) {
	if !s.hasSearch {
		return nil, 0, 0, &httpError{http.StatusNotImplemented,
			"this database predates substring search (doc_search): run fiscaldoc ingest on it once"}
	}
	total, err = schema.CountSearch(ctx, s.db, q, searchCountCap+1)
	if err != nil {
		return nil, 0, 0, err
	}
	found, err := schema.Search(ctx, s.db, q, after, limit+1)
	if err != nil {
		return nil, 0, 0, err
	}
	if len(found) > limit {
		found = found[:limit]
		next = found[limit-1].Row
	}
	hits = make([]Hit, len(found))
	for i, f := range found {
		h := Hit{DocID: f.DocID, Line: f.Line}
		const raw = `(SELECT raw FROM source_lines WHERE doc_id = d.id AND line = ?)`
		if err := s.db.QueryRowContext(ctx, `SELECT name, coalesce(org, ''), coalesce(fiscal_year, 0),
			coalesce(`+raw+`, ?), coalesce(`+raw+`, ''), coalesce(`+raw+`, '') FROM documents d WHERE id = ?`,
			f.Line, f.Text, f.Line-1, f.Line+1, f.DocID).Scan(&h.Name, &h.Org, &h.Year, &h.Text, &h.Before, &h.After); err != nil {
			return nil, 0, 0, fmt.Errorf("search: document %d: %w", f.DocID, err)
		}
		hits[i] = h
	}
	return hits, total, next, nil
}

// A Figure is one value of a field or code in one document.
type Figure struct {
	ID     int64  `json:"id"`
	DocID  int64  `json:"doc_id"`
	Name   string `json:"name"`
	Org    string `json:"org"`
	Place  string `json:"place"`
	Year   int    `json:"year"`
	Basis  string `json:"basis"`
	Table  string `json:"table"`
	Col    string `json:"col"`
	Value  string `json:"value"`
	Unit   string `json:"unit"`
	Line   int    `json:"line"`
	Raw    string `json:"raw"`
	Detail string `json:"detail"` // project or indicator, when the fact has one
}

// A FigureQuery selects the facts of one field or one code.
type FigureQuery struct {
	Field, Code, Col, Basis, Province string
}

func figureQueryFrom(q url.Values) FigureQuery {
	return FigureQuery{Field: q.Get("field"), Code: q.Get("code"), Col: q.Get("col"), Basis: q.Get("basis"),
		Province: q.Get("province")}
}

func (fq FigureQuery) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"field": fq.Field, "code": fq.Code, "col": fq.Col, "basis": fq.Basis, "province": fq.Province} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

func (fq FigureQuery) where() (string, []any) {
	var c sqlConds
	c.eq("f.field", fq.Field)
	c.eq("f.code", fq.Code)
	c.eq("f.col", fq.Col)
	c.eq("f.basis", fq.Basis)
	c.eq("d.province", fq.Province)
	return c.sql()
}

// A figureCursor is where a page of figures continues: after the fact id
// of year year (Null: a fact without a year), in the order of the facts'
// field and code indexes (year, then id).
type figureCursor struct {
	Year sql.NullInt64
	ID   int64
}

func (c figureCursor) String() string {
	y := "-"
	if c.Year.Valid {
		y = strconv.FormatInt(c.Year.Int64, 10)
	}
	return y + "." + strconv.FormatInt(c.ID, 10)
}

func parseFigureCursor(s string) (figureCursor, error) {
	var c figureCursor
	y, id, ok := strings.Cut(s, ".")
	if !ok {
		return c, errCursor
	}
	var err error
	if c.ID, err = strconv.ParseInt(id, 10, 64); err != nil {
		return c, errCursor
	}
	if y != "-" {
		n, err := strconv.ParseInt(y, 10, 64)
		if err != nil {
			return c, errCursor
		}
		c.Year = sql.NullInt64{Int64: n, Valid: true}
	}
	return c, nil
}

// Figures returns the facts of fq after cursor after (nil: from the first),
// at most limit, and the cursor of the next page (nil on the last). With
// every > 1, only the facts whose id is a multiple of every are returned
// (an even sample, for the chart).
func (s *Store) Figures(ctx context.Context, fq FigureQuery, after *figureCursor, limit, every int) (figs []Figure, next *figureCursor, err error) {
	figs = []Figure{}
	if fq.Field == "" && fq.Code == "" {
		return figs, nil, nil
	}
	where, args := fq.where()
	switch {
	case after == nil:
	case after.Year.Valid:
		where += " AND (f.year > ? OR (f.year = ? AND f.id > ?))"
		args = append(args, after.Year.Int64, after.Year.Int64, after.ID)
	default:
		where += " AND (f.year IS NOT NULL OR f.id > ?)"
		args = append(args, after.ID)
	}
	if every > 1 {
		where += " AND f.id % ? = 0"
		args = append(args, every)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT f.id, f.year, f.doc_id, d.name, coalesce(d.org, ''),
		coalesce(d.province, '') || coalesce(d.prefecture, '') || coalesce(d.county, ''),
		coalesce(f.year, d.fiscal_year, 0), coalesce(f.basis, ''), coalesce(f.tbl, ''), coalesce(f.col, ''), f.value,
		coalesce(f.unit, ''), coalesce(f.line_first, 0), coalesce(f.raw, ''), coalesce(f.project, f.indicator, '')
		FROM facts f JOIN documents d ON d.id = f.doc_id
		WHERE `+where+` ORDER BY f.year, f.id LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return nil, nil, fmt.Errorf("figures: %w", err)
	}
	defer rows.Close()
	var years []sql.NullInt64
	for rows.Next() {
		var g Figure
		var y sql.NullInt64
		if err := rows.Scan(&g.ID, &y, &g.DocID, &g.Name, &g.Org, &g.Place, &g.Year, &g.Basis, &g.Table, &g.Col,
			&g.Value, &g.Unit, &g.Line, &g.Raw, &g.Detail); err != nil {
			return nil, nil, fmt.Errorf("figures: %w", err)
		}
		figs = append(figs, g)
		years = append(years, y)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("figures: %w", err)
	}
	if len(figs) > limit {
		figs = figs[:limit]
		next = &figureCursor{years[limit-1], figs[limit-1].ID}
	}
	return figs, next, nil
}

// CountFigures returns the number of facts of fq.
func (s *Store) CountFigures(ctx context.Context, fq FigureQuery) (int, error) {
	if fq.Field == "" && fq.Code == "" {
		return 0, nil
	}
	where, args := fq.where()
	from := "facts f"
	if fq.Province != "" {
		from += " JOIN documents d ON d.id = f.doc_id"
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM `+from+` WHERE `+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count figures: %w", err)
	}
	return n, nil
}

// Fields returns the distinct fields of the facts, for the figures page.
func (s *Store) Fields(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT field FROM facts ORDER BY field`)
	if err != nil {
		return nil, fmt.Errorf("fields: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			return nil, fmt.Errorf("fields: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// queryAll runs a query and reads every row into a T through the pointers
// dest gives; errors name what was read.
func queryAll[T any](ctx context.Context, db *sql.DB, what, query string, args []any, dest func(*T) []any) ([]T, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		var v T
		if err := rows.Scan(dest(&v)...); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

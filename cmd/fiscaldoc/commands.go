package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/corpus"
	"github.com/fiscaldoc/fiscaldoc/internal/gold"
	"github.com/fiscaldoc/fiscaldoc/normalize"
	"github.com/fiscaldoc/fiscaldoc/schema"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// toolVersion is recorded on every stored document: the binary's version
// and the rules it extracts by. A stored document of another toolVersion is
// re-extracted even when its bytes are unchanged.
func toolVersion() string { return version + "+rules." + rulesVersion() }

// rulesVersion identifies the extraction rules as the first 12 hex digits
// of the sha256 of the running executable: any change to what the binary
// does re-extracts every document once, and nobody has to remember to bump
// a number (a hand-kept rules version stayed at 1 through a day of rule
// changes, and the nightly ingest kept the old facts). A rebuild of the same
// source with another toolchain re-extracts too, which costs time, not
// data. When the executable cannot be read, every run re-extracts.
var rulesVersion = sync.OnceValue(func() string {
	if exe, err := os.Executable(); err == nil {
		if _, sum, err := corpus.Hash(exe); err == nil {
			return sum[:12]
		}
	}
	return fmt.Sprintf("unknown.%d.%d", os.Getpid(), time.Now().UnixNano())
})

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

func (m *Main) ingest(ctx context.Context, args []string) error {
	fs := m.flags("ingest")
	dbPath := fs.String("db", "fiscal.db", "SQLite database to create or update")
	workers := fs.Int("workers", 0, "documents processed at once (default: number of CPUs less one, for the writer)")
	prune := fs.Bool("prune", false, "delete stored documents whose files were not listed")
	verbose := fs.Bool("v", false, "log each document")
	maxBytes := fs.Int64("max-bytes", 0, "largest file read, in bytes (default 64 MiB)")
	maxLine := fs.Int("max-line", 0, "longest line read, in bytes (default 256 KiB)")
	maxCells := fs.Int("max-cells", 0, "most tab-separated cells in one line (default 1024)")
	pdfTime := fs.Duration("pdf-time", 0, "longest time spent reading one PDF (default 1m0s)")
	maxGlyphs := fs.Int("max-glyphs", 0, "most characters read from one PDF (default 1048576)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("%w: ingest needs at least one file or directory", ErrUsage)
	}
	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: level}))

	unlock, err := schema.Lock(*dbPath)
	if err != nil {
		return err
	}
	defer unlock()
	db, err := schema.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	loadSegmenter := func() (*normalize.Segmenter, error) {
		t := time.Now()
		seg, err := normalize.NewSegmenter()
		log.Debug("segmenter loaded", "took", time.Since(t).Round(time.Millisecond))
		return seg, err
	}
	p := &Pipeline{DB: db, Segmenter: loadSegmenter, Workers: *workers, Prune: *prune, Log: log,
		Limits: corpus.Limits{MaxBytes: *maxBytes, MaxLineBytes: *maxLine, MaxCells: *maxCells,
			PDFTime: *pdfTime, MaxGlyphs: *maxGlyphs}}
	finish := func() {}
	if m.IsTerminal {
		p.Progress, finish = progress(m)
	}
	sum, err := p.Run(ctx, fs.Args())
	finish()
	m.printSummary(sum, *dbPath, time.Since(start))
	if err != nil {
		return err
	}
	if sum.Failed > 0 {
		return fmt.Errorf("%w: %d of %d", ErrSomeFailed, sum.Failed, sum.Listed)
	}
	return nil
}

// progress returns a Progress callback drawing a bar on stderr: documents
// done of all, the rate and the time left. It is drawn only on a terminal;
// elsewhere the summary line is the only output.
func progress(m *Main) (update func(done, total int, bytes int64), finish func()) {
	var bar *progressbar.ProgressBar
	update = func(done, total int, _ int64) {
		if bar == nil {
			bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(m.Stderr),
				progressbar.OptionSetDescription("ingest"), progressbar.OptionShowCount(),
				progressbar.OptionShowIts(), progressbar.OptionSetItsString("docs"),
				progressbar.OptionSetPredictTime(true), progressbar.OptionClearOnFinish(),
				progressbar.OptionThrottle(100*time.Millisecond))
		}
		bar.Set(done)
	}
	finish = func() {
		if bar != nil {
			bar.Finish()
		}
	}
	return update, finish
}

func (m *Main) printSummary(s Summary, db string, took time.Duration) {
	fmt.Fprintf(m.Stdout, "%s: %d listed, %d ingested, %d not a report, %d unchanged, %d aliased, %d failed, %d skipped",
		db, s.Listed, s.Ingested, s.NotReports, s.Unchanged, s.Aliased, s.Failed, len(s.Skipped))
	if s.Pruned > 0 {
		fmt.Fprintf(m.Stdout, ", %d pruned", s.Pruned)
	}
	fmt.Fprintf(m.Stdout, "; %d facts, %d problems, %d failed checks, %d repairs; %.1f MB in %s\n",
		s.Facts, s.Problems, s.FailedChecks, s.Repairs, float64(s.Bytes)/1e6, took.Round(time.Millisecond))
	for _, f := range s.FailedPaths {
		fmt.Fprintln(m.Stdout, "  failed:", f)
	}
	for _, p := range s.NotReportPaths {
		fmt.Fprintln(m.Stdout, "  not a report:", p)
	}
	for _, sk := range s.Skipped {
		fmt.Fprintf(m.Stdout, "  skipped: %s: %s\n", sk.Path, sk.Reason)
	}
}

// openExisting opens a database that must already exist.
func openExisting(ctx context.Context, path string) (*sql.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	return schema.Open(ctx, path)
}

// factsQuery lists every fact in the flat form of docs/FACTS.md (doc,
// field, keys, value, unit) with its document's id, path, place and year,
// the amount as a number and the provenance, in a stable order.
const factsQuery = `SELECT f.doc_id, d.path, d.name AS doc, coalesce(d.county, d.prefecture, d.province) AS place,
	d.fiscal_year, f.field, f.project, f.indicator, f.tbl AS "table", f.code, f.col, f.year, f.basis, f.value, f.unit,
	CASE WHEN f.fen IS NOT NULL THEN f.fen / 1000000.0
		WHEN f.unit IS NOT NULL AND (f.value GLOB '[0-9]*' OR f.value GLOB '-[0-9]*') THEN CAST(f.value AS REAL) END AS amount,
	f.line_first, f.line_last, f.raw
FROM facts f JOIN documents d ON d.id = f.doc_id
ORDER BY d.name, d.path, f.seq`

func (m *Main) facts(ctx context.Context, args []string) error {
	fs := m.flags("facts")
	dbPath := fs.String("db", "fiscal.db", "SQLite database")
	out := addExportFlags(fs, "jsonl")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if err := out.check(); err != nil {
		return err
	}
	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := querySheet(ctx, db, "facts", factsQuery)
	if err != nil {
		return err
	}
	return out.write(m.Stdout, s)
}

func (m *Main) eval(ctx context.Context, args []string) error {
	fs := m.flags("eval")
	goldPaths := fs.String("gold", "", "gold facts file(s), comma-separated; each is scored on its own")
	dbPath := fs.String("db", "fiscal.db", "SQLite database to score")
	factsPath := fs.String("facts", "", "score this facts file instead of a database")
	misses := fs.Bool("misses", false, "list missed gold facts and wrong extracted facts")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if *goldPaths == "" {
		return fmt.Errorf("%w: eval needs -gold", ErrUsage)
	}
	var got []gold.Fact
	var err error
	if *factsPath != "" {
		got, err = gold.ReadFile(*factsPath)
	} else {
		var db *sql.DB
		if db, err = openExisting(ctx, *dbPath); err == nil {
			got, err = schema.Facts(ctx, db)
			db.Close()
		}
	}
	if err != nil {
		return err
	}
	for _, g := range strings.Split(*goldPaths, ",") {
		want, err := gold.ReadFile(g)
		if err != nil {
			return err
		}
		res := gold.Compare(want, got)
		res.Write(m.Stdout, filepath.Base(g))
		if *misses {
			res.WriteMisses(m.Stdout)
		}
		fmt.Fprintln(m.Stdout)
	}
	return nil
}

func (m *Main) checks(ctx context.Context, args []string) error {
	fs := m.flags("checks")
	dbPath := fs.String("db", "fiscal.db", "SQLite database")
	all := fs.Bool("all", false, "list the checks that hold too")
	out := addExportFlags(fs, "table")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if err := out.check(); err != nil {
		return err
	}
	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := querySheet(ctx, db, "checks", `
		SELECT c.doc_id, d.path, d.name AS doc, coalesce(d.county, d.prefecture, d.province) AS place, d.fiscal_year,
			c.line, c.name AS "check", CAST(c.expected AS REAL) AS expected, CAST(c.actual AS REAL) AS actual,
			CAST(c.difference AS REAL) AS difference, c.ok, c.detail
		FROM checks c JOIN documents d ON d.id = c.doc_id
		WHERE c.ok = 0 OR ?
		ORDER BY d.name, d.path, c.id`, *all)
	if err != nil {
		return err
	}
	s.narrow = map[string]int{"path": -1, "doc": 28, "check": 40, "detail": 30}
	return out.write(m.Stdout, s)
}

func (m *Main) repairs(ctx context.Context, args []string) error {
	fs := m.flags("repairs")
	dbPath := fs.String("db", "fiscal.db", "SQLite database")
	out := addExportFlags(fs, "table")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if err := out.check(); err != nil {
		return err
	}
	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := querySheet(ctx, db, "repairs", `
		SELECT r.doc_id, d.path, d.name AS doc, r.line, r.kind, r.raw, r.repaired, r.evidence
		FROM repairs r JOIN documents d ON d.id = r.doc_id
		ORDER BY d.name, d.path, r.line, r.id`)
	if err != nil {
		return err
	}
	// A terminal of 160 columns shows a repair a line; the exports keep
	// the path and the whole evidence.
	s.narrow = map[string]int{"path": -1, "doc": 28, "raw": 20, "repaired": 20, "evidence": 50}
	return out.write(m.Stdout, s)
}

// query runs read-only SQL statements and prints their rows: a way to
// look into the database where no sqlite3 shell is installed. Each
// statement is a sheet of the xlsx format.
func (m *Main) query(ctx context.Context, args []string) error {
	fs := m.flags("query")
	dbPath := fs.String("db", "fiscal.db", "SQLite database")
	out := addExportFlags(fs, "table")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := out.check(); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("%w: query needs an SQL statement", ErrUsage)
	}
	for _, q := range fs.Args() {
		if err := schema.CheckReadOnly(q); errors.Is(err, schema.ErrNoStatement) {
			return fmt.Errorf("%w: %w", ErrUsage, err)
		} else if err != nil {
			return err
		}
	}
	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA query_only = ON"); err != nil {
		return err
	}
	var sheets []sheet
	for i, q := range fs.Args() {
		s, err := querySheet(ctx, conn, sheetTitle(q, i), q)
		if err != nil {
			return err
		}
		sheets = append(sheets, s)
	}
	return out.write(m.Stdout, sheets...)
}

// sheetTitle names the sheet of the i-th statement: the view or table of
// a plain SELECT … FROM name, else query1, query2 ….
func sheetTitle(q string, i int) string {
	f := strings.Fields(q)
	for j := 0; j+1 < len(f); j++ {
		if strings.EqualFold(f[j], "FROM") {
			if name := strings.Trim(f[j+1], `"'`+"`;"); name != "" && !strings.ContainsAny(name, "(),") {
				return name
			}
		}
	}
	return "query" + strconv.Itoa(i+1)
}

// search prints the lines that hold a string, as printed after
// normalisation (full-width folded, OCR spaces between CJK removed).
func (m *Main) search(ctx context.Context, args []string) error {
	fs := m.flags("search")
	dbPath := fs.String("db", "fiscal.db", "SQLite database")
	limit := fs.Int("limit", 100, "most lines printed (0: all)")
	out := addExportFlags(fs, "table")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := out.check(); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: search needs one string of two or more characters", ErrUsage)
	}
	q := normalize.Text(fs.Arg(0))
	if utf8.RuneCountInString(q) < 2 {
		return fmt.Errorf("%w: %w", ErrUsage, schema.ErrShortQuery)
	}
	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	hits, err := schema.Search(ctx, db, q, 0, *limit)
	if err != nil {
		return err
	}
	s := sheet{name: "search", header: []string{"doc_id", "path", "doc", "line", "text", "printed"},
		narrow: map[string]int{"path": -1, "doc": 28, "text": 80, "printed": 40}}
	for _, h := range hits {
		printed := any(nil)
		if h.Printed != "" {
			printed = h.Printed
		}
		s.rows = append(s.rows, []any{h.DocID, h.Path, filepath.Base(h.Path), int64(h.Line), h.Text, printed})
	}
	return out.write(m.Stdout, s)
}

// fields prints the field dictionary: every field of the fact vocabulary,
// its meaning, unit, keys and the template cell it is read from.
func (m *Main) fields(_ context.Context, args []string) error {
	fs := m.flags("fields")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	table := make([][]string, len(fiscaldoc.Fields))
	for i, f := range fiscaldoc.Fields {
		table[i] = []string{f.Name, f.Group, f.Unit, f.Keys, f.Meaning, f.Source}
	}
	return writeTable(m.Stdout, []string{"field", "group", "unit", "keys", "meaning", "read from"}, table)
}

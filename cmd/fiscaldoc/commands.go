package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
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

func (m *Main) facts(ctx context.Context, args []string) error {
	fs := m.flags("facts")
	dbPath := fs.String("db", "fiscal.db", "SQLite database")
	format := fs.String("format", "jsonl", "output format: jsonl or csv")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format != "jsonl" && *format != "csv" {
		return fmt.Errorf("%w: -format %q: want jsonl or csv", ErrUsage, *format)
	}
	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	facts, err := schema.Facts(ctx, db)
	if err != nil {
		return err
	}
	if *format == "csv" {
		w := csv.NewWriter(m.Stdout)
		w.Write([]string{"doc", "field", "project", "indicator", "table", "code", "col", "year", "basis", "value", "unit"})
		for _, f := range facts {
			year := ""
			if f.Year != 0 {
				year = strconv.Itoa(f.Year)
			}
			w.Write([]string{f.Doc, f.Field, f.Project, f.Indicator, f.Table, f.Code, f.Col, year, f.Basis, f.Value, f.Unit})
		}
		w.Flush()
		return w.Error()
	}
	enc := json.NewEncoder(m.Stdout)
	enc.SetEscapeHTML(false)
	for _, f := range facts {
		if err := enc.Encode(f); err != nil {
			return err
		}
	}
	return nil
}

func (m *Main) eval(ctx context.Context, args []string) error {
	fs := m.flags("eval")
	goldPaths := fs.String("gold", "", "gold facts file(s), comma-separated; each is scored on its own")
	dbPath := fs.String("db", "fiscal.db", "SQLite database to score")
	factsPath := fs.String("facts", "", "score this facts file instead of a database")
	misses := fs.Bool("misses", false, "list missed gold facts and wrong extracted facts")
	if err := parse(fs, args); err != nil {
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
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := schema.Checks(ctx, db, !*all)
	if err != nil {
		return err
	}
	table := make([][]string, len(rows))
	for i, c := range rows {
		table[i] = []string{c.Doc, strconv.Itoa(c.Line), c.Name, c.Expected, c.Actual, c.Difference, strconv.FormatBool(c.OK), c.Detail}
	}
	return writeTable(m.Stdout, []string{"doc", "line", "check", "expected", "actual", "difference", "ok", "detail"}, table)
}

func (m *Main) repairs(ctx context.Context, args []string) error {
	fs := m.flags("repairs")
	dbPath := fs.String("db", "fiscal.db", "SQLite database")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := schema.Repairs(ctx, db)
	if err != nil {
		return err
	}
	table := make([][]string, len(rows))
	for i, r := range rows {
		table[i] = []string{r.Doc, strconv.Itoa(r.Line), r.Kind, r.Raw, r.Repaired, r.Evidence}
	}
	return writeTable(m.Stdout, []string{"doc", "line", "kind", "raw", "repaired", "evidence"}, table)
}

// query runs one read-only SQL statement and prints its rows as a table:
// a way to look into the database where no sqlite3 shell is installed.
func (m *Main) query(ctx context.Context, args []string) error {
	fs := m.flags("query")
	dbPath := fs.String("db", "fiscal.db", "SQLite database")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: query needs one SQL statement", ErrUsage)
	}
	if err := schema.CheckReadOnly(fs.Arg(0)); errors.Is(err, schema.ErrNoStatement) {
		return fmt.Errorf("%w: %w", ErrUsage, err)
	} else if err != nil {
		return err
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
	rows, err := conn.QueryContext(ctx, fs.Arg(0))
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var table [][]string
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		cells := make([]string, len(vals))
		for i, v := range vals {
			cells[i] = v.String
		}
		table = append(table, cells)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return writeTable(m.Stdout, cols, table)
}

// search prints the lines that hold a string, as printed after
// normalisation (full-width folded, OCR spaces between CJK removed).
func (m *Main) search(ctx context.Context, args []string) error {
	fs := m.flags("search")
	dbPath := fs.String("db", "fiscal.db", "SQLite database")
	limit := fs.Int("limit", 100, "most lines printed (0: all)")
	if err := parse(fs, args); err != nil {
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
	hits, err := schema.Search(ctx, db, q, *limit)
	if err != nil {
		return err
	}
	table := make([][]string, len(hits))
	for i, h := range hits {
		table[i] = []string{strconv.FormatInt(h.DocID, 10), h.Path, strconv.Itoa(h.Line), h.Text, h.Printed}
	}
	return writeTable(m.Stdout, []string{"doc_id", "path", "line", "text", "printed (where repaired)"}, table)
}

// fields prints the field dictionary: every field of the fact vocabulary,
// its meaning, unit, keys and the template cell it is read from.
func (m *Main) fields(_ context.Context, args []string) error {
	fs := m.flags("fields")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("%w: fields takes no arguments", ErrUsage)
	}
	table := make([][]string, len(fiscaldoc.Fields))
	for i, f := range fiscaldoc.Fields {
		table[i] = []string{f.Name, f.Group, f.Unit, f.Keys, f.Meaning, f.Source}
	}
	return writeTable(m.Stdout, []string{"field", "group", "unit", "keys", "meaning", "read from"}, table)
}

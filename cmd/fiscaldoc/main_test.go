package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fiscaldoc/fiscaldoc/internal/testutil"
	"github.com/fiscaldoc/fiscaldoc/normalize"
	"github.com/fiscaldoc/fiscaldoc/schema"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// run runs the command line with args and returns stdout and the error.
func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errOut}
	err := m.Run(context.Background(), args)
	return out.String(), err
}

// pipeline returns a pipeline on a fresh database in a temporary directory,
// sharing the test binary's segmenter.
func pipeline(t *testing.T) (*Pipeline, string) {
	t.Helper()
	dbPath := filepath.Join(t.TempDir(), "t.db")
	db, err := schema.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	seg := testutil.Segmenter(t)
	return &Pipeline{DB: db, Segmenter: func() (*normalize.Segmenter, error) { return seg, nil }, Workers: 2}, dbPath
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// blankPDF returns a well-formed one-page PDF that draws nothing: a PDF
// with no text layer, like a scan.
func blankPDF() []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
		"<< /Length 0 >>\nstream\n\nendstream",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func documentStatus(t *testing.T, db *sql.DB) map[string]string {
	t.Helper()
	rows, err := db.Query(`SELECT name, status || coalesce(': ' || error, '') FROM documents`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var n, s string
		if err := rows.Scan(&n, &s); err != nil {
			t.Fatal(err)
		}
		m[n] = s
	}
	return m
}

// TestBadInput: each kind of bad file gets a clear error recorded on its
// document, and the run goes on to ingest the good one.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile(testutil.Sample(t, "seeds")[0])
	if err != nil {
		t.Fatal(err)
	}
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("2023年度某县医疗保障局部门决算\n收入合计1,085.68万元\n"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "good.txt"), good)
	write(t, filepath.Join(dir, "gbk.txt"), gbk)
	write(t, filepath.Join(dir, "empty.txt"), nil)
	write(t, filepath.Join(dir, "junk.txt"), []byte("\x00\x01\x02\xff\xfe\x00binary\x00\x00"))
	write(t, filepath.Join(dir, "truncated.pdf"), blankPDF()[:60])
	write(t, filepath.Join(dir, "scan.pdf"), blankPDF())
	write(t, filepath.Join(dir, "oneline.txt"), bytes.Repeat([]byte("医疗保障"), 50<<20/12))
	if err := os.Symlink("loop/b.txt", filepath.Join(dir, "a.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "loop"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../loop", filepath.Join(dir, "loop", "self")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("b.txt", filepath.Join(dir, "loop", "c.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("c.txt", filepath.Join(dir, "loop", "b.txt")); err != nil {
		t.Fatal(err)
	}

	p, _ := pipeline(t)
	sum, err := p.Run(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	status := documentStatus(t, p.DB)
	want := map[string]string{
		"good.txt":      "ok",
		"gbk.txt":       "ok",
		"empty.txt":     "empty file",
		"junk.txt":      "not text",
		"truncated.pdf": "PDF",
		"scan.pdf":      "no usable text layer",
		"oneline.txt":   "line longer than the limit",
		"b.txt":         "symbolic link",
		"c.txt":         "symbolic link",
		"a.txt":         "symbolic link",
	}
	for name, w := range want {
		got, ok := status[name]
		if !ok {
			t.Errorf("%s: not stored; documents: %v", name, status)
			continue
		}
		if w == "ok" && got != "ok" || w != "ok" && (!strings.HasPrefix(got, "failed: ") || !strings.Contains(got, w)) {
			t.Errorf("%s: status %q, want %q", name, got, w)
		}
	}
	if sum.Ingested != 2 || sum.Failed != len(want)-2 {
		t.Errorf("summary: %d ingested, %d failed; want 2 and %d (%v)", sum.Ingested, sum.Failed, len(want)-2, sum.FailedPaths)
	}
	var enc string
	if err := p.DB.QueryRow(`SELECT encoding FROM documents WHERE name = 'gbk.txt'`).Scan(&enc); err != nil || enc != "gb18030" {
		t.Errorf("gbk.txt encoding = %q, %v; want gb18030", enc, err)
	}
}

// TestUnreadable: a file the process may not read is a failed document.
func TestUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads files whatever their mode")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "secret.txt")
	write(t, path, []byte("2023年度部门决算\n"))
	if err := os.Chmod(path, 0); err != nil {
		t.Fatal(err)
	}
	p, _ := pipeline(t)
	sum, err := p.Run(context.Background(), []string{dir})
	if err != nil || sum.Failed != 1 || !strings.Contains(sum.FailedPaths[0], "permission denied") {
		t.Errorf("summary %+v, err %v; want one failure with permission denied", sum, err)
	}
}

// TestIncremental: a second run extracts nothing unchanged; a changed file
// replaces its rows; a vanished file keeps them unless pruned.
// copySeeds copies the first n sample seeds into a fresh directory.
func copySeeds(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	for _, s := range testutil.Sample(t, "seeds")[:n] {
		data, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, filepath.Base(s)), data)
	}
	return dir
}

func TestIncremental(t *testing.T) {
	seeds := testutil.Sample(t, "seeds")
	dir := copySeeds(t, 3)
	p, _ := pipeline(t)
	ctx := context.Background()
	first, err := p.Run(ctx, []string{dir})
	if err != nil || first.Ingested != 3 {
		t.Fatalf("first run: %+v, %v", first, err)
	}
	second, err := p.Run(ctx, []string{dir})
	if err != nil || second.Ingested != 0 || second.Unchanged != 3 {
		t.Fatalf("second run: %+v, %v; want 0 ingested, 3 unchanged", second, err)
	}

	changed := filepath.Join(dir, filepath.Base(seeds[0]))
	write(t, changed, []byte("2024年度某某县医疗保障局部门决算\n"))
	os.Remove(filepath.Join(dir, filepath.Base(seeds[1])))
	third, err := p.Run(ctx, []string{dir})
	if err != nil || third.Ingested != 1 || third.Unchanged != 1 {
		t.Fatalf("third run: %+v, %v; want 1 ingested, 1 unchanged", third, err)
	}
	var docs, texts int
	p.DB.QueryRow(`SELECT count(*) FROM documents`).Scan(&docs)
	p.DB.QueryRow(`SELECT count(*) FROM doc_text WHERE doc_id = (SELECT id FROM documents WHERE path = ?)`, changed).Scan(&texts)
	if docs != 3 || texts != 1 {
		t.Errorf("after change: %d documents, %d text rows of the changed one; want 3 and 1", docs, texts)
	}

	p.Prune = true
	fourth, err := p.Run(ctx, []string{dir})
	if err != nil || fourth.Pruned != 1 {
		t.Fatalf("pruning run: %+v, %v; want 1 pruned", fourth, err)
	}
	p.DB.QueryRow(`SELECT count(*) FROM documents`).Scan(&docs)
	if docs != 2 {
		t.Errorf("after prune: %d documents, want 2", docs)
	}
}

// TestRulesChanged: a document stored by other rules (another executable)
// is extracted again though its bytes are unchanged, and then carries this
// binary's version.
func TestRulesChanged(t *testing.T) {
	if v := rulesVersion(); len(v) != 12 || strings.Trim(v, "0123456789abcdef") != "" || v != rulesVersion() {
		t.Fatalf("rulesVersion() = %q: want the same 12 hex digits on every call", v)
	}
	dir := copySeeds(t, 2)
	p, _ := pipeline(t)
	ctx := context.Background()
	if first, err := p.Run(ctx, []string{dir}); err != nil || first.Ingested != 2 {
		t.Fatalf("first run: %+v, %v", first, err)
	}
	if _, err := p.DB.Exec(`UPDATE documents SET tool_version = '0.1.0-dev+rules.000000000000' WHERE id = (SELECT min(id) FROM documents)`); err != nil {
		t.Fatal(err)
	}
	second, err := p.Run(ctx, []string{dir})
	if err != nil || second.Ingested != 1 || second.Unchanged != 1 {
		t.Fatalf("after a rules change: %+v, %v; want 1 ingested, 1 unchanged", second, err)
	}
	var stale int
	p.DB.QueryRow(`SELECT count(*) FROM documents WHERE tool_version <> ?`, toolVersion()).Scan(&stale)
	if stale != 0 {
		t.Errorf("%d documents keep another tool_version", stale)
	}
}

// TestCancel: a cancelled run returns the context's error and leaves only
// whole documents behind.
func TestCancel(t *testing.T) {
	p, _ := pipeline(t)
	ctx, cancel := context.WithCancel(context.Background())
	p.Progress = func(done, total int, _ int64) {
		if done == 2 {
			cancel()
		}
	}
	_, err := p.Run(ctx, testutil.Sample(t, "extra"))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	var n int
	p.DB.QueryRow(`SELECT count(*) FROM documents`).Scan(&n)
	if n < 2 || n >= len(testutil.Sample(t, "extra")) {
		t.Errorf("%d documents stored after cancelling at 2", n)
	}
	var orphans int
	p.DB.QueryRow(`SELECT count(*) FROM doc_text WHERE doc_id NOT IN (SELECT id FROM documents)`).Scan(&orphans)
	if orphans != 0 {
		t.Errorf("%d text rows without a document", orphans)
	}
	p.Progress = nil
	sum, err := p.Run(context.Background(), testutil.Sample(t, "extra"))
	if err != nil || sum.Unchanged != n || sum.Ingested+sum.Unchanged != len(testutil.Sample(t, "extra")) {
		t.Errorf("resumed run: %+v, %v; want the %d stored ones unchanged", sum, err, n)
	}
}

// TestCommands runs the command line end to end on the seeds.
func TestCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cli.db")
	seeds := filepath.Join(testutil.Root(t), "corpus", "sample", "seeds")
	out, err := run(t, "ingest", "-db", db, seeds)
	if err != nil || !strings.Contains(out, "5 listed, 5 ingested, 0 not a report, 0 unchanged, 0 aliased, 0 failed, 0 skipped") {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	out, err = run(t, "ingest", "-db", db, seeds)
	if err != nil || !strings.Contains(out, "0 ingested, 0 not a report, 5 unchanged") {
		t.Fatalf("second ingest: %v\n%s", err, out)
	}
	out, err = run(t, "query", "-db", db, "SELECT count(DISTINCT doc_id) FROM doc_text WHERE doc_text MATCH '医疗 救助'")
	if err != nil || strings.TrimSpace(out) == "count(DISTINCT doc_id)\n0" || !strings.HasPrefix(out, "count") {
		t.Errorf("full-text query: %v\n%s", err, out)
	}
	if _, err := run(t, "query", "-db", db, "DELETE FROM documents"); err == nil {
		t.Error("query ran a DELETE")
	}
	for _, format := range []string{"jsonl", "csv"} {
		if _, err := run(t, "facts", "-db", db, "-format", format); err != nil {
			t.Errorf("facts -format %s: %v", format, err)
		}
	}
	gold := filepath.Join(testutil.Root(t), "corpus", "sample", "gold", "seeds.jsonl")
	out, err = run(t, "eval", "-db", db, "-gold", gold)
	if err != nil || !strings.Contains(out, "OVERALL") {
		t.Errorf("eval: %v\n%s", err, out)
	}
	for _, args := range [][]string{{}, {"nope"}, {"ingest"}, {"facts", "-format", "xml"}, {"eval"}, {"ingest", "-bogus"}} {
		if _, err := run(t, args...); !errors.Is(err, ErrUsage) {
			t.Errorf("%q: err = %v, want a usage error", args, err)
		}
	}
	if _, err := run(t, "ingest", "-db", db, filepath.Join(t.TempDir(), "missing.txt")); !errors.Is(err, ErrSomeFailed) {
		t.Errorf("ingest of a missing file: err = %v, want ErrSomeFailed", err)
	}
}

// TestTablesCommand: fiscaldoc tables prints each table read from a file
// with its shape, lines, title and grid, and needs a file.
func TestTablesCommand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pipe.txt")
	text := "项目支出绩效自评表\n| 三级指标 | 指标值 | 分值 | 得分 |\n| 培训合格率 | ≥90% | 10 | 9 |\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, "tables", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"1 tables", "lines 2-3, 2 rows × 4 columns: pipe 《项目支出绩效自评表》", "培训合格率 | ≥90% | 10 | 9"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if _, err := run(t, "tables"); !errors.Is(err, ErrUsage) {
		t.Errorf("tables without a file: got %v, want a usage error", err)
	}
}

// TestFlagsAnywhere: flags may follow the paths and statements, as users
// type them (fiscaldoc ingest corpus/ -db x.db read -db and x.db as paths);
// -- ends the flags, so a path that starts with - is still a path; a
// command that takes no arguments refuses them instead of ignoring them.
func TestFlagsAnywhere(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	report := filepath.Join(testutil.Root(t), "corpus", "sample", "seeds", "001_fe270c263743eea8.txt")
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "corpus", "a.txt"), data)
	write(t, filepath.Join(dir, "-b.txt"), append(data, "\n附注\n"...))

	tests := []struct {
		args []string
		want string // in the output
		err  error
	}{
		{[]string{"ingest", "corpus", "-db", "x.db", "-workers", "1"}, "1 listed, 1 ingested", nil},
		{[]string{"ingest", "-db", "x.db", "--", "-b.txt"}, "1 listed, 1 ingested", nil},
		{[]string{"ingest", "-b.txt", "-db", "x.db"}, "", ErrUsage}, // -b.txt is no flag
		{[]string{"query", "SELECT count(*) AS n FROM documents", "-db", "x.db", "-format", "csv", "-bom=false"}, "n\n2\n", nil},
		{[]string{"search", "保障局", "-db", "x.db", "-limit", "1", "-format", "csv"}, "保障局", nil},
		{[]string{"tables", "corpus/a.txt", "-h"}, "", flag.ErrHelp},
		{[]string{"facts", "x.db"}, "", ErrUsage},
		{[]string{"checks", "-db", "x.db", "x.db"}, "", ErrUsage},
	}
	for _, tt := range tests {
		out, err := run(t, tt.args...)
		if !errors.Is(err, tt.err) || !strings.Contains(out, tt.want) {
			t.Errorf("%q: err = %v, want %v; output:\n%s\nwant it to hold %q", tt.args, err, tt.err, out, tt.want)
		}
	}
	for _, name := range []string{"-db", "corpus/x.db"} {
		if _, err := os.Stat(name); err == nil {
			t.Errorf("%s was created: a flag read as a path", name)
		}
	}
}

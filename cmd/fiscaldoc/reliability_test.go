package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/fiscaldoc/fiscaldoc/internal/testutil"
	"github.com/fiscaldoc/fiscaldoc/schema"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// binary builds the fiscaldoc command once per test binary.
func binary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "fiscaldoc-bin")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "fiscaldoc")
		out, err := exec.Command("go", "build", "-tags", "sqlite_fts5", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// copies writes n documents into a new directory: the sample reports, each
// copy with a line of its own, so every file has its own sha256.
func copies(t *testing.T, n int) string {
	t.Helper()
	src := append(testutil.Sample(t, "seeds"), testutil.Sample(t, "extra")...)
	dir := t.TempDir()
	for i := range n {
		data, err := os.ReadFile(src[i%len(src)])
		if err != nil {
			t.Fatal(err)
		}
		data = append(data, fmt.Sprintf("\n副本 %d\n", i)...)
		write(t, filepath.Join(dir, fmt.Sprintf("%03d_%s", i, filepath.Base(src[i%len(src)]))), data)
	}
	return dir
}

// factsByDoc returns each stored document's facts as one JSON text.
func factsByDoc(t *testing.T, dbPath string) map[string]string {
	t.Helper()
	db, err := schema.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var ok string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q, %v", ok, err)
	}
	facts, err := schema.Facts(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	rows, err := db.Query("SELECT name FROM documents")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		m[n] = ""
	}
	rows.Close()
	for _, f := range facts {
		b, _ := json.Marshal(f)
		m[f.Doc] += string(b) + "\n"
	}
	return m
}

// TestKill kills ingest with SIGKILL at 20 random moments: after each kill
// the database is intact and every document in it is whole (the facts of a
// clean run), and a plain re-run ends with exactly the clean run's facts.
func TestKill(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a subprocess 20 times")
	}
	bin := binary(t)
	corpusDir := copies(t, 200)
	dir := t.TempDir()

	clean := filepath.Join(dir, "clean.db")
	start := time.Now()
	if out, err := exec.Command(bin, "ingest", "-db", clean, corpusDir).CombinedOutput(); err != nil {
		t.Fatalf("clean run: %v\n%s", err, out)
	}
	full := time.Since(start)
	want := factsByDoc(t, clean)
	if len(want) != 200 {
		t.Fatalf("clean run stored %d documents, want 200", len(want))
	}

	killed := filepath.Join(dir, "killed.db")
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 20 {
		cmd := exec.Command(bin, "ingest", "-db", killed, corpusDir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(full))))
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		got := factsByDoc(t, killed)
		for name, facts := range got {
			if facts != want[name] {
				t.Fatalf("kill %d: document %s is not whole:\n got %d bytes of facts, want %d", i+1, name, len(facts), len(want[name]))
			}
		}
		t.Logf("kill %d: %d of 200 documents stored", i+1, len(got))
	}
	if out, err := exec.Command(bin, "ingest", "-db", killed, corpusDir).CombinedOutput(); err != nil {
		t.Fatalf("re-run: %v\n%s", err, out)
	}
	if got := factsByDoc(t, killed); !mapsEqual(got, want) {
		t.Fatalf("after the re-run: %d documents, facts differ from the clean run", len(got))
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// factsJSON ingests paths with the given workers into a new database (or
// the given one) and returns `fiscaldoc facts` output.
func factsJSON(t *testing.T, dbPath string, workers int, paths ...string) []byte {
	t.Helper()
	db, err := schema.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, _ := pipeline(t)
	p.DB, p.Workers = db, workers
	if _, err := p.Run(context.Background(), paths); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, "facts", "-db", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	return withoutDocIDs(out)
}

// withoutDocIDs removes the doc_id keys of a facts export: the documents
// are numbered in the order they were stored, which may differ.
func withoutDocIDs(facts string) []byte {
	return regexp.MustCompile(`"doc_id":\d+,`).ReplaceAll([]byte(facts), nil)
}

// TestDeterministic: the facts are byte-identical whatever the workers, the
// order of the arguments, or whether the database was built at once or
// incrementally.
func TestDeterministic(t *testing.T) {
	files := append(testutil.Sample(t, "seeds"), testutil.Sample(t, "extra")...)
	dir := t.TempDir()
	base := factsJSON(t, filepath.Join(dir, "a.db"), 1, files...)
	if len(base) == 0 {
		t.Fatal("no facts")
	}
	reversed := slices.Clone(files)
	slices.Reverse(reversed)
	if got := factsJSON(t, filepath.Join(dir, "b.db"), 4, reversed...); !bytes.Equal(got, base) {
		t.Error("4 workers, reversed arguments: facts differ")
	}
	inc := filepath.Join(dir, "c.db")
	factsJSON(t, inc, 2, files[len(files)/2:]...)
	if got := factsJSON(t, inc, 2, files...); !bytes.Equal(got, base) {
		t.Error("built incrementally: facts differ")
	}
}

// TestSecondWriter: a second ingest on a database being written refuses at
// once with a clear message, and a reader is answered meanwhile.
func TestSecondWriter(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "w.db")
	unlock, err := schema.Lock(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	out, err := exec.Command(binary(t), "ingest", "-db", dbPath, testutil.Sample(t, "seeds")[0]).CombinedOutput()
	if code := exitCode(err); code != 1 || !strings.Contains(string(out), "another fiscaldoc is writing to this database (pid ") {
		t.Errorf("second writer: exit %d, output %q", code, out)
	}

	// A reader during a write transaction is answered from the WAL.
	db, err := schema.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`INSERT INTO documents (path, name, sha256, bytes, status, ingested_at, tool_version)
		VALUES ('p', 'n', 's', 0, 'ok', 'now', 'v')`); err != nil {
		t.Fatal(err)
	}
	reader, err := sql.Open("sqlite3", "file:"+dbPath+"?_busy_timeout=100")
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	var n int
	if err := reader.QueryRow("SELECT count(*) FROM documents").Scan(&n); err != nil || n != 0 {
		t.Errorf("reader during a write: %d documents, %v; want 0 and no wait", n, err)
	}
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}

// asUnprivileged runs cmd as nobody when the test runs as root, so that file
// permissions apply to it.
func asUnprivileged(cmd *exec.Cmd) {
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
}

// TestReadOnlyDatabase: a database in a directory the process may not
// write is a clear error and exit status 1, and the database is untouched.
func TestReadOnlyDatabase(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	os.Chmod(filepath.Dir(dir), 0o755)
	seed := testutil.Sample(t, "seeds")[0]
	dbPath := filepath.Join(dir, "ro.db")
	if out, err := exec.Command(bin, "ingest", "-db", dbPath, seed).CombinedOutput(); err != nil {
		t.Fatalf("first ingest: %v\n%s", err, out)
	}
	before := factsByDoc(t, dbPath)
	for _, p := range []string{dir, dbPath} {
		if err := os.Chmod(p, 0o555); err != nil {
			t.Fatal(err)
		}
	}
	defer os.Chmod(dir, 0o755)
	os.Chmod(bin, 0o755)
	os.Chmod(filepath.Dir(bin), 0o755)
	other := copies(t, 1)
	os.Chmod(other, 0o755)
	cmd := exec.Command(bin, "ingest", "-db", dbPath, other)
	asUnprivileged(cmd)
	out, err := cmd.CombinedOutput()
	if code := exitCode(err); code != 1 || !strings.Contains(string(out), "ro.db") {
		t.Errorf("read-only database: exit %d, output %q; want exit 1 naming the database", code, out)
	}
	if after := factsByDoc(t, dbPath); !mapsEqual(after, before) {
		t.Error("the read-only database changed")
	}
}

// TestDiskFull: ingest under a file-size limit stops with a clear error and
// exit status 1; every stored document is whole.
func TestDiskFull(t *testing.T) {
	bin := binary(t)
	corpusDir := copies(t, 40)
	dbPath := filepath.Join(t.TempDir(), "full.db")
	clean := filepath.Join(t.TempDir(), "clean.db")
	if out, err := exec.Command(bin, "ingest", "-db", clean, corpusDir).CombinedOutput(); err != nil {
		t.Fatalf("clean run: %v\n%s", err, out)
	}
	want := factsByDoc(t, clean)
	// ulimit -f counts 512-byte blocks in POSIX sh: a 600 KiB limit.
	cmd := exec.Command("sh", "-c", `ulimit -f 1200 && exec "$0" ingest -db "$1" "$2"`, bin, dbPath, corpusDir)
	out, err := cmd.CombinedOutput()
	if code := exitCode(err); code != 1 || !strings.Contains(string(out), "disk") && !strings.Contains(string(out), "too large") && !strings.Contains(string(out), "I/O") {
		t.Fatalf("disk full: exit %d, output %q", code, out)
	}
	got := factsByDoc(t, dbPath)
	if len(got) == len(want) {
		t.Fatalf("all %d documents stored under a 600 KiB limit: the limit did not bite", len(got))
	}
	for name, facts := range got {
		if facts != want[name] {
			t.Errorf("document %s is not whole after the disk filled", name)
		}
	}
}

// TestVanished: a file listed but gone when read is a failed document.
func TestVanished(t *testing.T) {
	p, _ := pipeline(t)
	path := filepath.Join(t.TempDir(), "gone.txt")
	r := p.process(context.Background(), path, schema.Stored{})
	if r.doc.Err == nil || !strings.Contains(r.doc.Err.Error(), "no such file") || r.doc.Name != "gone.txt" {
		t.Errorf("vanished file: %+v", r.doc)
	}
}

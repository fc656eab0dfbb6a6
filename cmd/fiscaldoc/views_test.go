package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/fiscaldoc/fiscaldoc/internal/testutil"
	"github.com/fiscaldoc/fiscaldoc/schema"
)

// sampleDB returns the path of a database of the whole sample (seeds and
// extra), ingested once per test binary.
var sampleDB = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "fiscaldoc-sample")
	if err != nil {
		return "", err
	}
	synthDirs.Store("sample.db", dir)
	path := filepath.Join(dir, "sample.db")
	root := filepath.Join("..", "..", "corpus", "sample")
	m := &Main{Stdout: new(strings.Builder), Stderr: new(strings.Builder)}
	err = m.Run(context.Background(), []string{"ingest", "-db", path, filepath.Join(root, "seeds"), filepath.Join(root, "extra")})
	return path, err
})

func openSample(t *testing.T) (*sql.DB, string) {
	t.Helper()
	path, err := sampleDB()
	if err != nil {
		t.Fatal(err)
	}
	db, err := schema.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

// typedRows is a query that lists every row of a view as one hex string of
// its values, each tagged with its SQLite type, reals to ten significant
// digits: run on any SQLite, it shows the rows and the types they hold.
func typedRows(t *testing.T, db *sql.DB, view string) string {
	t.Helper()
	var cells []string
	for _, c := range testutil.Columns(t, db, view) {
		q := `"` + c + `"`
		cells = append(cells, fmt.Sprintf(`CASE typeof(%[1]s) WHEN 'real' THEN 'r:' || printf('%%.10g', %[1]s)
			WHEN 'integer' THEN 'i:' || %[1]s WHEN 'text' THEN 't:' || %[1]s WHEN 'null' THEN 'n'
			ELSE 'b:' || hex(%[1]s) END`, q))
	}
	return fmt.Sprintf(`SELECT hex(%s) FROM "%s"`, strings.Join(cells, " || char(31) || "), view)
}

// TestViewsEverywhere (issue 17): every view prepares and returns the same
// rows, with the same types, on Debian's sqlite3 shell and Python's sqlite3
// module (SQLite 3.40 on Debian 12) as on the embedded SQLite.
func TestViewsEverywhere(t *testing.T) {
	db, path := openSample(t)
	views := testutil.Strings(t, db, "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name")
	if len(views) < 7 {
		t.Fatalf("only %d views: %v", len(views), views)
	}
	readers := map[string]func(query string) ([]byte, error){
		"sqlite3": func(q string) ([]byte, error) {
			return exec.Command("sqlite3", "-readonly", "-batch", path, q).Output()
		},
		"python3": func(q string) ([]byte, error) {
			return exec.Command("python3", "-c", `import sqlite3, sys
c = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
for r in c.execute(sys.argv[2]):
    print(r[0])`, path, q).Output()
		},
	}
	for name, read := range readers {
		if _, err := exec.LookPath(name); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed: .ci/run installs it", name)
			}
			t.Logf("SKIP the %s comparison: %s is not installed here (.ci/run installs it in CI)", name, name)
			continue
		}
		version, err := read("SELECT sqlite_version()")
		if err != nil {
			t.Fatalf("%s: %v", name, stderr(err))
		}
		t.Logf("%s: SQLite %s", name, strings.TrimSpace(string(version)))
		for _, v := range views {
			q := typedRows(t, db, v)
			want := testutil.Strings(t, db, q)
			out, err := read(q)
			if err != nil {
				t.Errorf("%s, view %s: %v", name, v, stderr(err))
				continue
			}
			got := strings.Fields(string(out))
			slices.Sort(want)
			slices.Sort(got)
			if len(want) == 0 {
				t.Errorf("view %s: no rows on the sample", v)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s, view %s: %d rows differ from the embedded SQLite's %d", name, v, len(got), len(want))
			}
		}
	}
}

// stderr adds a command's standard error to its error.
func stderr(err error) error {
	if ee, ok := err.(*exec.ExitError); ok {
		return fmt.Errorf("%w: %s", err, ee.Stderr)
	}
	return err
}

// TestAnalystQuestions (issue 17): each query of the README's "Three
// analyst questions" (a ```sql block followed by a ```text block of its
// answer) gives that answer on the sample through fiscaldoc query.
func TestAnalystQuestions(t *testing.T) {
	_, path := openSample(t)
	readme, err := os.ReadFile(filepath.Join(testutil.Root(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```sql\n(.*?)```\\s*```text\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	if len(blocks) < 3 {
		t.Fatalf("README has %d queries with answers, want the three analyst questions", len(blocks))
	}
	for _, b := range blocks {
		query, want := b[1], b[2]
		got, err := run(t, "query", "-db", path, query)
		if err != nil {
			t.Errorf("%s: %v", query, err)
			continue
		}
		if trimLines(got) != trimLines(want) {
			t.Errorf("%s\ngot:\n%s\nREADME says:\n%s", query, got, want)
		}
	}
}

// trimLines removes the trailing spaces of every line.
func trimLines(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// TestVocabulary: every field the sample gives is in the field dictionary,
// and every headline column of reports is described by it in the metadata.
func TestVocabulary(t *testing.T) {
	db, path := openSample(t)
	if unknown := testutil.Strings(t, db, `SELECT DISTINCT field FROM facts WHERE field NOT IN (SELECT name FROM fields)`); len(unknown) > 0 {
		t.Errorf("fields not in the dictionary (fiscaldoc.Fields): %v", unknown)
	}
	md, err := datasetteMetadata(context.Background(), db, path)
	if err != nil {
		t.Fatal(err)
	}
	reports := md.Databases["sample"].Tables["reports"]
	for _, c := range testutil.Columns(t, db, "reports") {
		if reports.Columns[c] == "" && c != "doc_id" && c != "doc" && c != "place" && c != "facts" && c != "disagreements" {
			t.Errorf("reports.%s: no description", c)
		}
	}
}

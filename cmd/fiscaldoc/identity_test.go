package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fiscaldoc/fiscaldoc/internal/testutil"
	"github.com/fiscaldoc/fiscaldoc/schema"
)

// TestIdentity (issue 17): one corpus ingested through a relative path, an
// absolute path and a path through a symbolic link is one set of documents
// with the other spellings recorded as aliases, and its facts are those of
// one ingest; a copy of a file is an alias; two files of one base name and
// different bytes are two documents; a .docx is skipped with its reason.
func TestIdentity(t *testing.T) {
	dir := t.TempDir()
	corpusDir := filepath.Join(dir, "c")
	extra := testutil.Sample(t, "extra")[:3]
	for _, src := range extra {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(corpusDir, filepath.Base(src)), data)
	}
	first, _ := os.ReadFile(extra[0])
	second, _ := os.ReadFile(extra[1])
	write(t, filepath.Join(corpusDir, "copy", "same.txt"), first)              // the same bytes: an alias
	write(t, filepath.Join(corpusDir, "a", "report.txt"), append(first, 'x'))  // \ one base name,
	write(t, filepath.Join(corpusDir, "b", "report.txt"), append(second, 'x')) // / two documents
	write(t, filepath.Join(corpusDir, "notes.docx"), []byte("PK"))
	link := filepath.Join(dir, "link")
	if err := os.Symlink(corpusDir, link); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "t.db")
	t.Chdir(dir)

	want := []string{
		"7 listed, 5 ingested, 0 not a report, 0 unchanged, 1 aliased, 0 failed, 1 skipped",
		"7 listed, 0 ingested, 0 not a report, 5 unchanged, 1 aliased, 0 failed, 1 skipped",
		"7 listed, 0 ingested, 0 not a report, 5 unchanged, 1 aliased, 0 failed, 1 skipped",
	}
	for i, arg := range []string{"c", corpusDir, "link/"} {
		out, err := run(t, "ingest", "-db", db, arg)
		if err != nil || !strings.Contains(out, want[i]) {
			t.Fatalf("ingest %s: %v\n%s\nwant %s", arg, err, out, want[i])
		}
		if !strings.Contains(out, "notes.docx: .docx: not a supported format") {
			t.Errorf("ingest %s: the .docx is not accounted for:\n%s", arg, out)
		}
	}
	// Pass the same corpus through all three spellings at once.
	out, err := run(t, "ingest", "-db", db, "c", corpusDir, link)
	if err != nil || !strings.Contains(out, "21 listed, 0 ingested, 0 not a report, 5 unchanged, 13 aliased, 0 failed, 3 skipped") {
		t.Fatalf("ingest of three spellings at once: %v\n%s", err, out)
	}

	conn, err := schema.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if got := testutil.Strings(t, conn, "SELECT path FROM documents ORDER BY path"); strings.Join(got, "\n") != strings.Join([]string{
		filepath.Join(corpusDir, filepath.Base(extra[0])),
		filepath.Join(corpusDir, filepath.Base(extra[1])),
		filepath.Join(corpusDir, filepath.Base(extra[2])),
		filepath.Join(corpusDir, "a", "report.txt"),
		filepath.Join(corpusDir, "b", "report.txt"),
	}, "\n") {
		t.Errorf("documents:\n%s", strings.Join(got, "\n"))
	}
	aliases := testutil.Strings(t, conn, "SELECT a.path || ' -> ' || d.path FROM aliases a JOIN documents d ON d.id = a.doc_id ORDER BY a.path")
	for _, a := range []string{
		filepath.Join(corpusDir, "copy", "same.txt") + " -> " + filepath.Join(corpusDir, filepath.Base(extra[0])),
		filepath.Join(link, filepath.Base(extra[1])) + " -> " + filepath.Join(corpusDir, filepath.Base(extra[1])),
	} {
		if !strings.Contains(strings.Join(aliases, "\n"), a) {
			t.Errorf("alias %s not recorded; aliases:\n%s", a, strings.Join(aliases, "\n"))
		}
	}

	// The facts are those of one ingest of the corpus.
	once := filepath.Join(dir, "once.db")
	if _, err := run(t, "ingest", "-db", once, corpusDir); err != nil {
		t.Fatal(err)
	}
	got, err := run(t, "facts", "-db", db)
	if err != nil {
		t.Fatal(err)
	}
	wantFacts, err := run(t, "facts", "-db", once)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(withoutDocIDs(got), withoutDocIDs(wantFacts)) || got == "" {
		t.Errorf("facts after four ingests differ from one ingest's (%d and %d bytes)", len(got), len(wantFacts))
	}
}

// TestNothingQuiet (issue 17): a text that is no report is stored as
// not_a_report and said so; a failed document fails the run again on a
// re-run, and each failure is printed once.
func TestNothingQuiet(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "c", "letter.txt"), []byte("亲爱的朋友：\n今天天气很好，我们去公园散步吧。\n"))
	write(t, filepath.Join(dir, "c", "broken.txt"), []byte{0, 1, 2, 3, 0xff, 0xfe, 0, 0, 7})
	db := filepath.Join(dir, "t.db")
	for run1 := range 2 {
		out, err := run(t, "ingest", "-db", db, filepath.Join(dir, "c"))
		if !errors.Is(err, ErrSomeFailed) {
			t.Errorf("run %d: err = %v, want ErrSomeFailed while broken.txt is failed", run1+1, err)
		}
		if n := strings.Count(out, "broken.txt"); n != 1 {
			t.Errorf("run %d: broken.txt printed %d times:\n%s", run1+1, n, out)
		}
		if !strings.Contains(out, "  not a report: "+filepath.Join(dir, "c", "letter.txt")) || !strings.Contains(out, "1 not a report") {
			t.Errorf("run %d: letter.txt not said to be no report:\n%s", run1+1, out)
		}
	}
	conn, err := schema.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if got := testutil.Strings(t, conn, "SELECT name || ' ' || status FROM documents ORDER BY name"); strings.Join(got, ", ") != "broken.txt failed, letter.txt not_a_report" {
		t.Errorf("documents: %v", got)
	}
}

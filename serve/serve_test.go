package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/fiscaldoc/fiscaldoc/extract"
	"github.com/fiscaldoc/fiscaldoc/internal/testutil"
	"github.com/fiscaldoc/fiscaldoc/schema"
)

// ingest writes files through the pipeline's stages (read, place repair,
// segmentation, extraction, checks) into a new database at dbPath.
func ingest(tb testing.TB, dbPath string, files ...string) {
	tb.Helper()
	ctx := context.Background()
	db, err := schema.Open(ctx, dbPath)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	st, err := schema.NewStore(ctx, db, "test")
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	for _, f := range files {
		doc := testutil.Process(tb, f, extract.Extract, extract.Check)
		if err := st.Load(ctx, doc); err != nil {
			tb.Fatal(err)
		}
	}
}

var sample struct {
	once sync.Once
	dir  string
	path string
}

// sampleDB returns the path of a database of the five seed reports, made
// once per test binary.
func sampleDB(tb testing.TB) string {
	tb.Helper()
	sample.once.Do(func() {
		dir, err := os.MkdirTemp("", "serve-test")
		if err != nil {
			tb.Fatal(err)
		}
		sample.dir, sample.path = dir, filepath.Join(dir, "sample.db")
		ingest(tb, sample.path, testutil.Sample(tb, "seeds")...)
	})
	if sample.path == "" {
		tb.Fatal("no sample database")
	}
	return sample.path
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sample.dir != "" {
		os.RemoveAll(sample.dir)
	}
	os.Exit(code)
}

// newServer returns the application over the database at path, opened
// read-only.
func newServer(tb testing.TB, path string) *Server {
	tb.Helper()
	ctx := context.Background()
	db, err := OpenReadOnly(ctx, path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	s, err := New(ctx, db, Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// get serves one request and returns its status and body.
func get(tb testing.TB, h http.Handler, target string) (int, string) {
	tb.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
	return rec.Code, rec.Body.String()
}

// docID returns the id of the document whose name starts with prefix.
func docID(tb testing.TB, h http.Handler, prefix string) int64 {
	tb.Helper()
	_, body := get(tb, h, "/reports.json?limit=500")
	var d reportsData
	if err := json.Unmarshal([]byte(body), &d); err != nil {
		tb.Fatal(err)
	}
	for _, r := range d.Reports {
		if strings.HasPrefix(r.Name, prefix) {
			return r.ID
		}
	}
	tb.Fatalf("no report %s*", prefix)
	return 0
}

// TestPages: every page of the sample answers 200 with what it must show,
// and bad requests answer 4xx, never 500.
func TestPages(t *testing.T) {
	s := newServer(t, sampleDB(t))
	id := docID(t, s, "003_")
	tests := []struct {
		target string
		status int
		want   []string
	}{
		{"/reports", 200, []string{"Reports <span class=\"n\">5</span>", "003_0fd55ab06607cada.txt", "湖北省"}},
		{"/reports?province=" + url.QueryEscape("湖北省"), 200, []string{"Reports <span class=\"n\">1</span>", "武汉市青山区医疗保障局"}},
		{"/reports?failed=yes&sort=year&desc=1", 200, []string{"failed checks"}},
		{"/reports?limit=2", 200, []string{`rel="next"`}},
		{fmt.Sprintf("/reports/%d", id), 200, []string{`<del>青川区</del> → <ins>青山区</ins>`, `id="L1"`, `class="failed-check"`, "<mark data-f="}},
		// The tables as read: the grid, cells linked to their lines, and in
		// a fact's detail the cells its lines fall in, the one holding its
		// value marked.
		{fmt.Sprintf("/reports/%d", id), 200, []string{`<table class="grid">`, `<td id="T1-0-0"`, `<dt>table cells</dt>`,
			`<li class="held"><a href="#T1-4-2">table 1 row 4 col 2</a>: 1, 085. 68</li>`}},
		{fmt.Sprintf("/reports/%d?at=999999", id), 200, []string{"Source text"}},
		{"/search?q=" + url.QueryEscape("医疗救助"), 200, []string{"<mark>医疗救助</mark>", "#L"}},
		{"/figures?code=2101501", 200, []string{"<svg", "<circle", "2101501"}},
		{"/figures?field=three_public_total", 200, []string{"<svg"}},
		{"/figures", 200, []string{"Choose a field"}},
		{"/reports.csv", 200, []string{"\ufeffid,path,name"}},
		{"/search.csv?q=" + url.QueryEscape("医疗救助"), 200, []string{"\ufeffdoc_id,name"}},
		{"/figures.csv?code=2101501", 200, []string{"\ufefffact_id,doc_id"}},
		{"/", 302, nil},
		{"/reports/999999", 404, nil},
		{"/reports/abc", 404, nil},
		{"/reports/1.csv", 404, nil},
		{"/reports?after=!!!", 400, nil},
		{"/reports?after=" + cursor("x", 1) + "&sort=year", 400, nil},
		{"/reports?limit=0", 400, nil},
		{"/reports.json?limit=9999", 400, []string{`"error"`}},
		{"/search?q=" + strings.Repeat("x", 600), 400, nil},
		{"/search?q=ab&after=x", 400, nil},
		{"/search?q=a", 400, []string{"two characters"}},
		// Any printed string, as the sqlite3 shell's MATCH on doc_search
		// finds it: digits as printed, two characters, a piece of a word.
		{"/search?q=" + url.QueryEscape("869.93"), 200, []string{"<mark>869.93</mark>"}},
		{"/search?q=" + url.QueryEscape("保障"), 200, []string{"<mark>保障</mark>"}},
		{"/search?q=" + url.QueryEscape("疗救"), 200, []string{"<mark>疗救</mark>"}},
		{"/static/app.js", 200, []string{"use strict"}},
		{"/nowhere", 404, nil},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			status, body := get(t, s, tt.target)
			if status != tt.status {
				t.Fatalf("status %d, want %d: %.300s", status, tt.status, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
		})
	}
}

// TestReportsPaging: following next= visits every document once, in order,
// whatever the sort.
func TestReportsPaging(t *testing.T) {
	s := newServer(t, sampleDB(t))
	for _, sort := range []string{"name", "org", "place", "year", "type", "status", "lines", "id"} {
		for _, desc := range []string{"", "1"} {
			seen := map[int64]bool{}
			target := "/reports.json?limit=2&sort=" + sort + "&desc=" + desc
			for pages := 0; target != ""; pages++ {
				if pages > 10 {
					t.Fatalf("%s: no end", target)
				}
				_, body := get(t, s, target)
				var d reportsData
				if err := json.Unmarshal([]byte(body), &d); err != nil {
					t.Fatal(err)
				}
				for _, r := range d.Reports {
					if seen[r.ID] {
						t.Errorf("sort %s desc %q: report %d twice", sort, desc, r.ID)
					}
					seen[r.ID] = true
				}
				target = ""
				if d.Next != "" {
					target = "/reports.json?limit=2&sort=" + sort + "&desc=" + desc + "&after=" + d.Next
				}
			}
			if len(seen) != 5 {
				t.Errorf("sort %s desc %q: %d reports, want 5", sort, desc, len(seen))
			}
		}
	}
}

// shapes reads the JSON shapes documented in docs/serve.md: the json block
// under each "### /page.json" heading.
func shapes(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testutil.Root(t), "docs", "serve.md"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]any{}
	heading := ""
	var block *bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "### "):
			heading = strings.TrimPrefix(line, "### ")
		case line == "```json" && heading != "":
			block = &bytes.Buffer{}
		case line == "```" && block != nil:
			var v any
			if err := json.Unmarshal(block.Bytes(), &v); err != nil {
				t.Fatalf("docs/serve.md %s: %v", heading, err)
			}
			out[heading] = v
			block, heading = nil, ""
		case block != nil:
			block.WriteString(line + "\n")
		}
	}
	return out
}

// conform checks v against a documented shape: the same keys, each value
// of the type named, every element of an array of the element's shape.
func conform(path string, shape, v any) []string {
	switch s := shape.(type) {
	case string:
		ok := false
		switch s {
		case "string":
			_, ok = v.(string)
		case "number":
			_, ok = v.(float64)
		case "boolean":
			_, ok = v.(bool)
		}
		if !ok {
			return []string{fmt.Sprintf("%s: %T, want %s", path, v, s)}
		}
	case []any:
		arr, ok := v.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s: %T, want an array", path, v)}
		}
		var errs []string
		for i, e := range arr {
			errs = append(errs, conform(fmt.Sprintf("%s[%d]", path, i), s[0], e)...)
		}
		return errs
	case map[string]any:
		obj, ok := v.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: %T, want an object", path, v)}
		}
		var errs []string
		for k, ks := range s {
			if _, ok := obj[k]; !ok {
				errs = append(errs, fmt.Sprintf("%s.%s: missing", path, k))
				continue
			}
			errs = append(errs, conform(path+"."+k, ks, obj[k])...)
		}
		for k := range obj {
			if _, ok := s[k]; !ok {
				errs = append(errs, fmt.Sprintf("%s.%s: not documented", path, k))
			}
		}
		return errs
	}
	return nil
}

// TestJSONShapes: each page's JSON twin has the shape docs/serve.md
// documents, and the arrays the test relies on are not empty.
func TestJSONShapes(t *testing.T) {
	s := newServer(t, sampleDB(t))
	id := docID(t, s, "003_")
	docShapes := shapes(t)
	tests := []struct {
		doc, target string
		status      int
		nonEmpty    []string
	}{
		{"/reports.json", "/reports.json?limit=2", 200, []string{"reports", "facets", "next"}},
		{"/reports/{id}.json", fmt.Sprintf("/reports/%d.json", id), 200, []string{"headline", "lines", "facts", "repairs", "checks", "tables"}},
		{"/search.json", "/search.json?q=" + url.QueryEscape("医疗救助") + "&limit=3", 200, []string{"hits", "next"}},
		{"/figures.json", "/figures.json?code=2101501&limit=2", 200, []string{"figures", "next"}},
		{"errors", "/reports/0.json", 404, nil},
		{"errors", "/figures.json?limit=-1", 400, nil},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			shape, ok := docShapes[tt.doc]
			if !ok {
				t.Fatalf("docs/serve.md documents no %s", tt.doc)
			}
			status, body := get(t, s, tt.target)
			if status != tt.status {
				t.Fatalf("status %d, want %d", status, tt.status)
			}
			var v any
			if err := json.Unmarshal([]byte(body), &v); err != nil {
				t.Fatal(err)
			}
			for _, e := range conform("$", shape, v) {
				t.Error(e)
			}
			obj := v.(map[string]any)
			for _, k := range tt.nonEmpty {
				if e, ok := obj[k]; !ok || e == "" || (isArray(e) && len(e.([]any)) == 0) {
					t.Errorf("%s is empty", k)
				}
			}
		})
	}
}

func isArray(v any) bool { _, ok := v.([]any); return ok }

// TestHostileText: markup, quotes, bidi controls and a very long line go
// through ingest and come out of every page escaped.
func TestHostileText(t *testing.T) {
	dir := t.TempDir()
	// A long line of CJK: extraction takes time quadratic in a CJK run
	// (60,000 characters: 45 s), so the run is 8,000 and the line goes on in ASCII.
	long := strings.Repeat("长", 8000) + strings.Repeat("a&<", 10000)
	hostile := "武汉市青山区<script>alert(\"x\")</script>医疗保障局2022年度部门决算\n" +
		"一、部门主要职责 \"quoted\" 'single' &amp; <img src=x onerror=alert(1)>\n" +
		"\u202e医疗救助\u202c 反向 \u200f标记\n" +
		long + "\n" +
		"本年收入合计 1085.68 <b>bold</b>\n"
	path := filepath.Join(dir, "hostile<script>.txt")
	if err := os.WriteFile(path, []byte(hostile), 0o644); err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(dir, "h.db")
	ingest(t, dbPath, path)
	s := newServer(t, dbPath)
	id := docID(t, s, "hostile")
	pages := []string{"/reports", fmt.Sprintf("/reports/%d", id), "/search?q=" + url.QueryEscape("医疗救助"),
		"/search?q=" + url.QueryEscape("<script>alert"), "/figures?field=" + url.QueryEscape("<script>")}
	raw := regexp.MustCompile(`(?i)<script>alert|<img src=x|<b>bold`)
	for _, p := range pages {
		status, body := get(t, s, p)
		if status != 200 {
			t.Fatalf("%s: status %d", p, status)
		}
		if m := raw.FindString(body); m != "" {
			t.Errorf("%s: unescaped %q", p, m)
		}
		if strings.Contains(body, "<script") && strings.Count(body, "<script") != strings.Count(body, `<script src="/static/app.js" defer></script>`) {
			t.Errorf("%s: a script element not of the page", p)
		}
	}
	_, report := get(t, s, fmt.Sprintf("/reports/%d", id))
	for _, want := range []string{"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;",
		"&#34;quoted&#34; &#39;single&#39; &amp;amp;", "\u202e医疗救助\u202c", html.EscapeString(long)} {
		if !strings.Contains(report, want) {
			t.Errorf("report page lacks %.60q", want)
		}
	}
	_, js := get(t, s, fmt.Sprintf("/reports/%d.json", id))
	if !strings.Contains(js, `\u003cscript\u003ealert`) {
		t.Errorf("JSON twin does not escape <script>")
	}
}

// TestReadOnly: the server's database handle refuses writes.
func TestReadOnly(t *testing.T) {
	db, err := OpenReadOnly(context.Background(), sampleDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{"DELETE FROM facts", "CREATE TABLE x (a)", "PRAGMA user_version = 99"} {
		if _, err := db.Exec(q); err == nil {
			t.Errorf("%s: no error on a read-only handle", q)
		}
	}
}

// TestLoad: 1,000 requests over loopback, eight at a time, every page kind:
// no error, and the heap after them within 64 MB of the heap before.
func TestLoad(t *testing.T) {
	s := newServer(t, sampleDB(t))
	srv := httptest.NewServer(s)
	defer srv.Close()
	// The smallest seed's report: the race detector makes a large page's
	// template slow, and the point is many requests, not large ones.
	id := docID(t, s, "001_")
	targets := []string{"/reports", "/reports.json?sort=year&desc=1", fmt.Sprintf("/reports/%d", id),
		"/search?q=" + url.QueryEscape("医疗救助"), "/figures?code=2101501", "/reports.csv", "/figures?field=income_total"}
	// Warm up (templates, the field list), then measure.
	for _, tg := range targets {
		resp, err := http.Get(srv.URL + tg)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	const requests, workers = 1000, 8
	jobs := make(chan string)
	errs := make(chan error, requests)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for tg := range jobs {
				resp, err := http.Get(srv.URL + tg)
				if err != nil {
					errs <- err
					continue
				}
				if _, err := io.Copy(io.Discard, resp.Body); err != nil {
					errs <- err
				}
				resp.Body.Close()
				if resp.StatusCode != 200 {
					errs <- fmt.Errorf("%s: status %d", tg, resp.StatusCode)
				}
			}
		}()
	}
	for i := range requests {
		jobs <- targets[i%len(targets)]
	}
	close(jobs)
	wg.Wait()
	close(errs)
	n := 0
	for err := range errs {
		if n++; n <= 5 {
			t.Error(err)
		}
	}
	if n > 0 {
		t.Errorf("%d of %d requests failed", n, requests)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	growth := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("%d requests: heap %d MB → %d MB", requests, before.HeapAlloc>>20, after.HeapAlloc>>20)
	if growth > 64<<20 {
		t.Errorf("heap grew by %d MB over %d requests", growth>>20, requests)
	}
}

// TestFacetsFollowIngest: the facets kept for a filter are counted again
// once an ingest commits to the database the server reads.
func TestFacetsFollowIngest(t *testing.T) {
	seeds := testutil.Sample(t, "seeds")
	dbPath := filepath.Join(t.TempDir(), "f.db")
	ingest(t, dbPath, seeds[0])
	s := newServer(t, dbPath)
	total := func() string {
		_, body := get(t, s, "/reports.json")
		var d reportsData
		if err := json.Unmarshal([]byte(body), &d); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(d.Total, len(d.Reports))
	}
	if got := total(); got != "1 1" {
		t.Fatalf("before: %s", got)
	}
	ingest(t, dbPath, seeds[1])
	if got := total(); got != "2 2" {
		t.Errorf("after a second ingest: total and reports %s, want 2 2", got)
	}
}

// TestFactCells: a fact is given the cells its lines overlap (a cell
// wrapped over lines before it too), and holds marks the cell printing its
// value.
func TestFactCells(t *testing.T) {
	tables := []Table{{N: 1, Rows: [][]Cell{
		{{Table: 1, Row: 0, Col: 0, Text: "项目", LineFirst: 2, LineLast: 3}, {Table: 1, Row: 0, Col: 1, Text: "金额", LineFirst: 2, LineLast: 2}},
		{{Table: 1, Row: 1, Col: 0, Text: "合计", LineFirst: 4, LineLast: 4}, {Table: 1, Row: 1, Col: 1, Text: "1, 085. 68", LineFirst: 4, LineLast: 4}},
	}}}
	facts := []Fact{
		{Seq: 1, Value: "1085.68", LineFirst: 4, LineLast: 4},
		{Seq: 2, Value: "x", LineFirst: 3, LineLast: 3},
		{Seq: 3, Value: "合计", LineFirst: 3, LineLast: 4},
		{Seq: 4, Value: "1", LineFirst: 9, LineLast: 9},
	}
	cells := factCells(facts, tables)
	tests := []struct {
		seq        int
		want, held string
	}{
		{1, "合计|1, 085. 68", "1, 085. 68"},
		{2, "项目", ""},
		{3, "项目|合计|1, 085. 68", "合计"},
		{4, "", ""},
	}
	for _, tt := range tests {
		var got, held []string
		for _, c := range cells[tt.seq] {
			got = append(got, c.Text)
			if holds(c, facts[tt.seq-1]) {
				held = append(held, c.Text)
			}
		}
		if g := strings.Join(got, "|"); g != tt.want {
			t.Errorf("fact %d: cells %q, want %q", tt.seq, g, tt.want)
		}
		if h := strings.Join(held, "|"); h != tt.held {
			t.Errorf("fact %d: held %q, want %q", tt.seq, h, tt.held)
		}
	}
}

// TestSearchAgreesWithSQL: /search finds the lines the database's own
// search finds, as an analyst gets them in the sqlite3 shell (SELECT …
// FROM doc_search WHERE doc_search MATCH …, confirmed with instr), in the
// same order, page after page; the total counts them all. Before, the
// server searched its own word index: 疗救 (a piece of 医疗救助) and 869.93
// found nothing there.
func TestSearchAgreesWithSQL(t *testing.T) {
	path := sampleDB(t)
	s := newServer(t, path)
	db, err := OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{"医疗救助", "疗救", "保障", "869.93", "三公经费", "2023年", "无此文字"} {
		t.Run(q, func(t *testing.T) {
			var want []string
			var sql string
			if len([]rune(q)) > 2 {
				sql = `SELECT doc_id, line FROM doc_search WHERE doc_search MATCH ?1 AND instr(text, ?2) + instr(coalesce(printed, ''), ?2) > 0 ORDER BY rowid`
			} else {
				sql = `SELECT doc_id, line FROM doc_search WHERE instr(text, ?2) + instr(coalesce(printed, ''), ?2) > 0 ORDER BY rowid`
			}
			rows, err := db.Query(sql, `"`+q+`"`, q)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var doc, line int64
				if err := rows.Scan(&doc, &line); err != nil {
					t.Fatal(err)
				}
				want = append(want, fmt.Sprintf("%d:%d", doc, line))
			}
			rows.Close()

			var got []string
			total, exact := -1, false
			for target := "/search.json?limit=7&q=" + url.QueryEscape(q); ; {
				status, body := get(t, s, target)
				if status != 200 {
					t.Fatalf("%s: status %d: %s", target, status, body)
				}
				var d searchData
				if err := json.Unmarshal([]byte(body), &d); err != nil {
					t.Fatal(err)
				}
				total, exact = d.Total, d.TotalExact
				for _, h := range d.Hits {
					got = append(got, fmt.Sprintf("%d:%d", h.DocID, h.Line))
				}
				if d.Next == "" {
					break
				}
				target = "/search.json?limit=7&q=" + url.QueryEscape(q) + "&after=" + d.Next
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("served %d hits %v,\nSQL finds %d %v", len(got), got, len(want), want)
			}
			if total != len(want) || !exact {
				t.Errorf("total %d (exact %v), SQL finds %d", total, exact, len(want))
			}
			if q != "无此文字" && len(want) == 0 {
				t.Errorf("SQL finds no line: a test that cannot fail")
			}
		})
	}
}

// TestSearchCountCapped: a search printed on more lines than it counts
// says so (10000+), and its pages still go on past the count.
func TestSearchCountCapped(t *testing.T) {
	defer func(n int) { searchCountCap = n }(searchCountCap)
	searchCountCap = 3
	s := newServer(t, sampleDB(t))
	status, body := get(t, s, "/search.json?limit=2&q="+url.QueryEscape("保障"))
	var d searchData
	if err := json.Unmarshal([]byte(body), &d); status != 200 || err != nil {
		t.Fatalf("status %d, %v: %s", status, err, body)
	}
	if d.Total != 3 || d.TotalExact || len(d.Hits) != 2 || d.Next == "" {
		t.Errorf("total %d, exact %v, %d hits, next %q; want 3, false, 2, a next page", d.Total, d.TotalExact, len(d.Hits), d.Next)
	}
	if _, page := get(t, s, "/search?q="+url.QueryEscape("保障")); !strings.Contains(page, `<span id="total">3+</span>`) {
		t.Errorf("the page does not say 3+ lines:\n%s", page)
	}
	searchCountCap = 10000
	if _, page := get(t, s, "/search?q="+url.QueryEscape("保障")); strings.Contains(page, "+</span> lines") {
		t.Errorf("an exact total is shown with a +")
	}
}

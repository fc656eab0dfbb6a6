package main

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fiscaldoc/fiscaldoc/schema"
)

// runIngest runs `fiscaldoc ingest` as a subprocess and returns its wall
// time and peak resident set size in MB (getrusage of the child).
func runIngest(b *testing.B, bin, db string, args ...string) (time.Duration, float64) {
	b.Helper()
	cmd := exec.Command(bin, append([]string{"ingest", "-db", db}, args...)...)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	took := time.Since(start)
	if err != nil {
		b.Fatalf("fiscaldoc ingest: %v\n%s", err, out)
	}
	b.Logf("%s", strings.TrimSpace(string(out)))
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return took, float64(ru.Maxrss) / 1024 // Maxrss is in KiB on Linux
}

// analystQueries are the typical queries of issues 8, 16 and 17, run on
// the 10,000-document database.
var analystQueries = []struct{ name, sql string }{
	{"code_sum", `SELECT f.year, count(DISTINCT f.doc_id), sum(f.fen) / 1e6 FROM facts f
		WHERE f.code = '2210201' AND f.field = 'line_item' AND f.tbl = '支出决算表' AND f.col = '本年支出合计'
		GROUP BY f.year ORDER BY f.year`},
	{"project_indicators", `SELECT doc, indicator, target_text, actual_text, weight, score FROM indicators
		WHERE project = '高标准农田建设' ORDER BY doc, line`},
	{"fulltext", `SELECT d.name, t.line FROM doc_text t JOIN documents d ON d.id = t.doc_id
		WHERE doc_text MATCH '医疗救助' ORDER BY d.name, t.line`}, // one gse word
	// The three analyst questions of issue 17 (README), on the views.
	{"health_by_county", `SELECT place, year, sum(amount_wan) AS health FROM line_items WHERE level = '类'
		AND code = '210' AND tbl = '支出决算表' AND col = '本年支出合计' GROUP BY place, year`},
	{"lost_points", `SELECT place, fiscal_year, project, indicator, weight, score FROM indicators WHERE score < weight`},
	{"failed_docs", `SELECT place, fiscal_year, doc, count(*) AS failed FROM failed_checks GROUP BY doc_id`},
	{"reports", `SELECT * FROM reports`},
	// Issue 16: departments that spent under 80% of their 项目支出 budget.
	{"budget_vs_actual", `SELECT org, region_code, year, budget, actual, execution_rate FROM budget_vs_actual
		WHERE field = 'expenditure_project' AND execution_rate < 80 ORDER BY execution_rate`},
}

// BenchmarkScale ingests 1,000 and 10,000 synthetic documents with the
// fiscaldoc binary, re-runs the 10,000 unchanged, and times the analyst
// queries on the result. It takes minutes, so it runs only when
// FISCALDOC_BENCH_LARGE=1 (make bench-large), once (-benchtime 1x).
//
//	rss10k/rss1k    peak RSS ratio (target ≤ 1.2), rss10k-MB (target < 500)
//	rerun/first-%   re-run over the unchanged 10,000 (target ≤ 3)
//	<query>-ms      each analyst query (target < 100)
func BenchmarkScale(b *testing.B) {
	if os.Getenv("FISCALDOC_BENCH_LARGE") == "" {
		b.Skip("set FISCALDOC_BENCH_LARGE=1 to ingest 1,000 and 10,000 synthetic documents")
	}
	dir := b.TempDir()
	bin := filepath.Join(dir, "fiscaldoc")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	small, _ := synthCorpus(b, 1000)
	large, size := synthCorpus(b, 10000)
	for b.Loop() {
		db1, db10 := filepath.Join(dir, "s1k.db"), filepath.Join(dir, "s10k.db")
		removeDB(db1)
		removeDB(db10)
		_, rss1 := runIngest(b, bin, db1, filepath.Dir(small[0]))
		first, rss10 := runIngest(b, bin, db10, filepath.Dir(large[0]))
		rerun, _ := runIngest(b, bin, db10, filepath.Dir(large[0]))
		b.ReportMetric(rss1, "rss1k-MB")
		b.ReportMetric(rss10, "rss10k-MB")
		b.ReportMetric(rss10/rss1, "rss10k/rss1k")
		b.ReportMetric(float64(size)/1e6/first.Seconds(), "ingest10k-MB/s")
		b.ReportMetric(first.Seconds(), "first10k-s")
		b.ReportMetric(100*rerun.Seconds()/first.Seconds(), "rerun/first-%")
		queryTimes(b, db10)
		searchTimes(b, db10)
	}
}

// searchTimes reports the size of the search indexes and the 95th
// percentile time of schema.Search, for the first 100 lines as fiscaldoc
// search prints them, of some 350 strings of two characters and 350 of
// three to twelve drawn from random lines of the database.
func searchTimes(b *testing.B, path string) {
	b.Helper()
	db, err := schema.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for _, t := range []string{"doc_text", "doc_search", "doc_pairs"} {
		var blocks, content int64
		if err := db.QueryRow(`SELECT coalesce(sum(length(block)), 0) FROM ` + t + `_data`).Scan(&blocks); err != nil {
			b.Fatal(err)
		}
		if t != "doc_pairs" {
			q := `SELECT coalesce(sum(length(c0) + coalesce(length(c1), 0) + 16), 0) FROM ` + t + `_content`
			if err := db.QueryRow(q).Scan(&content); err != nil {
				b.Fatal(err)
			}
		}
		b.Logf("%s: index %.1f MB, content %.1f MB", t, float64(blocks)/1e6, float64(content)/1e6)
		b.ReportMetric(float64(blocks)/1e6, t+"-index-MB")
	}
	var lines []string
	rows, err := db.Query(`SELECT text FROM doc_search WHERE rowid IN (SELECT rowid FROM doc_search ORDER BY random() LIMIT 400)`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var l string
		rows.Scan(&l)
		if r := []rune(strings.TrimSpace(l)); len(r) >= 4 {
			lines = append(lines, string(r))
		}
	}
	rows.Close()
	for _, kind := range []string{"2char", "3to12char"} {
		var times []time.Duration
		hits := 0
		for i, l := range lines {
			r := []rune(l)
			n := 2
			if kind != "2char" {
				n = 3 + i%10
			}
			n = min(n, len(r))
			start := (i * 7919) % (len(r) - n + 1)
			t0 := time.Now()
			h, err := schema.Search(context.Background(), db, string(r[start:start+n]), 0, 100)
			if err != nil {
				b.Fatal(err)
			}
			times = append(times, time.Since(t0))
			hits += len(h)
		}
		slices.Sort(times)
		p95 := times[len(times)*95/100]
		b.Logf("search %s: %d queries, %d lines found, median %s, p95 %s, max %s", kind, len(times), hits,
			times[len(times)/2], p95, times[len(times)-1])
		b.ReportMetric(float64(p95.Microseconds())/1000, "search-"+kind+"-p95-ms")
	}
}

// BenchmarkQueries times the analyst queries and searches on the database
// named by FISCALDOC_DB (such as the 10,000-document one BenchmarkScale
// builds), without ingesting anything.
func BenchmarkQueries(b *testing.B) {
	path := os.Getenv("FISCALDOC_DB")
	if path == "" {
		b.Skip("set FISCALDOC_DB to a database to query")
	}
	for b.Loop() {
		queryTimes(b, path)
		searchTimes(b, path)
	}
}

// queryTimes logs each analyst query's plan and reports its best time of
// five.
func queryTimes(b *testing.B, path string) {
	b.Helper()
	db, err := schema.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for _, q := range analystQueries {
		b.Logf("%s: %s\n%s", q.name, strings.Join(strings.Fields(q.sql), " "), queryPlan(b, db, q.sql))
		best := time.Duration(1 << 62)
		rows := 0
		for range 5 {
			start := time.Now()
			rs, err := db.Query(q.sql)
			if err != nil {
				b.Fatalf("%s: %v", q.name, err)
			}
			rows = 0
			for rs.Next() {
				rows++
			}
			if err := rs.Err(); err != nil {
				b.Fatal(err)
			}
			rs.Close()
			best = min(best, time.Since(start))
		}
		b.Logf("%s: %d rows, best of 5 %s", q.name, rows, best)
		b.ReportMetric(float64(best.Microseconds())/1000, q.name+"-ms")
	}
}

// queryPlan returns EXPLAIN QUERY PLAN of query, one step a line.
func queryPlan(b *testing.B, db *sql.DB, query string) string {
	b.Helper()
	rows, err := db.Query("EXPLAIN QUERY PLAN " + query)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var out []string
	depth := map[int]int{}
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			b.Fatal(err)
		}
		depth[id] = depth[parent] + 1
		out = append(out, strings.Repeat("  ", depth[id])+detail)
	}
	return strings.Join(out, "\n") + "\n(" + strconv.Itoa(len(out)) + " steps)"
}

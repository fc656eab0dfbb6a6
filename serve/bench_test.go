package serve

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"sort"
	"testing"
	"time"
)

// BenchmarkPages serves each kind of page from the database of
// FISCALDOC_SERVE_DB (the sample's five reports when unset) through the
// handler and reports the 50th and 95th percentile of its time. For the
// numbers of docs/serve.md:
//
//	fiscaldoc synth -n 10000 -seed 1 -out /tmp/c && fiscaldoc ingest -db /tmp/big.db /tmp/c
//	FISCALDOC_SERVE_DB=/tmp/big.db go test ./serve -run '^$' -bench Pages -benchtime 200x
func BenchmarkPages(b *testing.B) {
	path := os.Getenv("FISCALDOC_SERVE_DB")
	if path == "" {
		path = sampleDB(b)
	}
	s := newServer(b, path)
	rng := rand.New(rand.NewPCG(1, 2))
	var ids []int64
	var mid int64 // the document nearest 400 lines
	var prov string
	if err := s.store.db.QueryRow(`SELECT id FROM documents ORDER BY abs(lines - 400), id LIMIT 1`).Scan(&mid); err != nil {
		b.Fatal(err)
	}
	if err := s.store.db.QueryRow(`SELECT province FROM documents WHERE province IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`).Scan(&prov); err != nil {
		b.Fatal(err)
	}
	rows, err := s.store.db.Query(`SELECT id FROM documents WHERE status = 'ok'`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	_, page1 := get(b, s, "/reports.json?sort=year")
	next := jsonField(b, page1, "next")
	pages := []struct {
		name   string
		target func() string
	}{
		{"reports", func() string { return "/reports" }},
		{"reports_page2_by_year", func() string { return "/reports?sort=year&after=" + next }},
		{"reports_province_failed", func() string {
			return "/reports?failed=yes&sort=org&province=" + url.QueryEscape(prov)
		}},
		{"reports_json", func() string { return "/reports.json" }},
		{"report_400_lines", func() string { return fmt.Sprintf("/reports/%d", mid) }},
		{"report_random", func() string { return fmt.Sprintf("/reports/%d", ids[rng.IntN(len(ids))]) }},
		{"report_json", func() string { return fmt.Sprintf("/reports/%d.json", ids[rng.IntN(len(ids))]) }},
		{"search", func() string {
			return "/search?q=" + url.QueryEscape([]string{"医疗救助", "三公经费", "公务接待费", "绩效目标"}[rng.IntN(4)])
		}},
		{"search_pair", func() string { // two characters: the pair index, common pairs
			return "/search?q=" + url.QueryEscape([]string{"经费", "保障", "预算", "指标"}[rng.IntN(4)])
		}},
		{"figures_field", func() string { return "/figures?field=three_public_total" }},
		{"figures_code", func() string { return "/figures?code=2101501" }},
	}
	for _, p := range pages {
		b.Run(p.name, func(b *testing.B) {
			get(b, s, p.target()) // warm
			times := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for range b.N {
				t := time.Now()
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, httptest.NewRequest("GET", p.target(), nil))
				times = append(times, time.Since(t))
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: status %d", p.name, rec.Code)
				}
			}
			b.StopTimer()
			sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}

// jsonField returns the string value of key in a JSON object.
func jsonField(tb testing.TB, body, key string) string {
	tb.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		tb.Fatal(err)
	}
	v, _ := m[key].(string)
	return v
}

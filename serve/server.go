package serve

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/mattn/go-sqlite3" // the sqlite3 driver
)

//go:embed templates/*.html static/*
var assets embed.FS

// Limits of the pages.
const (
	pageSize    = 50    // reports a page
	maxPageSize = 500   // the most a request may ask for (limit=)
	window      = 5000  // source lines shown on one report page
	searchPage  = 50    // search hits a page
	figurePage  = 200   // figures in the table of a page
	chartPoints = 1000  // figures drawn in the chart
	csvRows     = 20000 // rows of a search or figures CSV
	// RequestTimeout bounds the database work of one request.
	RequestTimeout = 10 * time.Second
)

// OpenReadOnly opens the database at path for reading only: SQLite refuses
// every write (mode=ro), and query_only refuses them again on the
// connection.
func OpenReadOnly(ctx context.Context, path string) (*sql.DB, error) {
	q := url.Values{}
	q.Set("mode", "ro")
	q.Set("_query_only", "true")
	q.Set("_busy_timeout", "5000")
	q.Set("_cache_size", "-32768") // KiB a connection: the pages of a list stay in memory
	db, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

// Options configure a Server.
type Options struct {
	// Log receives one line per failed request. Default: discarded.
	Log *slog.Logger
}

// A Server is the web application over one database.
type Server struct {
	store *Store
	opts  Options
	pages map[string]*template.Template
	mux   *http.ServeMux

	fieldsOnce sync.Once
	fields     []string
}

// New returns the application over db (opened with OpenReadOnly).
func New(ctx context.Context, db *sql.DB, opts Options) (*Server, error) {
	st, err := NewStore(ctx, db)
	if err != nil {
		return nil, err
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	s := &Server{store: st, opts: opts, pages: map[string]*template.Template{}, mux: http.NewServeMux()}
	for _, p := range []string{"reports", "report", "search", "figures", "error"} {
		t, err := template.New("base.html").Funcs(funcs).ParseFS(assets, "templates/base.html", "templates/"+p+".html")
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", p, err)
		}
		s.pages[p] = t
	}
	static, err := fs.Sub(assets, "static")
	if err != nil {
		return nil, err
	}
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	s.mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/reports", http.StatusFound)
	})
	s.mux.HandleFunc("GET /reports", s.page(s.reports))
	s.mux.HandleFunc("GET /reports.json", s.page(s.reports))
	s.mux.HandleFunc("GET /reports.csv", s.page(s.reportsCSV))
	s.mux.HandleFunc("GET /reports/{id}", s.page(s.report))
	s.mux.HandleFunc("GET /search", s.page(s.search))
	s.mux.HandleFunc("GET /search.json", s.page(s.search))
	s.mux.HandleFunc("GET /search.csv", s.page(s.searchCSV))
	s.mux.HandleFunc("GET /figures", s.page(s.figures))
	s.mux.HandleFunc("GET /figures.json", s.page(s.figures))
	s.mux.HandleFunc("GET /figures.csv", s.page(s.figuresCSV))
	// The field list of the figures page scans the facts' index once.
	go s.fieldList(context.WithoutCancel(ctx))
	return s, nil
}

// ServeHTTP serves the application, with the security headers on every
// response.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	s.mux.ServeHTTP(w, r)
}

// ListenAndServe serves on addr until ctx is done, with timeouts on every
// phase of a request.
func (s *Server) ListenAndServe(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      2 * RequestTimeout,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return hs.Shutdown(shut)
	}
}

// An httpError is an error with its HTTP status.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &httpError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// format is the representation a request asks for.
type format int

const (
	asHTML format = iota
	asJSON
	asCSV
)

// formatOf returns the representation of a path (.json, .csv or a page)
// and the path without its suffix.
func formatOf(p string) (format, string) {
	switch {
	case strings.HasSuffix(p, ".json"):
		return asJSON, strings.TrimSuffix(p, ".json")
	case strings.HasSuffix(p, ".csv"):
		return asCSV, strings.TrimSuffix(p, ".csv")
	}
	return asHTML, p
}

// A handler writes a page, or returns an error before writing anything.
type handler func(w http.ResponseWriter, r *http.Request, f format) error

// page adapts a handler: it bounds the request's time and turns its error
// into an error page (or JSON error).
func (s *Server) page(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), RequestTimeout)
		defer cancel()
		r = r.WithContext(ctx)
		f, _ := formatOf(r.URL.Path)
		err := h(w, r, f)
		if err == nil {
			return
		}
		status, msg := http.StatusInternalServerError, "internal error"
		var he *httpError
		switch {
		case errors.As(err, &he):
			status, msg = he.status, he.msg
		case errors.Is(err, ErrNotFound):
			status, msg = http.StatusNotFound, "not found"
		case errors.Is(err, errCursor):
			status, msg = http.StatusBadRequest, "bad cursor (after=)"
		case errors.Is(err, context.DeadlineExceeded):
			status, msg = http.StatusServiceUnavailable, "the request took too long"
		}
		if status >= 500 {
			s.opts.Log.Error("request failed", "path", r.URL.Path, "err", err)
		}
		if f == asJSON {
			writeJSON(w, status, map[string]string{"error": msg})
			return
		}
		s.render(w, status, "error", map[string]any{"Title": http.StatusText(status), "Status": status, "Message": msg})
	}
}

// render writes a page's template to a buffer first, so a failing template
// gives an error page, not half a page.
func (s *Server) render(w http.ResponseWriter, status int, name string, data any) {
	var b bytes.Buffer
	if err := s.pages[name].Execute(&b, data); err != nil {
		s.opts.Log.Error("render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// csvWriter starts a CSV download: UTF-8 with a byte-order mark, so a
// spreadsheet opened by a double click reads the Chinese right.
func csvWriter(w http.ResponseWriter, name string, header ...string) *csv.Writer {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	w.Write([]byte("\ufeff"))
	cw := csv.NewWriter(w)
	cw.Write(header)
	return cw
}

// limit reads the limit= parameter, def when absent.
func limit(q url.Values, def int) (int, error) {
	s := q.Get("limit")
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxPageSize {
		return 0, badRequest("limit must be a number from 1 to %d", maxPageSize)
	}
	return n, nil
}

// reportsData is the reports list, as the page and its JSON twin show it.
type reportsData struct {
	Total   int        `json:"total"`
	Reports []Document `json:"reports"`
	Facets  []Facet    `json:"facets"`
	Next    string     `json:"next"` // the after= of the next page, "" on the last
	Sort    string     `json:"sort"`
	Desc    bool       `json:"desc"`

	filter Filter
	page   Page
}

func (s *Server) reports(w http.ResponseWriter, r *http.Request, f format) error {
	q := r.URL.Query()
	n, err := limit(q, pageSize)
	if err != nil {
		return err
	}
	p := Page{Sort: q.Get("sort"), Desc: q.Get("desc") == "1", After: q.Get("after"), Limit: n}
	if _, ok := sorts[p.Sort]; !ok {
		p.Sort = "name"
	}
	flt := filterFromQuery(q)
	docs, next, err := s.store.Reports(r.Context(), flt, p)
	if err != nil {
		return err
	}
	facets, total, err := s.store.Facets(r.Context(), flt)
	if err != nil {
		return err
	}
	if docs == nil {
		docs = []Document{}
	}
	d := &reportsData{Total: total, Reports: docs, Facets: facets, Next: next, Sort: p.Sort, Desc: p.Desc, filter: flt, page: p}
	if f == asJSON {
		writeJSON(w, http.StatusOK, d)
		return nil
	}
	s.render(w, http.StatusOK, "reports", d)
	return nil
}

// Link returns the URL of the reports list with the current filter and
// sort, changed by the key-value pairs kv ("" deletes a key); every change
// starts at the first page.
func (d *reportsData) Link(kv ...string) string {
	v := d.filter.values()
	v.Set("sort", d.page.Sort)
	if d.page.Desc {
		v.Set("desc", "1")
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			v.Del(kv[i])
		} else {
			v.Set(kv[i], kv[i+1])
		}
	}
	if v.Get("sort") == "name" {
		v.Del("sort")
	}
	return "/reports?" + v.Encode()
}

// NextLink is the URL of the next page.
func (d *reportsData) NextLink() string { return d.Link("after", d.Next) }

// SortLink is the URL sorting by key, flipping the direction when the list
// is sorted by it already.
func (d *reportsData) SortLink(key string) string {
	desc := ""
	if key == d.page.Sort && !d.page.Desc {
		desc = "1"
	}
	return d.Link("sort", key, "desc", desc)
}

// Selected returns the value the filter holds for a facet.
func (d *reportsData) Selected(facet string) string {
	return d.filter.values().Get(facet)
}

// Filtered reports whether any filter is set.
func (d *reportsData) Filtered() bool { return len(d.filter.values()) > 0 }

// CSVLink is the URL of the CSV download of the current list.
func (d *reportsData) CSVLink() string { return "/reports.csv?" + d.filter.values().Encode() }

// JSONLink is the URL of the JSON twin of the current page.
func (d *reportsData) JSONLink() string {
	return strings.Replace(d.Link(), "/reports?", "/reports.json?", 1)
}

func (s *Server) reportsCSV(w http.ResponseWriter, r *http.Request, _ format) error {
	flt := filterFromQuery(r.URL.Query())
	cw := csvWriter(w, "reports", "id", "path", "name", "doc_type", "org", "province", "prefecture", "county",
		"region_code", "fiscal_year", "report_date", "lines", "status", "error", "facts", "failed_checks", "repairs", "problems")
	err := s.store.EachReport(r.Context(), flt, func(d *Document) error {
		cw.Write([]string{itoa64(d.ID), d.Path, d.Name, d.DocType, d.Org, d.Province, d.Prefecture, d.County,
			d.RegionCode, itoa(d.FiscalYear), d.ReportDate, itoa(d.Lines), d.Status, d.Error, itoa(d.Facts),
			itoa(d.FailedChecks), itoa(d.Repairs), itoa(d.Problems)})
		return cw.Error()
	})
	cw.Flush()
	if err != nil {
		// The header is sent: the download ends short, and the log says why.
		s.opts.Log.Error("reports.csv", "err", err)
	}
	return nil
}

// itoa writes 0 as "" (the database's NULL).
func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// lineURL is the URL of line n of document id: the report page opens the
// window of lines holding it.
func lineURL(id int64, n int) string {
	u := "/reports/" + itoa64(id)
	if n > window {
		u += "?at=" + strconv.Itoa(n)
	}
	if n > 0 {
		u += "#L" + strconv.Itoa(n)
	}
	return u
}

var funcs = template.FuncMap{
	"lineURL": lineURL,
	"facetLabel": func(facet, v string) string {
		if v == "" {
			return "(none)"
		}
		return v
	},
	"add":        func(a, b int) int { return a + b },
	"figureLink": figureLink,
	"holds":      holds,
}

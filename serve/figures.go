package serve

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// figuresData is one field or code across reports, as the page and its
// JSON twin show it.
type figuresData struct {
	Field    string   `json:"field"`
	Code     string   `json:"code"`
	Col      string   `json:"col"`
	Basis    string   `json:"basis"`
	Province string   `json:"province"`
	Total    int      `json:"total"`
	Figures  []Figure `json:"figures"`
	Next     string   `json:"next"` // the after= of the next page, "" on the last

	Fields []string `json:"-"`
	Chart  *chart   `json:"-"`
	query  FigureQuery
}

func (s *Server) fieldList(ctx context.Context) []string {
	s.fieldsOnce.Do(func() {
		f, err := s.store.Fields(ctx)
		if err != nil {
			s.opts.Log.Error("fields", "err", err)
		}
		s.fields = f
	})
	return s.fields
}

func (s *Server) figures(w http.ResponseWriter, r *http.Request, f format) error {
	q := r.URL.Query()
	n, err := limit(q, figurePage)
	if err != nil {
		return err
	}
	var after *figureCursor
	if a := q.Get("after"); a != "" {
		c, err := parseFigureCursor(a)
		if err != nil {
			return err
		}
		after = &c
	}
	fq := figureQueryFrom(q)
	d := &figuresData{Field: fq.Field, Code: fq.Code, Col: fq.Col, Basis: fq.Basis, Province: fq.Province, query: fq}
	if d.Total, err = s.store.CountFigures(r.Context(), fq); err != nil {
		return err
	}
	figs, next, err := s.store.Figures(r.Context(), fq, after, n, 1)
	if err != nil {
		return err
	}
	d.Figures = figs
	if next != nil {
		d.Next = next.String()
	}
	if f == asJSON {
		writeJSON(w, http.StatusOK, d)
		return nil
	}
	d.Fields = s.fieldList(r.Context())
	points := figs
	if after != nil || next != nil {
		// The chart shows every figure, or an even sample of chartPoints.
		every := (d.Total + chartPoints - 1) / chartPoints
		if points, _, err = s.store.Figures(r.Context(), fq, nil, chartPoints, every); err != nil {
			return err
		}
	}
	d.Chart = drawChart(points)
	d.Chart.Sampled = len(points) < d.Total
	s.render(w, http.StatusOK, "figures", d)
	return nil
}

func (s *Server) figuresCSV(w http.ResponseWriter, r *http.Request, _ format) error {
	fq := figureQueryFrom(r.URL.Query())
	figs, _, err := s.store.Figures(r.Context(), fq, nil, csvRows, 1)
	if err != nil {
		return err
	}
	cw := csvWriter(w, "figures", "fact_id", "doc_id", "name", "org", "place", "year", "basis", "table", "col",
		"value", "unit", "line", "raw", "project_or_indicator")
	for _, g := range figs {
		cw.Write([]string{itoa64(g.ID), itoa64(g.DocID), g.Name, g.Org, g.Place, itoa(g.Year), g.Basis, g.Table,
			g.Col, g.Value, g.Unit, itoa(g.Line), g.Raw, g.Detail})
	}
	cw.Flush()
	return nil
}

// Title names what the page shows.
func (d *figuresData) Title() string {
	parts := []string{}
	for _, p := range []string{d.Field, d.Code, d.Col, d.Basis, d.Province} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return "Figures"
	}
	return "Figures: " + strings.Join(parts, " · ")
}

// Link returns the URL of the page in another representation ("", ".json",
// ".csv"), from its first row.
func (d *figuresData) Link(suffix string) string {
	return "/figures" + suffix + "?" + d.query.values().Encode()
}

// NextLink is the URL of the next page of the table.
func (d *figuresData) NextLink() string {
	v := d.query.values()
	v.Set("after", d.Next)
	return "/figures?" + v.Encode()
}

// A chart is a scatter plot of figures by year, drawn as SVG by the
// figures template: one point a figure, linking to its source line.
type chart struct {
	Width, Height       int
	Left, Right         int // plot area, pixels
	Top, Bottom         int
	Points              []point
	XTicks, YTicks      []tick
	Skipped, Drawn      int  // figures not numeric (not drawn), and drawn
	Sampled             bool // the points are an even sample of the figures
	Unit                string
	Series              []series
	LegendX, LegendStep int
}

type point struct {
	X, Y  float64
	Color string
	Href  string
	Title string
}

type tick struct {
	Pos   float64
	Label string
}

type series struct {
	Name, Color string
	Y           int
}

var palette = []string{"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"}

// drawChart lays the figures out: x the year (points of one year spread
// across its band), y the value; one colour per column or basis.
func drawChart(figs []Figure) *chart {
	c := &chart{Width: 760, Height: 320, Left: 70, Right: 600, Top: 20, Bottom: 280, LegendX: 615, LegendStep: 18}
	type val struct {
		f *Figure
		v float64
	}
	var vals []val
	years := map[int]int{}
	seriesOf := map[string]int{}
	for i := range figs {
		g := &figs[i]
		v, err := strconv.ParseFloat(g.Value, 64)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) || g.Year == 0 {
			c.Skipped++
			continue
		}
		vals = append(vals, val{g, v})
		years[g.Year]++
		if c.Unit == "" {
			c.Unit = g.Unit
		}
		name := seriesName(g)
		if _, ok := seriesOf[name]; !ok {
			seriesOf[name] = len(seriesOf)
		}
	}
	c.Drawn = len(vals)
	if len(vals) == 0 {
		return c
	}
	names := make([]string, 0, len(seriesOf))
	for n := range seriesOf {
		names = append(names, n)
	}
	sort.Strings(names)
	for i, n := range names {
		seriesOf[n] = i
		if i < len(palette) {
			c.Series = append(c.Series, series{Name: n, Color: palette[i], Y: c.Top + 10 + i*c.LegendStep})
		}
	}
	ys := make([]int, 0, len(years))
	for y := range years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	band := float64(c.Right-c.Left) / float64(len(ys))
	slot := map[int]int{}
	for i, y := range ys {
		slot[y] = i
		c.XTicks = append(c.XTicks, tick{float64(c.Left) + band*(float64(i)+0.5), strconv.Itoa(y)})
	}
	lo, hi := 0.0, 0.0
	for _, v := range vals {
		lo, hi = math.Min(lo, v.v), math.Max(hi, v.v)
	}
	if hi == lo {
		hi = lo + 1
	}
	step := niceStep((hi - lo) / 5)
	lo, hi = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	yOf := func(v float64) float64 {
		return float64(c.Bottom) - (v-lo)/(hi-lo)*float64(c.Bottom-c.Top)
	}
	for t := lo; t <= hi+step/2; t += step {
		c.YTicks = append(c.YTicks, tick{yOf(t), strconv.FormatFloat(t, 'f', -1, 64)})
	}
	seen := map[int]int{}
	for _, v := range vals {
		y := v.f.Year
		k := seen[y]
		seen[y]++
		// Spread a year's points across the middle 80% of its band.
		frac := 0.5
		if years[y] > 1 {
			frac = 0.1 + 0.8*float64(k)/float64(years[y]-1)
		}
		si := seriesOf[seriesName(v.f)]
		c.Points = append(c.Points, point{
			X:     math.Round((float64(c.Left)+band*(float64(slot[y])+frac))*10) / 10,
			Y:     math.Round(yOf(v.v)*10) / 10,
			Color: palette[si%len(palette)],
			Href:  lineURL(v.f.DocID, v.f.Line),
			Title: v.f.Value + " " + v.f.Unit + " · " + v.f.Org + " " + strconv.Itoa(y) + " · " + seriesName(v.f) + " · " + v.f.Name,
		})
	}
	return c
}

// seriesName is the series of a figure: its column, else its basis.
func seriesName(g *Figure) string {
	if g.Col != "" {
		return g.Col
	}
	if g.Basis != "" {
		return g.Basis
	}
	return "value"
}

// niceStep rounds a step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// figureLink returns the URL of the figures page for a field or a code.
func figureLink(key, v string) string { return "/figures?" + url.Values{key: {v}}.Encode() }

package serve

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/fiscaldoc/fiscaldoc/normalize"
	"github.com/shopspring/decimal"
)

// reportData is one report, as the page and its JSON twin show it.
type reportData struct {
	Document *Document `json:"document"`
	Headline []Fact    `json:"headline"`
	// First and Last are the line numbers of the window of lines shown
	// (every line of a document of up to 5,000 lines).
	First    int       `json:"first"`
	Last     int       `json:"last"`
	Lines    []Line    `json:"lines"`
	Facts    []Fact    `json:"facts"`
	Repairs  []Repair  `json:"repairs"`
	Checks   []Check   `json:"checks"`
	Problems []Problem `json:"problems"`
	// Tables are the document's tables as read, the grids the facts were
	// taken from.
	Tables []Table `json:"tables"`

	View  []viewLine     `json:"-"`
	cells map[int][]Cell // seq of a fact: the table cells its lines fall in
}

// A viewLine is a source line with what was read from it or found at it.
type viewLine struct {
	Line
	Segs     []segment // the line's text cut at the facts' raw text
	Facts    []int     // seq of the facts read from the line
	Repairs  []Repair
	Failed   []Check
	Problems []Problem
}

// A segment is a run of a line's text, the raw text of fact Fact when
// Fact > 0.
type segment struct {
	Text string
	Fact int
}

func (s *Server) report(w http.ResponseWriter, r *http.Request, _ format) error {
	f, idText := formatOf(r.PathValue("id"))
	if f == asCSV {
		return ErrNotFound
	}
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return ErrNotFound
	}
	ctx := r.Context()
	doc, err := s.store.Document(ctx, id)
	if err != nil {
		return err
	}
	d := &reportData{Document: doc, Headline: []Fact{}, First: 1, Last: window}
	if at, err := strconv.Atoi(r.URL.Query().Get("at")); err == nil && at > window {
		d.First = at - window/2
		d.Last = d.First + window - 1
	}
	if d.Last > doc.Lines {
		d.Last = doc.Lines
	}
	if d.Lines, err = s.store.Lines(ctx, id, d.First, d.Last); err != nil {
		return err
	}
	if d.Facts, err = s.store.Facts(ctx, id); err != nil {
		return err
	}
	if d.Repairs, err = s.store.Repairs(ctx, id); err != nil {
		return err
	}
	if d.Checks, err = s.store.Checks(ctx, id); err != nil {
		return err
	}
	if d.Problems, err = s.store.Problems(ctx, id); err != nil {
		return err
	}
	if d.Tables, err = s.store.Tables(ctx, id); err != nil {
		return err
	}
	for _, fa := range d.Facts {
		if fa.Headline() {
			d.Headline = append(d.Headline, fa)
		}
	}
	if f == asJSON {
		writeJSON(w, http.StatusOK, d)
		return nil
	}
	d.View = annotate(d.Lines, d.Facts, d.Repairs, d.Checks, d.Problems)
	d.cells = factCells(d.Facts, d.Tables)
	s.render(w, http.StatusOK, "report", d)
	return nil
}

// annotate puts every fact, repair, failed check and problem at its line.
func annotate(lines []Line, facts []Fact, repairs []Repair, checks []Check, problems []Problem) []viewLine {
	view := make([]viewLine, len(lines))
	at := make(map[int]*viewLine, len(lines))
	for i, l := range lines {
		view[i].Line = l
		at[l.N] = &view[i]
	}
	marks := map[int][]mark{}
	for _, f := range facts {
		for n := f.LineFirst; n <= f.LineLast && n > 0; n++ {
			v := at[n]
			if v == nil {
				continue
			}
			v.Facts = append(v.Facts, f.Seq)
			if f.LineFirst == f.LineLast && f.Raw != "" {
				marks[n] = place(v.Raw, marks[n], f.Raw, f.Seq)
			}
		}
	}
	for _, r := range repairs {
		if v := at[r.Line]; v != nil {
			v.Repairs = append(v.Repairs, r)
		}
	}
	for _, c := range checks {
		if v := at[c.Line]; v != nil && !c.OK {
			v.Failed = append(v.Failed, c)
		}
	}
	for _, p := range problems {
		if v := at[p.Line]; v != nil {
			v.Problems = append(v.Problems, p)
		}
	}
	for i := range view {
		view[i].Segs = cut(view[i].Raw, marks[view[i].N])
	}
	return view
}

// factCells returns, for each fact's seq, the table cells whose lines
// overlap the fact's lines, by line and then table order.
func factCells(facts []Fact, tables []Table) map[int][]Cell {
	byLine := map[int][]Cell{} // cells by their first line
	for _, t := range tables {
		for _, r := range t.Rows {
			for _, c := range r {
				if c.LineFirst > 0 {
					byLine[c.LineFirst] = append(byLine[c.LineFirst], c)
				}
			}
		}
	}
	if len(byLine) == 0 {
		return nil
	}
	out := map[int][]Cell{}
	for _, f := range facts {
		if f.LineFirst == 0 {
			continue
		}
		// A cell overlaps the fact when it starts in the fact's lines, or
		// starts before them and ends in or past them: cells span few
		// lines, so look back a little for the latter.
		for n := f.LineFirst - maxCellLines; n <= f.LineLast; n++ {
			for _, c := range byLine[n] {
				if c.LineFirst <= f.LineLast && max(c.LineLast, c.LineFirst) >= f.LineFirst {
					out[f.Seq] = append(out[f.Seq], c)
				}
			}
		}
	}
	return out
}

// maxCellLines is how far before a fact's first line a cell overlapping it
// is looked for: a cell wrapped over more lines than this is missed.
const maxCellLines = 20

// CellsOf returns the table cells the lines of fact seq fall in.
func (d *reportData) CellsOf(seq int) []Cell { return d.cells[seq] }

// holds reports whether cell c holds fact f's value as printed (a number
// equal to it, "1, 085. 68" for 1085.68, or the same text): the cell the
// fact was read from, among those its lines fall in.
func holds(c Cell, f Fact) bool {
	if c.Text == "" || f.Value == "" {
		return false
	}
	if c.Text == f.Value {
		return true
	}
	v, err := decimal.NewFromString(f.Value)
	if err != nil {
		return false
	}
	n, err := normalize.ParseDecimal(c.Text)
	return err == nil && n.Equal(v)
}

// A mark is the byte span of a fact's raw text in a line.
type mark struct{ start, end, fact int }

// place adds the first occurrence of raw in line that overlaps no mark.
func place(line string, ms []mark, raw string, fact int) []mark {
	for from := 0; from < len(line); {
		i := strings.Index(line[from:], raw)
		if i < 0 {
			return ms
		}
		m := mark{from + i, from + i + len(raw), fact}
		free := true
		for _, o := range ms {
			if m.start < o.end && o.start < m.end {
				free = false
				break
			}
		}
		if free {
			return append(ms, m)
		}
		from = m.start + 1
	}
	return ms
}

// cut splits a line into segments at the marks.
func cut(line string, ms []mark) []segment {
	sort.Slice(ms, func(i, j int) bool { return ms[i].start < ms[j].start })
	var out []segment
	pos := 0
	for _, m := range ms {
		if m.start > pos {
			out = append(out, segment{Text: line[pos:m.start]})
		}
		out = append(out, segment{Text: line[m.start:m.end], Fact: m.fact})
		pos = m.end
	}
	if pos < len(line) {
		out = append(out, segment{Text: line[pos:]})
	}
	return out
}

// FailedChecks returns the checks that do not hold.
func (d *reportData) FailedChecks() []Check {
	var out []Check
	for _, c := range d.Checks {
		if !c.OK {
			out = append(out, c)
		}
	}
	return out
}

// PassedChecks counts the checks that hold.
func (d *reportData) PassedChecks() int { return len(d.Checks) - len(d.FailedChecks()) }

// Windowed reports whether the page shows only part of the text.
func (d *reportData) Windowed() bool { return d.First > 1 || d.Last < d.Document.Lines }

// LineLink is the URL of line n of this report.
func (d *reportData) LineLink(n int) string {
	if n >= d.First && n <= d.Last {
		return "#L" + strconv.Itoa(n)
	}
	return lineURL(d.Document.ID, n)
}

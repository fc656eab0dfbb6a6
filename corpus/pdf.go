package corpus

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize"
	"github.com/ledongthuc/pdf"
)

// ErrPDF is wrapped by the errors of PDFs that cannot be parsed: truncated or
// corrupt files, and files on which the PDF library panics.
var ErrPDF = errors.New("unreadable PDF")

// badShare is the share of glyphs that may fail to decode (no Unicode
// mapping, private-use code points, control bytes) before a text layer is
// judged unusable.
const badShare = 0.1

// readPDF rebuilds the lines of a PDF's text layer from glyph positions,
// page by page, and the tables among them. It parses in its own goroutine,
// under recover, and gives up when ctx is done: a panic, a hang or a
// truncated file is an error, never a crash. A goroutine stuck inside the
// PDF library cannot be stopped; it is abandoned.
func readPDF(ctx context.Context, data []byte, lim Limits) ([]fiscaldoc.Line, []fiscaldoc.Table, error) {
	type result struct {
		text pdfText
		err  error
	}
	done := make(chan result, 1)
	go func() {
		var res result
		defer func() {
			if r := recover(); r != nil {
				if err, ok := r.(canceled); ok {
					res = result{err: err.error}
				} else {
					res = result{err: fmt.Errorf("%w: %v", ErrPDF, r)}
				}
			}
			done <- res
		}()
		res.text, res.err = parsePDF(ctx, data, lim.maxGlyphs(), true)
	}()
	select {
	case res := <-done:
		return res.text.lines, res.text.tables, res.err
	case <-ctx.Done():
		return nil, nil, fmt.Errorf("PDF: %w", ctx.Err())
	}
}

// canceled is the panic value that stops a content stream's interpretation
// when the context is done.
type canceled struct{ error }

// pdfText is what a PDF's text layer reads as: lines, and the tables among them.
type pdfText struct {
	lines  []fiscaldoc.Line
	tables []fiscaldoc.Table
	xs     [][]float64 // each ruled table's column borders on its last page
}

// parsePDF reads a PDF's pages; with ruled false it ignores ruling lines
// and reads every table from glyph gaps (for comparison in benchmarks).
func parsePDF(ctx context.Context, data []byte, maxGlyphs int, ruled bool) (pdfText, error) {
	var out pdfText
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return out, fmt.Errorf("%w: %v", ErrPDF, err)
	}
	st := glyphStats{max: maxGlyphs}
	n := r.NumPage()
	open := false // the last page ended in a paragraph that may go on
	for i := 1; i <= n; i++ {
		if err := ctx.Err(); err != nil {
			return pdfText{}, fmt.Errorf("PDF page %d: %w", i, err)
		}
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		glyphs, rules := pageGlyphs(ctx, p, &st)
		if !ruled {
			rules = nil
		}
		pg := pageLines(glyphs, rules)
		out.addPage(pg, i, open)
		if len(pg.lines) > 0 {
			open = pg.openEnd
		}
	}
	if st.total > 0 && float64(st.bad) > badShare*float64(st.total) {
		return pdfText{}, fmt.Errorf("%w: %d of %d glyphs have no Unicode mapping (fonts such as GBK-EUC-H without ToUnicode)",
			ErrNoText, st.bad, st.total)
	}
	if len(out.lines) == 0 {
		return pdfText{}, fmt.Errorf("%w: no text on %d pages (scanned images?)", ErrNoText, n)
	}
	return out, nil
}

// addPage appends page number i's lines and tables. A paragraph broken by
// the page break (open: the last page ended in one) becomes one line, on
// the page it starts on; a ruled table that ends one page and starts the
// next with the same columns is one table (see continueTable).
func (d *pdfText) addPage(pg page, i int, open bool) {
	if len(pg.tables) > 0 && pg.tables[0].First == 0 && pg.tables[0].Shape == fiscaldoc.ShapeLattice &&
		len(d.tables) > 0 && d.tables[len(d.tables)-1].Shape == fiscaldoc.ShapeLattice &&
		d.tables[len(d.tables)-1].Last == len(d.lines) && !sameColumns(d.xs[len(d.xs)-1], pg.tables[0].xs) {
		// two ruled tables on either side of the page break, as on a page
		d.lines = append(d.lines, fiscaldoc.Line{N: len(d.lines) + 1, Page: i})
	}
	before := len(d.lines)
	num := make([]int, len(pg.lines)) // page line index → Line.N
	for k, s := range pg.lines {
		if k == 0 && open && pg.openStart && !sentenceEnd(d.lines[len(d.lines)-1].Raw) {
			last := &d.lines[len(d.lines)-1]
			last.Raw = joinWrapped(last.Raw, s)
			last.Text = normalize.Text(last.Raw)
			num[k] = last.N
			continue
		}
		d.lines = append(d.lines, fiscaldoc.Line{N: len(d.lines) + 1, Page: i, Raw: s, Text: normalize.Text(s)})
		num[k] = len(d.lines)
	}
	for k, t := range pg.tables {
		t.Page, t.First, t.Last = i, num[t.First], num[t.Last]
		for _, row := range t.Rows {
			for c := range row {
				row[c].First, row[c].Last = num[row[c].First], num[row[c].Last]
			}
		}
		if k == 0 && d.continueTable(t, before) {
			continue
		}
		d.tables = append(d.tables, t.Table)
		d.xs = append(d.xs, t.xs)
	}
}

// sameColumns reports whether two ruled tables have the same column borders.
func sameColumns(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if math.Abs(a[k]-b[k]) > 2*snapTol {
			return false
		}
	}
	return true
}

// continueTable appends t, the first table of a page whose lines start
// after line before, to the last table when t continues it: both are ruled
// with the same column borders, the last table ends its page and t starts
// its own (a line of page furniture, such as a page number, may come
// between). Rows at t's top that repeat the table's header are page
// furniture, not rows.
func (d *pdfText) continueTable(t pageTable, before int) bool {
	if len(d.tables) == 0 || t.Shape != fiscaldoc.ShapeLattice {
		return false
	}
	last, xs := &d.tables[len(d.tables)-1], d.xs[len(d.xs)-1]
	if last.Shape != fiscaldoc.ShapeLattice || last.Last < before-1 || t.First > before+2 || !sameColumns(xs, t.xs) {
		return false
	}
	head := 0 // rows of t that repeat the table's first rows
	for head < len(t.Rows) && head < len(last.Rows)-1 && slices.Equal(t.Texts(head), last.Texts(head)) {
		head++
	}
	for _, row := range t.Rows[:head] {
		d.lines[row[0].First-1].Furniture = true
	}
	for _, row := range t.Rows[head:] {
		for c := range row {
			row[c].Row = len(last.Rows)
		}
		last.Rows = append(last.Rows, row)
	}
	last.Last = t.Last
	return true
}

// A glyph is one shown character in page space (points, y up).
type glyph struct {
	x0, x1, y float64
	size      float64 // font size in page space
	font      string  // font resource name, for learning its gaps
	s         string
	spaced    bool // a space character was shown just before it
}

// glyphStats counts the glyphs read and those that did not decode, and the
// ruling lines read; max bounds each count (Limits.MaxGlyphs).
type glyphStats struct{ total, bad, rules, max int }

// matrix is an affine transform [a b c d e f], applied to row vectors as PDF does.
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m followed by n.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func translate(x, y float64) matrix { return matrix{1, 0, 0, 1, x, y} }

// A font is what showing text needs from a font dictionary.
type font struct {
	enc      pdf.TextEncoding
	twoByte  bool // composite font: codes of two bytes
	mixed    bool // EUC-style CMap: bytes below 0x80 are one-byte codes
	widths   map[int]float64
	defWidth float64 // glyph space units (1/1000 em)
}

func newFont(v pdf.Value) *font {
	f := pdf.Font{V: v}
	fo := &font{enc: f.Encoder(), widths: map[int]float64{}, defWidth: 500}
	if v.Key("Subtype").Name() == "Type0" {
		fo.twoByte = true
		enc := v.Key("Encoding").Name()
		fo.mixed = strings.Contains(enc, "EUC") || strings.HasPrefix(enc, "GBK")
		d := v.Key("DescendantFonts").Index(0)
		fo.defWidth = 1000
		if dw := d.Key("DW"); dw.Kind() == pdf.Integer || dw.Kind() == pdf.Real {
			fo.defWidth = dw.Float64()
		}
		w := d.Key("W") // [c [w1 w2 …] cfirst clast w …]
		for i := 0; i+1 < w.Len() && i < 1<<16; {
			c := int(w.Index(i).Int64())
			if a := w.Index(i + 1); a.Kind() == pdf.Array {
				for j := 0; j < a.Len() && j < 1<<16; j++ {
					fo.widths[c+j] = a.Index(j).Float64()
				}
				i += 2
				continue
			}
			if i+2 >= w.Len() {
				break
			}
			last, wd := int(w.Index(i+1).Int64()), w.Index(i+2).Float64()
			for c2 := c; c2 <= last && c2-c < 1<<16; c2++ {
				fo.widths[c2] = wd
			}
			i += 3
		}
		return fo
	}
	if mw := v.Key("FontDescriptor").Key("MissingWidth"); mw.Kind() == pdf.Integer || mw.Kind() == pdf.Real {
		fo.defWidth = mw.Float64()
	}
	first, ws := int(v.Key("FirstChar").Int64()), v.Key("Widths")
	for i := 0; i < ws.Len() && i < 256; i++ {
		fo.widths[first+i] = ws.Index(i).Float64()
	}
	return fo
}

// codes splits a shown string into character codes.
func (f *font) codes(s string) []string {
	var out []string
	for len(s) > 0 {
		n := 1
		if f.twoByte && len(s) >= 2 && !(f.mixed && s[0] < 0x80) {
			n = 2
		}
		out = append(out, s[:n])
		s = s[n:]
	}
	return out
}

func (f *font) width(code string) float64 {
	c := 0
	for i := 0; i < len(code); i++ {
		c = c<<8 | int(code[i])
	}
	if w, ok := f.widths[c]; ok {
		return w
	}
	return f.defWidth
}

// decode returns the text of one code and whether it decoded. Some ToUnicode
// maps give a character followed by a stray U+FFFD: the stray is dropped.
func (f *font) decode(code string) (string, bool) {
	s := f.enc.Decode(code)
	if strings.ContainsRune(s, utf8.RuneError) && strings.Trim(s, "\uFFFD") != "" {
		s = strings.ReplaceAll(s, "\uFFFD", "")
	}
	if s == "" || !utf8.ValidString(s) {
		return "\uFFFD", false
	}
	for _, r := range s {
		if r == utf8.RuneError || r < 0x20 || r == 0x7f || unicode.In(r, unicode.Co) {
			return "\uFFFD", false
		}
	}
	return s, true
}

// textState is the part of the graphics state that places glyphs.
type textState struct {
	ctm                    matrix
	tc, tw, th, tl, tfs, r float64 // char and word spacing, horizontal scale, leading, size, rise
	font                   *font
	fontName               string
}

// maxPath bounds the points of a path not yet painted: a longer one is
// dropped, as no table needs it.
const maxPath = 1 << 16

// A point is a point in page space.
type point struct{ x, y float64 }

// apply maps (x, y) through m.
func (m matrix) apply(x, y float64) point {
	return point{x*m[0] + y*m[2] + m[4], x*m[1] + y*m[3] + m[5]}
}

// pageGlyphs interprets the page's content stream and returns its glyphs
// and its ruling lines. Spaces advance but are not returned: gaps speak for
// them. Paths are read only for their straight horizontal and vertical
// parts: stroked segments and rectangles, and thin filled shapes.
func pageGlyphs(ctx context.Context, p pdf.Page, st *glyphStats) ([]glyph, []rule) {
	contents := p.V.Key("Contents")
	if contents.IsNull() {
		return nil, nil
	}
	var rules []rule
	var path [][]point // subpaths of the current path, in page space
	closed := []bool{} // whether each subpath is closed
	points := 0        // in the current path
	addRule := func(r rule) {
		if st.rules++; st.rules > st.max {
			panic(canceled{fmt.Errorf("%w: more than %d ruling lines", ErrTooLarge, st.max)})
		}
		rules = append(rules, r)
	}
	paint := func(stroke, fill bool) {
		for k, sp := range path {
			if stroke {
				for i := 1; i < len(sp); i++ {
					if r, ok := segmentRule(sp[i-1], sp[i]); ok {
						addRule(r)
					}
				}
				if closed[k] && len(sp) > 2 {
					if r, ok := segmentRule(sp[len(sp)-1], sp[0]); ok {
						addRule(r)
					}
				}
			}
			if fill {
				if r, ok := fillRule(sp); ok {
					addRule(r)
				}
			}
		}
		path, closed, points = path[:0], closed[:0], 0
	}
	begin := func(pts ...point) { // a new subpath
		if points += len(pts); points > maxPath {
			paint(false, false)
		}
		path, closed = append(path, pts), append(closed, false)
	}
	extend := func(pt point) { // a segment from the current point
		if len(path) == 0 || points >= maxPath {
			begin(pt)
			return
		}
		points++
		path[len(path)-1] = append(path[len(path)-1], pt)
	}
	fonts := map[string]*font{}
	res := p.Resources().Key("Font")
	gs := textState{ctm: identity, th: 1}
	var stack []textState
	var tm, tlm matrix
	var out []glyph
	ops := 0
	spaced := false // a space was shown since the last glyph, on this line of text

	show := func(s string) {
		f := gs.font
		if f == nil {
			return
		}
		for _, code := range f.codes(s) {
			w0 := f.width(code)
			trm := matrix{gs.tfs * gs.th, 0, 0, gs.tfs, 0, gs.r}.mul(tm).mul(gs.ctm)
			text, ok := f.decode(code)
			if strings.TrimSpace(text) != "" {
				if st.total++; st.total > st.max {
					panic(canceled{fmt.Errorf("%w: more than %d glyphs", ErrTooLarge, st.max)})
				}
				if !ok {
					st.bad++
				}
				size := math.Hypot(trm[2], trm[3])
				x := trm[4]
				w := w0 / 1000 * math.Hypot(trm[0], trm[1])
				out = append(out, glyph{x0: x, x1: x + w, y: trm[5], size: size, font: gs.fontName, s: text, spaced: spaced})
				spaced = false
			} else if text == " " {
				spaced = true
			}
			tx := w0/1000*gs.tfs + gs.tc
			if code == " " {
				tx += gs.tw
			}
			tm = translate(tx*gs.th, 0).mul(tm)
		}
	}

	pdf.Interpret(contents, func(stk *pdf.Stack, op string) {
		if ops++; ops%4096 == 0 {
			if err := ctx.Err(); err != nil {
				panic(canceled{err})
			}
		}
		args := make([]pdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		num := func(i int) float64 { return args[i].Float64() }
		switch {
		case op == "m" && len(args) == 2:
			begin(gs.ctm.apply(num(0), num(1)))
		case op == "l" && len(args) == 2:
			extend(gs.ctm.apply(num(0), num(1)))
		case (op == "c" && len(args) == 6) || ((op == "v" || op == "y") && len(args) == 4):
			// a curve is no ruling line: a new subpath from its end point
			n := len(args)
			begin(gs.ctm.apply(num(n-2), num(n-1)))
		case op == "h":
			if len(path) > 0 {
				closed[len(closed)-1] = true
			}
		case op == "re" && len(args) == 4:
			x, y, w, h := num(0), num(1), num(2), num(3)
			begin(gs.ctm.apply(x, y), gs.ctm.apply(x+w, y), gs.ctm.apply(x+w, y+h), gs.ctm.apply(x, y+h))
			closed[len(closed)-1] = true
		case op == "S" || op == "s":
			if op == "s" && len(path) > 0 {
				closed[len(closed)-1] = true
			}
			paint(true, false)
		case op == "f" || op == "F" || op == "f*":
			paint(false, true)
		case op == "B" || op == "B*" || op == "b" || op == "b*":
			paint(true, true)
		case op == "n":
			paint(false, false)
		case op == "q":
			stack = append(stack, gs)
		case op == "Q":
			if len(stack) > 0 {
				gs, stack = stack[len(stack)-1], stack[:len(stack)-1]
			}
		case op == "cm" && len(args) == 6:
			gs.ctm = matrix{num(0), num(1), num(2), num(3), num(4), num(5)}.mul(gs.ctm)
		case op == "BT":
			tm, tlm = identity, identity
			spaced = false
		case op == "Tm" && len(args) == 6:
			tm = matrix{num(0), num(1), num(2), num(3), num(4), num(5)}
			tlm, spaced = tm, false
		case op == "Td" && len(args) == 2:
			tlm = translate(num(0), num(1)).mul(tlm)
			tm, spaced = tlm, false
		case op == "TD" && len(args) == 2:
			gs.tl = -num(1)
			tlm = translate(num(0), num(1)).mul(tlm)
			tm, spaced = tlm, false
		case op == "T*":
			tlm = translate(0, -gs.tl).mul(tlm)
			tm, spaced = tlm, false
		case op == "Tc" && len(args) == 1:
			gs.tc = num(0)
		case op == "Tw" && len(args) == 1:
			gs.tw = num(0)
		case op == "Tz" && len(args) == 1:
			gs.th = num(0) / 100
		case op == "TL" && len(args) == 1:
			gs.tl = num(0)
		case op == "Ts" && len(args) == 1:
			gs.r = num(0)
		case op == "Tf" && len(args) == 2:
			name := args[0].Name()
			f, ok := fonts[name]
			if !ok {
				f = newFont(res.Key(name))
				fonts[name] = f
			}
			gs.font, gs.fontName, gs.tfs = f, name, num(1)
		case op == "Tj" && len(args) == 1:
			show(args[0].RawString())
		case (op == "'" || op == "\"") && len(args) >= 1:
			if op == "\"" && len(args) == 3 {
				gs.tw, gs.tc = num(0), num(1)
			}
			tlm = translate(0, -gs.tl).mul(tlm)
			tm, spaced = tlm, false
			show(args[len(args)-1].RawString())
		case op == "TJ" && len(args) == 1:
			a := args[0]
			for i := 0; i < a.Len(); i++ {
				if v := a.Index(i); v.Kind() == pdf.String {
					show(v.RawString())
				} else {
					tm = translate(-v.Float64()/1000*gs.tfs*gs.th, 0).mul(tm)
				}
			}
		}
	})
	return out, rules
}

// A cell is a run of glyphs on one line with no wide gap inside.
type cell struct {
	x0, x1 float64
	s      string
}

// A textLine is one baseline's glyphs split into cells, or a ruled table
// (grid set, no cells) in the page's order of lines at its top border.
type textLine struct {
	y, size float64
	cells   []cell
	grid    *lattice
	word    float64 // width of its first word: up to its first space, or its first CJK character
}

func (l textLine) x0() float64 { return l.cells[0].x0 }
func (l textLine) x1() float64 { return l.cells[len(l.cells)-1].x1 }

// Gaps between glyphs, in ems of the line's font size, beyond a font's normal gap.
const (
	spaceGap = 0.15 // a word space
	cellGap  = 1.0  // a cell boundary
)

// pageLines turns a page's glyphs into text lines, top to bottom: ruled
// tables (see lattices) and tables found by glyph gaps as rows of
// tab-separated cells, wrapped paragraphs joined back into one line.
// Without rules (nil) every table is read from glyph gaps.
func pageLines(glyphs []glyph, rules []rule) page {
	gs := slices.DeleteFunc(glyphs, func(g glyph) bool {
		return !(g.size > 0) || math.IsInf(g.size, 0) || math.IsNaN(g.x0+g.x1+g.y) || math.IsInf(g.x0+g.x1+g.y, 0)
	})
	if len(gs) == 0 {
		return page{}
	}
	base := normalGaps(gs)
	for i := range gs { // the extent drawn, not the width declared
		gs[i].x1 += normalGap(base, gs[i]) * gs[i].size
	}
	spaces := 0
	for _, g := range gs {
		if g.spaced {
			spaces++
		}
	}
	shown := spaces >= 3 // the page shows its word spaces: a gap alone is no space
	var grids []textLine
	for _, t := range lattices(rules) {
		n := len(gs)
		if gs = t.fill(gs, shown); len(gs) < n {
			grids = append(grids, textLine{y: t.top, grid: t})
		}
	}
	var lines []textLine
	if len(gs) > 0 {
		for _, run := range baselines(gs) {
			lines = append(lines, splitCells(run, shown))
		}
	}
	for _, g := range grids {
		k := sort.Search(len(lines), func(i int) bool { return lines[i].y < g.y })
		lines = slices.Insert(lines, k, g)
	}
	return layout(lines)
}

// baselines clusters glyphs by y (top to bottom) and sorts each cluster by x.
// A glyph joins the current line when its baseline is within a third of the
// larger font size of the line's mean baseline.
func baselines(gs []glyph) [][]glyph {
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].y > gs[j].y })
	var out [][]glyph
	start, sum, size := 0, gs[0].y, gs[0].size
	for i := 1; i <= len(gs); i++ {
		if i < len(gs) {
			mean := sum / float64(i-start)
			if math.Abs(gs[i].y-mean) <= math.Max(size, gs[i].size)/3 {
				sum += gs[i].y
				size = math.Max(size, gs[i].size)
				continue
			}
		}
		run := gs[start:i]
		sort.SliceStable(run, func(a, b int) bool { return run[a].x0 < run[b].x0 })
		out = append(out, run)
		if i < len(gs) {
			start, sum, size = i, gs[i].y, gs[i].size
		}
	}
	return out
}

// normalGaps learns, per font, the gap that usually follows a glyph on its
// line: about zero when widths are declared right, a fixed share of an em
// when a font declares its glyphs narrower than they are drawn. Some fonts
// declare only some glyphs narrow (a dash, quotes): a glyph seen at least
// twice, always followed by the same gap, gets that gap when it is wider
// than its font's. Only gaps
// smaller than the cell threshold count. The result is keyed by font and by
// font and glyph (see gapKey).
func normalGaps(gs []glyph) map[string]float64 {
	byY := slices.Clone(gs)
	sort.SliceStable(byY, func(i, j int) bool {
		if byY[i].y != byY[j].y {
			return byY[i].y > byY[j].y
		}
		return byY[i].x0 < byY[j].x0
	})
	samples := map[string][]float64{}
	for i := 1; i < len(byY); i++ {
		a, b := byY[i-1], byY[i]
		if a.y != b.y || b.spaced {
			continue
		}
		if g := (b.x0 - a.x1) / a.size; g > -0.5 && g < cellGap {
			samples[a.font] = append(samples[a.font], g)
			samples[gapKey(a)] = append(samples[gapKey(a)], g)
		}
	}
	base := map[string]float64{}
	for k, s := range samples {
		slices.Sort(s)
		base[k] = math.Max(0, s[len(s)/2])
	}
	for k, s := range samples {
		if f, _, ok := strings.Cut(k, "\x00"); ok && (len(s) < 2 || base[k] <= base[f] || !steady(s, base[k])) {
			delete(base, k)
		}
	}
	return base
}

// steady reports whether nearly all gaps are the median: a glyph declared
// narrower than drawn is always followed by the same gap, a digit now by
// another digit and now by a space is not.
func steady(gaps []float64, median float64) bool {
	n := 0
	for _, g := range gaps {
		if math.Abs(g-median) <= 0.05 {
			n++
		}
	}
	return 5*n >= 4*len(gaps)
}

// gapKey is the key of a glyph's own normal gap.
func gapKey(g glyph) string { return g.font + "\x00" + g.s }

// normalGap is the gap, in ems, that normally follows g.
func normalGap(base map[string]float64, g glyph) float64 {
	if b, ok := base[gapKey(g)]; ok {
		return b
	}
	return base[g.font]
}

// splitCells joins a baseline's glyphs into cells, with a space for a word
// gap, or, when the page shows its spaces (shown), for a space shown.
func splitCells(run []glyph, shown bool) textLine {
	l := textLine{y: run[0].y}
	var sizes []float64
	for _, g := range run {
		sizes = append(sizes, g.size)
	}
	slices.Sort(sizes)
	l.size = sizes[len(sizes)/2]
	var b strings.Builder
	c := cell{x0: run[0].x0, x1: run[0].x1}
	b.WriteString(run[0].s)
	inWord := !wide(run[0].s)
	l.word = run[0].x1 - run[0].x0
	for i := 1; i < len(run); i++ {
		prev, g := run[i-1], run[i]
		gap := (g.x0 - prev.x1) / l.size
		if inWord = inWord && gap <= spaceGap && !g.spaced && !wide(g.s); inWord {
			l.word = g.x1 - run[0].x0
		}
		switch {
		case gap > cellGap:
			c.s = b.String()
			l.cells = append(l.cells, c)
			b.Reset()
			c = cell{x0: g.x0}
		case g.spaced && gap > 0 || !shown && gap > spaceGap:
			b.WriteByte(' ')
		}
		b.WriteString(g.s)
		c.x1 = math.Max(c.x1, g.x1)
	}
	c.s = b.String()
	l.cells = append(l.cells, c)
	return l
}

// wide reports whether a glyph is a CJK character or full-width
// punctuation: a line may break after any of them.
func wide(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r >= 0x2E80
}

// layout emits a page's lines: ruled tables row by row, runs of multi-cell
// lines (with the single-cell lines between them) as table rows, other
// lines as prose, wrapped prose lines joined into paragraphs.
func layout(lines []textLine) page {
	var pg page
	para, block := paragraphs(lines)
	for i := 0; i < len(lines); {
		if lines[i].grid != nil {
			if i > 0 && lines[i-1].grid != nil {
				// two ruled tables one under the other: the gap between
				// them is a blank line, as a text dump separates the rows
				// of one cell a line
				pg.lines = append(pg.lines, "")
			}
			pg.addLattice(lines[i].grid)
			pg.openEnd = false
			i++
			continue
		}
		if len(lines[i].cells) < 2 {
			first := lines[i]
			s := first.cells[0].s
			for para[i] {
				i++
				s = joinWrapped(s, lines[i].cells[0].s)
			}
			if len(pg.lines) == 0 {
				pg.openStart = block.flushLeft(first)
			}
			pg.lines = append(pg.lines, s)
			pg.openEnd = block.full(lines[i])
			i++
			continue
		}
		j := tableEnd(lines, i)
		pg.addStream(tableRows(lines[i:j]))
		pg.openEnd = false
		i = j
	}
	return pg
}

// A page is a page's lines as text and the tables among them, with what
// joining a paragraph across the page break needs to know.
type page struct {
	lines     []string
	tables    []pageTable
	openStart bool // the first line is prose at the text block's left edge: not a paragraph's indented start
	openEnd   bool // the last line is prose that runs to the block's right edge: its paragraph may go on
}

// A pageTable is a table of a page. Its cells' First and Last, and first
// and last, are indexes of the page's lines until parsePDF numbers them.
type pageTable struct {
	fiscaldoc.Table
	xs []float64 // a ruled table's column borders, to know its continuation on the next page
}

// addStream adds a table read from glyph gaps: one line a row, its fields
// the cells.
func (pg *page) addStream(rows [][]string) {
	t := pageTable{Table: fiscaldoc.Table{Shape: fiscaldoc.ShapeGlyphGap, First: len(pg.lines)}}
	for _, fields := range rows {
		n := len(pg.lines)
		row := make([]fiscaldoc.Cell, len(fields))
		for k, f := range fields {
			row[k] = fiscaldoc.Cell{Text: normalize.Text(f), Raw: f, Row: len(t.Rows), Col: k, RowSpan: 1, ColSpan: 1, First: n, Last: n}
		}
		t.Rows = append(t.Rows, row)
		pg.lines = append(pg.lines, strings.Join(fields, "\t"))
	}
	t.Last = len(pg.lines) - 1
	pg.tables = append(pg.tables, t)
}

// addLattice adds a ruled table: one line a grid row, a merged cell
// written once in its first column and top row, a wrapped cell's lines
// joined.
func (pg *page) addLattice(l *lattice) {
	t := pageTable{Table: fiscaldoc.Table{Shape: fiscaldoc.ShapeLattice, First: len(pg.lines)}, xs: l.xs}
	nr, nc := len(l.ys)-1, len(l.xs)-1
	k := 0
	for r := range nr {
		var cells []latticeCell
		for ; k < len(l.cells) && l.cells[k].r0 == r; k++ {
			cells = append(cells, l.cells[k])
		}
		n := len(pg.lines)
		fields := make([]string, nc)
		row := make([]fiscaldoc.Cell, 0, len(cells))
		for _, c := range cells {
			text := c.text()
			fields[c.c0] = text
			row = append(row, fiscaldoc.Cell{
				Text: normalize.Text(text), Raw: strings.Join(c.lines, "\n"),
				Row: r, Col: c.c0, RowSpan: c.r1 - c.r0, ColSpan: c.c1 - c.c0,
				First: n, Last: n,
			})
		}
		t.Rows = append(t.Rows, row)
		pg.lines = append(pg.lines, strings.Join(fields, "\t"))
	}
	t.Last = len(pg.lines) - 1
	pg.tables = append(pg.tables, t)
}

// tableEnd returns the end of the table that starts at lines[i]: it goes on
// through multi-cell lines and through up to three single-cell lines that
// lie between two multi-cell lines, each row close below the last; then
// through single-cell lines that follow the last closer than its rows
// follow each other, as the lines of a wrapped cell do (see wrapGap).
func tableEnd(lines []textLine, i int) int {
	end := i + 1
	for j := i + 1; j < len(lines); j++ {
		if lines[j].grid != nil || lines[j-1].y-lines[j].y > 3*lines[j-1].size {
			break
		}
		if len(lines[j].cells) >= 2 {
			end = j + 1
		} else if j-end >= 2 {
			break
		}
	}
	lo, hi := math.Inf(1), math.Inf(1) // the table's smallest and largest gaps
	if end-i > 1 {
		hi = 0
	}
	for j := i + 1; j < end; j++ {
		g := lines[j-1].y - lines[j].y
		lo, hi = math.Min(lo, g), math.Max(hi, g)
	}
	for end < len(lines) && len(lines[end].cells) == 1 {
		g := lines[end-1].y - lines[end].y
		if g > 1.6*lines[end-1].size || g > 1.1*lo || 1.3*g > hi {
			break
		}
		end++
	}
	return end
}

// wrapGap returns the largest baseline gap at which a table's line can
// continue the cells of the line above it: a cell too long for its column
// wraps onto lines set at the font's leading, closer than the table's rows
// are to each other. It is a little over the smallest gap between the
// table's lines, when that is under 1.6 font sizes and some other gap is
// clearly wider; otherwise 0: gaps that are all alike do not tell wrapped
// lines from rows.
func wrapGap(rows []textLine) float64 {
	lo, hi := math.Inf(1), 0.0
	for k := 1; k < len(rows); k++ {
		g := rows[k-1].y - rows[k].y
		lo, hi = math.Min(lo, g), math.Max(hi, g)
	}
	if len(rows) < 2 || hi < 1.3*lo || lo > 1.6*rows[0].size {
		return 0
	}
	return 1.1 * lo
}

// tableRows aligns the cells of a table's rows to columns learned from the
// rows themselves, so that an empty cell stays an empty field between tabs.
// A line that continues the row above (wrapped cells: see continues) is
// joined into it, cell by cell.
func tableRows(lines []textLine) [][]string {
	cols := columns(lines)
	wrap := wrapGap(lines)
	var rows [][]string
	aligned := false // whether the last row's fields are columns
	for i, l := range lines {
		fields := make([]string, len(cols))
		used := make([]bool, len(cols))
		ok := true
		for _, c := range l.cells {
			k := column(cols, c)
			if used[k] {
				ok = false
				break
			}
			used[k], fields[k] = true, c.s
		}
		if ok && aligned && i > 0 && continues(rows[len(rows)-1], fields, lines[i-1].y-l.y, wrap) {
			last := rows[len(rows)-1]
			for k, f := range fields {
				if f != "" {
					last[k] = joinWrapped(last[k], f)
				}
			}
			continue
		}
		if !ok {
			fields = fields[:0]
			for _, c := range l.cells {
				fields = append(fields, c.s)
			}
		}
		rows, aligned = append(rows, fields), ok
	}
	return rows
}

// continues reports whether a line's fields are the wrapped continuation of
// the row above: the line is set at a wrapped cell's gap below the last, and
// each of its cells lies under a filled cell of the row and is not a number
// (numbers do not wrap; a row of numbers under a row is a row).
func continues(above, fields []string, gap, wrap float64) bool {
	if gap > wrap {
		return false
	}
	for k, f := range fields {
		if f == "" {
			continue
		}
		if above[k] == "" || isNumber(f) {
			return false
		}
	}
	return true
}

// isNumber reports whether a cell is a number: digits with separators, sign,
// percent.
func isNumber(s string) bool {
	digit := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digit = true
		case strings.ContainsRune("+-.,% ", r):
		default:
			return false
		}
	}
	return digit
}

// columns learns a table's column bands: first from the rows with the most
// cells, then widened or added to by the other rows' cells. A cell that
// spans several bands (a merged cell) does not merge them.
func columns(rows []textLine) []cell {
	order := make([]textLine, len(rows))
	copy(order, rows)
	sort.SliceStable(order, func(i, j int) bool { return len(order[i].cells) > len(order[j].cells) })
	var cols []cell
	for _, r := range order {
		for _, c := range r.cells {
			var hit []int
			for k, b := range cols {
				if c.x0 <= b.x1 && b.x0 <= c.x1 {
					hit = append(hit, k)
				}
			}
			switch len(hit) {
			case 0:
				k, _ := slices.BinarySearchFunc(cols, c.x0, func(b cell, x float64) int {
					if b.x0 < x {
						return -1
					}
					return 1
				})
				cols = slices.Insert(cols, k, cell{x0: c.x0, x1: c.x1})
			case 1:
				k := hit[0]
				lo, hi := math.Min(cols[k].x0, c.x0), math.Max(cols[k].x1, c.x1)
				if (k == 0 || cols[k-1].x1 < lo) && (k == len(cols)-1 || hi < cols[k+1].x0) {
					cols[k].x0, cols[k].x1 = lo, hi
				}
			}
		}
	}
	return mergeDisjoint(rows, cols)
}

// mergeDisjoint merges neighbouring bands that no row fills both of: one
// column whose header is left-aligned or centred and whose numbers are
// right-aligned gives two bands that never meet in a row.
func mergeDisjoint(rows []textLine, cols []cell) []cell {
	for k := 0; k+1 < len(cols); {
		both := false
		for _, r := range rows {
			var in [2]bool
			for _, c := range r.cells {
				if j := column(cols, c); j == k || j == k+1 {
					in[j-k] = true
				}
			}
			if in[0] && in[1] {
				both = true
				break
			}
		}
		if both {
			k++
			continue
		}
		cols[k].x1 = cols[k+1].x1
		cols = slices.Delete(cols, k+1, k+2)
	}
	return cols
}

// column returns the band a cell belongs to: the one it overlaps most, or
// else the nearest.
func column(cols []cell, c cell) int {
	best, bestScore := 0, math.Inf(-1)
	for k, b := range cols {
		score := math.Min(b.x1, c.x1) - math.Max(b.x0, c.x0) // overlap, negative for a distance
		if score > bestScore {
			best, bestScore = k, score
		}
	}
	return best
}

// A textBlock is the extent of a page's prose: the left edge of its lines
// and the right edge that full lines reach (the median end of its long
// lines). A zero block (a page of tables or of short lines) has no edges.
type textBlock struct{ left, right float64 }

// full reports whether a prose line runs to the block's right edge, and not
// past it: lines of a text block wrapped at its edge end there.
func (b textBlock) full(l textLine) bool {
	return len(l.cells) == 1 && b.right-b.left >= 20*l.size && math.Abs(l.x1()-b.right) <= 1.5*l.size
}

// wrapped reports whether a prose line was broken because the first word of
// the next would not fit after it: the room left to the block's right edge
// is less than that word and a space.
func (b textBlock) wrapped(l, next textLine) bool {
	return len(l.cells) == 1 && len(next.cells) == 1 && b.right-b.left >= 20*l.size &&
		l.x1() >= b.left+(b.right-b.left)/2 && l.x1() <= b.right+1.5*l.size && b.right-l.x1() < next.word+0.3*l.size
}

// flushLeft reports whether a prose line starts at the block's left edge.
func (b textBlock) flushLeft(l textLine) bool {
	return len(l.cells) == 1 && b.right-b.left >= 20*l.size && l.x0() <= b.left+l.size/2
}

// paragraphs reports, for each single-cell line, whether the next line
// continues it: the line is full (reaches the right edge of the page's text
// block), and the next line has the same size, follows at normal leading and
// is flush left (the first line of a paragraph is indented, its
// continuations are not). A full line that ends a sentence continues only
// when the next line continues too: a heading or a table's title under a
// full line is not the end of its paragraph. It returns the block too.
func paragraphs(lines []textLine) ([]bool, textBlock) {
	cont := make([]bool, len(lines))
	left, far := math.Inf(1), math.Inf(-1)
	for _, l := range lines {
		if len(l.cells) == 1 {
			left, far = math.Min(left, l.x0()), math.Max(far, l.x1())
		}
	}
	var ends []float64
	for _, l := range lines {
		if len(l.cells) == 1 && l.x1() >= left+0.8*(far-left) {
			ends = append(ends, l.x1())
		}
	}
	if len(ends) == 0 {
		return cont, textBlock{}
	}
	slices.Sort(ends)
	b := textBlock{left: left, right: ends[len(ends)/2]}
	for _, l := range lines {
		// a ruled table that reaches further past the prose's right edge
		// than it starts in from its left edge marks where the page's
		// text wraps: prose typed in cells merged across it wraps there
		if l.grid != nil && l.grid.xs[0] <= b.left+l.grid.xs[len(l.grid.xs)-1]-b.right {
			b.right = max(b.right, l.grid.xs[len(l.grid.xs)-1])
		}
	}
	for i := len(lines) - 2; i >= 0; i-- {
		l, next := lines[i], lines[i+1]
		cont[i] = (b.full(l) || b.wrapped(l, next)) && b.flushLeft(next) &&
			math.Abs(l.size-next.size) < 0.1*l.size &&
			l.y-next.y <= 2*l.size &&
			(!sentenceEnd(l.cells[0].s) || cont[i+1])
	}
	return cont, b
}

// sentenceEnd reports whether s ends a sentence: a paragraph that ends at
// the foot of a page is not continued on the next.
func sentenceEnd(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(s))
	return strings.ContainsRune("。！？!?", r)
}

// joinWrapped joins a wrapped line to its continuation: directly, except
// between two Latin letters or digits, which a line break separated as
// words (a line breaks anywhere in Chinese, but not inside a word or a
// number).
func joinWrapped(a, b string) string {
	ra, _ := utf8.DecodeLastRuneInString(a)
	rb, _ := utf8.DecodeRuneInString(b)
	alnum := func(r rune) bool { return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) }
	if alnum(ra) && alnum(rb) {
		return a + " " + b
	}
	return a + b
}

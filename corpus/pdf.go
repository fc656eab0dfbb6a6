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

// readPDF rebuilds the lines of a PDF's text layer from glyph positions, page
// by page. It parses in its own goroutine, under recover, and gives up when
// ctx is done: a panic, a hang or a truncated file is an error, never a
// crash. A goroutine stuck inside the PDF library cannot be stopped; it is
// abandoned.
func readPDF(ctx context.Context, data []byte, lim Limits) ([]fiscaldoc.Line, error) {
	type result struct {
		lines []fiscaldoc.Line
		err   error
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
		res.lines, res.err = parsePDF(ctx, data, lim.maxGlyphs())
	}()
	select {
	case res := <-done:
		return res.lines, res.err
	case <-ctx.Done():
		return nil, fmt.Errorf("PDF: %w", ctx.Err())
	}
}

// canceled is the panic value that stops a content stream's interpretation
// when the context is done.
type canceled struct{ error }

func parsePDF(ctx context.Context, data []byte, maxGlyphs int) ([]fiscaldoc.Line, error) {
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPDF, err)
	}
	var lines []fiscaldoc.Line
	st := glyphStats{max: maxGlyphs}
	n := r.NumPage()
	open := false // the last page ended in a paragraph that may go on
	for i := 1; i <= n; i++ {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("PDF page %d: %w", i, err)
		}
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		pg := pageLines(pageGlyphs(ctx, p, &st))
		for k, s := range pg.lines {
			if k == 0 && open && pg.openStart && !sentenceEnd(lines[len(lines)-1].Raw) {
				// a paragraph broken by the page break: one line, on the page it starts on
				last := &lines[len(lines)-1]
				last.Raw = joinWrapped(last.Raw, s)
				last.Text = normalize.Text(last.Raw)
				continue
			}
			lines = append(lines, fiscaldoc.Line{N: len(lines) + 1, Page: i, Raw: s, Text: normalize.Text(s)})
		}
		if len(pg.lines) > 0 {
			open = pg.openEnd
		}
	}
	if st.total > 0 && float64(st.bad) > badShare*float64(st.total) {
		return nil, fmt.Errorf("%w: %d of %d glyphs have no Unicode mapping (fonts such as GBK-EUC-H without ToUnicode)",
			ErrNoText, st.bad, st.total)
	}
	if len(lines) == 0 {
		return nil, fmt.Errorf("%w: no text on %d pages (scanned images?)", ErrNoText, n)
	}
	return lines, nil
}

// A glyph is one shown character in page space (points, y up).
type glyph struct {
	x0, x1, y float64
	size      float64 // font size in page space
	font      string  // font resource name, for learning its gaps
	s         string
}

// glyphStats counts the glyphs read and those that did not decode; max
// bounds the total (Limits.MaxGlyphs).
type glyphStats struct{ total, bad, max int }

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

// pageGlyphs interprets the page's content stream and returns its glyphs.
// Spaces advance but are not returned: gaps speak for them.
func pageGlyphs(ctx context.Context, p pdf.Page, st *glyphStats) []glyph {
	contents := p.V.Key("Contents")
	if contents.IsNull() {
		return nil
	}
	fonts := map[string]*font{}
	res := p.Resources().Key("Font")
	gs := textState{ctm: identity, th: 1}
	var stack []textState
	var tm, tlm matrix
	var out []glyph
	ops := 0

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
				out = append(out, glyph{x0: x, x1: x + w, y: trm[5], size: size, font: gs.fontName, s: text})
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
		case op == "Tm" && len(args) == 6:
			tm = matrix{num(0), num(1), num(2), num(3), num(4), num(5)}
			tlm = tm
		case op == "Td" && len(args) == 2:
			tlm = translate(num(0), num(1)).mul(tlm)
			tm = tlm
		case op == "TD" && len(args) == 2:
			gs.tl = -num(1)
			tlm = translate(num(0), num(1)).mul(tlm)
			tm = tlm
		case op == "T*":
			tlm = translate(0, -gs.tl).mul(tlm)
			tm = tlm
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
			tm = tlm
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
	return out
}

// A cell is a run of glyphs on one line with no wide gap inside.
type cell struct {
	x0, x1 float64
	s      string
}

// A textLine is one baseline's glyphs split into cells.
type textLine struct {
	y, size float64
	cells   []cell
}

func (l textLine) x0() float64 { return l.cells[0].x0 }
func (l textLine) x1() float64 { return l.cells[len(l.cells)-1].x1 }

// Gaps between glyphs, in ems of the line's font size, beyond a font's normal gap.
const (
	spaceGap = 0.15 // a word space
	cellGap  = 1.0  // a cell boundary
)

// pageLines turns a page's glyphs into text lines, top to bottom: table rows
// as tab-separated cells aligned to the table's columns, wrapped paragraphs
// joined back into one line.
func pageLines(glyphs []glyph) page {
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
	var lines []textLine
	for _, run := range baselines(gs) {
		lines = append(lines, splitCells(run))
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
		if a.y != b.y {
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

// splitCells joins a baseline's glyphs into cells, with a space for a word gap.
func splitCells(run []glyph) textLine {
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
	for i := 1; i < len(run); i++ {
		prev, g := run[i-1], run[i]
		gap := (g.x0 - prev.x1) / l.size
		switch {
		case gap > cellGap:
			c.s = b.String()
			l.cells = append(l.cells, c)
			b.Reset()
			c = cell{x0: g.x0}
		case gap > spaceGap:
			b.WriteByte(' ')
		}
		b.WriteString(g.s)
		c.x1 = math.Max(c.x1, g.x1)
	}
	c.s = b.String()
	l.cells = append(l.cells, c)
	return l
}

// layout emits a page's lines: runs of multi-cell lines (with the
// single-cell lines between them) as table rows, other lines as prose,
// wrapped prose lines joined into paragraphs.
func layout(lines []textLine) page {
	var pg page
	para, block := paragraphs(lines)
	for i := 0; i < len(lines); {
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
		pg.lines = append(pg.lines, tableRows(lines[i:j])...)
		pg.openEnd = false
		i = j
	}
	return pg
}

// A page is a page's lines as text, with what joining a paragraph across
// the page break needs to know.
type page struct {
	lines     []string
	openStart bool // the first line is prose at the text block's left edge: not a paragraph's indented start
	openEnd   bool // the last line is prose that runs to the block's right edge: its paragraph may go on
}

// tableEnd returns the end of the table that starts at lines[i]: it goes on
// through multi-cell lines and through up to three single-cell lines that
// lie between two multi-cell lines, each row close below the last; then
// through single-cell lines that follow the last closer than its rows
// follow each other, as the lines of a wrapped cell do (see wrapGap).
func tableEnd(lines []textLine, i int) int {
	end := i + 1
	for j := i + 1; j < len(lines); j++ {
		if lines[j-1].y-lines[j].y > 3*lines[j-1].size {
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
func tableRows(lines []textLine) []string {
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
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = strings.Join(r, "\t")
	}
	return out
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

// full reports whether a prose line runs to the block's right edge.
func (b textBlock) full(l textLine) bool {
	return len(l.cells) == 1 && b.right-b.left >= 20*l.size && l.x1() >= b.right-1.5*l.size
}

// flushLeft reports whether a prose line starts at the block's left edge.
func (b textBlock) flushLeft(l textLine) bool {
	return len(l.cells) == 1 && b.right-b.left >= 20*l.size && l.x0() <= b.left+l.size/2
}

// paragraphs reports, for each single-cell line, whether the next line
// continues it: the line is full (reaches the right edge of the page's text
// block), and the next line has the same size, follows at normal leading and
// is flush left (the first line of a paragraph is indented, its
// continuations are not). It returns the block too.
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
	for i := 0; i+1 < len(lines); i++ {
		l, next := lines[i], lines[i+1]
		cont[i] = b.full(l) && b.flushLeft(next) &&
			math.Abs(l.size-next.size) < 0.1*l.size &&
			l.y-next.y <= 2*l.size
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
// between two Latin letters, which a line break separated as words.
func joinWrapped(a, b string) string {
	ra, _ := utf8.DecodeLastRuneInString(a)
	rb, _ := utf8.DecodeRuneInString(b)
	if ra < utf8.RuneSelf && unicode.IsLetter(ra) && rb < utf8.RuneSelf && unicode.IsLetter(rb) {
		return a + " " + b
	}
	return a + b
}

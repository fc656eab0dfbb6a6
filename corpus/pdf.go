package corpus

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize"
	"github.com/ledongthuc/pdf"
)

// readPDF rebuilds the lines of a PDF's text layer from glyph positions.
// The library panics on some corrupt files: the panic becomes an error.
func readPDF(ctx context.Context, data []byte) (lines []fiscaldoc.Line, err error) {
	defer func() {
		if r := recover(); r != nil {
			lines, err = nil, fmt.Errorf("corrupt PDF: %v", r)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("PDF: %w", err)
	}
	for i := 1; i <= r.NumPage(); i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		for _, s := range pageLines(p.Content().Text) {
			lines = append(lines, fiscaldoc.Line{N: len(lines) + 1, Page: i, Raw: s, Text: normalize.Text(s)})
		}
	}
	if len(lines) == 0 {
		return nil, ErrNoText
	}
	return lines, nil
}

// pageLines groups glyphs into lines by baseline, top to bottom, and joins
// each line's glyphs left to right, with a tab where the gap is wider than
// a glyph.
func pageLines(glyphs []pdf.Text) []string {
	gs := glyphs[:0:0]
	for _, g := range glyphs {
		if g.S != "\n" && g.S != "\uFFFD" && strings.TrimSpace(g.S) != "" {
			gs = append(gs, g)
		}
	}
	sort.SliceStable(gs, func(i, j int) bool {
		if math.Abs(gs[i].Y-gs[j].Y) > tolerance(gs[i]) {
			return gs[i].Y > gs[j].Y
		}
		return gs[i].X < gs[j].X
	})
	var out []string
	var b strings.Builder
	for i, g := range gs {
		if i > 0 {
			prev := gs[i-1]
			switch {
			case math.Abs(prev.Y-g.Y) > tolerance(g):
				out = append(out, b.String())
				b.Reset()
			case g.X-(prev.X+prev.W) > g.FontSize:
				b.WriteByte('\t')
			}
		}
		b.WriteString(g.S)
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}

func tolerance(g pdf.Text) float64 { return math.Max(g.FontSize*0.4, 1) }

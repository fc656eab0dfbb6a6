package corpus

import (
	"math"
	"slices"
	"sort"
	"strings"
)

// This file reads ruled tables: the ruling lines a page draws (stroked
// segments and rectangles, thin filled rectangles), merged and snapped into
// grids whose cells hold the glyphs whose centres they contain.

// A rule is a horizontal (y0 == y1, x0 < x1) or vertical (x0 == x1,
// y0 < y1) ruling line in page space.
type rule struct{ x0, y0, x1, y1 float64 }

func (r rule) horizontal() bool { return r.y0 == r.y1 }

// Tolerances of the ruling geometry, in points.
const (
	snapTol  = 2.0  // lines this close are one line; a gap this small in a line is none
	thinFill = 2.5  // a filled rectangle this thin is a ruling line
	minRule  = 3.0  // a shorter segment is no ruling line (a dot, a tick)
	maxRules = 4096 // a page with more merged rules is not read as ruled tables
)

// segmentRule returns the rule of a stroked segment, when it is horizontal
// or vertical and long enough.
func segmentRule(a, b point) (rule, bool) {
	dx, dy := math.Abs(a.x-b.x), math.Abs(a.y-b.y)
	switch {
	case dy <= 0.5 && dx >= minRule:
		y := (a.y + b.y) / 2
		return rule{math.Min(a.x, b.x), y, math.Max(a.x, b.x), y}, true
	case dx <= 0.5 && dy >= minRule:
		x := (a.x + b.x) / 2
		return rule{x, math.Min(a.y, b.y), x, math.Max(a.y, b.y)}, true
	}
	return rule{}, false
}

// fillRule returns the rule a filled shape draws when its bounding box is
// thin and long: how many exporters draw cell borders.
func fillRule(pts []point) (rule, bool) {
	if len(pts) < 2 {
		return rule{}, false
	}
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range pts {
		x0, y0, x1, y1 = math.Min(x0, p.x), math.Min(y0, p.y), math.Max(x1, p.x), math.Max(y1, p.y)
	}
	w, h := x1-x0, y1-y0
	switch {
	case h <= thinFill && w >= minRule && w > 2*h:
		y := (y0 + y1) / 2
		return rule{x0, y, x1, y}, true
	case w <= thinFill && h >= minRule && h > 2*w:
		x := (x0 + x1) / 2
		return rule{x, y0, x, y1}, true
	}
	return rule{}, false
}

// mergeRules splits rules into horizontal and vertical ones and merges the
// collinear ones that overlap or nearly touch.
func mergeRules(rs []rule) (hs, vs []rule) {
	for _, r := range rs {
		if r.horizontal() {
			hs = append(hs, r)
		} else {
			// as a horizontal rule with x and y swapped, merged the same way
			vs = append(vs, rule{r.y0, r.x0, r.y1, r.x1})
		}
	}
	hs = mergeLevel(hs)
	vs = mergeLevel(vs)
	for i, r := range vs {
		vs[i] = rule{r.y0, r.x0, r.y1, r.x1}
	}
	return hs, vs
}

// mergeLevel merges horizontal rules: those within snapTol of each other's
// level form one level (at their mean), and on a level the rules that
// overlap or lie within snapTol of each other become one.
func mergeLevel(hs []rule) []rule {
	if len(hs) == 0 {
		return nil
	}
	sort.Slice(hs, func(i, j int) bool { return hs[i].y0 < hs[j].y0 })
	var out []rule
	for i := 0; i < len(hs); {
		j, sum := i+1, hs[i].y0
		for j < len(hs) && hs[j].y0-hs[j-1].y0 <= snapTol/2 && hs[j].y0-hs[i].y0 <= snapTol {
			sum += hs[j].y0
			j++
		}
		y := sum / float64(j-i)
		level := hs[i:j]
		sort.Slice(level, func(a, b int) bool { return level[a].x0 < level[b].x0 })
		cur := rule{level[0].x0, y, level[0].x1, y}
		for _, r := range level[1:] {
			if r.x0 <= cur.x1+snapTol {
				cur.x1 = math.Max(cur.x1, r.x1)
				continue
			}
			out = append(out, cur)
			cur = rule{r.x0, y, r.x1, y}
		}
		out = append(out, cur)
		i = j
	}
	return out
}

// A lattice is a ruled table: its column borders left to right, its row
// borders top to bottom, and its cells, merged cells once each.
type lattice struct {
	xs, ys []float64
	cells  []latticeCell // in row, then column order of their top-left corner
	top    float64       // ys[0]
}

// A latticeCell spans grid rows r0..r1-1 and columns c0..c1-1.
type latticeCell struct {
	r0, c0, r1, c1 int
	glyphs         []glyph
	lines          []string // its text, one entry a baseline, top to bottom
}

// lattices finds the ruled tables among a page's rules: groups of
// horizontal and vertical rules that cross each other, forming a grid of at
// least two cells.
func lattices(rules []rule) []*lattice {
	hs, vs := mergeRules(rules)
	if len(hs) < 2 || len(vs) < 2 || len(hs)+len(vs) > maxRules {
		return nil
	}
	sets := newUnion(len(hs) + len(vs)) // hs, then vs
	for i, h := range hs {
		for j, v := range vs {
			if v.x0 >= h.x0-snapTol && v.x0 <= h.x1+snapTol && h.y0 >= v.y0-snapTol && h.y0 <= v.y1+snapTol {
				sets.join(i, len(hs)+j)
			}
		}
	}
	groups := map[int][2][]rule{}
	var roots []int
	for i := range len(hs) + len(vs) {
		root := sets.find(i)
		g, ok := groups[root]
		if !ok {
			roots = append(roots, root)
		}
		if i < len(hs) {
			g[0] = append(g[0], hs[i])
		} else {
			g[1] = append(g[1], vs[i-len(hs)])
		}
		groups[root] = g
	}
	var out []*lattice
	for _, root := range roots {
		g := groups[root]
		if t := grid(g[0], g[1]); t != nil {
			out = append(out, t)
		}
	}
	return out
}

// levels snaps coordinates into sorted distinct levels.
func levels(cs []float64) []float64 {
	slices.Sort(cs)
	var out []float64
	for i := 0; i < len(cs); {
		j, sum := i+1, cs[i]
		for j < len(cs) && cs[j]-cs[j-1] <= snapTol/2 && cs[j]-cs[i] <= snapTol {
			sum += cs[j]
			j++
		}
		out = append(out, sum/float64(j-i))
		i = j
	}
	return out
}

// covered reports whether one of rules (horizontal) covers x at level y.
func covered(rules []rule, y, x float64) bool {
	for _, r := range rules {
		if math.Abs(r.y0-y) <= snapTol && r.x0-snapTol <= x && x <= r.x1+snapTol {
			return true
		}
	}
	return false
}

// grid builds the lattice of one group of crossing rules: the grid of its
// distinct levels, where a border missing between two grid cells merges
// them (spans). It is nil when the group forms fewer than two cells.
func grid(hs, vs []rule) *lattice {
	var xs, ys []float64
	for _, v := range vs {
		xs = append(xs, v.x0)
	}
	for _, h := range hs {
		ys = append(ys, h.y0)
	}
	xs, ys = levels(xs), levels(ys)
	slices.Reverse(ys) // top to bottom
	nr, nc := len(ys)-1, len(xs)-1
	if nr < 1 || nc < 1 || nr*nc < 2 || nr*nc > 1<<16 {
		return nil
	}
	// vertical rules as horizontal ones with x and y swapped, for covered
	swapped := make([]rule, len(vs))
	for i, v := range vs {
		swapped[i] = rule{v.y0, v.x0, v.y1, v.x1}
	}
	sets := newUnion(nr * nc) // grid cell r*nc+c
	for r := range nr {
		ymid := (ys[r] + ys[r+1]) / 2
		for c := range nc {
			xmid := (xs[c] + xs[c+1]) / 2
			if c+1 < nc && !covered(swapped, xs[c+1], ymid) {
				sets.join(r*nc+c, r*nc+c+1)
			}
			if r+1 < nr && !covered(hs, ys[r+1], xmid) {
				sets.join(r*nc+c, (r+1)*nc+c)
			}
		}
	}
	boxes := map[int]*latticeCell{}
	var order []int
	for r := range nr {
		for c := range nc {
			root := sets.find(r*nc + c)
			b, ok := boxes[root]
			if !ok {
				b = &latticeCell{r0: r, c0: c, r1: r + 1, c1: c + 1}
				boxes[root] = b
				order = append(order, root)
				continue
			}
			b.r0, b.c0 = min(b.r0, r), min(b.c0, c)
			b.r1, b.c1 = max(b.r1, r+1), max(b.c1, c+1)
		}
	}
	if len(order) < 2 {
		return nil
	}
	t := &lattice{xs: xs, ys: ys, top: ys[0]}
	for _, root := range order {
		t.cells = append(t.cells, *boxes[root])
	}
	sort.SliceStable(t.cells, func(i, j int) bool {
		a, b := t.cells[i], t.cells[j]
		if a.r0 != b.r0 {
			return a.r0 < b.r0
		}
		return a.c0 < b.c0
	})
	return t
}

// contains reports whether a glyph's centre lies inside the lattice.
func (t *lattice) contains(g glyph) bool {
	x, y := (g.x0+g.x1)/2, g.y+g.size/3
	return x > t.xs[0] && x < t.xs[len(t.xs)-1] && y < t.ys[0] && y > t.ys[len(t.ys)-1]
}

// place puts a glyph inside the lattice into the cell containing its centre.
func (t *lattice) place(g glyph, index map[[2]int]int) {
	x, y := (g.x0+g.x1)/2, g.y+g.size/3
	c := sort.SearchFloat64s(t.xs, x) - 1
	r := sort.Search(len(t.ys), func(i int) bool { return t.ys[i] < y }) - 1
	if k, ok := index[[2]int{r, c}]; ok {
		t.cells[k].glyphs = append(t.cells[k].glyphs, g)
	}
}

// fill assigns the glyphs inside the lattice to its cells and sets each
// cell's lines (shown: see splitCells); it returns the glyphs outside.
func (t *lattice) fill(gs []glyph, shown bool) []glyph {
	index := map[[2]int]int{} // grid position → cell covering it
	for k, c := range t.cells {
		for r := c.r0; r < c.r1; r++ {
			for col := c.c0; col < c.c1; col++ {
				index[[2]int{r, col}] = k
			}
		}
	}
	var rest []glyph
	for _, g := range gs {
		if t.contains(g) {
			t.place(g, index)
		} else {
			rest = append(rest, g)
		}
	}
	for k := range t.cells {
		c := &t.cells[k]
		if len(c.glyphs) == 0 {
			continue
		}
		for _, run := range baselines(c.glyphs) {
			l := splitCells(run, shown)
			parts := make([]string, len(l.cells))
			for i, p := range l.cells {
				parts[i] = p.s
			}
			c.lines = append(c.lines, strings.Join(parts, " "))
		}
		c.glyphs = nil
	}
	return rest
}

// text is a cell's lines joined as one value.
func (c latticeCell) text() string {
	s := ""
	for i, l := range c.lines {
		if i == 0 {
			s = l
			continue
		}
		s = joinWrapped(s, l)
	}
	return s
}

// A union is a union-find over 0..n-1.
type union []int

func newUnion(n int) union {
	u := make(union, n)
	for i := range u {
		u[i] = i
	}
	return u
}

func (u union) find(i int) int {
	for u[i] != i {
		u[i] = u[u[i]]
		i = u[i]
	}
	return i
}

func (u union) join(i, j int) { u[u.find(i)] = u.find(j) }

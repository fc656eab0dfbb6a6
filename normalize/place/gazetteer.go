package place

import (
	_ "embed"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed data/divisions.tsv
var divisionsTSV string

// Levels of a Place.
const (
	Province   = 1
	Prefecture = 2
	County     = 3
)

// A Place is one administrative division as the gazetteer lists it.
type Place struct {
	Code       string // six-digit GB/T 2260 code
	Province   string // 湖北省
	Prefecture string // 武汉市; the municipality for its districts; "" for a province or a county governed by its province
	County     string // 青山区; "" above county level
	Snapshots  []int  // code sets that list it under this name: 2019, 2021, 2023
}

// Level is Province, Prefecture or County.
func (p Place) Level() int {
	switch {
	case p.County != "":
		return County
	case p.Prefecture != "":
		return Prefecture
	}
	return Province
}

// Name is the place's own name: its county, else its prefecture, else its province.
func (p Place) Name() string {
	switch p.Level() {
	case County:
		return p.County
	case Prefecture:
		return p.Prefecture
	}
	return p.Province
}

// Current reports whether the newest code set still lists the place.
func (p Place) Current() bool {
	return len(p.Snapshots) > 0 && p.Snapshots[len(p.Snapshots)-1] == 2023
}

func (p Place) String() string {
	names := []string{p.Province}
	if p.Prefecture != p.Province { // not a municipality's district
		names = append(names, p.Prefecture)
	}
	names = append(names, p.County, p.Code)
	return strings.Join(strings.Fields(strings.Join(names, " ")), " ")
}

type gazetteer struct {
	places []Place
	names  map[string][]int // full name or alias → indices into places
	starts map[uint64]int   // first two characters of names (pair) → longest such name in runes
}

var loadGazetteer = sync.OnceValue(func() *gazetteer {
	g := &gazetteer{names: map[string][]int{}, starts: map[uint64]int{}}
	for _, line := range strings.Split(divisionsTSV, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		p := Place{Code: f[0], Province: f[1], Prefecture: f[2], County: f[3]}
		for _, y := range strings.Fields(f[4]) {
			n, _ := strconv.Atoi(y)
			p.Snapshots = append(p.Snapshots, n)
		}
		g.places = append(g.places, p)
	}
	for i, p := range g.places {
		for _, n := range append([]string{p.Name()}, aliases(p.Name(), p.Level())...) {
			if !containsInt(g.names[n], i) {
				g.names[n] = append(g.names[n], i)
			}
			if rs := []rune(n); len(rs) >= 2 {
				k := pair(rs[0], rs[1])
				g.starts[k] = max(g.starts[k], len(rs))
			}
		}
	}
	return g
})

// pair is the key of two characters in gazetteer.starts: an integer key
// hashes faster than a [2]rune.
func pair(a, b rune) uint64 { return uint64(a)<<32 | uint64(b) }

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// Ethnic groups named in autonomous units' names, longest first where one
// name starts another.
var ethnicGroups = strings.Fields("维吾尔 哈萨克 柯尔克孜 塔吉克 乌孜别克 塔塔尔 鄂温克 鄂伦春 达斡尔 锡伯 俄罗斯 蒙古 土家 哈尼 傈僳 拉祜 纳西 景颇 布依 仡佬 毛南 仫佬 撒拉 东乡 保安 裕固 普米 怒 独龙 德昂 布朗 阿昌 基诺 门巴 珞巴 赫哲 京 畲 水 瑶 彝 苗 侗 壮 黎 藏 回 白 傣 佤 羌 土 满 朝鲜")

// aliases returns the short forms by which a division's name is written:
// 湟源县 → 湟源; 红河哈尼族彝族自治州 → 红河, 红河州; 广西壮族自治区 → 广西.
// A base of one character is no alias (寿县 stays 寿县).
func aliases(name string, level int) []string {
	var out []string
	add := func(s string) {
		if utf8.RuneCountInString(s) >= 2 && s != name {
			out = append(out, s)
		}
	}
	for _, suf := range []string{"特别行政区", "自治区", "自治州", "自治县", "自治旗"} {
		if base, ok := strings.CutSuffix(name, suf); ok {
			base = stripEthnic(base)
			add(base)
			if level > Province {
				add(base + strings.TrimPrefix(suf, "自治"))
			}
			return out
		}
	}
	for _, suf := range []string{"林区", "地区", "新区", "省", "市", "县", "区", "旗", "盟"} {
		if base, ok := strings.CutSuffix(name, suf); ok {
			add(base)
			return out
		}
	}
	return out
}

// stripEthnic cuts a base name before the first ethnic group name followed by 族.
func stripEthnic(base string) string {
	cut := len(base)
	for _, e := range ethnicGroups {
		if i := strings.Index(base, e+"族"); i > 0 && i < cut {
			cut = i
		}
	}
	return base[:cut]
}

// Lookup returns the places whose full or short name is name, newest code
// sets first, then by code.
func Lookup(name string) []Place {
	g := loadGazetteer()
	idx := g.names[name]
	out := make([]Place, len(idx))
	for i, j := range idx {
		out[i] = g.places[j]
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Current() != out[j].Current() {
			return out[i].Current()
		}
		return out[i].Code < out[j].Code
	})
	return out
}

// A mention is one name found in a text.
type mention struct {
	name   string
	full   bool // the full name, not a short form
	places []int
}

// mentions scans s for place names, longest match first at each position.
// A district name of two characters ending in 区 (城区, 郊区, 矿区) counts
// only right after its own prefecture's name.
func (g *gazetteer) mentions(s string) []mention {
	rs := []rune(s)
	// at[i] is the byte offset of rune i, so that a name is looked up as a
	// substring of s, not a new string; an invalid byte (U+FFFD in rs) is
	// in no name either way.
	at := make([]int, 0, len(rs)+1)
	for i := range s {
		at = append(at, i)
	}
	at = append(at, len(s))
	var out []mention
	var prev []int
	for i := 0; i < len(rs); {
		longest := 0
		if i+1 < len(rs) {
			longest = g.starts[pair(rs[i], rs[i+1])]
		}
		if longest == 0 {
			i++
			continue
		}
		found := false
		for n := min(longest, len(rs)-i); n >= 2; n-- {
			name := s[at[i]:at[i+n]]
			idx, ok := g.names[name]
			if !ok {
				continue
			}
			full := false
			for _, j := range idx {
				if g.places[j].Name() == name {
					full = true
				}
			}
			if n == 2 && rs[i+1] == '区' && !g.underAny(idx, prev) {
				continue
			}
			out = append(out, mention{name: name, full: full, places: g.outermost(idx)})
			prev = idx
			i += n
			found = true
			break
		}
		if !found {
			i++
		}
	}
	return out
}

// outermost drops from a short name's places those that lie in another of
// them: 红河 names 红河哈尼族彝族自治州, not its 红河县.
func (g *gazetteer) outermost(idx []int) []int {
	var out []int
	for _, i := range idx {
		inner := false
		for _, j := range idx {
			inner = inner || g.within(g.places[i], g.places[j])
		}
		if !inner {
			out = append(out, i)
		}
	}
	return out
}

// underAny reports whether one of the places idx lies in one of the places parents.
func (g *gazetteer) underAny(idx, parents []int) bool {
	for _, i := range idx {
		for _, j := range parents {
			if g.within(g.places[i], g.places[j]) {
				return true
			}
		}
	}
	return false
}

// within reports whether p lies in the larger division q.
func (g *gazetteer) within(p, q Place) bool {
	switch q.Level() {
	case Province:
		return p.Level() > Province && p.Province == q.Province
	case Prefecture:
		return p.Level() == County && p.Province == q.Province && p.Prefecture == q.Prefecture
	}
	return false
}

// Resolve finds the place that texts, such as an org name and its document's
// title, speak of: the county-level unit if one is named, else the
// prefecture, else the province. A county whose prefecture or province is
// also named wins over one of the same name elsewhere (武汉市青山区 is
// 420107, not 包头市's 150204). It reports false when nothing or more than
// one place fits equally well.
func Resolve(texts ...string) (Place, bool) {
	g := loadGazetteer()
	var ms []weighted
	for _, t := range texts {
		for _, m := range g.mentions(t) {
			ms = append(ms, weighted{m, 1})
		}
	}
	return g.best(ms, false)
}

type weighted struct {
	mention
	w float64
}

// best scores every named place: weight of its own mentions (full names
// count double), plus the mentions of the divisions it lies in. Only
// places of the most specific level named compete. With countyInFull, a
// county must be named in full at least once and weigh at least half as
// much as its prefecture: a report of 红河州 that names 蒙自市 in passing
// is about the prefecture.
func (g *gazetteer) best(ms []weighted, countyInFull bool) (Place, bool) {
	own := map[int]float64{}
	inFull := map[int]bool{}
	for _, m := range ms {
		w := m.w
		if m.full {
			w *= 2
		}
		for _, i := range m.places {
			own[i] += w
			inFull[i] = inFull[i] || m.full && g.places[i].Name() == m.name
		}
	}
	if countyInFull {
		for i := range own {
			if g.places[i].Level() == County && (!inFull[i] || own[i] < g.parentWeight(i, own)/2) {
				delete(own, i)
			}
		}
	}
	if len(own) == 0 {
		return Place{}, false
	}
	for level := County; level >= Province; level-- {
		score := map[int]float64{}
		for i, w := range own {
			p := g.places[i]
			if p.Level() != level {
				continue
			}
			score[i] = w
			for j, wj := range own {
				if g.within(p, g.places[j]) {
					score[i] += wj
				}
			}
		}
		if len(score) == 0 {
			continue
		}
		// A named prefecture rules out counties outside it.
		if level == County {
			for i := range score {
				if g.outsideNamed(i, own) {
					delete(score, i)
				}
			}
			if len(score) == 0 {
				continue
			}
		}
		return g.pick(score)
	}
	return Place{}, false
}

// parentWeight is the weight of the mentions of place i's prefecture.
func (g *gazetteer) parentWeight(i int, own map[int]float64) float64 {
	w := 0.0
	for j, wj := range own {
		if q := g.places[j]; q.Level() == Prefecture && g.within(g.places[i], q) {
			w += wj
		}
	}
	return w
}

// outsideNamed reports whether county i lies outside every prefecture named,
// when some are.
func (g *gazetteer) outsideNamed(i int, own map[int]float64) bool {
	named := false
	for j := range own {
		q := g.places[j]
		if q.Level() != Prefecture || q.Prefecture == q.Province {
			continue
		}
		named = true
		if g.within(g.places[i], q) {
			return false
		}
	}
	return named
}

// pick returns the best-scored place; ties between different places are
// ambiguous unless one is current and the others are retired codes.
func (g *gazetteer) pick(score map[int]float64) (Place, bool) {
	var top []int
	hi := 0.0
	for i, s := range score {
		switch {
		case s > hi:
			hi, top = s, []int{i}
		case s == hi:
			top = append(top, i)
		}
	}
	if len(top) > 1 {
		var cur []int
		for _, i := range top {
			if g.places[i].Current() {
				cur = append(cur, i)
			}
		}
		if len(cur) != 1 {
			return Place{}, false
		}
		top = cur
	}
	return g.places[top[0]], true
}

package extract

import (
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize/place"
)

// The place of a document — province, prefecture, county, region_code —
// comes from the gazetteer (package place) for the place its org names,
// at the level the org names it:
//
//	湟源县医疗保障局               → 青海省 西宁市 湟源县 630123
//	武汉市青山区医疗保障局          → 湖北省 武汉市 青山区 420107
//	梧州市农产品质量安全综合检测中心 → 广西壮族自治区 梧州市 (a city's unit: no county, no code)
//
// When the org names no place, or the gazetteer lists its place more than
// once (青山区 is in 武汉 and in 包头), or there is no org (a county-wide
// total), the document's own consensus decides (place.DocumentPlace), read
// without the titles of the rules it cites: 《合肥市…管理办法》 names who
// made the rule, not who reports. Of a unit whose code changed (弋江区
// 340203 → 340209), the code of the set in force in the fiscal year is
// taken. OCR variants of the place were repaired before extraction (see
// place.RepairDocument), so the org is read repaired.

// extractPlace sets doc.Meta's Province, Prefecture, County and RegionCode
// and emits them as facts on the line the place was read from. It runs
// after meta, whose org and fiscal year it reads.
func extractPlace(doc *fiscaldoc.Document) {
	p, ln, ok := documentPlace(doc)
	if !ok {
		return
	}
	p = inForce(p, doc.Meta.FiscalYear)
	m := &doc.Meta
	m.Province = p.Province
	emit := func(field, value string) {
		if value != "" {
			doc.Facts = append(doc.Facts, TextFact(field, value, fiscaldoc.FromMeta, ln))
		}
	}
	emit("province", p.Province)
	if p.Level() >= place.Prefecture {
		m.Prefecture = p.Prefecture
		emit("prefecture", p.Prefecture)
	}
	if p.Level() == place.County {
		m.County, m.RegionCode = p.County, p.Code
		emit("county", p.County)
		emit("region_code", p.Code)
	}
}

// documentPlace returns the place of doc and the line it was read from.
func documentPlace(doc *fiscaldoc.Document) (place.Place, fiscaldoc.Line, bool) {
	if org := doc.Meta.Org; org != "" {
		if p, ok := place.Resolve(org); ok {
			return p, factLine(doc, "org"), true
		}
	}
	lines := uncited(doc.Lines)
	p, ok := place.DocumentPlace(lines)
	if !ok {
		if doc.Meta.Org != "" {
			doc.Problemf(factLine(doc, "org").N, "place",
				"no place found for %s: the org names none the gazetteer lists once, and the text agrees on none", doc.Meta.Org)
		}
		return place.Place{}, fiscaldoc.Line{}, false
	}
	for i, l := range lines {
		if q, ok := place.Resolve(l.Text); ok && q.Code == p.Code {
			return p, doc.Lines[i], true
		}
	}
	for i, l := range lines {
		if strings.Contains(l.Text, p.Name()) {
			return p, doc.Lines[i], true
		}
	}
	return p, doc.Lines[0], true
}

// factLine returns the line of the first fact of field, or a zero Line.
func factLine(doc *fiscaldoc.Document, field string) fiscaldoc.Line {
	for _, f := range doc.Facts {
		if f.Field != field {
			continue
		}
		for _, l := range doc.Lines {
			if l.N == f.Line {
				return l
			}
		}
	}
	return fiscaldoc.Line{}
}

// uncited returns a copy of lines with the titles of cited documents
// (《…》) and furniture cut out of Text. A title left open at a line's end runs on into
// the next line if that line closes it.
func uncited(lines []fiscaldoc.Line) []fiscaldoc.Line {
	out := append([]fiscaldoc.Line(nil), lines...)
	open := false
	for i := range out {
		if out[i].Furniture {
			out[i].Text = ""
			continue
		}
		open = open && strings.ContainsRune(out[i].Text, '》')
		var b strings.Builder
		for _, r := range out[i].Text {
			switch {
			case r == '《':
				open = true
			case r == '》':
				open = false
			case !open:
				b.WriteRune(r)
			}
		}
		out[i].Text = b.String()
	}
	return out
}

// inForce returns, of the units the gazetteer lists under p's names, the
// one whose code sets lie nearest the fiscal year, a set published by then
// before a later one: 2019's code for a 2020 report, 2021's for 2022.
func inForce(p place.Place, year int) place.Place {
	if year == 0 {
		return p
	}
	best, bestDist := p, -1
	for _, q := range place.Lookup(p.Name()) {
		if q.Province != p.Province || q.Prefecture != p.Prefecture || q.County != p.County {
			continue
		}
		for _, set := range q.Snapshots {
			d := 2 * (set - year) // a later set counts one more than an earlier one as far
			if d < 0 {
				d = -d - 1
			}
			if bestDist < 0 || d < bestDist {
				best, bestDist = q, d
			}
		}
	}
	return best
}

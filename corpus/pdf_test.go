package corpus

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/fiscaldoc/fiscaldoc"
)

// The fixtures in testdata/pdf were made by testdata/pdf/make_fixtures.py
// from the sample reports: NAME.reportlab.pdf (embedded TrueType subsets) and
// NAME.cairo.pdf (the same rewritten by pdftocairo: Identity-H fonts that
// declare glyphs narrower than drawn).
var pdfShapes = []string{"reportlab", "cairo"}

func readFixture(tb testing.TB, name string) ([]fiscaldoc.Line, error) {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "pdf", name))
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	lines, _, err := readPDF(ctx, data, Limits{})
	return lines, err
}

// cells returns a row's cells trimmed, without leading or trailing empty
// cells: a PDF cannot show a column that is empty in every row of its table,
// and the dumps' rows start at different columns.
func cells(row []string) string {
	out := make([]string, len(row))
	for i, c := range row {
		out[i] = strings.TrimSpace(c)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	for len(out) > 0 && out[0] == "" {
		out = out[1:]
	}
	return strings.Join(out, "\t")
}

// sourceRows returns the table rows of a text dump, in the two forms the
// dumps use: tab-separated cells on one line, and one "\tcell" per line with
// rows separated by blank lines.
func sourceRows(tb testing.TB, path string) map[string]bool {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	cellLine := regexp.MustCompile(`^\t[^\t]*$`)
	rows := map[string]bool{}
	var row []string
	end := func() {
		if row != nil {
			rows[cells(row)] = true
			row = nil
		}
	}
	for _, l := range strings.Split(string(data), "\n") {
		switch {
		case cellLine.MatchString(l):
			row = append(row, l[1:])
		case strings.Contains(l, "\t"):
			end()
			rows[cells(strings.Split(l, "\t"))] = true
		default:
			end()
		}
	}
	end()
	return rows
}

func TestReadPDFTables(t *testing.T) {
	const source = "sample/seeds/000_a7e910d23776a192.txt"
	want := []string{
		"财政供养人员情况（人）\t编制数\t2023年实际在职人数\t控制率",
		"76\t61\t80.26%",
		"经费控制情况（万元）\t2022年决算数\t2023年预算数\t2023年决算数",
		"一、部门基本支出\t1165.9\t585.69\t870",
		"三公经费\t7.03\t7.1\t6.4",
		"公车运行维护\t2.48\t2.5\t2.45",
		"3.公务接待\t4.55\t4.6\t3.95",
		"政府采购金额\t——",
		"一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
		"满意度\t参保人员满意度\t90%\t90%\t10\t10",
		"医保监管药店\t196\t196\t5\t3\t全部监管",
		"厉行节约保障措施\t加强组织领导和制度保障，加强节约宣传教育，严控办公经费。", // wrapped over three lines
	}
	src := sourceRows(t, source)
	for _, w := range want {
		if !src[w] {
			t.Fatalf("test row %q is not a row of %s", w, source)
		}
	}
	for _, shape := range pdfShapes {
		t.Run(shape, func(t *testing.T) {
			lines, err := readFixture(t, "000."+shape+".pdf")
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			multi := 0 // PDF rows of two or more cells that are rows of the source
			rows := 0
			for _, l := range lines {
				if l.Page < 1 || l.Page > 6 {
					t.Errorf("line %d: page %d, want 1..6", l.N, l.Page)
				}
				r := cells(strings.Split(l.Raw, "\t"))
				got[r] = true
				if strings.Count(r, "\t") > 0 {
					rows++
					if !src[r] {
						t.Logf("not a row of the source: %q", r)
					}
					if src[r] {
						multi++
					}
				}
			}
			for _, w := range want {
				if !got[w] {
					t.Errorf("row %q missing", w)
				}
			}
			// The misses are rows of the 自评表 whose cells the source
			// itself places under other columns than its header's.
			if rows < 35 || float64(multi) < 0.7*float64(rows) {
				t.Errorf("%d of %d multi-cell rows are rows of the source, want ≥ 70%% of ≥ 35", multi, rows)
			}
		})
	}
}

func TestReadPDFProse(t *testing.T) {
	const source = "sample/seeds/004_fee7a20f3e72fca5.txt"
	data, err := os.ReadFile(source)
	if err != nil {
		t.Fatal(err)
	}
	noSpace := func(s string) string { return strings.Join(strings.Fields(s), "") }
	var paras []string
	for _, l := range strings.Split(string(data), "\n") {
		if l = noSpace(l); l != "" {
			paras = append(paras, l)
		}
	}
	want := []string{
		"安宁市医疗保障局2023年度部门整体支出绩效自评报告",
		// wrapped over three lines in the PDF
		"4.继续做好参保扩面工作。截至12月底,完成2023年基本医疗保险参保人数为30.82万人(其中,城镇职工参保12.59万人,城乡居民参保18.23万人),完成昆明市下达目标30.29万人的101.75%。农村低收入人口和脱贫人口100%参保,实现参保动态全覆盖。",
	}
	for _, shape := range pdfShapes {
		t.Run(shape, func(t *testing.T) {
			lines, err := readFixture(t, "004."+shape+".pdf")
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for i, l := range lines {
				if l.N != i+1 {
					t.Errorf("line %d numbered %d", i+1, l.N)
				}
				if strings.Contains(l.Raw, "\t") {
					t.Errorf("line %d: prose split into cells: %q", l.N, l.Raw)
				}
				got[noSpace(l.Raw)] = true
			}
			for _, w := range want {
				if !got[w] {
					t.Errorf("paragraph %q missing", w)
				}
			}
			found := 0
			for _, p := range paras {
				if got[p] {
					found++
				}
			}
			// Paragraphs broken by a page break are joined too.
			if found != len(paras) {
				t.Errorf("%d of %d source paragraphs are lines of the PDF, want all", found, len(paras))
			}
		})
	}
}

func TestReadPDFSmall(t *testing.T) {
	lines, err := readFixture(t, "small.pdf")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range lines {
		got = append(got, l.Raw)
	}
	want := []string{
		"code\tbudget\tactual\trate",
		"2101501\t585.69\t870.00\t148.5%",
		"2101502\t\t6.40\t",
		"Total expenditure 876.40 in 2023, against a budget of 585.69.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestReadPDFErrors(t *testing.T) {
	tests := []struct {
		name string
		err  error
	}{
		{"scanned.pdf", ErrNoText},
		{"truncated.pdf", ErrPDF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines, err := readFixture(t, tt.name)
			if !errors.Is(err, tt.err) || lines != nil {
				t.Errorf("got %d lines, %v; want %v", len(lines), err, tt.err)
			}
		})
	}
}

// Raw bytes from a CMap the library cannot decode (GBK-EUC-H without
// ToUnicode) must be an error, not text (issue 9).
func TestReadPDFUndecoded(t *testing.T) {
	f := &font{enc: rawEncoding{}, twoByte: true, mixed: true}
	tests := []struct {
		code string
		ok   bool
	}{
		{"A", true},
		{"\xc4\xea", false},     // 年 in GBK, shown as raw bytes
		{"\x01", false},         // control byte
		{"\xee\x80\x80", false}, // U+E000, private use
	}
	for _, tt := range tests {
		if _, ok := f.decode(tt.code); ok != tt.ok {
			t.Errorf("decode(%q) ok = %v, want %v", tt.code, ok, tt.ok)
		}
	}
	if got := f.codes("A\xc4\xeaB"); strings.Join(got, "|") != "A|\xc4\xea|B" {
		t.Errorf("codes = %q, want [A \\xc4\\xea B]", got)
	}
}

type rawEncoding struct{}

func (rawEncoding) Decode(s string) string { return s }

func TestReadPDFCanceled(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "pdf", "000.cairo.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := readPDF(ctx, data, Limits{}); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

// checkReadPDF reads data within a bound and checks what any PDF must give:
// lines or an error, lines numbered in order with a page and no line break.
func checkReadPDF(t *testing.T, data []byte) {
	const bound = 5 * time.Second
	ctx, cancel := context.WithTimeout(context.Background(), bound)
	defer cancel()
	start := time.Now()
	lines, _, err := readPDF(ctx, data, Limits{})
	if d := time.Since(start); d > bound+time.Second {
		t.Fatalf("took %v, bound %v", d, bound)
	}
	if (err == nil) == (len(lines) == 0) {
		t.Fatalf("got %d lines and error %v: want lines or an error", len(lines), err)
	}
	for i, l := range lines {
		if l.N != i+1 || l.Page < 1 || strings.ContainsRune(l.Raw, '\n') {
			t.Fatalf("line %d: %+v", i+1, l)
		}
	}
}

// onePagePDF wraps a content stream into a one-page PDF with a correct
// cross-reference table, its font resources a standard Type1 font (F1) and
// a Type0 Identity-H font with a W array (F2).
func onePagePDF(content []byte) []byte { return pagePDF(content, "", 1) }

// pagePDF is onePagePDF with the content stream already encoded by filter
// ("" for none, or e.g. "/FlateDecode") and drawn repeat times: the page's
// /Contents array names the one stream that often.
func pagePDF(content []byte, filter string, repeat int) []byte {
	if filter != "" {
		filter = " /Filter " + filter
	}
	refs := strings.TrimSpace(strings.Repeat("4 0 R ", repeat))
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [" + refs + "]" +
			" /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d%s >>\nstream\n%s\nendstream", len(content), filter, content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		"<< /Type /Font /Subtype /Type0 /BaseFont /F /Encoding /Identity-H /DescendantFonts [7 0 R] >>",
		"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /F /DW 1000 /W [1 [500 600] 3 9 700] >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// A glyph followed now by a digit and now by a space keeps its spaces: only
// glyphs always followed by the same gap learn their own (see normalGaps).
func TestReadPDFWordSpaces(t *testing.T) {
	content := "BT /F1 10 Tf 14 TL 72 700 Td (Total expenditure 876.40 in) Tj T* (2023, against 585.69.) Tj ET"
	lines, _, err := readPDF(context.Background(), onePagePDF([]byte(content)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range lines {
		got = append(got, l.Raw)
	}
	want := []string{"Total expenditure 876.40 in", "2023, against 585.69."}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q, want %q", got, want)
	}
}

// FuzzReadPDF fuzzes the content stream of a well-formed one-page PDF: the
// part of a PDF our own code interprets (text operators, fonts, glyph
// layout). Mutating whole files mostly breaks the cross-reference table,
// and the fuzzing engine spends up to a minute minimising each new input of
// a PDF's size (its byte-subset pass is quadratic): hence small seeds here
// and FuzzReadPDFFile for whole files.
func FuzzReadPDF(f *testing.F) {
	for _, s := range []string{
		"BT /F1 9 Tf 1 0 0 1 100 770 Tm (code) Tj 80 0 Td (585.69) Tj T* (6.40) ' ET",
		"q 2 0 0 2 10 10 cm BT /F2 8 Tf 0 -12 TD [<0001> -300 <00020003>] TJ 1 Tc 2 Tw 90 Tz 3 Ts (x) Tj ET Q",
		"BT /F1 10 Tf 14 TL 72 700 Td (Total expenditure 876.40 in) Tj T* (2023, against 585.69.) Tj ET",
		"100 700 m 300 700 l 300 600 l h S 99.7 600 0.6 100 re f 200 600 100 100 re B 0 0 m 1 1 2 2 3 3 c n " +
			"BT /F1 10 Tf 1 0 0 1 105 686 Tm (code) Tj 1 0 0 1 205 686 Tm (name) Tj ET",
		ruledPage,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, content []byte) {
		checkReadPDF(t, onePagePDF(content))
	})
}

// FuzzReadPDFFile fuzzes whole files, seeded with the small fixture. Run it
// with -fuzzminimizetime=1s: the default minute of minimising per new
// input of 2 KB leaves the engine a few executions a minute.
func FuzzReadPDFFile(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "pdf", "small.pdf"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Fuzz(checkReadPDF)
}

// BenchmarkReadPDF reads report fixtures in both shapes: pages/s, and docs/s
// to compare with BenchmarkReadText on the same reports' text dumps.
func BenchmarkReadPDF(b *testing.B) {
	for _, name := range []string{"000", "003"} {
		for _, shape := range pdfShapes {
			b.Run(name+"."+shape, func(b *testing.B) {
				data, err := os.ReadFile(filepath.Join("testdata", "pdf", name+"."+shape+".pdf"))
				if err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				b.SetBytes(int64(len(data)))
				pages := 0
				for b.Loop() {
					lines, _, err := readPDF(context.Background(), data, Limits{})
					if err != nil {
						b.Fatal(err)
					}
					pages += lines[len(lines)-1].Page
				}
				b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
			})
		}
	}
}

// BenchmarkReadText reads the text dumps the PDFs above were made from.
func BenchmarkReadText(b *testing.B) {
	for _, name := range []string{"000", "003"} {
		b.Run(name, func(b *testing.B) {
			paths, err := filepath.Glob(filepath.Join("sample", "seeds", name+"_*.txt"))
			if err != nil || len(paths) != 1 {
				b.Fatalf("sample %s: %v", name, err)
			}
			data, err := os.ReadFile(paths[0])
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				text, _, err := decode(data)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := splitLines(text, Limits{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

// deflate returns prefix and then n bytes of the repeated unit,
// zlib-compressed: a few megabytes at most that inflate to n.
func deflate(tb testing.TB, prefix, unit string, n int) []byte {
	tb.Helper()
	var b bytes.Buffer
	w, err := zlib.NewWriterLevel(&b, zlib.BestSpeed)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := w.Write([]byte(prefix)); err != nil {
		tb.Fatal(err)
	}
	chunk := []byte(strings.Repeat(unit, 1<<16/len(unit)))
	for written := 0; written < n; written += len(chunk) {
		if _, err := w.Write(chunk); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// TestReadPDFBombs: content streams that inflate to hundreds of megabytes
// are stopped by the glyph bound or the time bound, with a clear error,
// while the heap stays small (issue 10).
func TestReadPDFBombs(t *testing.T) {
	if testing.Short() {
		t.Skip("inflates large streams")
	}
	tests := []struct {
		name    string
		unit    string // repeated to fill the stream
		size    int    // of the stream
		repeat  int    // times the page draws it
		lim     Limits
		timeout time.Duration
		want    error
	}{
		// 64 MB of text, some 3.7 million glyphs, against a bound of 200,000.
		{"glyphs", "(AAAAAAAAAAAAAAAA) Tj ", 64 << 20, 1, Limits{MaxGlyphs: 200_000}, time.Minute, ErrTooLarge},
		// 2 GB of operators that draw nothing (a 64 MB stream drawn 32
		// times): only the time bound stops it.
		{"operators", "q Q ", 64 << 20, 32, Limits{}, 2 * time.Second, context.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := pagePDF(deflate(t, "BT /F1 10 Tf 72 700 Td ", tt.unit, tt.size), "/FlateDecode", tt.repeat)
			t.Logf("%d-byte PDF inflating to %d MB", len(data), tt.repeat*tt.size>>20)
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			ctx, cancel := context.WithTimeout(context.Background(), tt.timeout)
			defer cancel()
			_, _, err := readPDF(ctx, data, tt.lim)
			runtime.ReadMemStats(&after)
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			grown := int64(after.HeapSys) - int64(before.HeapSys)
			if grown > 400<<20 {
				t.Errorf("heap grew by %d MB", grown>>20)
			}
			t.Logf("heap grew by %d MB", grown>>20)
		})
	}
}

// BenchmarkReadPDFLattice reads PDFs with their ruling lines
// (lattice=true) and without (every table from glyph gaps), in one run:
// pages/s. Compare with benchstat -col /lattice.
func BenchmarkReadPDFLattice(b *testing.B) {
	for _, name := range []string{"shared/ttf/syn000000_210283_2024.pdf", "shared/cairo/syn000000_210283_2024.pdf", "lo/syn000000_210283_2024.pdf"} {
		data, err := os.ReadFile(filepath.Join("testdata", "pdf", name))
		if err != nil {
			b.Fatal(err)
		}
		for _, ruled := range []bool{true, false} {
			b.Run(fmt.Sprintf("%s/lattice=%v", strings.ReplaceAll(strings.TrimSuffix(name, ".pdf"), "/", "."), ruled), func(b *testing.B) {
				b.ReportAllocs()
				pages := 0
				for b.Loop() {
					text, err := parsePDF(context.Background(), data, 1<<20, ruled)
					if err != nil {
						b.Fatal(err)
					}
					pages += text.lines[len(text.lines)-1].Page
				}
				b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
			})
		}
	}
}

package extract

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/internal/testutil"
	"github.com/fiscaldoc/fiscaldoc/normalize"
)

// metaDoc builds a document from raw lines, normalised and segmented as the
// pipeline does.
func metaDoc(t *testing.T, text string) *fiscaldoc.Document {
	t.Helper()
	doc := &fiscaldoc.Document{Name: "test.txt"}
	for i, raw := range strings.Split(text, "\n") {
		doc.Lines = append(doc.Lines, fiscaldoc.Line{N: i + 1, Raw: raw, Text: normalize.Text(raw)})
	}
	normalize.Document(doc)
	doc.Tokens = testutil.Segmenter(t).SegmentLines(doc.Lines)
	return doc
}

func TestExtractMeta(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want fiscaldoc.Meta // DocType, Org, FiscalYear, ReportDate
	}{
		{
			name: "final accounts title, cover date, 部门 cells",
			in: "2021 年度青松市临江县交通运输局部门决算\n\n2022年9月3日\n\n目 录\n" +
				"部门: 青松市临江县交通运输局\n与2020年相比,收入增加。",
			want: fiscaldoc.Meta{DocType: fiscaldoc.FinalAccounts, Org: "青松市临江县交通运输局", FiscalYear: 2021, ReportDate: "2022-09-03"},
		},
		{
			name: "title split over lines, signature name with date on its line",
			in: "附件2\n2022年度临江县交通运输局整体支出\n\n绩效自评报告\n单位名称:(盖章)\n\n" +
				"本局2022年度整体支出情况如下,全年支出100万元,较2021年减少。\n" +
				"                    青松市临江县交通运输局         2023年 4 月 6日\n",
			want: fiscaldoc.Meta{DocType: fiscaldoc.DeptPerfSelfEval, Org: "青松市临江县交通运输局", FiscalYear: 2022, ReportDate: "2023-04-06"},
		},
		{
			name: "department report with 文件 header, signature line and 印发 line",
			in: "# 南湖区文化馆文件\n\n## 南湖区文化馆 2020年部门绩效自评报告\n\n区财政局:\n" +
				"按照要求,现将2020年自评情况报告如下。\n\n南湖区文化馆\n\n2020 年 12 月 09 日印发",
			want: fiscaldoc.Meta{DocType: fiscaldoc.DeptPerfSelfEval, Org: "南湖区文化馆", FiscalYear: 2020, ReportDate: "2020-12-09"},
		},
		{
			name: "stand-alone project table: year below the title, 实施单位, 发布时间",
			in: "白云州水务中心防汛股项目支出绩效自评\n    发布时间:2022-03-15 09:30\n" +
				"    项目支出绩效自评表\n    (2021年度)\n    项目名称 防汛经费\n    主管部门 实施单位 白云州水务中心\n",
			want: fiscaldoc.Meta{DocType: fiscaldoc.ProjectPerfSelfEval, Org: "白云州水务中心", FiscalYear: 2021, ReportDate: "2022-03-15"},
		},
		{
			name: "cells run together: signature name followed by a date",
			in: "现已完成自评。附件:2021年财政资金实施项目绩效自评表临江县林业局2021年12月20日绩效目标自评表(2021年度)" +
				"项目名称护林经费主管部门临江县林业局实施单位临江县林业局资金情况(万元)",
			want: fiscaldoc.Meta{DocType: fiscaldoc.ProjectPerfSelfEval, Org: "临江县林业局", FiscalYear: 2021, ReportDate: "2021-12-20"},
		},
		{
			name: "cover with 报告日期 and name label; the maker of the form and the web date do not count",
			in: "来源:财务科   2020-07-01 10:00\n\n青松市2019年度部门整体支出\n\n绩效评价自评报告\n\n" +
				"部门(单位)名称:  青松市城市管理中心\n\n报告日期:2020年06月10日\n\n青松市财政局(制)\n",
			want: fiscaldoc.Meta{DocType: fiscaldoc.DeptPerfSelfEval, Org: "青松市城市管理中心", FiscalYear: 2019, ReportDate: "2020-06-10"},
		},
		{
			name: "name label with the value on the next line; 填报日期 only",
			in: "2020年度部门整体支出绩效自评表\n\t单位区级预算部门名称\n\t临江县气象局\n" +
				"填表人:张三 填报日期:2021.5.6 联系电话:123",
			want: fiscaldoc.Meta{DocType: fiscaldoc.DeptPerfSelfEval, Org: "临江县气象局", FiscalYear: 2020, ReportDate: "2021-05-06"},
		},
		{
			name: "发布机构 and 发布日期 of a web page",
			in:   "- 发布机构: 白云州数据中心\n- 发布日期: 2023-02-01\n白云州数据中心2022年度项目支出绩效单位自评报告\n一、基本情况",
			want: fiscaldoc.Meta{DocType: fiscaldoc.ProjectPerfSelfEval, Org: "白云州数据中心", FiscalYear: 2022, ReportDate: "2023-02-01"},
		},
		{
			name: "unit named only in a sentence; dates in sentences do not date the report",
			in: "三公经费支出决算 2 万元,比预算减少。\n2019 年度一般公共预算财政拨款安排的三公经费支出\n" +
				"决算 2 万元。全年使用财政拨款安排青松市农业技术推广中心出国团组 0 个,\n截至2019年12月31日,车辆 1 辆。",
			want: fiscaldoc.Meta{DocType: fiscaldoc.FinalAccounts, Org: "青松市农业技术推广中心", FiscalYear: 2019},
		},
		{
			name: "the fuller name wins: a province in front of the title's name",
			in: "临江县文化馆2022年度一般公共预算财政拨款“三公”经费支出决算\n" +
				"南方省临江县文化馆2022年度“三公”经费支出预算为3万元,支出决算为1万元,较2021年减少。\n" +
				"南方省临江县文化馆2022年度“三公”经费支出决算中,公务接待费支出决算1万元。",
			want: fiscaldoc.Meta{DocType: fiscaldoc.FinalAccounts, Org: "南方省临江县文化馆", FiscalYear: 2022},
		},
		{
			name: "a misreading every table's unit line repeats loses to the name one character away whose place is known",
			in: "海口市琼山区市场监督管理局2024年部门预算\n\n2024年2月7日\n\n第一部分 海口市琼山区市场监督管理局概况\n\n" +
				"海口市琼山区市场监督管理局贯彻落实党中央的方针政策。\n" +
				strings.Repeat("2024年度部门收支总表\n部门: 海口市琼川区市场监督管理局 单位:万元\n", 7),
			want: fiscaldoc.Meta{DocType: fiscaldoc.DeptBudget, Org: "海口市琼山区市场监督管理局", FiscalYear: 2024, ReportDate: "2024-02-07"},
		},
		{
			name: "compiled by a finance bureau: no org",
			in:   "经临江县财政局汇总,2018年临江县部门及乡镇政府“三公”经费决算总额100万元,比上年下降1%。",
			want: fiscaldoc.Meta{DocType: fiscaldoc.FinalAccounts, FiscalYear: 2018},
		},
		{
			name: "traditional mirror with pinyin",
			in:   "臨江縣交通運(yùn)輸(shū)局2017年度部門決(jué)算公開\n一、臨江縣交通運(yùn)輸局概況\n開展對學(xué)齡前的工作。",
			want: fiscaldoc.Meta{DocType: fiscaldoc.FinalAccounts, Org: "临江县交通运输局", FiscalYear: 2017},
		},
		{
			name: "budget document, a traditional mirror",
			in:   "2019年临江县气象局“三公”經(jīng)費(fèi)預(yù)算情況說(shuō)明\n“三公”經費包括因公出國(境)費。",
			want: fiscaldoc.Meta{DocType: fiscaldoc.DeptBudget, Org: "临江县气象局", FiscalYear: 2019},
		},
		{
			name: "budget of one year and final accounts of another: neither kind nor year",
			in: "一、2022年“三公”经费预算安排情况\n2022年度“三公”经费预算总计2万元。\n" +
				"二、2021年“三公”经费决算情况\n2021年度“三公”经费合计支出1万元。",
			want: fiscaldoc.Meta{},
		},
		{
			name: "a budget titled by its year alone (…2022年部门预算)",
			in:   "某县水利局2022年部门预算\n一、部门职责\n负责全县水利工作。",
			want: fiscaldoc.Meta{DocType: fiscaldoc.DeptBudget, Org: "某县水利局", FiscalYear: 2022},
		},
		{
			name: "a 部门预算 printing last year's 三公 决算 stays a budget of its year",
			in: "某县水利局2022年部门预算\n2022年一般公共预算“三公”经费支出表\n合计\t公务接待费\n12.00\t4.00\n" +
				"2021年财政拨款“三公”经费支出决算表\n合计\t公务接待费\n10.50\t3.50",
			want: fiscaldoc.Meta{DocType: fiscaldoc.DeptBudget, Org: "某县水利局", FiscalYear: 2022},
		},
		// Issue 14 item 7: the org and the kind in any shape of the text.
		{
			name: "pipe table: 实施单位 cell of a project table, no title above it",
			in: "| 项目名称 | 防汛经费 |\n| 主管部门 | 临江县水务局 | 实施单位 | 临江县防汛抗旱服务中心 |\n" +
				"| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n| 产出指标 | 数量指标 | 巡查次数 | ≥12次 | 12次 | 10 | 10 |",
			want: fiscaldoc.Meta{DocType: fiscaldoc.ProjectPerfSelfEval, Org: "临江县防汛抗旱服务中心"},
		},
		{
			name: "tab row labels; the 主管部门 when no 实施单位 is printed",
			in:   "项目支出绩效自评表\n(2022年度)\n项目名称\t防汛经费\n主管部门\t临江县水务局\t实施单位\t\n三级指标\t年度指标值\t实际完成值",
			want: fiscaldoc.Meta{DocType: fiscaldoc.ProjectPerfSelfEval, Org: "临江县水务局", FiscalYear: 2022},
		},
		{
			name: "flattened form, a label cut by the export",
			in: "项目支出绩效自评表 (2023年度) 项目名称 河道清淤 项目主管单 位 临江县水务局 项目实施单 位 临江县河道管理所 " +
				"项目类型 常年性□ 延续性☑ 一级指标 二级指标 三级指标 年度指标值 实际完成值",
			want: fiscaldoc.Meta{DocType: fiscaldoc.ProjectPerfSelfEval, Org: "临江县河道管理所", FiscalYear: 2023},
		},
		{
			name: "the title's org stays for a department report that prints 实施单位 cells",
			in: "临江县水务局2022年度部门整体支出绩效自评报告\n一、基本情况\n实施单位:临江县河道管理所\n" +
				"\n临江县水务局\n2023年3月1日",
			want: fiscaldoc.Meta{DocType: fiscaldoc.DeptPerfSelfEval, Org: "临江县水务局", FiscalYear: 2022, ReportDate: "2023-03-01"},
		},
		{
			name: "an excerpt starting mid-table: the header vocabulary names the kind, no org",
			in:   "数量指标\t巡查次数\t≥12次\t12次\t10\t10\n三级指标\t年度指标值\t实际完成值\t分值\t得分\n质量指标\t合格率\t100%\t100%\t10\t10",
			want: fiscaldoc.Meta{DocType: fiscaldoc.ProjectPerfSelfEval},
		},
		{
			name: "a wenku preamble citing another unit's file: not the org",
			in: "《临江县财政局关于2022年度部门决算公开的通知.docx》由会员分享,可在线阅读,更多相关《临江县财政局2021年部门决算.docx》请在文库上搜索。\n" +
				"临江县水务局2022年部门决算\n一、部门概况",
			want: fiscaldoc.Meta{DocType: fiscaldoc.FinalAccounts, Org: "临江县水务局", FiscalYear: 2022},
		},
		{
			name: "a docx preamble's file name is not the org",
			in: "临江县财政局2021年决算.docx\n张三\n2019-05-22T04:56:35Z\n2022-05-16T06:53:23Z\nFalse\nFalse\n" +
				"项目支出绩效自评表\n(2022年度)\n项目名称\t防汛经费",
			want: fiscaldoc.Meta{DocType: fiscaldoc.ProjectPerfSelfEval, FiscalYear: 2022},
		},
		{
			name: "a department budget",
			in:   "临江县水务局2024年部门预算公开\n一、部门职责\n二、2024年部门预算收支情况",
			want: fiscaldoc.Meta{DocType: fiscaldoc.DeptBudget, Org: "临江县水务局", FiscalYear: 2024},
		},
		{
			name: "empty document",
			in:   "",
			want: fiscaldoc.Meta{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := metaDoc(t, tt.in)
			extractMeta(doc)
			if doc.Meta != tt.want {
				t.Errorf("got  %+v\nwant %+v", doc.Meta, tt.want)
			}
			want := map[string]string{"doc_type": tt.want.DocType, "org": tt.want.Org, "report_date": tt.want.ReportDate}
			if tt.want.FiscalYear != 0 {
				want["fiscal_year"] = strconv.Itoa(tt.want.FiscalYear)
			}
			got := map[string]string{}
			for _, f := range doc.Facts {
				got[f.Field] = f.Value
				ln := doc.Lines[f.Line-1]
				if f.Source != fiscaldoc.FromMeta || f.Raw != ln.Raw || f.EndLine != f.Line || f.Unit != "" {
					t.Errorf("%s: provenance %+v does not point at line %d %q", f.Field, f, ln.N, ln.Raw)
				}
			}
			for field, v := range want {
				if got[field] != v {
					t.Errorf("%s fact: got %q, want %q", field, got[field], v)
				}
			}
		})
	}
}

// TestExtractMetaLines checks that each fact points at the line it was read from.
func TestExtractMetaLines(t *testing.T) {
	doc := metaDoc(t, "附件1\n\n2022年度临江县交通运输局整体支出\n\n绩效自评报告\n\n2023年 5 月 8日\n\n"+
		"正文从这里开始,本局全年工作情况如下,各项指标完成。\n\n青松市临江县交通运输局\n\n2023年5月8日")
	extractMeta(doc)
	want := map[string]int{"doc_type": 3, "fiscal_year": 3, "org": 11, "report_date": 7}
	for _, f := range doc.Facts {
		if f.Line != want[f.Field] {
			t.Errorf("%s %q: line %d, want %d", f.Field, f.Value, f.Line, want[f.Field])
		}
		delete(want, f.Field)
	}
	for field := range want {
		t.Errorf("no %s fact", field)
	}
}

func TestExtractMetaProblems(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"关于加强管理的通知\n各单位:请按要求执行。", "no fiscal year stated"},
		{"一、2022年部门预算情况说明\n二、2021年部门决算情况说明", "budget and final accounts of different years"},
	} {
		doc := metaDoc(t, tt.in)
		extractMeta(doc)
		if len(doc.Problems) != 1 || !strings.Contains(doc.Problems[0].Msg, tt.want) {
			t.Errorf("%q: problems %v, want one with %q", tt.in, doc.Problems, tt.want)
		}
	}
}

func TestFindDates(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"2024年 5 月 8日", []string{"2024-05-08"}},
		{"2023 年 12 月 01 日印发", []string{"2023-12-01"}},
		{"报告日期:2019年06月18日", []string{"2019-06-18"}},
		{"填报日期: 2023.6.19", []string{"2023-06-19"}},
		{"填报日期: 2023. 6. 19 联系电话", []string{"2023-06-19"}},
		{"发布时间:2023-12-05 15:04", []string{"2023-12-05"}},
		{"2021/3/4 与 2021年3月5日", []string{"2021-03-04", "2021-03-05"}},
		{"2019-05-22T04:56:35Z", nil},    // a timestamp of docx metadata
		{"15.00 2052-11.1.0.11691", nil}, // a version number
		{"2023年2月30日", nil},              // no such day
		{"12023年1月1日", nil},              // inside a longer number
		{"1985年1月1日", nil},               // out of range
		{"截至2023年12月31日,共有", []string{"2023-12-31"}},
		{"2023年1月-12月", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, d := range findDates(tt.in) {
			got = append(got, d.value)
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("findDates(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestFindYears(t *testing.T) {
	tests := []struct {
		in   string
		want []yearMatch // start and end are not compared
	}{
		{"2022 年度部门决算", []yearMatch{{year: 2022, du: true}}},
		{"2 0 2 3年部门", []yearMatch{{year: 2023}}},
		{"与2021年相比", []yearMatch{{year: 2021, compared: true}}},
		{"较2021年度增加", []yearMatch{{year: 2021, du: true, compared: true}}},
		{"2023年 5 月 8日", []yearMatch{{year: 2023, date: true}}},
		{"2023年初预算", []yearMatch{{year: 2023}}},
		{"12023年", nil},
		{"编号9999年", nil},
	}
	for _, tt := range tests {
		got := findYears(tt.in)
		if len(got) != len(tt.want) {
			t.Errorf("findYears(%q) = %+v, want %+v", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			g := got[i]
			g.start, g.end = 0, 0
			if g != tt.want[i] {
				t.Errorf("findYears(%q)[%d] = %+v, want %+v", tt.in, i, g, tt.want[i])
			}
		}
	}
}

func TestOrgName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"天长市水利局水旱灾害防御股", "天长市水利局"},
		{"寻甸回族彝族自治县塘子街道", "寻甸回族彝族自治县塘子街道"},
		{"池州市贵池区棠溪镇人民政府", "池州市贵池区棠溪镇人民政府"},
		{"医疗保障局", ""},      // names no place
		{"区医保局", "区医保局"},   // a short form: still a name
		{"主管部门临江县林业局", ""}, // holds a cell label
		{"临江县", ""},        // a place, no unit
	}
	for _, tt := range tests {
		if got := orgName(tt.in); got != tt.want {
			t.Errorf("orgName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzDatesYears checks the date and year parsers on any text: matches lie
// inside the text in order, dates are valid, and a matched date or year read
// again alone gives itself. normalize.Document and extractMeta run on the text
// without panicking, and every fact points at a line.
func FuzzDatesYears(f *testing.F) {
	for _, s := range []string{"2024年 5 月 8日", "2023 年 12 月 01 日印发", "填报日期: 2023. 6. 19",
		"2019-05-22T04:56:35Z", "与2021年相比", "2 0 2 3年度", "2052-11.1.0.11691",
		"1. 概况", "一、部门决算", "(一)项目绩效自评", "2023 年度部门预算公开", "第一部分", "附件1:"} {
		f.Add(s)
	}
	for _, p := range testutil.Sample(f, "seeds")[:2] {
		file, err := os.Open(p)
		if err != nil {
			f.Fatal(err)
		}
		sc := bufio.NewScanner(file)
		for n := 0; sc.Scan() && n < 40; n++ {
			if strings.Contains(sc.Text(), "年") {
				f.Add(sc.Text())
			}
		}
		file.Close()
	}
	f.Fuzz(func(t *testing.T, s string) {
		prev := -1
		for _, d := range findDates(s) {
			if d.start < 0 || d.end > len(s) || d.start >= d.end || d.start < prev {
				t.Fatalf("findDates(%q): bad span %+v", s, d)
			}
			prev = d.start
			if _, err := time.Parse("2006-01-02", d.value); err != nil {
				t.Fatalf("findDates(%q): invalid date %q", s, d.value)
			}
			again := findDates(s[d.start:d.end])
			if len(again) != 1 || again[0].value != d.value {
				t.Fatalf("findDates(%q): %q read alone gives %+v, want %s", s, s[d.start:d.end], again, d.value)
			}
		}
		// The literal pre-tests must let through everything the regexps match.
		if titlePrefixRe.MatchString(s) && !mayHaveTitlePrefix(s) {
			t.Fatalf("mayHaveTitlePrefix(%q) = false, but titlePrefixRe matches", s)
		}
		for _, r := range kindRules {
			if r.re.MatchString(s) && r.find(s) == nil {
				t.Fatalf("kind rule %s: regexp matches %q, find does not", r.kind, s)
			}
		}
		doc := &fiscaldoc.Document{}
		for i, raw := range strings.Split(s, "\n") {
			doc.Lines = append(doc.Lines, fiscaldoc.Line{N: i + 1, Raw: raw, Text: normalize.Text(raw)})
		}
		normalize.Document(doc)
		extractMeta(doc)
		for _, f := range doc.Facts {
			if f.Line < 1 || f.Line > len(doc.Lines) || f.Raw != doc.Lines[f.Line-1].Raw {
				t.Fatalf("extractMeta(%q): fact %+v points nowhere", s, f)
			}
		}
		for _, y := range findYears(s) {
			if y.start < 0 || y.end > len(s) || y.start >= y.end || y.year < 1990 || y.year > 2099 {
				t.Fatalf("findYears(%q): bad match %+v", s, y)
			}
			again := findYears(s[y.start:y.end])
			if len(again) != 1 || again[0].year != y.year || again[0].du != y.du {
				t.Fatalf("findYears(%q): %q read alone gives %+v, want %d", s, s[y.start:y.end], again, y.year)
			}
		}
	})
}

package normalize

import (
	"fmt"
	"strings"
	"testing"

	"github.com/fiscaldoc/fiscaldoc"
)

// TestMarkFurniture runs MarkFurniture on documents written for it. In the
// input, a line starting with "F " is furniture and one starting with ". "
// is not (the marker is cut off before the text is read); "P2 " sets the
// line's PDF page. cut gives the Text expected for a line whose preamble is
// cut out of it (1-based line number → Text).
func TestMarkFurniture(t *testing.T) {
	tests := []struct {
		name string
		in   string
		cut  map[int]string
	}{
		{
			name: "docx metadata one token a line, before the report",
			in: `F 张三
F zlnb210061
F 1
F 2019-05-22T04:56:35Z
F 2022-05-16T06:53:23Z
F 15.00
F 2052-11.1.0.11691
F FEAB6FBF67D44AA19C24BC22CBB840E5
F 9300
F False
F False
F False
. 附件:
. 项目支出绩效自评表
. (2022年度)`,
		},
		{
			name: "docx metadata run into the first line of a flattened report",
			in:   `. 李四 ab12 2 2020-01-02T03:04:05Z 2021-01-02T03:04:05Z 0 0 False False False 附件: 项目支出绩效自评表 (2021年度) 项目名称 防汛经费`,
			cut:  map[int]string{1: "附件: 项目支出绩效自评表 (2021年度) 项目名称 防汛经费"},
		},
		{
			name: "too few signs of metadata: a report that starts with a count",
			in: `. 3
. 2021-06-30T00:00:00Z
. 临江县交通运输局2021年部门决算`,
		},
		{
			name: "a site's boilerplate and everything above it",
			in: `F 文库首页 > 行业资料
F 《临江县水利局2022年度项目支出绩效自评报告.docx》由会员分享,可在线阅读,更多相关《临江县水利局2022年度项目支出绩效自评报告.docx(8页珍藏版)》请在某某文库上搜索。
. 临江县水利局2022年度项目支出绩效自评报告
. 一、项目基本情况`,
		},
		{
			name: "site lines inside and after the report, a file name title kept",
			in: `. 8.临江县救助站2021年度单位决算.pdf
. 一、概况
F 下载文档 收藏 分享
. 本单位2021年度收入合计100万元。
F 还剩5页未读,继续阅读 下载 收藏`,
		},
		{
			name: "one word of a site is no boilerplate",
			in: `. 临江县文化馆2023年部门整体支出绩效自评报告
. 三级指标	年度指标值	实际完成值
. 宣传文章阅读量	≥1000次	1200次`,
		},
		{
			name: "page numbers standing alone, a bare number kept",
			in: `F —23—
. 三级指标
. 年度指标值
. 培训合格率
. 90
F - 7 -
F 第 3 页 共 9 页
F 共9页 第4页
. 95
. -
. 2023-7
. 10`,
		},
		{
			name: "a page header repeated at page breaks",
			in: `. 临江县财政局2022年度部门决算
. 一、部门概况
. 本部门负责全县财政工作。
F —1—
F 临江县财政局2022年度部门决算
. 二、收入支出情况
. 收入合计100万元。
F —2—
F 临江县财政局2022年度部门决算
. 三、其他情况
. 无。
F —3—`,
		},
		{
			name: "a line at page breaks that is also printed elsewhere is no header",
			in: `. 一、收入决算表
. 单位:万元
. 项目	决算数
F —1—
. 单位:万元
. 项目	决算数
. 合计	10
. 二、支出决算表
. 单位:万元
. 项目	决算数
. 合计	10
F —2—
. 单位:万元
. 其他说明
. 无。`,
		},
		{
			name: "PDF pages: a footer at every page break",
			in: `. 临江县医疗保障局2023年部门预算
F 某某市财政局监制
P2 . 一、部门职责
P2 F 某某市财政局监制
P3 . 二、预算情况
P3 F 某某市财政局监制`,
		},
	}
	for _, tt := range tests {
		var lines []fiscaldoc.Line
		var want []bool
		for i, s := range strings.Split(tt.in, "\n") {
			page := 1
			if strings.HasPrefix(s, "P") {
				fmt.Sscanf(s, "P%d ", &page)
				_, s, _ = strings.Cut(s, " ")
			}
			mark, text, _ := strings.Cut(s, " ")
			want = append(want, mark == "F")
			lines = append(lines, fiscaldoc.Line{N: i + 1, Page: page, Raw: text, Text: Text(text)})
		}
		MarkFurniture(lines)
		for i, ln := range lines {
			if ln.Furniture != want[i] {
				t.Errorf("%s: line %d %q: furniture %v, want %v", tt.name, i+1, ln.Raw, ln.Furniture, want[i])
			}
			wantText := Text(ln.Raw)
			if c, ok := tt.cut[i+1]; ok {
				wantText = Text(c)
			}
			if ln.Text != wantText {
				t.Errorf("%s: line %d Text %q, want %q", tt.name, i+1, ln.Text, wantText)
			}
		}
	}
}

// FuzzDocument runs the Document stage on any text: no panic, the raw text
// kept, and a Text changed only by folding or by cutting a preamble off its
// front.
func FuzzDocument(f *testing.F) {
	for _, s := range []string{"—23—\n第 3 页 共 9 页", "张三 2019-05-22T04:56:35Z 2022-05-16T06:53:23Z False 附件",
		"《甲.docx》由会员分享\n标题", "財政撥(bō)款\n醫療", "a\n—1—\nb\n—2—\na"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc := &fiscaldoc.Document{}
		for i, raw := range strings.Split(s, "\n") {
			doc.Lines = append(doc.Lines, fiscaldoc.Line{N: i + 1, Raw: raw, Text: Text(raw)})
		}
		Document(doc)
		for i, ln := range doc.Lines {
			raw := strings.Split(s, "\n")[i]
			if ln.N != i+1 || ln.Raw != raw {
				t.Fatalf("line %d: N %d Raw %q, want %d %q", i+1, ln.N, ln.Raw, i+1, raw)
			}
			if folded := Simplify(Text(raw)); ln.Text != Text(raw) && ln.Text != folded &&
				!strings.HasSuffix(Text(raw), ln.Text) && !strings.HasSuffix(folded, ln.Text) {
				t.Fatalf("line %d: Text %q is neither %q folded nor a cut of it", i+1, ln.Text, Text(raw))
			}
		}
	})
}

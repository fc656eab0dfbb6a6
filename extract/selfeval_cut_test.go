package extract

import (
	"index/suffixarray"
	"reflect"
	"strings"
	"testing"
)

func TestJoinCut(t *testing.T) {
	tests := []struct {
		name        string
		doc         string // the document's other text: the evidence
		left, right string // the raw cells
		want        string
	}{
		{
			name: "lines interleaved, ghost on the right",
			doc:  "全年教育经费资金拨付及时率达到100%。",
			left: "教育经 拨付及", right: "费资金 吸时率",
			want: "教育经费资金拨付及时率",
		},
		{
			name: "glyph read on both sides of the cut",
			doc:  "服务对象满意度调查",
			left: "服务对象", right: "象满意度",
			want: "服务对象满意度",
		},
		{
			name: "ghost on the left",
			doc:  "落实在职人员补助",
			left: "在职力", right: "人员补助",
			want: "在职人员补助",
		},
		{
			name: "left lines run together: the break is found",
			doc:  "组织教师培训参训人员,参训人数120人。",
			left: "教师参训", right: "培训 人数",
			want: "教师培训参训人数",
		},
		{
			name: "both breaks guessed only when every seam is printed",
			doc:  "落实机关事业单位医疗补助报销政策",
			left: "落实机关医疗补助", right: "事业单位报销政策",
			want: "落实机关事业单位医疗补助报销政策",
		},
		{
			name: "no evidence: joined as printed",
			doc:  "",
			left: "监督检查", right: "至覆盖率",
			want: "监督检查至覆盖率",
		},
		{
			name: "a short stretch is not evidence enough to drop",
			doc:  "检至",
			left: "检查", right: "至覆盖率",
			want: "检查至覆盖率",
		},
		{
			name: "guessed breaks with an unprinted seam: joined as printed",
			doc:  "人民群众",
			left: "人民满意", right: "群众度",
			want: "人民满意群众度",
		},
	}
	for _, tt := range tests {
		row := tt.left + "\t" + tt.right + "\n"
		ev := testEvidence(tt.doc+"\n"+row, row)
		if got := joinCut(ev, tt.left, tt.right).text; got != tt.want {
			t.Errorf("%s: joinCut(%q, %q) = %q, want %q", tt.name, tt.left, tt.right, got, tt.want)
		}
	}
}

// testEvidence indexes doc, whose text ends with row.
func testEvidence(doc, row string) evidence {
	return evidence{suffixarray.New([]byte(doc)), len(doc) - len(row), len(doc)}
}

// TestJoinCutOwnRow: the row's own text is never its evidence.
func TestJoinCutOwnRow(t *testing.T) {
	row := "资金发放\t枚准确率\n资金发放\t枚准确率\n"
	ev := testEvidence(row, row)
	if got := joinCut(ev, "资金发放", "枚准确率").text; got != "资金发放枚准确率" {
		t.Errorf("got %q", got)
	}
}

func TestHeaderColumnsCut(t *testing.T) {
	tests := []struct {
		header string
		want   []column
	}{
		{ // 三级指标 cut into two header cells; 年度指标值 header lost
			"\t一级指标\t二级指标\t三级\t三级指标\t\t实际完成值(B)\t得分",
			[]column{{colL1, 1}, {colL2, 2}, {colL3, 3}, {colL3x, 4}, {colTarget, 5}, {colAchieved, 6}, {colScore, 7}},
		},
		{ // an empty header cell after 三级指标 is the rest of it
			"一级指标\t二级指标\t三级指标\t\t年初目标值(A)\t实际完成值(B)\t得分",
			[]column{{colL1, 0}, {colL2, 1}, {colL3, 2}, {colL3x, 3}, {colTarget, 4}, {colAchieved, 5}, {colScore, 6}},
		},
		{ // an empty cell after 三级指标 with no 年度指标值 named is that lost header
			"一级指标\t二级指标\t三级指标\t\t实际完成值\t分值\t得分",
			[]column{{colL1, 0}, {colL2, 1}, {colL3, 2}, {colTarget, 3}, {colAchieved, 4}, {colWeight, 5}, {colScore, 6}},
		},
		{ // no empty cell before 实际完成值: no target is invented
			"一级指标\t二级指标\t三级指标\t实际完成值\t得分",
			[]column{{colL1, 0}, {colL2, 1}, {colL3, 2}, {colAchieved, 3}, {colScore, 4}},
		},
	}
	for _, tt := range tests {
		if got := headerColumns(strings.Split(tt.header, "\t"), indicatorKind); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q:\n got %v\nwant %v", tt.header, got, tt.want)
		}
	}
}

// FuzzJoinCut: joinCut never panics and never invents a character: what it
// returns is the cells' characters, some dropped, none added.
func FuzzJoinCut(f *testing.F) {
	f.Add("医疗救助资金拨付及时率", "医疗救 拨付及", "助资金 吸时率")
	f.Add("", "a b c", "d e")
	f.Add("教师培训参训人数", "教师参训", "培训 人数")
	f.Fuzz(func(t *testing.T, doc, left, right string) {
		row := left + "\t" + right + "\n"
		got := joinCut(testEvidence(doc+"\n"+row, row), left, right).text
		have := map[rune]int{}
		for _, r := range cutPieces(left + " " + right) {
			for _, c := range r {
				have[c]++
			}
		}
		for _, c := range got {
			if have[c]--; have[c] < 0 {
				t.Fatalf("joinCut(%q, %q) = %q: %q is not in the cells", left, right, got, c)
			}
		}
	})
}

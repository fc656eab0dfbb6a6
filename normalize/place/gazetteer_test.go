package place

import (
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		name string
		want []string // Place.String of each result
	}{
		{"湟源县", []string{"青海省 西宁市 湟源县 630123"}},
		{"湟源", []string{"青海省 西宁市 湟源县 630123"}},
		{"青山区", []string{"内蒙古自治区 包头市 青山区 150204", "湖北省 武汉市 青山区 420107"}},
		{"潢川县", []string{"河南省 信阳市 潢川县 411526"}},
		{"朝阳区", []string{"北京市 朝阳区 110105", "吉林省 长春市 朝阳区 220104"}},
		{"红河州", []string{"云南省 红河哈尼族彝族自治州 532500"}},
		{"寻甸县", []string{"云南省 昆明市 寻甸回族彝族自治县 530129"}},
		{"广西", []string{"广西壮族自治区 450000"}},
		{"仙桃市", []string{"湖北省 仙桃市 429004"}},
		{"寿县", []string{"安徽省 淮南市 寿县 340422"}},
		{"下城区", []string{"浙江省 杭州市 下城区 330103"}}, // merged into 拱墅区 in 2021
		{"寿", nil},
		{"", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range Lookup(tt.name) {
			got = append(got, p.String())
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Lookup(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestLookupSnapshots(t *testing.T) {
	ps := Lookup("下城区")
	if len(ps) != 1 || ps[0].Current() || len(ps[0].Snapshots) != 2 || ps[0].Snapshots[1] != 2021 {
		t.Errorf("下城区 = %+v, want listed in 2019 and 2021 only", ps)
	}
	if ps := Lookup("拱墅区"); len(ps) != 1 || !ps[0].Current() {
		t.Errorf("拱墅区 = %+v, want current", ps)
	}
}

func TestResolve(t *testing.T) {
	tests := []struct {
		texts []string
		want  string // Place.String, "" for not resolved
	}{
		{[]string{"永州市零陵区医疗保障局"}, "湖南省 永州市 零陵区 431102"},
		{[]string{"湟源县医疗保障局"}, "青海省 西宁市 湟源县 630123"},
		{[]string{"衡山县医疗保障局"}, "湖南省 衡阳市 衡山县 430423"},
		{[]string{"武汉市青山区医疗保障局"}, "湖北省 武汉市 青山区 420107"},
		{[]string{"青山区医疗保障局", "2022 年度武汉市青山区医疗保障局部门决算"}, "湖北省 武汉市 青山区 420107"},
		{[]string{"安宁市医疗保障局"}, "云南省 昆明市 安宁市 530181"},
		{[]string{"梧州市农产品质量安全综合检测中心"}, "广西壮族自治区 梧州市 450400"},
		{[]string{"红河州数据发展中心"}, "云南省 红河哈尼族彝族自治州 532500"},
		{[]string{"池州市贵池区棠溪镇人民政府"}, "安徽省 池州市 贵池区 341702"},
		{[]string{"安徽省寿县文物保护中心"}, "安徽省 淮南市 寿县 340422"},
		{[]string{"寻甸回族彝族自治县塘子街道"}, "云南省 昆明市 寻甸回族彝族自治县 530129"},
		{[]string{"湛江市委宣传部"}, "广东省 湛江市 440800"},
		{[]string{"青山区医疗保障局"}, ""}, // 武汉 or 包头
		{[]string{"岳阳市城区管理局"}, "湖南省 岳阳市 430600"},
		{[]string{"医疗保障局"}, ""},
	}
	for _, tt := range tests {
		p, ok := Resolve(tt.texts...)
		got := ""
		if ok {
			got = p.String()
		}
		if got != tt.want {
			t.Errorf("Resolve(%q) = %q, want %q", tt.texts, got, tt.want)
		}
	}
}

func BenchmarkLookup(b *testing.B) {
	names := []string{"零陵区", "湟源县", "衡山县", "青山区", "安宁市", "武汉市", "西宁市"}
	Lookup("")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Lookup(names[i%len(names)])
	}
}

func BenchmarkResolve(b *testing.B) {
	orgs := []string{"永州市零陵区医疗保障局", "湟源县医疗保障局", "衡山县医疗保障局", "武汉市青山区医疗保障局", "安宁市医疗保障局"}
	Resolve("")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Resolve(orgs[i%len(orgs)])
	}
}

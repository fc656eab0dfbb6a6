package extract

import (
	"sort"
	"strings"
	"unicode"
)

// The vocabulary of the sentence reader, in simplified characters (the
// reader folds traditional ones). A figure's field is found by the stem
// nearest before it whose gap to the figure holds only filler words:
// 基本支出为869.93万元, 三公经费支出决算为0万元, 人员编制7名.

// kinds of figures, by the unit they carry.
type kind int

const (
	money kind = iota // 万元, 元, 亿元
	staff             // 人, 名
	rate              // %
	score             // 分
)

func (k kind) fits(unit string) bool {
	switch k {
	case money:
		return unit == "万元" || unit == "元" || unit == "亿元"
	case staff:
		return unit == "人" || unit == "名"
	case rate:
		return unit == "%"
	}
	return unit == "分"
}

// A stem names a field in a sentence.
type stem struct {
	word  string
	field string
	kind  kind
	class stemClass
}

type stemClass int

const (
	specific stemClass = iota
	// bare 收入 or 支出 counts only after a subject naming the department or
	// a modifier such as 实际, 整体, 年初预算 (实际收入, 整体支出), never
	// after another noun (基金收入, 医疗救助支出).
	bare
	// total 合计 or 总计 forms count unless a funding source precedes them
	// (财政拨款收入总计 is not the department's 收入总计).
	total
	// fund names standing alone (一般公共预算 500.12万元) are income parts
	// only in a sentence whose first figure is income.
	fund
	// whole-department rates and scores: refused after another noun
	// (基本支出预算执行率, 绩效目标执行率).
	whole
)

var stems = []stem{
	{"收入", "income_total", money, bare},
	{"收入合计", "income_total", money, total},
	{"支出", "expenditure_total", money, bare},
	{"支出合计", "expenditure_total", money, total},
	// A budget's 总计 is the spending it plans (年初预算总计 = 基本 + 项目).
	{"预算总计", "expenditure_total", money, total},
	{"预算总额", "expenditure_total", money, total},
	{"收支总计", "grand_total", money, total},
	{"收、支总计", "grand_total", money, total},
	{"收入总计", "grand_total", money, total},
	{"支出总计", "grand_total", money, total},
	{"一般公共预算财政拨款收入", "income_general_budget", money, specific},
	{"一般公共预算拨款收入", "income_general_budget", money, specific},
	{"一般公共预算收入", "income_general_budget", money, specific},
	{"一般公共预算", "income_general_budget", money, fund},
	{"政府性基金预算财政拨款收入", "income_gov_fund", money, specific},
	{"政府性基金预算拨款收入", "income_gov_fund", money, specific},
	{"政府性基金预算收入", "income_gov_fund", money, specific},
	{"政府性基金收入", "income_gov_fund", money, specific},
	{"政府性基金预算", "income_gov_fund", money, fund},
	{"政府性基金", "income_gov_fund", money, fund},
	{"基本支出", "expenditure_basic", money, specific},
	{"项目支出", "expenditure_project", money, specific},
	{"项目共支出", "expenditure_project", money, specific},
	{"项目资金", "expenditure_project", money, specific},
	{"人员经费", "personnel_cost", money, specific},
	{"公用经费", "public_cost", money, specific},
	{"三公", "three_public_total", money, specific},
	{"因公出国(境)", "three_public_outbound", money, specific},
	{"因公出国", "three_public_outbound", money, specific},
	{"因公出境", "three_public_outbound", money, specific},
	{"出国(境)", "three_public_outbound", money, specific},
	{"公务用车购置及运行", "three_public_vehicle", money, specific},
	{"公务用车购置和运行", "three_public_vehicle", money, specific},
	{"公务用车购置和维护", "three_public_vehicle", money, specific},
	{"公车购置及运行", "three_public_vehicle", money, specific},
	{"购置及运行", "three_public_vehicle", money, specific},
	{"公务用车购置", "three_public_vehicle_purchase", money, specific},
	{"公车购置", "three_public_vehicle_purchase", money, specific},
	{"车辆购置", "three_public_vehicle_purchase", money, specific},
	{"公务用车运行", "three_public_vehicle_operation", money, specific},
	{"公车运行", "three_public_vehicle_operation", money, specific},
	{"车辆运行", "three_public_vehicle_operation", money, specific},
	{"公务接待", "three_public_reception", money, specific},
	{"机关运行经费", "org_operation_cost", money, specific},
	{"政府采购", "procurement_total", money, specific},
	{"采购金额", "procurement_total", money, specific},
	{"采购总额", "procurement_total", money, specific},
	{"年初结转和结余", "carryover_begin", money, specific},
	{"年初结转结余", "carryover_begin", money, specific},
	{"年初结余", "carryover_begin", money, specific},
	{"年初结转", "carryover_begin", money, specific},
	{"年末结转和结余", "carryover_end", money, specific},
	{"年末结转结余", "carryover_end", money, specific},
	{"年末结余", "carryover_end", money, specific},
	{"年末结转", "carryover_end", money, specific},
	{"编制", "staff_authorized", staff, specific},
	{"实有", "staff_actual", staff, specific},
	{"在职", "staff_actual", staff, specific},
	{"在岗", "staff_actual", staff, specific},
	{"实际工作人员", "staff_actual", staff, specific},
	{"正式教职工", "staff_actual", staff, specific},
	{"正式职工", "staff_actual", staff, specific},
	{"退休", "staff_retired", staff, specific},
	{"执行率", "execution_rate", rate, whole},
	{"预算执行率", "execution_rate", rate, whole},
	{"预算完成率", "execution_rate", rate, whole},
	{"综合得分", "eval_score", score, whole},
	{"自评得分", "eval_score", score, whole},
	{"评价得分", "eval_score", score, whole},
	{"总得分", "eval_score", score, whole},
	{"共得", "eval_score", score, whole},
	{"总分", "eval_score", score, whole},
}

// stemRunes holds the runes of each stem's word, indexed like stems.
var stemRunes = func() [][]rune {
	out := make([][]rune, len(stems))
	for i, st := range stems {
		out[i] = []rune(st.word)
	}
	return out
}()

// stemsByFirst lists the stems by their first character (indexes into
// stems, in order).
var stemsByFirst = byFirstRune(stemRunes)

// byFirstRune indexes words by their first character: the indexes of the
// words starting with each, in order.
func byFirstRune(words [][]rune) map[rune][]int {
	m := map[rune][]int{}
	for i, w := range words {
		if len(w) > 0 {
			m[w[0]] = append(m[w[0]], i)
		}
	}
	return m
}

// fillers may stand between a stem and its figure: verbs of amount, bases,
// the rest of the item's name (经费, 费用, 维护费), staff nouns.
var fillers = longestFirst([]string{
	"为", "是", "达", "达到", "共", "共计", "合计", "总计", "总额", "金额", "数", "额", "总数", "总",
	"支出", "发生", "发生额", "支付", "执行", "执行数", "安排", "累计", "约", "计", "了", "有", "已",
	"预算", "预算数", "年初预算", "年初预算数", "全年预算", "全年预算数", "决算", "决算数",
	"实际", "全年", "本年",
	"费", "经费", "费用", "资金", "维护", "维护费", "财政拨款", "拨款",
	"在编", "人数", "人员", "职工", "教职工", "工作人员", "干部",
	":", ")",
})

// deptWide are the fields that speak for the whole department: a sentence
// about one funding source (一般公共预算财政拨款支出…其中:基本支出…) does
// not give them.
var deptWide = map[string]bool{
	"income_total": true, "expenditure_total": true, "grand_total": true,
	"expenditure_basic": true, "expenditure_project": true,
	"carryover_begin": true, "carryover_end": true,
}

// sources name a funding source, which narrows a sentence to part of the
// department's money.
var sources = []string{"财政拨款", "拨款", "一般公共预算", "政府性基金", "国有资本经营"}

// modifiers may stand between a subject and a bare stem or a rate: 局实际支出,
// 2023年年初预算安排支出, 上年总收入, 年度预算完成率, 整体支出绩效综合得分.
var modifiers = longestFirst([]string{
	"年初预算", "预算", "决算", "实际", "整体", "全年", "本年", "年度", "总", "共", "累计", "安排", "年初", "总体", "综合",
	"支出", "绩效", "评价", "自评",
})

// subjects end the text before a bare stem when it names the department or
// a year: 医疗保障局, 本单位, 2023年.
var subjects = []string{
	"局", "院", "中心", "站", "所", "委", "园", "处", "队", "校", "馆", "厅", "司", "署",
	"部门", "单位", "街道", "政府", "年",
}

// subunits qualify a count of posts as one kind among several (行政编制 4
// 个, 事业编制 57 个), not the department's total.
var subunits = []string{"行政", "事业", "工勤", "参公", "机关"}

// changes mark a figure as a change, not a level: 比上年增加12.3万元,
// 减少295.97万元, 新增退休人员3人.
var changes = []string{
	"增加", "减少", "增长", "下降", "上升", "降低", "新增", "节约", "节省", "节支", "超支", "持平", "变动", "增减", "减", "增",
}

// subordinates open talk of a unit under the department (其下辖二级单位…),
// whose staff counts are not the department's.
var subordinates = []string{"下辖", "下属", "所属", "二级单位"}

// inherits open a clause restating the previous figure as one of its
// parts: 实际收入1,030.86万元，均为一般公共预算财政拨款收入.
var inherits = []string{"均为", "均是", "均系", "全部为", "全部是", "全为"}

// Basis words, matched without overlap, the last before a figure wins.
// Fund names and 预算拨款 contain 预算 but name no basis. A bare 预算 does
// not override 年初预算 said earlier in the sentence.
var basisWords = longestFirstBasis([]basisWord{
	{"年初预算", "initial_budget", true}, {"年初批复", "initial_budget", true}, {"年初安排", "initial_budget", true},
	{"全年预算", "budget", true}, {"调整后预算", "budget", true}, {"调整预算", "budget", true},
	{"预算", "budget", false},
	{"决算", "actual", true}, {"实际", "actual", true}, {"执行数", "actual", true},
	{"支付", "actual", true}, {"发生", "actual", true},
	{"一般公共预算", "", true}, {"政府性基金预算", "", true}, {"国有资本经营预算", "", true},
	{"预算拨款", "", true}, {"预算单位", "", true}, {"预算管理", "", true}, {"预算编制", "", true}, {"预算绩效", "", true},
})

type basisWord struct {
	word, basis string
	strong      bool
}

func longestFirst(words []string) []string {
	out := append([]string(nil), words...)
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

func longestFirstBasis(words []basisWord) []basisWord {
	out := append([]basisWord(nil), words...)
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].word) > len(out[j].word) })
	return out
}

// fillerRunes holds the runes of each filler, indexed like fillers.
var fillerRunes = func() [][]rune {
	out := make([][]rune, len(fillers))
	for i, f := range fillers {
		out[i] = []rune(f)
	}
	return out
}()

// fillersByFirst lists the fillers by their first character (indexes into
// fillers, in order).
var fillersByFirst = byFirstRune(fillerRunes)

// trimModifiers removes modifiers from the end of s and reports whether it
// removed any.
func trimModifiers(s string) (string, bool) {
	trimmed := false
	for {
		n := len(s)
		for _, m := range modifiers {
			s = strings.TrimSuffix(s, m)
		}
		if len(s) == n {
			return s, trimmed
		}
		trimmed = true
	}
}

// subjectEnds reports whether s ends with a subject: the department, a
// unit, a year, or no word at all (the clause starts there, or a marker
// such as "(3)" or ":" precedes).
func subjectEnds(s string) bool {
	if s == "" {
		return true
	}
	rs := []rune(s)
	if last := rs[len(rs)-1]; !unicode.Is(unicode.Han, last) {
		return true
	}
	return hasAnySuffix(s, subjects)
}

func hasAnySuffix(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// Package synth generates synthetic fiscal reports with their gold facts,
// built from the structures of the sample (corpus/sample), for measuring
// ingest speed, memory and extraction quality at scale:
//
//	synth.Write(dir, 1000, 1) → dir/syn000000_<code>_<year>.txt … and dir/gold.jsonl
//
// It is a package of its own because normalize/place's tests import corpus.
package synth

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/internal/gold"
	"github.com/fiscaldoc/fiscaldoc/normalize/place"
)

// A SynthDoc is one generated report: its file name, its text, and the
// gold facts of everything the generator put into it (FACTS.md form).
type SynthDoc struct {
	Name  string
	Text  string
	Facts []gold.Fact
	Shape string // the shape its tables are written in
}

// Synthesize returns document i of the synthetic corpus of seed: a 部门决算
// laid out like sample 003, a 部门整体支出绩效自评报告 with 基础数据表 and
// 自评表 like 000, or a set of 项目支出绩效自评表 like 001, for a real
// county-level department, another year and amounts that keep the
// accounting identities (总计 = Σ类 = Σ款 = Σ项, 基本+项目 = 合计,
// 人员+公用 = 基本, 三公 = 出国+车+接待, 总分 = Σ得分), with the OCR noise
// the sample shows: digits split by spaces ("1, 085. 68"), visually similar
// characters in headers and in one mention of the place, stray marks and
// cells drifting one column left. The gold facts never carry the noise.
//
// A document depends only on (seed, i), so any slice of a corpus can be
// generated alone and in parallel.
func Synthesize(seed int64, i int) SynthDoc { return SynthesizeShape(seed, i, Sample) }

// SynthesizeShape is Synthesize with the document's tables written in a
// shape of SHAPES.md (Sample, Tab, …; All picks one by seed and i). Outside
// the sample's layout (Sample, Preamble, Trad) the self-evaluation tables
// follow a template variant of SHAPES.md 9 drawn per document (column
// order, 权重 or 分值, 年初 and 调整 指标值, 得分系数, 是否核心指标, no 分值,
// two amounts, money in 元, 其中 rows, an excerpt starting mid-table).
// Sample gives exactly Synthesize's document.
func SynthesizeShape(seed int64, i int, shape string) SynthDoc {
	return SynthesizeKind(seed, i, shape, "")
}

// SynthesizeKind is SynthesizeShape with the document of a kind (a
// doc_type of FACTS.md: Kinds); "" draws it, as SynthesizeShape does. The
// document has the place, department and year document i of the mix has.
func SynthesizeKind(seed int64, i int, shape, kind string) SynthDoc {
	g := &synth{seed: seed, rng: rand.New(rand.NewPCG(uint64(seed), uint64(i))), srng: shapeRand(seed, i), shape: shape}
	if shape == All {
		g.shape = Shapes[g.srng.IntN(len(Shapes))]
	}
	places := synthPlaces()
	g.place = places[g.rng.IntN(len(places))]
	g.dept = synthDepts[g.rng.IntN(len(synthDepts))]
	g.year = 2017 + g.rng.IntN(8)
	g.spaced = g.rng.IntN(2) == 0
	if g.shape == Flat || g.shape == RunTogether {
		g.spaced = false // single spaces separate the cells
	}
	if !g.layoutSample() {
		g.v = g.drawVariant()
	}
	g.org = g.place.County + g.dept.name
	if strings.HasSuffix(g.place.County, "区") {
		g.org = g.place.Prefecture + g.org
	}
	// A province publishes both families: as many budgets as final accounts.
	drawn := Kinds[g.rng.IntN(len(Kinds))]
	if kind == "" {
		kind = drawn
	}
	g.doc = fmt.Sprintf("syn%06d_%s_%d.txt", i, g.place.Code, g.year)
	// A report is published in the year after the one it covers; a budget
	// early in its own year.
	pub, month, day := g.year+1, 3+g.rng.IntN(8), 1+g.rng.IntN(28)
	if kind == fiscaldoc.DeptBudget {
		pub, month = g.year, 1+month%3
	}
	g.meta(kind, fmt.Sprintf("%d-%02d-%02d", pub, month, day))
	date := fmt.Sprintf("%d年%d月%d日", pub, month, day)
	switch kind {
	case fiscaldoc.FinalAccounts:
		g.finalAccounts(date)
	case fiscaldoc.DeptBudget:
		g.deptBudget(date)
	case fiscaldoc.DeptPerfSelfEval:
		g.deptSelfEval(date)
	default:
		g.projectSelfEval(date)
	}
	text := g.b.String()
	switch g.shape {
	case Preamble:
		text = g.preamble(g.running) + text
	case Trad:
		text = g.traditional(text)
	}
	return SynthDoc{Name: g.doc, Text: text, Facts: g.facts, Shape: g.shape}
}

// Kinds are the kinds of document the generator writes, the values of
// SynthesizeKind's kind (FACTS.md doc_type); the mix draws them evenly.
var Kinds = []string{fiscaldoc.FinalAccounts, fiscaldoc.DeptBudget, fiscaldoc.DeptPerfSelfEval, fiscaldoc.ProjectPerfSelfEval}

// ValidKind reports whether k names a kind of Kinds or is "" (the mix).
func ValidKind(k string) bool { return k == "" || slices.Contains(Kinds, k) }

// Write writes documents 0..n-1 of the corpus of seed into dir, one
// .txt file each, and their gold facts into dir/gold.jsonl. It returns the
// number of gold facts.
func Write(dir string, n int, seed int64) (int, error) { return WriteShape(dir, n, seed, Sample, "") }

// WriteShape is Write with the documents written in a shape and, unless
// kind is "", all of one kind (SynthesizeKind).
func WriteShape(dir string, n int, seed int64, shape, kind string) (int, error) {
	if !ValidShape(shape) {
		return 0, fmt.Errorf("synth: no shape %q", shape)
	}
	if !ValidKind(kind) {
		return 0, fmt.Errorf("synth: no kind %q", kind)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	f, err := os.Create(filepath.Join(dir, "gold.jsonl"))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	facts := 0
	for i := range n {
		d := SynthesizeKind(seed, i, shape, kind)
		if err := os.WriteFile(filepath.Join(dir, d.Name), []byte(d.Text), 0o644); err != nil {
			return facts, err
		}
		for _, fact := range d.Facts {
			if err := enc.Encode(fact); err != nil {
				return facts, err
			}
		}
		facts += len(d.Facts)
	}
	if err := w.Flush(); err != nil {
		return facts, err
	}
	return facts, f.Close()
}

// synthCounties are real county-level units, each name unique in the
// country, three per province; their province, prefecture and code come
// from the gazetteer (normalize/place).
var synthCounties = []string{
	"巧家县", "安宁市", "云龙县", "开鲁县", "四子王旗", "红山区", "二道江区", "安图县", "梨树县", "得荣县",
	"蓬安县", "华蓥市", "原州区", "贺兰县", "利通区", "琅琊区", "鸠江区", "巢湖市", "鄄城县", "桓台县",
	"单县", "云州区", "翼城县", "平鲁区", "龙岗区", "五华县", "新丰县", "七星区", "德保县", "凤山县",
	"叶城县", "独山子区", "沙雅县", "建邺区", "吴中区", "海安市", "余江区", "昌江区", "新建区", "涞源县",
	"沧县", "任丘市", "卧龙区", "商水县", "卫东区", "鄞州区", "岱山县", "平湖市", "琼山区", "美兰区",
	"掇刀区", "老河口市", "下陆区", "衡阳县", "蓝山县", "桂阳县", "漳县", "成县", "两当县", "诏安县",
	"建宁县", "扎囊县", "浪卡子县", "色尼区", "桐梓县", "福泉市", "黔西市", "庄河市", "凤城市", "北镇市",
	"眉县", "紫阳县", "汉阴县", "贵德县", "刚察县", "同仁市", "阳明区", "北林区", "甘南县",
}

// synthPlaces are the gazetteer's current entries for synthCounties.
var synthPlaces = sync.OnceValue(func() []place.Place {
	out := make([]place.Place, 0, len(synthCounties))
	for _, name := range synthCounties {
		for _, p := range place.Lookup(name) {
			if p.Current() && p.Level() == place.County {
				out = append(out, p)
				break
			}
		}
	}
	return out
})

// A synthItem is a 项 of the 功能分类 a department spends on.
type synthItem struct {
	code, name string
	project    bool // project spending; otherwise basic
}

// A synthIndicator is a row of a 绩效指标 table: its 二级指标, name, and
// how its target and actual are printed.
type synthIndicator struct {
	level2, name string
	kind         byte // '%' rate, 'n' count, 't' minutes (≤), 'q' qualitative
	unit         string
}

type synthDept struct {
	name, short string
	items       []synthItem
	projects    []string
	indicators  []synthIndicator
}

// synthCommon are the 项 every department pays from its basic spending.
var synthCommon = []synthItem{
	{"2080505", "机关事业单位基本养老保险缴费支出", false},
	{"2101101", "行政单位医疗", false},
	{"2210201", "住房公积金", false},
}

// synthFund is the 政府性基金 item some departments spend.
var synthFund = synthItem{"2296002", "用于社会福利的彩票公益金支出", true}

var synthDepts = []synthDept{
	{"医疗保障局", "医保局", []synthItem{{"2101501", "行政运行", false}, {"2101502", "一般行政管理事务", true},
		{"2101301", "城乡医疗救助", true}}, []string{"城乡医疗救助", "医保基金监管经费", "医疗保障工作经费", "贫困群众大病医疗救助工作经费"},
		[]synthIndicator{{"数量指标", "医保监管药店", 'n', "家"}, {"质量指标", "医保参保率", '%', ""}, {"社会效益指标", "医疗救助覆盖率", '%', ""}}},
	{"教育局", "教育局", []synthItem{{"2050101", "行政运行", false}, {"2050102", "一般行政管理事务", true},
		{"2050202", "小学教育", true}, {"2050203", "初中教育", true}}, []string{"学生资助补助经费", "校舍维修改造", "教师培训经费"},
		[]synthIndicator{{"质量指标", "义务教育巩固率", '%', ""}, {"数量指标", "资助学生人数", 'n', "人"}, {"质量指标", "校舍安全达标率", '%', ""}}},
	{"农业农村局", "农业农村局", []synthItem{{"2130101", "行政运行", false}, {"2130104", "事业运行", false},
		{"2130108", "病虫害控制", true}, {"2130153", "农田建设", true}}, []string{"高标准农田建设", "农作物病虫害防治", "耕地地力保护补贴"},
		[]synthIndicator{{"数量指标", "病虫害防治面积", 'n', "万亩"}, {"数量指标", "新建高标准农田", 'n', "亩"}, {"经济效益指标", "农民人均纯收入增长率", '%', ""}}},
	{"民政局", "民政局", []synthItem{{"2080201", "行政运行", false}, {"2080202", "一般行政管理事务", true},
		{"2081002", "老年福利", true}, {"2081902", "农村最低生活保障金支出", true}}, []string{"农村低保资金", "高龄津贴", "社区治理经费"},
		[]synthIndicator{{"数量指标", "低保对象人数", 'n', "人"}, {"质量指标", "低保对象动态管理率", '%', ""}, {"时效指标", "高龄津贴按时发放率", '%', ""}}},
	{"水利局", "水利局", []synthItem{{"2130301", "行政运行", false}, {"2130302", "一般行政管理事务", true},
		{"2130306", "水利工程运行与维护", true}, {"2130314", "防汛", true}}, []string{"水利工程维修养护", "防汛抗旱经费", "河长制工作经费"},
		[]synthIndicator{{"质量指标", "水利工程完好率", '%', ""}, {"数量指标", "维修养护水库", 'n', "座"}, {"社会效益指标", "农村饮水安全覆盖率", '%', ""}}},
	{"卫生健康局", "卫健局", []synthItem{{"2100101", "行政运行", false}, {"2100102", "一般行政管理事务", true},
		{"2100408", "基本公共卫生服务", true}, {"2100409", "重大公共卫生服务", true}}, []string{"基本公共卫生服务项目", "重大公共卫生服务", "家庭医生签约服务"},
		[]synthIndicator{{"质量指标", "适龄儿童免疫接种率", '%', ""}, {"质量指标", "孕产妇系统管理率", '%', ""}, {"数量指标", "家庭医生签约人数", 'n', "人"}}},
	{"司法局", "司法局", []synthItem{{"2040601", "行政运行", false}, {"2040604", "基层司法业务", true},
		{"2040605", "普法宣传", true}, {"2040607", "法律援助", true}}, []string{"法律援助经费", "普法宣传经费", "人民调解工作经费"},
		[]synthIndicator{{"数量指标", "法律援助案件数", 'n', "件"}, {"质量指标", "法律援助案件办结率", '%', ""}, {"社会效益指标", "人民调解成功率", '%', ""}}},
	{"市场监督管理局", "市场监管局", []synthItem{{"2013801", "行政运行", false}, {"2013802", "一般行政管理事务", true},
		{"2013816", "食品安全监管", true}}, []string{"食品安全抽检经费", "市场监管执法经费", "计量检定经费"},
		[]synthIndicator{{"数量指标", "食品抽检批次", 'n', "批次"}, {"质量指标", "食品抽检合格率", '%', ""}, {"时效指标", "投诉举报处理及时率", '%', ""}}},
	{"退役军人事务局", "退役军人局", []synthItem{{"2082801", "行政运行", false}, {"2082802", "一般行政管理事务", true},
		{"2080801", "死亡抚恤", true}, {"2080802", "伤残抚恤", true}}, []string{"优抚对象抚恤补助", "退役军人服务站建设", "烈士纪念设施维护"},
		[]synthIndicator{{"数量指标", "优抚对象人数", 'n', "人"}, {"时效指标", "抚恤金按时发放率", '%', ""}, {"质量指标", "服务站建成率", '%', ""}}},
}

// synthGeneric are indicators of any department.
var synthGeneric = []synthIndicator{
	{"数量指标", "政策宣传次数", 'n', "次"}, {"数量指标", "业务培训人次", 'n', "人次"},
	{"质量指标", "资金使用合规性", '%', ""}, {"质量指标", "问题整改完成率", '%', ""},
	{"时效指标", "资金拨付及时率", '%', ""}, {"时效指标", "重大事件响应时间", 't', "分钟"},
	{"社会效益指标", "群众政策知晓率", '%', ""}, {"可持续影响指标", "长效管理机制健全性", 'q', ""},
}

// synthNames names the 类 and 款 of the items above.
var synthNames = map[string]string{
	"201": "一般公共服务支出", "20138": "市场监督管理事务",
	"204": "公共安全支出", "20406": "司法",
	"205": "教育支出", "20501": "教育管理事务", "20502": "普通教育",
	"208": "社会保障和就业支出", "20802": "民政管理事务", "20805": "行政事业单位养老支出", "20808": "抚恤",
	"20810": "社会福利", "20819": "最低生活保障", "20828": "退役军人管理事务",
	"210": "卫生健康支出", "21001": "卫生健康管理事务", "21004": "公共卫生", "21011": "行政事业单位医疗",
	"21013": "医疗救助", "21015": "医疗保障管理事务",
	"213": "农林水支出", "21301": "农业农村", "21303": "水利",
	"221": "住房保障支出", "22102": "住房改革支出",
	"229": "其他支出", "22960": "彩票公益金安排的支出",
}

// synthClasses are the 类 of the 收入支出决算总表, in order.
var synthClasses = []struct{ code, name string }{
	{"201", "一般公共服务支出"}, {"202", "外交支出"}, {"203", "国防支出"}, {"204", "公共安全支出"},
	{"205", "教育支出"}, {"206", "科学技术支出"}, {"207", "文化旅游体育与传媒支出"},
	{"208", "社会保障和就业支出"}, {"210", "卫生健康支出"}, {"211", "节能环保支出"},
	{"212", "城乡社区支出"}, {"213", "农林水支出"}, {"214", "交通运输支出"},
	{"215", "资源勘探工业信息等支出"}, {"216", "商业服务业等支出"}, {"217", "金融支出"},
	{"219", "援助其他地区支出"}, {"220", "自然资源海洋气象等支出"}, {"221", "住房保障支出"},
	{"222", "粮油物资储备支出"}, {"223", "国有资本经营预算支出"}, {"224", "灾害防治及应急管理支出"},
	{"229", "其他支出"},
}

// Economic classification of basic spending: 人员经费 and 公用经费.
var (
	synthPersonnel = []struct{ code, name string }{{"30101", "基本工资"}, {"30102", "津贴补贴"}, {"30103", "奖金"},
		{"30108", "机关事业单位基本养老保险缴费"}, {"30110", "职工基本医疗保险缴费"}, {"30113", "住房公积金"}}
	synthPublic = []struct{ code, name string }{{"30201", "办公费"}, {"30205", "水费"}, {"30206", "电费"},
		{"30211", "差旅费"}, {"30228", "工会经费"}, {"30299", "其他商品和服务支出"}}
)

// synthSimilar are visually similar characters OCR confuses, as the sample
// shows (青山→青川, 科目→科日, 功能→刊能, 决算→決算).
var synthSimilar = map[rune]rune{'山': '川', '目': '日', '功': '刊', '决': '決', '日': '目', '土': '士',
	'己': '已', '未': '末', '人': '入', '大': '太', '千': '干', '王': '玉', '右': '石', '由': '田', '城': '域',
	'江': '汪', '安': '女', '平': '乎', '新': '斩', '龙': '尤', '阳': '阴', '河': '何', '成': '戍'}

// money is an amount in hundredths of 万元: exact, and sums stay exact.
type money int64

// plain is the FACTS.md form: "1085.68", "5", "0.3".
func (m money) plain() string {
	s := fmt.Sprintf("%d.%02d", m/100, m%100)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// synth is the state of one document being generated.
type synth struct {
	seed     int64 // of the corpus: the department-year's plan draws from it
	rng      *rand.Rand
	place    place.Place
	dept     synthDept
	org, doc string
	year     int
	spaced   bool // the document's tables split digits: "1, 085. 68"
	b        strings.Builder
	facts    []gold.Fact

	shape   string     // how its tables are printed: Sample, Tab, …
	srng    *rand.Rand // draws the shape's and the variant's choices (shapeRand)
	v       variant    // the template variant, outside the sample's layout
	page    int        // the last page number printed (Preamble)
	running string     // the running page header (Preamble)
}

func (g *synth) line(format string, args ...any) {
	fmt.Fprintf(&g.b, format, args...)
	g.b.WriteByte('\n')
}

// amount draws an amount between lo and hi 万元 (hundredths).
func (g *synth) amount(lo, hi int64) money { return drawAmount(g.rng, lo, hi) }

// drawAmount draws an amount between lo and hi 万元 from r.
func drawAmount(r *rand.Rand, lo, hi int64) money { return money(lo*100 + r.Int64N((hi-lo)*100+1)) }

// num prints an amount as a table cell: with two decimals, thousands
// separated, digits split by OCR spaces in a spaced document.
func (g *synth) num(m money) string {
	if g.v.yuan {
		return yuan(m)
	}
	s := fmt.Sprintf("%d.%02d", m/100, m%100)
	if m >= 100000 {
		s = strconv.FormatInt(int64(m/100000), 10) + "," + s[len(s)-6:]
	}
	if g.spaced && g.rng.IntN(5) > 0 {
		s = strings.ReplaceAll(strings.ReplaceAll(s, ",", ", "), ".", ". ")
	}
	return s
}

// cell prints an amount, or nothing for zero.
func (g *synth) cell(m money) string {
	if m == 0 {
		return ""
	}
	return g.num(m)
}

// noisy replaces one character of s by a visually similar one, if it can.
func (g *synth) noisy(s string) string {
	rs := []rune(s)
	var at []int
	for i, r := range rs {
		if _, ok := synthSimilar[r]; ok {
			at = append(at, i)
		}
	}
	if len(at) == 0 {
		return s
	}
	i := at[g.rng.IntN(len(at))]
	rs[i] = synthSimilar[rs[i]]
	return string(rs)
}

// maybeNoisy is noisy(s) one time in n.
func (g *synth) maybeNoisy(s string, n int) string {
	if g.rng.IntN(n) == 0 {
		return g.noisy(s)
	}
	return s
}

func (g *synth) fact(f gold.Fact) {
	f.Doc = g.doc
	g.facts = append(g.facts, f)
}

// money adds a money fact of the document's year.
func (g *synth) moneyFact(field string, year int, basis string, m money) {
	g.fact(gold.Fact{Field: field, Year: year, Basis: basis, Value: m.plain(), Unit: "万元"})
}

func (g *synth) meta(kind, date string) {
	for _, f := range [][2]string{{"doc_type", kind}, {"org", g.org}, {"province", g.place.Province},
		{"prefecture", g.place.Prefecture}, {"county", g.place.County}, {"region_code", g.place.Code},
		{"fiscal_year", strconv.Itoa(g.year)}, {"report_date", date}} {
		g.fact(gold.Fact{Field: f[0], Value: f[1]})
	}
}

// spending is one 项 with its basic and project amounts.
type spending struct {
	synthItem
	basic, project money
}

// node is a 类, 款 or 项 row of a 功能分类 table with its summed amounts.
type node struct {
	code, name     string
	basic, project money
}

// tree sums the items up to 款 and 类 and returns the rows in table
// order (类, its 款, their 项).
func tree(items []spending) []node {
	var rows []node
	index := map[string]int{}
	add := func(code, name string, s spending) {
		i, ok := index[code]
		if !ok {
			i = len(rows)
			index[code] = i
			rows = append(rows, node{code: code, name: name})
		}
		rows[i].basic += s.basic
		rows[i].project += s.project
	}
	for _, s := range items {
		add(s.code[:3], synthNames[s.code[:3]], s)
		add(s.code[:5], synthNames[s.code[:5]], s)
		add(s.code, s.name, s)
	}
	return rows
}

// sums returns the basic, project and 政府性基金 spending of items.
func sums(items []spending) (basic, project, fund money) {
	for _, s := range items {
		basic += s.basic
		project += s.project
		if s.code == synthFund.code {
			fund += s.project
		}
	}
	return basic, project, fund
}

// tableHead prints a table's title with the year, and the department and
// unit lines under it.
func (g *synth) tableHead(title string) {
	g.line("%d年度%s", g.year, title)
	g.line("")
	g.line("部门: %s", g.maybeNoisy(g.org, 4))
	g.line("")
	g.line("单位: %s", g.unit())
	g.line("")
}

// lineItem adds the gold fact of a 功能分类 table's cell, none for zero.
func (g *synth) lineItem(table, code, col, basis string, m money) {
	if m != 0 {
		g.fact(gold.Fact{Field: "line_item", Table: table, Code: code, Col: col, Year: g.year, Basis: basis, Value: m.plain(), Unit: "万元"})
	}
}

// split draws n parts that add up to sum: the 经济分类 items of 人员经费 or
// 公用经费.
func (g *synth) split(sum money, n int) []money {
	parts := make([]money, n)
	left := sum
	for i := range n - 1 {
		parts[i] = money(g.rng.Int64N(int64(left)/int64(n-i)*2/3 + 1))
		left -= parts[i]
	}
	parts[n-1] = left
	return parts
}

// prose prints an amount in a sentence: plainly (as in the sample's prose)
// or split like the tables.
func (g *synth) prose(m money) string {
	if g.spaced && g.rng.IntN(3) == 0 {
		return strings.ReplaceAll(m.plain(), ".", ". ")
	}
	return m.plain()
}

// three is a 三公经费 figure by part: 合计 = 出国 + 车 + 接待, 车 = 购置 + 运行.
type three struct{ outbound, purchase, operation, reception money }

func (t three) vehicle() money { return t.purchase + t.operation }
func (t three) total() money   { return t.outbound + t.vehicle() + t.reception }

// drawThree draws a department's 三公经费 from r.
func drawThree(r *rand.Rand) three {
	t := three{operation: drawAmount(r, 0, 12), reception: drawAmount(r, 0, 8)}
	if r.IntN(4) == 0 {
		t.purchase = drawAmount(r, 10, 25)
	}
	if r.IntN(6) == 0 {
		t.outbound = drawAmount(r, 1, 6)
	}
	return t
}

// threeCells are the cells of a 三公 table row: 合计, 因公出国(境)费,
// 公务用车 小计, 购置费, 运行维护费, 公务接待费.
func (g *synth) threeCells(t three) []string {
	return []string{g.num(t.total()), g.num(t.outbound), g.num(t.vehicle()), g.num(t.purchase), g.num(t.operation), g.num(t.reception)}
}

// threeFacts adds the gold facts of a 三公 figure of the document's year.
func (g *synth) threeFacts(basis string, t three) {
	y := g.year
	g.moneyFact("three_public_total", y, basis, t.total())
	g.moneyFact("three_public_outbound", y, basis, t.outbound)
	g.moneyFact("three_public_vehicle", y, basis, t.vehicle())
	g.moneyFact("three_public_vehicle_purchase", y, basis, t.purchase)
	g.moneyFact("three_public_vehicle_operation", y, basis, t.operation)
	g.moneyFact("three_public_reception", y, basis, t.reception)
}

// codeRow prints a 功能分类 row: code, name and cells, with the sample's
// column drift (name one column left, or merged with the code) and stray
// marks in the empty 项 column.
func (g *synth) codeRow(t *table, code, name string, cells ...string) {
	head := code + "\t\t" + name
	switch r := g.rng.IntN(20); {
	case r == 0:
		head = code + "\t" + name + "\t"
	case r == 1:
		head = code + " " + name + "\t"
	case r == 2:
		head = code + "\t" + []string{")", "}", "?"}[g.rng.IntN(3)] + "\t" + name
	}
	t.tsv(rowMoney, "%s\t%s", head, strings.Join(cells, "\t"))
}

func (g *synth) finalAccounts(date string) {
	y, org := g.year, g.org
	// Spending: the department's items and the common ones (行政运行 and
	// the common items are basic, the rest project spending), the items
	// the common ones, as the department-year's budget plans them
	// (plan), each executed at 60–105% of its budget.
	p := g.plan()
	items := make([]spending, len(p.items))
	for i, s := range p.items {
		items[i] = spending{synthItem: s.synthItem, basic: g.executed(s.basic), project: g.executed(s.project)}
	}
	rows := tree(items)
	basic, project, fund := sums(items)
	total := basic + project
	general := total - fund

	g.running = fmt.Sprintf("%d 年度%s部门决算", y, org)
	g.line("%s", g.running)
	g.line("")
	g.line("%s", date)
	g.line("")
	g.line("第一部分 %s概况", org)
	g.line("")
	g.line("一、部门主要职能")
	g.line("")
	g.line("%s贯彻落实党中央和省委、市委关于%s工作的方针政策和决策部署,落实%s工作要求。", org, strings.TrimSuffix(g.dept.name, "局"), g.place.County)
	g.line("")
	g.line("第二部分 %s %d 年度部门决算表", org, y)
	g.line("")

	// 表1 收入支出决算总表.
	g.line("%d 年度收入支出决算总表 (表 1)", y)
	g.line("")
	g.line("部门: %s", org)
	g.line("")
	g.line("单位:%s", g.unit())
	g.line("")
	t := g.table(false)
	t.tsv(rowHead, "收入\t\t\t支出\t\t")
	t.tsv(rowHead, "项目\t行次\t决算数\t项目\t行次\t决算数")
	t.tsv(rowHead, "栏次\t\t1\t栏次\t\t2")
	incomes := []struct {
		name string
		m    money
	}{{"一、一般公共预算财政拨款收入", general}, {"二、政府性基金预算财政拨款收入", fund}, {"三、国有资本经营预算财政拨款收入", 0},
		{"四、上级补助收入", 0}, {"五、事业收入", 0}, {"六、经营收入", 0}, {"七、附属单位上缴收入", 0}, {"八、其他收入", 0}}
	byClass := map[string]money{}
	for _, r := range rows {
		if len(r.code) == 3 {
			byClass[r.code] = r.basic + r.project
		}
	}
	for i, c := range synthClasses {
		left := "\t" + strconv.Itoa(i+1) + "\t"
		if i < len(incomes) {
			left = incomes[i].name + "\t" + strconv.Itoa(i+1) + "\t" + g.cell(incomes[i].m)
		}
		t.tsv(rowMoney, "%s\t%s、%s\t%d\t%s", left, chineseNumber(i+1), c.name, i+32, g.cell(byClass[c.code]))
	}
	t.tsv(rowMoney, "本年收入合计\t27\t%s\t本年支出合计\t58\t%s", g.num(total), g.num(total))
	t.tsv(rowMoney, "年初结转和结余\t29\t\t年末结转和结余\t60\t")
	t.tsv(rowMoney, "总计\t31\t%s\t总计\t62\t%s", g.num(total), g.num(total))
	t.end()
	g.line("")
	g.line("注: 1. 本表反映部门本年度的总收支和年末结转结余情况。")
	g.line("")
	g.moneyFact("income_general_budget", y, fiscaldoc.Actual, general)
	if fund > 0 {
		g.moneyFact("income_gov_fund", y, fiscaldoc.Actual, fund)
	}
	g.moneyFact("income_total", y, fiscaldoc.Actual, total)
	g.moneyFact("expenditure_total", y, fiscaldoc.Actual, total)
	g.moneyFact("grand_total", y, fiscaldoc.Actual, total)

	// 表2 收入决算表.
	hdr := g.tableHead
	lineItem := func(table, code, col string, m money) { g.lineItem(table, code, col, fiscaldoc.Actual, m) }
	hdr("收入决算表(表 2)")
	t = g.table(false)
	t.tsv(rowHead, "项目\t\t\t\t\t上级\t事\t经\t附属\t其")
	t.tsv(rowHead, "%s\t\t\t本年收入\t财政拨款\t上级 补助\t业\t营\t单位\t他", g.maybeNoisy("功能分类", 3))
	t.tsv(rowHead, "%s\t\t科目名称\t合计\t收入\t\t收\t收\t上缴\t收", g.maybeNoisy("科目编码", 3))
	t.tsv(rowHead, "类款\t项\t栏次\t1\t2\t3\t4\t5\t6\t7")
	t.tsv(rowMoney, "\t\t合计\t%s\t%s\t\t\t\t\t", g.num(total), g.num(total))
	for _, r := range rows {
		sum := r.basic + r.project
		g.codeRow(t, r.code, r.name, g.num(sum), g.num(sum), "", "", "", "", "")
		lineItem("收入决算表", r.code, "本年收入合计", sum)
		lineItem("收入决算表", r.code, "财政拨款收入", sum)
	}
	t.end()
	g.line("")
	g.line("注: 本表反映部门本年度取得的各项收入情况。")
	g.line("")

	// 表3 支出决算表.
	hdr("支出决算表(表3)")
	t = g.table(false)
	t.tsv(rowHead, "项目\t\t\t\t\t\t\t\t")
	t.tsv(rowHead, "%s %s\t\t科目名称\t本年支出 合计\t基本支出\t项目支出\t上缴 上级 支出\t经营 支出\t对附属单位补助支出", g.maybeNoisy("功能分类", 3), g.maybeNoisy("科目编码", 3))
	t.tsv(rowHead, "类款\t项\t栏次\t1\t2\t3\t4\t5\t6")
	t.tsv(rowMoney, "\t\t合计\t%s\t%s\t%s\t\t\t", g.num(total), g.cell(basic), g.cell(project))
	for _, r := range rows {
		g.codeRow(t, r.code, r.name, g.num(r.basic+r.project), g.cell(r.basic), g.cell(r.project), "", "", "")
		lineItem("支出决算表", r.code, "本年支出合计", r.basic+r.project)
		lineItem("支出决算表", r.code, "基本支出", r.basic)
		lineItem("支出决算表", r.code, "项目支出", r.project)
	}
	t.end()
	g.line("")
	g.line("注: 本表反映部门本年度各项支出情况。")
	g.line("")
	g.moneyFact("expenditure_basic", y, fiscaldoc.Actual, basic)
	g.moneyFact("expenditure_project", y, fiscaldoc.Actual, project)

	// 表5 一般公共预算财政拨款支出决算表: the items without the fund.
	hdr("一般公共预算财政拨款支出决算表(表 5)")
	t = g.table(false)
	t.tsv(rowHead, "\t\t项目\t本年支出\t\t")
	t.tsv(rowHead, "%s\t\t科目名称\t小计\t基本支出\t项目支出", g.maybeNoisy("功能分类 科目编码", 3))
	t.tsv(rowHead, "类\t款\t项\t栏次\t1\t2\t3")
	t.tsv(rowMoney, "\t\t合计\t%s\t%s\t%s", g.num(general), g.cell(basic), g.cell(project-fund))
	for _, r := range rows {
		if strings.HasPrefix(r.code, "229") {
			continue
		}
		g.codeRow(t, r.code, r.name, g.num(r.basic+r.project), g.cell(r.basic), g.cell(r.project))
		lineItem("一般公共预算财政拨款支出决算表", r.code, "本年支出合计", r.basic+r.project)
		lineItem("一般公共预算财政拨款支出决算表", r.code, "基本支出", r.basic)
		lineItem("一般公共预算财政拨款支出决算表", r.code, "项目支出", r.project)
	}
	t.end()
	g.line("")
	g.line("注: 本表反映部门本年度一般公共预算财政拨款支出情况。")
	g.line("")

	// 表6 基本支出决算明细表: 人员经费 (301) and 公用经费 (302) add up to
	// the basic spending.
	public := money(int64(basic) * int64(8+g.rng.IntN(15)) / 100)
	personnel := basic - public
	pp, pu := g.split(personnel, len(synthPersonnel)), g.split(public, len(synthPublic))
	hdr("一般公共预算财政拨款基本支出决算明细表 (表 6)")
	t = g.table(false)
	t.tsv(rowHead, "人员经费\t\t\t公用经费\t\t")
	t.tsv(rowHead, "经济分类科目编码\t科目名称\t决算数\t经济分类科目编码\t科目名称\t决算数")
	t.tsv(rowMoney, "301\t工资福利支出\t%s\t302\t商品和服务支出\t%s", g.cell(personnel), g.cell(public))
	econ := func(code string, m money) {
		if m != 0 {
			g.fact(gold.Fact{Field: "econ_item", Table: "一般公共预算财政拨款基本支出决算明细表", Code: code, Col: "决算数",
				Year: y, Value: m.plain(), Unit: "万元"})
		}
	}
	econ("301", personnel)
	econ("302", public)
	for i := range synthPersonnel {
		t.tsv(rowMoney, "%s\t%s\t%s\t%s\t%s\t%s", synthPersonnel[i].code, synthPersonnel[i].name, g.cell(pp[i]),
			synthPublic[i].code, synthPublic[i].name, g.cell(pu[i]))
		econ(synthPersonnel[i].code, pp[i])
		econ(synthPublic[i].code, pu[i])
	}
	t.tsv(rowMoney, "人员经费合计\t\t%s\t公用经费合计\t\t%s", g.num(personnel), g.num(public))
	t.end()
	g.line("")
	g.moneyFact("personnel_cost", y, fiscaldoc.Actual, personnel)
	g.moneyFact("public_cost", y, fiscaldoc.Actual, public)

	// 表7 政府性基金, when the department has fund spending.
	if fund > 0 {
		hdr("政府性基金预算财政拨款收入支出决算表 (表 7)")
		t = g.table(false)
		t.tsv(rowHead, "项目\t\t\t年初结转和结余\t本年收入\t本年支出\t\t\t年末结转和结余")
		t.tsv(rowHead, "%s\t\t科目名称\t\t\t小计\t基本支出\t项目支出\t", g.maybeNoisy("功能分类 科目编码", 3))
		t.tsv(rowHead, "类\t款\t项\t栏次\t1\t2\t3\t4\t5\t6")
		t.tsv(rowMoney, "\t\t合计\t\t%s\t%s\t\t%s\t", g.num(fund), g.num(fund), g.num(fund))
		for _, r := range rows {
			if !strings.HasPrefix(r.code, "229") {
				continue
			}
			g.codeRow(t, r.code, r.name, "", g.num(fund), g.num(fund), "", g.num(fund), "")
			for _, col := range []string{"本年收入", "本年支出合计", "项目支出"} {
				lineItem("政府性基金预算财政拨款收入支出决算表", r.code, col, fund)
			}
		}
		t.end()
		g.line("")
	}

	// 表9 三公: the plan's budget and what was spent of it.
	bud := p.three
	act := three{g.executed(bud.outbound), g.executed(bud.purchase), g.executed(bud.operation), g.executed(bud.reception)}
	hdr("财政拨款\"三公\"经费支出决算表(表 9)")
	t = g.table(false)
	t.tsv(rowHead, "预算数\t\t\t\t\t\t决算数\t\t\t\t\t")
	t.tsv(rowHead, "合计\t因公出国(境)费\t公务用车购置及运行维护费\t\t\t公务接待费\t合计\t因公出国(境)费\t公务用车购置及运行维护费\t\t\t公务接待费")
	t.tsv(rowHead, "\t\t小计\t公务用车购置费\t公务用车运行维护费\t\t\t\t小计\t公务用车购置费\t公务用车运行维护费\t")
	t.tsv(rowHead, "1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12")
	t.add(rowMoney, append(g.threeCells(bud), g.threeCells(act)...)...)
	t.end()
	g.line("")
	g.threeFacts(fiscaldoc.Budget, bud)
	g.threeFacts(fiscaldoc.Actual, act)

	// 第三部分: the narrative.
	prose := g.prose
	g.line("第三部分 %s %d 年度部门决算情况说明", g.maybeNoisy(org, 2), y)
	g.line("")
	g.line("一、收入支出决算总体情况说明")
	g.line("")
	prev := money(int64(total) * int64(80+g.rng.IntN(40)) / 100)
	g.line("%d 年度收、支总计 %s 万元。与 %d 年度相比,收、支总计各%s%s万元。", y, prose(total), y-1,
		map[bool]string{true: "增加", false: "减少"}[total >= prev], absMoney(total-prev).plain())
	g.line("")
	g.line("三、支出决算情况说明")
	g.line("")
	g.line("%d 年度支出合计 %s 万元。其中:基本支出 %s 万元;项目支出 %s 万元。", y, prose(total), prose(basic), prose(project))
	g.line("")
	g.line("六、一般公共预算财政拨款基本支出决算情况说明")
	g.line("")
	g.line("%d年度一般公共预算财政拨款基本支出%s万元,其中:", y, prose(basic))
	g.line("")
	g.line("人员经费 %s 万元,主要包括:基本工资、津贴补贴、奖金、住房公积金。", prose(personnel))
	g.line("")
	g.line("公用经费 %s 万元,主要包括:办公费、水费、电费、差旅费、工会经费。", prose(public))
	g.line("")
	g.line("十、机关运行经费支出情况")
	g.line("")
	g.line("%d年度%s机关运行经费支出%s万元。", y, org, prose(public))
	g.moneyFact("org_operation_cost", y, fiscaldoc.Actual, public)
	g.line("")
	g.line("十一、政府采购支出情况")
	g.line("")
	proc := money(int64(total) * int64(g.rng.IntN(30)) / 100)
	g.line("%d年度%s政府采购支出总额%s万元。", y, org, prose(proc))
	g.moneyFact("procurement_total", y, fiscaldoc.Actual, proc)
	g.line("")
	g.line("备注: 公开咨询电话 0%d-%d", 100+g.rng.IntN(900), 1000000+g.rng.IntN(9000000))
}

func absMoney(m money) money {
	if m < 0 {
		return -m
	}
	return m
}

// chineseNumber writes 1..99 in Chinese numerals (一, 十一, 二十三).
func chineseNumber(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n%10]
	default:
		return digits[n/10] + "十" + digits[n%10]
	}
}

// indicatorRow is a generated row of a 绩效指标 table.
type indicatorRow struct {
	level1, level2, name, target, actual string
	weight, score                        int
	kind                                 byte // as synthIndicator's
	unit                                 string
}

// indicators draws k indicator rows whose weights add up to total.
func (g *synth) indicators(k, total int) []indicatorRow {
	pool := append(append([]synthIndicator{}, g.dept.indicators...), synthGeneric...)
	g.rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	pool = append(pool[:min(k-1, len(pool))], synthIndicator{"服务对象满意度指标", "服务对象满意度", '%', ""})
	rows := make([]indicatorRow, len(pool))
	left := total
	for i, in := range pool {
		w := total / len(pool)
		if i == len(pool)-1 {
			w = left
		}
		left -= w
		r := indicatorRow{name: in.name, level2: in.level2, weight: w, score: w, kind: in.kind, unit: in.unit}
		switch {
		case in.level2 == "服务对象满意度指标":
			r.level1 = "满意度指标"
		case strings.HasSuffix(in.level2, "效益指标") || in.level2 == "可持续影响指标":
			r.level1 = "效益指标"
		default:
			r.level1 = "产出指标"
		}
		if g.rng.IntN(5) == 0 && w > 1 {
			r.score = w - 1 - g.rng.IntN(w/2+1)
		}
		switch in.kind {
		case '%':
			t := 80 + 5*g.rng.IntN(4)
			r.target = "≥" + strconv.Itoa(t) + "%"
			if g.rng.IntN(3) == 0 {
				r.target = "100%"
				t = 100
			}
			r.actual = strconv.Itoa(t+g.rng.IntN(101-t)) + "%"
		case 'n':
			n := 10 * (1 + g.rng.IntN(300))
			r.target = "≥" + strconv.Itoa(n) + in.unit
			r.actual = strconv.Itoa(n+g.rng.IntN(n/2+1)) + in.unit
		case 't':
			n := []int{30, 60, 120}[g.rng.IntN(3)]
			r.target = "≤" + strconv.Itoa(n) + in.unit
			r.actual = strconv.Itoa(n/2+g.rng.IntN(n/2+1)) + in.unit
		default:
			r.target, r.actual = "健全", "健全"
		}
		rows[i] = r
	}
	rank := map[string]int{"产出指标": 0, "效益指标": 1, "满意度指标": 2}
	sort.SliceStable(rows, func(i, j int) bool {
		if rank[rows[i].level1] != rank[rows[j].level1] {
			return rank[rows[i].level1] < rank[rows[j].level1]
		}
		return rows[i].level2 < rows[j].level2
	})
	return rows
}

func (g *synth) indicatorFacts(project string, rows []indicatorRow) {
	for _, r := range rows {
		g.fact(gold.Fact{Field: "indicator_target", Project: project, Indicator: r.name, Value: r.target})
		g.fact(gold.Fact{Field: "indicator_actual", Project: project, Indicator: r.name, Value: r.actual})
		g.fact(gold.Fact{Field: "indicator_weight", Project: project, Indicator: r.name, Value: strconv.Itoa(r.weight), Unit: "分"})
		g.fact(gold.Fact{Field: "indicator_score", Project: project, Indicator: r.name, Value: strconv.Itoa(r.score), Unit: "分"})
	}
}

// rate is actual/budget in percent with two decimals, rounded half up, as
// hundredths of a percent.
func rate(actual, budget money) money {
	return money((int64(actual)*10000*2 + int64(budget)) / (2 * int64(budget)))
}

// cells prints a 自评表 row as the sample's Word export does: a blank line,
// then one cell per line, each after a tab.
func (g *synth) cells(cs ...string) {
	g.line("")
	for _, c := range cs {
		if c != "" && g.rng.IntN(6) == 0 {
			c = "　" + c // the full-width spaces Word leaves in cells
		}
		g.line("\t%s", c)
	}
}

func (g *synth) deptSelfEval(date string) {
	y := g.year
	short := g.place.County + g.dept.name
	authorized := 10 + g.rng.IntN(120)
	actualStaff := authorized - g.rng.IntN(authorized/4+1)
	retired := g.rng.IntN(30)
	public := g.amount(5, 200)
	personnel := g.amount(50, 900)
	basic := personnel + public
	prevTotal := money(int64(basic) * int64(80+g.rng.IntN(40)) / 100)
	initial := money(int64(basic) * int64(70+g.rng.IntN(30)) / 100)
	budget := basic + money(g.rng.Int64N(int64(basic)/10+1))
	op, rec := g.amount(0, 10), g.amount(0, 8)
	opPrev, recPrev := g.amount(0, 10), g.amount(0, 8)
	opBud, recBud := op+g.amount(0, 2), rec+g.amount(0, 2)

	g.line("附件1")
	g.line("")
	g.running = fmt.Sprintf("%d年度%s整体支出绩效自评报告", y, short)
	g.line("%d年度%s整体支出", y, short)
	g.line("")
	g.line("绩效自评报告")
	g.line("")
	g.line("单位名称：（盖章）")
	g.line("")
	g.line("%s", strings.Replace(date, "月", " 月 ", 1))
	g.line("")
	g.line("一、部门（单位）基本情况")
	g.line("")
	g.line("%d年本部门核定编制数%d人，其中在职人员%d人，退休%d人。", y, authorized, actualStaff, retired)
	g.fact(gold.Fact{Field: "staff_authorized", Year: y, Value: strconv.Itoa(authorized), Unit: "人"})
	g.fact(gold.Fact{Field: "staff_actual", Year: y, Value: strconv.Itoa(actualStaff), Unit: "人"})
	g.fact(gold.Fact{Field: "staff_retired", Year: y, Value: strconv.Itoa(retired), Unit: "人"})
	g.line("")
	g.line("%d年%s整体收入%s万元，与上年总收入%s万元相比，%s%s万元。整体支出%s万元，与上年总支出%s万元相比，%s%s万元。“三公经费”为%s万元。",
		y, g.maybeNoisy(short, 3), basic.plain(), prevTotal.plain(), map[bool]string{true: "增加", false: "减少"}[basic >= prevTotal],
		absMoney(basic-prevTotal).plain(), basic.plain(), prevTotal.plain(), map[bool]string{true: "增加", false: "减少"}[basic >= prevTotal],
		absMoney(basic-prevTotal).plain(), (op + rec).plain())
	for _, yr := range []struct {
		year int
		m    money
	}{{y, basic}, {y - 1, prevTotal}} {
		g.moneyFact("income_total", yr.year, fiscaldoc.Actual, yr.m)
		g.moneyFact("expenditure_total", yr.year, fiscaldoc.Actual, yr.m)
	}
	g.line("二、一般公共预算支出情况")
	g.line("")
	g.line("（一）基本支出情况")
	g.line("")
	g.line("%d年%s基本支出为%s万元，其中：", y, short, basic.plain())
	g.line("")
	g.line("人员经费%s万元,包括基本工资、津贴补贴、奖金、社会保险缴费；", personnel.plain())
	g.line("")
	g.line("2、公用经费%s万元，主要包括：办公费、印刷费、差旅费、培训费。", public.plain())
	g.line("")
	g.line("（二）项目支出情况   无")
	g.moneyFact("personnel_cost", y, fiscaldoc.Actual, personnel)
	g.moneyFact("public_cost", y, fiscaldoc.Actual, public)
	g.line("七、存在的问题及原因分析")
	g.line("")
	g.line("1、预算经费拨付稍有滞后，不利于单位开展正常的日常工作运行。")
	g.line("")
	g.line("                     %s                         %s", g.org, date)
	g.line("")

	// 基础数据表.
	g.line("附件2")
	g.line("")
	g.line("%d年度部门整体支出绩效评价基础数据表", y)
	g.line("")
	t := g.table(true)
	t.add(rowHead, "财政供养人员情况（人）", "编制数", fmt.Sprintf("%d年实际在职人数", y), "控制率")
	t.add(rowMoney, "", strconv.Itoa(authorized), strconv.Itoa(actualStaff), rate(money(actualStaff), money(authorized)).plain()+"%")
	t.add(rowHead, "经费控制情况（万元）", fmt.Sprintf("%d年决算数", y-1), fmt.Sprintf("%d年预算数", y), fmt.Sprintf("%d年决算数", y))
	t.add(rowMoney, "一、部门基本支出", prevTotal.plain(), initial.plain(), basic.plain())
	g.moneyFact("expenditure_basic", y-1, fiscaldoc.Actual, prevTotal)
	g.moneyFact("expenditure_basic", y, fiscaldoc.Budget, initial)
	g.moneyFact("expenditure_basic", y, fiscaldoc.Actual, basic)
	t.add(rowMoney, "三公经费", (opPrev + recPrev).plain(), (opBud + recBud).plain(), (op + rec).plain())
	t.add(rowMoney, "1.公务用车购置和维护经费", "", "", "")
	t.add(rowMoney, "其中：公车购置", "", "", "")
	t.add(rowMoney, "            公车运行维护", opPrev.plain(), opBud.plain(), op.plain())
	t.add(rowMoney, "      2.出国经费", "", "", "")
	t.add(rowMoney, "      3.公务接待", recPrev.plain(), recBud.plain(), rec.plain())
	t.end()
	for _, t := range []struct {
		year    int
		basis   string
		op, rec money
	}{{y - 1, fiscaldoc.Actual, opPrev, recPrev}, {y, fiscaldoc.Budget, opBud, recBud}, {y, fiscaldoc.Actual, op, rec}} {
		g.moneyFact("three_public_total", t.year, t.basis, t.op+t.rec)
		g.moneyFact("three_public_vehicle_operation", t.year, t.basis, t.op)
		g.moneyFact("three_public_reception", t.year, t.basis, t.rec)
	}
	g.line("")

	// 自评表.
	g.line("附件3")
	g.line("")
	g.line("%d年度部门整体支出绩效自评表", y)
	if !g.layoutSample() {
		g.deptEvalTable(initial, budget, basic)
	} else {
		t := g.table(true)
		t.add(rowForm, "单位区级预算部门名称", g.org)
		t.add(rowHead, "年度预\n\n算申请\n\n（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
		r := rate(basic, budget)
		execScore := money((int64(r)*10 + 50) / 100) // 10 分 × rate
		t.add(rowMoney, "", "年度资金总额", initial.plain(), budget.plain(), basic.plain(), "10", r.plain()+"%", execScore.plain())
		g.moneyFact("budget_amount", y, fiscaldoc.InitialBudget, initial)
		g.moneyFact("budget_amount", y, fiscaldoc.Budget, budget)
		g.moneyFact("budget_amount", y, fiscaldoc.Actual, basic)
		g.fact(gold.Fact{Field: "execution_rate", Value: r.plain(), Unit: "%"})
		t.add(rowHead, "绩\n\n效\n\n指\n\n标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
		rows := g.indicators(6+g.rng.IntN(6), 90)
		total := execScore
		prevL1, prevL2 := "", ""
		for _, row := range rows {
			l1, l2 := row.level1, row.level2
			if l1 == prevL1 {
				l1 = ""
			}
			if l2 == prevL2 {
				l2 = ""
			}
			prevL1, prevL2 = row.level1, row.level2
			note := ""
			if row.score < row.weight {
				note = "部分目标未完成"
			}
			t.add(rowIndicator, "", l1, l2, row.name, row.target, row.actual, strconv.Itoa(row.weight), strconv.Itoa(row.score), note)
			total += money(row.score * 100)
		}
		g.indicatorFacts("", rows)
		t.add(rowTotal, "总分", "100", total.plain(), "")
		g.fact(gold.Fact{Field: "eval_score", Value: total.plain(), Unit: "分"})
		t.end()
	}
	g.line("")
	g.line("填表人：%s填报日期%s", []string{"张明", "李华", "王芳", "刘洋", "陈静"}[g.rng.IntN(5)], date)
}

func (g *synth) projectSelfEval(date string) {
	y := g.year
	projects := append([]string{}, g.dept.projects...)
	g.rng.Shuffle(len(projects), func(i, j int) { projects[i], projects[j] = projects[j], projects[i] })
	projects = projects[:1+g.rng.IntN(len(projects))]
	cut := g.v.midTable && len(projects) > 1
	g.running = fmt.Sprintf("%s%d年度项目支出绩效自评报告", g.org, y)
	if !cut {
		g.line("%s", g.running)
		g.line("")
		g.line("%s：", g.place.County+"财政局")
		g.line("")
		g.line("根据%s财政局关于开展%d年度项目支出绩效自评工作的通知要求，我局对%d年度项目支出开展了绩效自评。", g.place.County, y, y)
		g.line("")
	}
	unit := func(m money) string {
		switch g.rng.IntN(3) {
		case 0:
			return m.plain() + "万"
		case 1:
			return m.plain() + "万元"
		}
		return m.plain()
	}
	for i, p := range projects {
		budget := g.amount(1, 500)
		actual := budget
		if g.rng.IntN(3) == 0 {
			actual = money(int64(budget) * int64(60+g.rng.IntN(40)) / 100)
		}
		if !g.layoutSample() {
			g.projectEvalTable(p, budget, actual, cut && i == 0)
			continue
		}
		r := rate(actual, budget)
		execScore := money((int64(r)*10 + 50) / 100)
		g.line("绩效目标自评表  ")
		g.line("(%d年度)", y)
		t := g.table(false)
		t.tsv(rowForm, "项目名称\t\t%s\t\t项目负责人及电话\t\t%s\t", p, []string{"安生萍", "杨琪", "韩斯瀚", "周丽"}[g.rng.IntN(4)])
		t.tsv(rowForm, "主管部门\t\t%s\t\t实施单位\t\t%s\t", g.maybeNoisy(g.org, 5), g.org)
		g.fact(gold.Fact{Field: "project_dept", Project: p, Value: g.org})
		t.tsv(rowHead, "资金情况 (万元)\t\t年度资金总额:\t全年预算数 (A)\t执行数 (B)\t分值\t执行率 (B/A)\t得分")
		t.tsv(rowMoney, "\t\t其中: 本年财政拨款\t%s\t%s\t10\t%s%%\t%s", unit(budget), unit(actual), r.plain(), execScore.plain())
		t.tsv(rowMoney, "\t\t其他资金\t\t\t\t\t")
		g.moneyFact("budget_amount", y, fiscaldoc.Budget, budget)
		g.facts[len(g.facts)-1].Project = p
		g.moneyFact("budget_amount", y, fiscaldoc.Actual, actual)
		g.facts[len(g.facts)-1].Project = p
		g.fact(gold.Fact{Field: "execution_rate", Project: p, Value: r.plain(), Unit: "%"})
		t.tsv(rowForm, "年初设定目标\t\t\t\t年度总体目标完成情况综述\t\t\t\t")
		t.tsv(rowHead, "绩效指标\t一级指标\t二级指标\t三级指标\t分值\t年度指标值\t全年实际值\t得分\t未完成原因及拟采取的改进措施")
		rows := g.indicators(3+g.rng.IntN(6), 90)
		total := execScore
		prevL1, prevL2 := "", ""
		for _, row := range rows {
			l1, l2 := row.level1, row.level2
			if l1 == prevL1 {
				l1 = ""
			}
			if l2 == prevL2 {
				l2 = ""
			}
			prevL1, prevL2 = row.level1, row.level2
			t.tsv(rowIndicator, "\t%s\t%s\t%s\t%d\t%s\t%s\t%d\t", l1, l2, row.name, row.weight, row.target, row.actual, row.score)
			total += money(row.score * 100)
		}
		g.indicatorFacts(p, rows)
		t.tsv(rowTotal, "总分\t\t\t\t\t\t\t%s\t", total.plain())
		t.end()
		g.fact(gold.Fact{Field: "eval_score", Project: p, Value: total.plain(), Unit: "分"})
	}
	g.line("")
	g.line("%s", g.org)
	g.line("%s印发", strings.Replace(strings.Replace(date, "年", " 年 ", 1), "月", " 月 ", 1))
}

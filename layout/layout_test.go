package layout

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize"
)

// doc makes a document of text, one Line a line, as corpus reads it.
func doc(text string) *fiscaldoc.Document {
	d := &fiscaldoc.Document{}
	for i, l := range strings.Split(text, "\n") {
		d.Lines = append(d.Lines, fiscaldoc.Line{N: i + 1, Raw: l, Text: normalize.Text(l)})
	}
	return d
}

// grid renders a table's rows as "a|b|c" lines.
func grid(t fiscaldoc.Table) []string {
	var out []string
	for i := range t.Rows {
		out = append(out, strings.Join(t.Texts(i), "|"))
	}
	return out
}

// TestShapes reads one document written for the purpose per shape of
// SHAPES.md and checks the tables found: shape, lines, title and grid.
func TestShapes(t *testing.T) {
	tests := []struct {
		name, in    string
		shape       string
		stream      bool
		first, last int
		title, unit string
		grid        []string
	}{
		{
			name:  "tab rows, a cell wrapped inside a row",
			in:    "绩效自评表\n一级指标\t二级指标\t三级指标\t分值\t得分\n产出\t数量\t培训班次\t10\t10\n\t质量\t检查覆盖\n率\t20\t20",
			shape: fiscaldoc.ShapeTab, first: 2, last: 5, title: "绩效自评表",
			grid: []string{"一级指标|二级指标|三级指标|分值|得分", "产出|数量|培训班次|10|10", "|质量|检查覆盖率|20|20"},
		},
		{
			name:  "tab rows, a wrapped end on a line of its own",
			in:    "三级指标\t分值\t得分\n培训合\t10\t10\n格率\n检查率\t20\t18",
			shape: fiscaldoc.ShapeTab, first: 1, last: 4,
			grid: []string{"三级指标|分值|得分", "培训合格率|10|10", "检查率|20|18"},
		},
		{
			name:  "tab rows, wrapped ends of a name and a header, a form's label kept",
			in:    "项目名称\t水利工程维\t负责人\t周丽\n\t修养护\t\t\n主管部门\t某局\t\t\n\t其他资金\t\t\n三级指标\t分值\t偏差原因\t得分\n\t\t分析\t",
			shape: fiscaldoc.ShapeTab, first: 1, last: 6,
			grid: []string{"项目名称|水利工程维修养护|负责人|周丽", "主管部门|某局||", "|其他资金||", "三级指标|分值|偏差原因分析|得分"},
		},
		{
			name:  "one cell a line, blank line between rows, an empty cell as a tab",
			in:    "\t三级指标\n\t分值\n\n\t培训合格率\n\t\n\t10\n\n说明文字。",
			shape: fiscaldoc.ShapeCellLine, first: 1, last: 6,
			grid: []string{"三级指标|分值", "培训合格率||10"},
		},
		{
			name:  "tab rows, two form rows each half as wide as the table",
			in:    "项目名称\t某项目\t负责人\t周丽\n主管部门\t某局\t实施单位\t某站\n三级指标\t指标值\t完成值\t分值\t得分\t偏差\t备注\n培训率\t≥90%\t95%\t10\t10\t\t",
			shape: fiscaldoc.ShapeTab, first: 1, last: 4,
			grid: []string{"项目名称|某项目|负责人|周丽", "主管部门|某局|实施单位|某站", "三级指标|指标值|完成值|分值|得分|偏差|备注", "培训率|≥90%|95%|10|10||"},
		},
		{
			name:  "tab rows, a form row whose width and the 资金 header's add up to the table's, kept apart",
			in:    "项目名称\t某项目\t负责人\t周丽\n主管部门\t某局\t实施单位\t某站\n年度资金情况(万元)\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\t年度资金总额\t30\t30\t30\t10\t100%\t10\n三级指标\t指标值\t完成值\t分值\t得分\t偏差\t备注\t是否核心\t性质\t单位\t说明\n培训率\t≥90%\t95%\t10\t10\t\t\t是\t定量\t%\t",
			shape: fiscaldoc.ShapeTab, first: 1, last: 6,
			grid: []string{"项目名称|某项目|负责人|周丽", "主管部门|某局|实施单位|某站", "年度资金情况(万元)||年初预算数|全年预算数|全年执行数|分值|执行率|得分", "|年度资金总额|30|30|30|10|100%|10", "三级指标|指标值|完成值|分值|得分|偏差|备注|是否核心|性质|单位|说明", "培训率|≥90%|95%|10|10|||是|定量|%|"},
		},
		{
			name: "tab rows, a form's name wrapped, its 项目属性 cell's rest on a line that starts with the space the wrap broke at",
			in: "项目名称\t道路养护\n经费\t项目负责人\t周丽\n主管部门\t某局\t实施单位\t某站\n项目属性\t常年性□\n 延续性☑ 一次性□\n" +
				"年度资金情况\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\t年度资金总额\t30\t30\t30\t10\t100%\t10\n" +
				"三级指标\t指标值\t完成值\t分值\t得分\t偏差\t备注\t说明\n培训率\t≥90%\t95%\t10\t10\t\t\t",
			shape: fiscaldoc.ShapeTab, first: 1, last: 9,
			grid: []string{"项目名称|道路养护经费|项目负责人|周丽", "主管部门|某局|实施单位|某站", "项目属性|常年性□延续性☑ 一次性□",
				"年度资金情况||年初预算数|全年预算数|全年执行数|分值|执行率|得分", "|年度资金总额|30|30|30|10|100%|10",
				"三级指标|指标值|完成值|分值|得分|偏差|备注|说明", "培训率|≥90%|95%|10|10|||"},
		},
		{
			name:  "tab rows, a full header's last cell wrapped inside the row, its rest alone on the next line",
			in:    "一级指标\t三级指标\t分值\t得分\t偏差原因分析\n及改进措施\n产出指标\t培训率\t10\t10\t",
			shape: fiscaldoc.ShapeTab, first: 1, last: 3,
			grid: []string{"一级指标|三级指标|分值|得分|偏差原因分析及改进措施", "产出指标|培训率|10|10|"},
		},
		{
			name:  "tab rows, a full header, then a name's head alone on a line above its rest",
			in:    "项目\t预算数\t项目\t预算数\n一、一般公\n共预算拨款收入\t20.00\t一、一般公共服务支出\t20.00\n二、事业收入\t\t二、教育支出\t",
			shape: fiscaldoc.ShapeTab, first: 1, last: 4,
			grid: []string{"项目|预算数|项目|预算数", "一、一般公共预算拨款收入|20.00|一、一般公共服务支出|20.00", "二、事业收入||二、教育支出|"},
		},
		{
			name: "tab rows, a header whose first cell names a unit, then a numbered row name's head alone on a line above its rest",
			in: "财政供养人员情况（人）\t编制数\t实际在职人数\t控制率\n\t12\t11\t91.67%\n经费控制情况（万元）\t2020年决算数\t2021年预算数\t2021年决算数\n" +
				"一、部门基\n本支出\t210.5\t198\t205.3\n三公经费\t3.2\t4\t2.8",
			shape: fiscaldoc.ShapeTab, first: 1, last: 6,
			grid: []string{"财政供养人员情况(人)|编制数|实际在职人数|控制率", "|12|11|91.67%", "经费控制情况(万元)|2020年决算数|2021年预算数|2021年决算数",
				"一、部门基本支出|210.5|198|205.3", "三公经费|3.2|4|2.8"},
		},
		{
			name: "tab rows, a form's funding block more rows than its wider indicator block, a header cell and an indicator broken in the wider",
			in: "年度资金情况（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\t年度资金总额\t50\t60\t60\t10\t100%\t10\n" +
				"\t其中:当年财政拨款\t50\t50\t50\t\t\t\n\t上年结转资金\t\t10\t10\t\t\t\n\t其他资金\t\t\t\t\t\t\n" +
				"一级指标\t二级指标\t三级指标\t指标性质\t年度指标值\t全年实际值\t分值\t得分系数\t得分\t偏差原因分析\n及改进措施\n" +
				"产出指标\t数量指标\t培训人次\t定量\t≥300人次\t320人次\t20\t100%\t20\t\n效益指标\t可持续影响指标\t管理制度\n健全性\t定性\t健全\t健全\t20\t100%\t20\t",
			shape: fiscaldoc.ShapeTab, first: 1, last: 10,
			grid: []string{"年度资金情况(万元)||年初预算数|全年预算数|全年执行数|分值|执行率|得分", "|年度资金总额|50|60|60|10|100%|10",
				"|其中:当年财政拨款|50|50|50|||", "|上年结转资金||10|10|||", "|其他资金||||||",
				"一级指标|二级指标|三级指标|指标性质|年度指标值|全年实际值|分值|得分系数|得分|偏差原因分析及改进措施",
				"产出指标|数量指标|培训人次|定量|≥300人次|320人次|20|100%|20|", "效益指标|可持续影响指标|管理制度健全性|定性|健全|健全|20|100%|20|"},
		},
		{
			name:  "one cell a line, a 总分 row's cells as blank lines, a short signature after it",
			in:    "\t三级指标\n\t分值\n\t得分\n\n\t培训率\n\t10\n\t9\n\n\n\t总分\n\n\n\t10\n\n\n\t9\n\n\n某县某局\n2021年3月1日",
			shape: fiscaldoc.ShapeCellLine, first: 1, last: 16,
			grid: []string{"三级指标|分值|得分", "培训率|10|9", "总分", "10", "9"},
		},
		{
			name:  "one cell a line, no row breaks, trailing pipes, an empty cell",
			in:    "单位:元\n三级指标 |\n指标值 |\n分值 |\n得分 |\n档案数字化率 |\n≥80% |\n|\n20 |\n二、其他情况说明",
			shape: fiscaldoc.ShapeCellRun, stream: true, first: 2, last: 9, unit: "单位:元",
			grid: []string{"三级指标|指标值|分值|得分|档案数字化率|≥80%||20"},
		},
		{
			name: "one cell a line, a 总表's rows that read as headings before an empty amount's dash (issue 16)",
			in: "部门收支总表\n收入\n支出\n项目\n预算数\n项目\n预算数\n一、一般公共预算拨款收入\n1, 189. 23\n一、一般公共服务支出\n-\n" +
				"二、政府性基金预算拨款收入\n-\n二、外交支出\n-\n本年收入合计\n1,189.23\n本年支出合计\n1,189.23\n二、收入预算情况",
			shape: fiscaldoc.ShapeCellRun, stream: true, first: 2, last: 19, title: "部门收支总表",
			grid: []string{"收入|支出|项目|预算数|项目|预算数|一、一般公共预算拨款收入|1, 189. 23|一、一般公共服务支出|-|" +
				"二、政府性基金预算拨款收入|-|二、外交支出|-|本年收入合计|1,189.23|本年支出合计|1,189.23"},
		},
		{
			name:  "one cell a line, a 三公 table whose header is its items alone (issue 16)",
			in:    "\"三公\"经费支出预算表\n单位:万元\n合计\n因公出国(境)费\n公务用车购置及运行维护费\n公务接待费\n12.80\n0.00\n8.00\n4.80\n二、说明",
			shape: fiscaldoc.ShapeCellRun, stream: true, first: 3, last: 10, title: `"三公"经费支出预算表`, unit: "单位:万元",
			grid: []string{"合计|因公出国(境)费|公务用车购置及运行维护费|公务接待费|12.80|0.00|8.00|4.80"},
		},
		{
			name:  "one cell a line, a 部门收入总表 whose header names 上年结转, 科目编码 misread (issue 16)",
			in:    "部门收入总表\n科日编码\n科目名称\n合计\n上年结转\n一般公共预算拨款收入\n政府性基金预算拨款收入\n208\n社会保障和就业支出\n77.64\n-\n77.64\n-",
			shape: fiscaldoc.ShapeCellRun, first: 2, last: 13, title: "部门收入总表",
			grid: []string{"科日编码|科目名称|合计|上年结转|一般公共预算拨款收入|政府性基金预算拨款收入", "208|社会保障和就业支出|77.64|-|77.64|-"},
		},
		{
			name:  "pipe table with a markdown rule and a collapsed row",
			in:    "| 三级指标 | 性质 | 指标值 | 分值 |\n| --- | --- | --- | --- |\n| 补助人数 | 定量 | ≥300 | 10 |\n| 满意度 | 良 | 8 |",
			shape: fiscaldoc.ShapePipe, first: 1, last: 4,
			grid: []string{"三级指标|性质|指标值|分值", "补助人数|定量|≥300|10", "满意度|良|8"},
		},
		{
			name:  "pipe table under its title and unit, a header row printed without the outer pipes",
			in:    "三公经费支出决算表\n单位:元\n预算数 | 决算数\n合计 | 公务接待费 | 合计 | 公务接待费\n1 | 2 | 3 | 4",
			shape: fiscaldoc.ShapePipe, first: 3, last: 5, title: "三公经费支出决算表", unit: "单位:元",
			grid: []string{"预算数|决算数", "合计|公务接待费|合计|公务接待费", "1|2|3|4"},
		},
		{
			name:  "a table flattened onto lines of words",
			in:    "三级指标 数量指标 指标1:受益户数 指标值 完成值 1200 分值 得分 1180 20 18\n质量指标 验收合格率 100% 100% 20 20\n本项目绩效良好。",
			shape: fiscaldoc.ShapeFlat, stream: true, first: 1, last: 2,
			grid: []string{"三级指标|数量指标|指标1:受益户数|指标值|完成值|1200|分值|得分|1180|20|18|质量指标|验收合格率|100%|100%|20|20"},
		},
		{
			// issue 14: the form's line holds no amount, its labels cut by the export.
			name:  "a flattened table whose first line is the form's labels and names alone",
			in:    "绩效自评表\n项目名 称 道路养护经费 主管 部门 某县交通局 实施单 位 某县公路站\n年度资金总额 全年预算数 80.00 全年执行数 76.00 三级指标 分值 得分 养护里程 20 20\n本项目绩效良好。",
			shape: fiscaldoc.ShapeFlat, stream: true, first: 2, last: 3, title: "绩效自评表",
			grid: []string{"项目名|称|道路养护经费|主管|部门|某县交通局|实施单|位|某县公路站|年度资金总额|全年预算数|80.00|全年执行数|76.00|三级指标|分值|得分|养护里程|20|20"},
		},
		{
			// issue 14: a header cell broken over lines, its words alone on one.
			name:  "a flattened table with a line of a header cell's words alone",
			in:    "一级指标 产出指标 数量指标 修缮校舍 ≥3所 4所 分值 年度指标值\n二级 指标\n三级指标 实际完成值 20 得分 20 总分 20 20\n填表人:张三",
			shape: fiscaldoc.ShapeFlat, stream: true, first: 1, last: 3,
			grid: []string{"一级指标|产出指标|数量指标|修缮校舍|≥3所|4所|分值|年度指标值|二级|指标|三级指标|实际完成值|20|得分|20|总分|20|20"},
		},
		{
			name:  "a flattened table whose first line the wrap cut short, and a line of column numbers",
			in:    "一、财政拨款收入 1 5.00 一、一般公共服务支出\n收入 32 支出 项目 行次 决算数 项目 行次 决算数 栏次 1 2\n3 4\n本表反映收支。",
			shape: fiscaldoc.ShapeFlat, stream: true, first: 1, last: 3,
			grid: []string{"一、财政拨款收入|1|5.00|一、一般公共服务支出|收入|32|支出|项目|行次|决算数|项目|行次|决算数|栏次|1|2|3|4"},
		},
		{
			// A wrapped line of an amount and an empty amount's dash alone.
			name:  "a flattened table with a wrapped line of an amount and a dash",
			in:    "经济分类科目编码 科目名称 决算数 经济分类科目编码 科目名称 决算数 301 工资福利支出 289.11 302 商品和服务支出\n37.61 -\n30101 基本工资 120.00 30201 办公费 10.00\n本表反映基本支出。",
			shape: fiscaldoc.ShapeFlat, first: 1, last: 3,
			grid: []string{"经济分类科目编码|科目名称|决算数|经济分类科目编码|科目名称|决算数", "301|工资福利支出|289.11", "302|商品和服务支出|37.61|-", "30101|基本工资|120.00", "30201|办公费|10.00"},
		},
		{
			// The wrap put the header's words after the first line.
			name:  "a flattened table whose first line holds no header word",
			in:    "人员 经费 公用 301 工资福利支出 289.11 经费 302 商品和服务支出\n37.61 经济分类科目编码 科目名称 决算数 30101 基本工资 120.00\n本表反映基本支出。",
			shape: fiscaldoc.ShapeFlat, first: 1, last: 2,
			grid: []string{"人员|经费|公用|经费|经济分类科目编码|科目名称|决算数", "301|工资福利支出|289.11", "302|商品和服务支出|37.61", "30101|基本工资|120.00"},
		},
		{
			// Keyed rows: layout cuts a Stream keyed by 功能分类 codes
			// into the header, its 栏次 run, the 合计 row and a row a code.
			name: "a flattened table keyed by 功能分类 codes, cut into its rows",
			in: "支出决算表\n单位:万元\n科目编码 科目名称 本年支出合计 基本支出 项目支出 栏次 1 2 3 合计 100.00 60.00 40.00 " +
				"208 社会保障和就业支出 100.00 60.00 40.00\n20805 行政事业单位养老支出 100.00 60.00 40.00\n注:本表反映支出。",
			shape: fiscaldoc.ShapeFlat, first: 3, last: 4, title: "支出决算表", unit: "单位:万元",
			grid: []string{"科目编码|科目名称|本年支出合计|基本支出|项目支出", "栏次|1|2|3", "|合计|100.00|60.00|40.00",
				"208|社会保障和就业支出|100.00|60.00|40.00", "20805|行政事业单位养老支出|100.00|60.00|40.00"},
		},
		{
			// A lone | is an empty cell: an empty value, or, between a
			// code and its name, the code's 类 款 项 columns.
			name:  "one cell a line keyed by codes, empty cells as lone pipes",
			in:    "科目编码 |\n科目名称 |\n合计 |\n基本支出 |\n项目支出 |\n208 |\n|\n|\n社会保障和就业支出 |\n100.00 |\n|\n100.00 |\n2080505 |\n行政运行 |\n|\n50.00 |\n50.00 |",
			shape: fiscaldoc.ShapeCellRun, first: 1, last: 17,
			grid: []string{"科目编码|科目名称|合计|基本支出|项目支出", "208|社会保障和就业支出|100.00||100.00", "2080505|行政运行||50.00|50.00"},
		},
		{
			// The wrap left a row's code and name alone on a line: the
			// next line goes on with the row's amounts, so the table does.
			name: "a flattened table keyed by codes, a row's code and name wrapped onto a short line",
			in: "科目编码 科目名称 合计 基本支出 项目支出 208 社会保障和就业支出 100.00 60.00 40.00\n2080801 死亡抚恤\n" +
				"40.00 - 40.00 210 卫生健康支出 60.00 60.00 -\n二、说明",
			shape: fiscaldoc.ShapeFlat, first: 1, last: 3,
			grid: []string{"科目编码|科目名称|合计|基本支出|项目支出", "208|社会保障和就业支出|100.00|60.00|40.00",
				"2080801|死亡抚恤|40.00|-|40.00", "210|卫生健康支出|60.00|60.00|-"},
		},
		{
			// The wrap cut the first two lines short (an amount and a
			// name, an amount alone): judged together, with the third.
			name: "a flattened 三公 table whose first two lines the wrap cut short",
			in: "\"三公\"经费支出预算表\n单位:万元\n26.29 合计 0.00 因公出国(境)费 公务用车购置及运 行维护费\n25.30\n" +
				"公务接待费 22.66 小计 2.64 0.99 公务用车购置费 公务用车运行维护费\n",
			shape: fiscaldoc.ShapeFlat, stream: true, first: 3, last: 5, title: "\"三公\"经费支出预算表", unit: "单位:万元",
			grid: []string{"26.29|合计|0.00|因公出国(境)费|公务用车购置及运|行维护费|25.30|公务接待费|22.66|小计|2.64|0.99|公务用车购置费|公务用车运行维护费"},
		},
		{
			// A first line of a column's name alone (预算数 over the
			// budget's amounts) is the table's: it says which basis
			// comes first.
			name:  "a flattened 三公 table whose first line is a column's name alone",
			in:    "\"三公\"经费支出决算表\n预算数\n12.18 0.00 7.52\n决算数 合计 因公出国(境)费 公务用车购置及运行维护费 0.00 公务接待费 7.52 4.66 8.53\n",
			shape: fiscaldoc.ShapeFlat, stream: true, first: 2, last: 4, title: "\"三公\"经费支出决算表",
			grid: []string{"预算数|12.18|0.00|7.52|决算数|合计|因公出国(境)费|公务用车购置及运行维护费|0.00|公务接待费|7.52|4.66|8.53"},
		},
		{
			// Short lines inside and at the end: a column's name alone
			// (小计) before a line that goes on with amounts, a piece of
			// a name with an amount before a line of amounts alone, an
			// amount with a column's name last.
			name: "a flattened 三公 table with short lines inside and last",
			in: "合计 因公出国(境)费 公务用车购置及运行维护费 公务 接待费 18.55 0.00 公务用车购置费 公务\n小计\n" +
				"11.34 用车运行维护费 7.21\n0.00 11.34 用车\n11.34 运行维护费\n0.00 11.34 7.21\n7.21 公务用车运行维护费\n\n二、说明",
			shape: fiscaldoc.ShapeFlat, stream: true, first: 1, last: 7,
			grid: []string{"合计|因公出国(境)费|公务用车购置及运行维护费|公务|接待费|18.55|0.00|公务用车购置费|公务|小计|11.34|用车运行维护费|7.21|0.00|11.34|用车|11.34|运行维护费|0.00|11.34|7.21|7.21|公务用车运行维护费"},
		},
		{
			name:  "a flattened table keyed by 经济分类 codes, with 人员经费合计 and 公用经费合计",
			in:    "经济分类科目编码 科目名称 决算数 301 工资福利支出 289.11 30101 基本工资 120.00 人员经费合计 289.11 公用经费合计 37.61",
			shape: fiscaldoc.ShapeFlat, first: 1, last: 1,
			grid: []string{"经济分类科目编码|科目名称|决算数", "301|工资福利支出|289.11", "30101|基本工资|120.00", "|人员经费合计|289.11", "|公用经费合计|37.61"},
		},
		{
			// The 总表's first row label under the unit line, the wrap
			// having cut it short after column names: the table's.
			name: "a flattened 总表 whose first line is a row's label alone under the caption",
			in: "收入支出决算总表\n单位:万元\n\n收入 一、一般公共预算财政拨款收入\n" +
				"1 520.00 一、一般公共服务支出 32 - 项目 行次 决算数 项目 行次 决算数 二、政府性基金预算财政拨款收入 2 - 二、外交支出 33 -\n",
			shape: fiscaldoc.ShapeFlat, stream: true, first: 4, last: 5, title: "收入支出决算总表", unit: "单位:万元",
			grid: []string{"收入|一、一般公共预算财政拨款收入|1|520.00|一、一般公共服务支出|32|-|项目|行次|决算数|项目|行次|决算数|二、政府性基金预算财政拨款收入|2|-|二、外交支出|33|-"},
		},
		{
			// One amount, the other rows' amounts empty (-).
			name: "a flattened 总表 whose first line holds one amount and dashes",
			in: "部门收支总表\n单位:万元\n一、一般公共预算拨款收入 804.70 收入 一、一般公共服务支出 - 支出 项目 预算数 项目 预算数 二、政府性基金预算拨款收入 - 二、外交支出 -\n" +
				"三、事业收入 - 三、国防支出 - 四、教育支出 632.77 五、卫生健康支出 172.93\n",
			shape: fiscaldoc.ShapeFlat, stream: true, first: 3, last: 4, title: "部门收支总表", unit: "单位:万元",
			grid: []string{"一、一般公共预算拨款收入|804.70|收入|一、一般公共服务支出|-|支出|项目|预算数|项目|预算数|二、政府性基金预算拨款收入|-|二、外交支出|-|三、事业收入|-|三、国防支出|-|四、教育支出|632.77|五、卫生健康支出|172.93"},
		},
		{
			// A row's numbered label the wrap left alone, its amounts and
			// the list's next label on the next line.
			name: "a flattened 总表 with a row's numbered label alone on a line",
			in: "收入 一、一般公共预算财政拨款收入 1 520.00 一、一般公共服务支出 32 - 项目 行次 决算数 项目 行次 决算数 二、外交支出 33 -\n十六、金融支出\n" +
				"47 - 17 十七、援助其他地区支出 48 520.00\n二、说明",
			shape: fiscaldoc.ShapeFlat, stream: true, first: 1, last: 3,
			grid: []string{"收入|一、一般公共预算财政拨款收入|1|520.00|一、一般公共服务支出|32|-|项目|行次|决算数|项目|行次|决算数|二、外交支出|33|-|十六、金融支出|47|-|17|十七、援助其他地区支出|48|520.00"},
		},
		{
			// A lone measure the wrap left under the form's first line
			// (the 执行率 of its funding row) goes on with it.
			name: "a flattened 自评表 whose form line is followed by a lone measure",
			in: "部门整体支出绩效自评表\n单位名 称 某县司法局 年度资金总额 445.03 494.79 463.58 年度 10 资金情况(万元)\n93.69%\n" +
				"年初预算数 9.37 全年 预算数 全年执行数 分值 执行率 得分 产出指标 一级 数量指标 指标 二级 指标 三级指标 指标1:政策宣传次数 15 ≥1810次 2187次\n",
			shape: fiscaldoc.ShapeFlat, stream: true, first: 2, last: 4, title: "部门整体支出绩效自评表",
			grid: []string{"单位名|称|某县司法局|年度资金总额|445.03|494.79|463.58|年度|10|资金情况(万元)|93.69%|年初预算数|9.37|全年|预算数|全年执行数|分值|执行率|得分|产出指标|一级|数量指标|指标|二级|指标|三级指标|指标1:政策宣传次数|15|≥1810次|2187次"},
		},
		{
			// The form's labels and names fill two lines before its
			// amounts.
			name: "a flattened 自评表 whose form's labels fill two lines",
			in: "部门整体支出绩效自评表\n金额单位:元\n单位 名称 某区农业农村局 年度资金情况 全年预 算数\n年度资金总额 全年 执行数\n" +
				"5,654,400.00 分值 执行率 得分 5,579,800.00 10 98.68% 9.87 产出指标 一级 指标 数量指标 二级指标 政策宣传次数 三级指标 年度指标值 实际完成值 分值 ≥1160次 1420次 8 得分 8\n",
			shape: fiscaldoc.ShapeFlat, stream: true, first: 3, last: 5, title: "部门整体支出绩效自评表", unit: "金额单位:元",
			grid: []string{"单位|名称|某区农业农村局|年度资金情况|全年预|算数|年度资金总额|全年|执行数|5,654,400.00|分值|执行率|得分|5,579,800.00|10|98.68%|9.87|产出指标|一级|指标|数量指标|二级指标|政策宣传次数|三级指标|年度指标值|实际完成值|分值|≥1160次|1420次|8|得分|8"},
		},
		{
			// The wrap cut 公务用车运行维护费 (公务 / 用车运行维护费), and
			// left its end with an amount on the last line.
			name:  "a flattened 三公 table whose last line holds an amount and a column name's end",
			in:    "\"三公\"经费预算表\n单位:万元\n合计 因公出国(境)费 公务用车购置及运行维护费 12.31 0.00 公务接待费 7.16 小计 公务用车购置费 公务 5.69 1.47\n用车运行维护费 5.15\n\n二、说明",
			shape: fiscaldoc.ShapeFlat, stream: true, first: 3, last: 4, title: "\"三公\"经费预算表", unit: "单位:万元",
			grid: []string{"合计|因公出国(境)费|公务用车购置及运行维护费|12.31|0.00|公务接待费|7.16|小计|公务用车购置费|公务|5.69|1.47|用车运行维护费|5.15"},
		},
		{
			// The wrap left a piece of the economic table's 人员经费 alone
			// on a line between the first rows and the header.
			name: "a flattened table keyed by 经济分类 codes, a piece of a column's name alone on a line",
			in: "基本支出决算明细表\n单位:万元\n\n301 工资福利支出 464.48 302\n人员\n" +
				"商品和服务支出 经费 公用经费 116.11 经济 分类科目编码 科目名称 决算数 30101 基本工资 24.41 30201 办公费 4.30\n",
			shape: fiscaldoc.ShapeFlat, first: 4, last: 6, title: "基本支出决算明细表", unit: "单位:万元",
			grid: []string{"人员|经费|公用经费|经济|分类科目编码|科目名称|决算数", "301|工资福利支出|464.48", "302|商品和服务支出|116.11", "30101|基本工资|24.41", "30201|办公费|4.30"},
		},
		{
			// A header row under the title, the wrap having cut it short:
			// judged with the next line, it is the table's.
			name: "a flattened 基础数据表 whose first line is a short header row under the title",
			in: "部门整体支出绩效评价基础数据表\n\n财政供养人员情况 (人) 编制数\n" +
				"30 2022年实际在职人数 29 96.67% 控制率 一、部门基本支出 经费控制情况(万元) 2021年决算数 861.56 629.31 749.19 2022年预算数 2022年决算数\n",
			shape: fiscaldoc.ShapeFlat, stream: true, first: 3, last: 4, title: "部门整体支出绩效评价基础数据表",
			grid: []string{"财政供养人员情况|(人)|编制数|30|2022年实际在职人数|29|96.67%|控制率|一、部门基本支出|经费控制情况(万元)|2021年决算数|861.56|629.31|749.19|2022年预算数|2022年决算数"},
		},
		{
			// 210人次 reads as a code and a name, but the header names no
			// code column: the template of the 自评表 cuts it.
			name:  "a flattened 自评表 whose values read as codes, not cut",
			in:    "一级指标 二级指标 三级指标 指标值 完成值 分值 得分 产出指标 数量指标 培训人次 210人次 215人次 10 10",
			shape: fiscaldoc.ShapeFlat, stream: true, first: 1, last: 1,
			grid: []string{"一级指标|二级指标|三级指标|指标值|完成值|分值|得分|产出指标|数量指标|培训人次|210人次|215人次|10|10"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := doc(tt.in)
			Read(d)
			if len(d.Tables) != 1 {
				for _, tb := range d.Tables {
					t.Log(tb.String())
				}
				t.Fatalf("got %d tables, want 1", len(d.Tables))
			}
			got := d.Tables[0]
			if got.Shape != tt.shape || got.Stream != tt.stream || got.First != tt.first || got.Last != tt.last || got.Title != tt.title || got.Unit != tt.unit {
				t.Errorf("got %s stream=%v lines %d-%d title %q unit %q, want %s stream=%v lines %d-%d title %q unit %q",
					got.Shape, got.Stream, got.First, got.Last, got.Title, got.Unit, tt.shape, tt.stream, tt.first, tt.last, tt.title, tt.unit)
			}
			if g := strings.Join(grid(got), "\n"); g != strings.Join(tt.grid, "\n") {
				t.Errorf("grid:\n%s\nwant:\n%s", g, strings.Join(tt.grid, "\n"))
			}
		})
	}
}

// TestProseIsNoTable: paragraphs, a header row printed alone or over rows
// a line, and short lines without a header are not tables.
func TestProseIsNoTable(t *testing.T) {
	for _, in := range []string{
		"一、部门基本情况\n本部门主要职责是负责全县医疗保障工作。\n二、收支情况",
		"一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因",
		"项目名称\n医疗救助\n主管部门\n某某县医疗保障局",
		// A header row of several names over rows a line: not a first
		// line the wrap cut short.
		"年初预算数 全年预算数(A) 全年执行数(B) 分值 执行率(B/A) 得分\n年度资金总额: 880 880 880 10 10\n其中:本年财政拨款 880 880 880 - -\n上年结转资金 - -",
	} {
		d := doc(in)
		Read(d)
		if len(d.Tables) != 0 {
			t.Errorf("%q: got tables %v", in, d.Tables)
		}
	}
}

// TestCellRunEndsAtCaption: one cell a line without row breaks, a table
// ends at a note under it (注:) and at the next table's title and unit
// lines, which caption the next table (决算 tables back to back, issue 14).
func TestCellRunEndsAtCaption(t *testing.T) {
	d := doc("收入决算表\n单位:元\n科目编码\n科目名称\n本年收入\n合计\n201\n一般公共服务支出\n5.00\n注:本表反映收入情况。\n" +
		"支出决算表(表3)\n单位:万元\n科目编码\n科目名称\n基本支出\n合计\n201\n一般公共服务支出\n5.00")
	Read(d)
	var got []string
	for _, tb := range d.Tables {
		cells := 0
		for _, r := range tb.Rows {
			cells += len(r)
		}
		got = append(got, fmt.Sprintf("%d-%d %s %s %d", tb.First, tb.Last, tb.Title, tb.Unit, cells))
	}
	want := []string{"3-9 收入决算表 单位:元 7", "13-19 支出决算表(表3) 单位:万元 7"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestCellLinesEndAtCaption: one cell a line after a tab, blank lines
// between rows, a table with no note under it ends at the next table's
// title (收入总表(表2)) and unit lines, which are no wrapped ends of its
// last cell (部门预算 tables back to back, issue 16).
func TestCellLinesEndAtCaption(t *testing.T) {
	d := doc("部门支出总表(表1)\n单位:元\n\n\t科目编码\n\t科目名称\n\t合计\n\n\t201\n\t一般公共服务支出\n\t5.00\n\n" +
		"部门收入总表(表2)\n单位:万元\n\n\t科目编码\n\t科目名称\n\t合计\n\n\t201\n\t一般公共服务支出\n\t5.00")
	Read(d)
	var got []string
	for _, tb := range d.Tables {
		got = append(got, fmt.Sprintf("%d-%d %s %s %v", tb.First, tb.Last, tb.Title, tb.Unit, grid(tb)))
	}
	want := []string{"4-10 部门支出总表(表1) 单位:元 [科目编码|科目名称|合计 201|一般公共服务支出|5.00]",
		"15-21 部门收入总表(表2) 单位:万元 [科目编码|科目名称|合计 201|一般公共服务支出|5.00]"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestCellRunSummaryHeader: a 决算 总表 or fund table one cell a line with
// or without trailing pipes is found by its header (项目 行次 决算数;
// 年初结转和结余, empty cells of the merged header between the words).
func TestCellRunSummaryHeader(t *testing.T) {
	for _, in := range []string{
		"收入 |\n|\n支出 |\n项目 |\n行次 |\n决算数 |\n项目 |\n行次 |\n决算数 |\n一、财政拨款收入 |\n1 |\n5.00 |\n二、事业收入 |\n2 |\n1.00 |",
		"项目 |\n|\n年初结转和结余 |\n本年收入 |\n|\n年末结转和结余 |\n229 |\n其他支出 |\n5.00 |",
		// Without the pipes, a row's label that reads as a heading is a
		// cell when its 行次 or amount follows it.
		"收入\n支出\n项目\n行次\n决算数\n项目\n行次\n决算数\n一、财政拨款收入\n1\n5.00\n二、事业收入\n2\n1.00",
	} {
		d := doc(in)
		Read(d)
		if len(d.Tables) != 1 || d.Tables[0].Shape != fiscaldoc.ShapeCellRun || d.Tables[0].Last != len(d.Lines) {
			t.Errorf("%q: got %v, want one cell-run table", in, d.Tables)
		}
	}
}

// TestFurnitureInsideTable: a page number inside a table, marked as
// furniture, neither ends the table nor becomes a cell.
func TestFurnitureInsideTable(t *testing.T) {
	d := doc("三级指标\t分值\t得分\n培训班次\t10\t10\n- 7 -\n检查率\t20\t18")
	d.Lines[2].Furniture = true
	Read(d)
	if len(d.Tables) != 1 || len(d.Tables[0].Rows) != 3 {
		t.Fatalf("got %v, want one table of 3 rows", d.Tables)
	}
}

// TestReadKeepsPDFTables: lines a table read from a PDF's geometry covers
// are not read again.
func TestReadKeepsPDFTables(t *testing.T) {
	d := doc("三级指标\t分值\t得分\n培训班次\t10\t10")
	d.Tables = []fiscaldoc.Table{{Shape: fiscaldoc.ShapeLattice, First: 1, Last: 2, Rows: [][]fiscaldoc.Cell{
		{{Col: 0, Text: "三级指标"}, {Col: 1, Text: "分值"}}}}}
	Read(d)
	if len(d.Tables) != 1 || d.Tables[0].Shape != fiscaldoc.ShapeLattice {
		t.Fatalf("got %v", d.Tables)
	}
}

// TestReadRereadsStacks: a PDF's stack of single boxed cells is a row of
// a table printed one cell a line, read again from the lines.
func TestReadRereadsStacks(t *testing.T) {
	d := doc("\t三级指标\n\t分值\n\n\t培训合格率\n\t10")
	d.Tables = []fiscaldoc.Table{{Shape: fiscaldoc.ShapeLattice, First: 1, Last: 2, Rows: [][]fiscaldoc.Cell{
		{{Col: 1, Text: "三级指标"}}, {{Col: 1, Text: "分值"}}}}}
	Read(d)
	if len(d.Tables) != 1 || d.Tables[0].Shape != fiscaldoc.ShapeCellLine || len(d.Tables[0].Rows) != 2 {
		t.Fatalf("got %v", d.Tables)
	}
}

// FuzzTables: whatever the text, tables are in line order, do not overlap,
// and every cell points at lines of the table.
func FuzzTables(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("..", "extract", "testdata", "selfeval", "*", "input.txt"))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("| a | b |\n|\n三级指标 |\n分值 |\n得分 |\n\t\tx\ny\t1")
	f.Fuzz(func(t *testing.T, text string) {
		d := doc(text)
		Read(d)
		last := 0
		for _, tb := range d.Tables {
			if tb.First <= last || tb.Last < tb.First || tb.Last > len(d.Lines) {
				t.Fatalf("table lines %d-%d after line %d of %d", tb.First, tb.Last, last, len(d.Lines))
			}
			last = tb.Last
			for _, r := range tb.Rows {
				for _, c := range r {
					if c.First < tb.First || c.Last > tb.Last || c.Last < c.First {
						t.Fatalf("cell %q lines %d-%d outside table %d-%d", c.Text, c.First, c.Last, tb.First, tb.Last)
					}
				}
			}
		}
	})
}

// TestPieces: cells cut from the raw line keep the repairs Text holds.
func TestPieces(t *testing.T) {
	tests := []struct {
		name string
		ln   fiscaldoc.Line
		raw  []string
		want []string
	}{
		{"a place repaired in Text", fiscaldoc.Line{Raw: "主管部门 潢川县医疗保障局", Text: "主管部门湟源县医疗保障局"},
			[]string{"主管部门", "潢川县医疗保障局"}, []string{"主管部门", "湟源县医疗保障局"}},
		{"pipes between the pieces", fiscaldoc.Line{Raw: "| 主管部门 | 女宁市 |", Text: "| 主管部门 | 安宁市 |"},
			[]string{"主管部门", "女宁市"}, []string{"主管部门", "安宁市"}},
		{"a number never repaired", fiscaldoc.Line{Raw: "得分 9", Text: "得分 8"},
			[]string{"得分", "9"}, []string{"得分", "9"}},
		{"a mirror's pinyin dropped: one piece is Text", fiscaldoc.Line{Raw: "績效(xiào)自評錶", Text: "绩效自评表"},
			[]string{"績效(xiào)自評錶"}, []string{"绩效自评表"}},
		{"a mirror's pinyin dropped: pieces folded alone", fiscaldoc.Line{Raw: "預(yù)算數 12", Text: "预算数 12"},
			[]string{"預(yù)算數", "12"}, []string{"预算数", "12"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Pieces(tt.ln, tt.raw); strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestShortLinesLinear: a text of many short lines and no table is read in
// linear time (each start of a run of short lines once read it all again:
// 20,000 lines took five minutes).
func TestShortLinesLinear(t *testing.T) {
	var b strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&b, "本部门第%d项工作职责\n", i)
	}
	start := time.Now()
	d := doc(b.String())
	Read(d)
	if len(d.Tables) != 0 {
		t.Errorf("got %d tables, want none", len(d.Tables))
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("20,000 short lines took %v", took)
	}
}

// TestCutKeyedLoose: rows printed one a line with their cells run together
// (208社会保障和就业支出1,522,300.00), split into cells by package extract
// under a table's title and handed over as a Stream, are cut at their codes
// like any keyed Stream; a Stream whose header names no code column is not.
func TestCutKeyedLoose(t *testing.T) {
	tests := []struct {
		name  string
		cells []string
		want  []string
	}{
		{
			name:  "run-together rows under a header",
			cells: strings.Fields("科目编码 科目名称 合计 栏次 1 合计 1,522,300.00 208 社会保障和就业支出 1,522,300.00 20805 行政事业单位养老支出 1,522,300.00"),
			want:  []string{"科目编码|科目名称|合计", "栏次|1", "|合计|1,522,300.00", "208|社会保障和就业支出|1,522,300.00", "20805|行政事业单位养老支出|1,522,300.00"},
		},
		{
			name:  "no code column named",
			cells: strings.Fields("项目 金额 合计 1,522,300.00 208 社会保障和就业支出 1,522,300.00"),
			want:  []string{"项目|金额|合计|1,522,300.00|208|社会保障和就业支出|1,522,300.00"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := fiscaldoc.Table{Shape: fiscaldoc.ShapeLoose, Stream: true, Rows: [][]fiscaldoc.Cell{row(0, tt.cells, tt.cells, 1, 1)}}
			CutKeyed(&tb, false)
			if g := strings.Join(grid(tb), "\n"); g != strings.Join(tt.want, "\n") {
				t.Errorf("grid:\n%s\nwant:\n%s", g, strings.Join(tt.want, "\n"))
			}
			if tb.Stream != (len(tt.want) == 1) || tb.Aligned() {
				t.Errorf("stream %v aligned %v", tb.Stream, tb.Aligned())
			}
		})
	}
}

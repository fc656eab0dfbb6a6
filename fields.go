package fiscaldoc

// A FieldDef defines one field of the fact vocabulary: the one place the
// vocabulary is written down. The fields table of the database, `fiscaldoc
// fields`, the Datasette metadata and docs/FACTS.md are generated from
// Fields.
type FieldDef struct {
	Name    string
	Group   string // Document, Money, Line items, Staff, Evaluation
	Meaning string // what it is, with the printed label
	Unit    string // 万元, %, 人, 分; "" for text
	Keys    string // the keys that a fact of the field carries besides doc and value
	Source  string // the template cell or sentence it is read from
}

// Fields is the vocabulary of facts, in the order of FACTS.md.
var Fields = []FieldDef{
	{"doc_type", "Document", "the kind of report: final_accounts (部门决算, 单位决算), dept_budget (部门预算, 单位预算), dept_perf_self_eval (部门整体支出绩效自评报告), project_perf_self_eval (a stand-alone 项目支出绩效自评)", "", "", "the title"},
	{"org", "Document", "the reporting department's full name after OCR repair (武汉市青山区医疗保障局); for a project self-evaluation the 实施单位, else the 主管部门", "", "", "the title, the signature, 单位名称"},
	{"province", "Document", "省 of the department (湖北省)", "", "", "the title or org, else the gazetteer"},
	{"prefecture", "Document", "市/州 of the department (武汉市)", "", "", "the title or org, else the gazetteer"},
	{"county", "Document", "县/区 of the department (青山区)", "", "", "the title or org"},
	{"region_code", "Document", "six-digit GB/T 2260 code of the county-level place (420107)", "", "", "the gazetteer, from the place"},
	{"fiscal_year", "Document", "the year the report covers", "", "", "the title (2022年度部门决算)"},
	{"report_date", "Document", "the date the report was signed, YYYY-MM-DD", "", "", "the signature"},

	{"income_total", "Money", "本年收入合计", "万元", "year, basis", "收入支出决算总表 / 收入决算表: 本年收入合计"},
	{"expenditure_total", "Money", "本年支出合计", "万元", "year, basis", "收入支出决算总表 / 支出决算表: 本年支出合计"},
	{"grand_total", "Money", "收支总计 / 总计", "万元", "year, basis", "收入支出决算总表: 总计"},
	{"income_general_budget", "Money", "一般公共预算财政拨款(收入)", "万元", "year, basis", "财政拨款收入支出决算总表: 一般公共预算财政拨款"},
	{"income_gov_fund", "Money", "政府性基金预算财政拨款(收入)", "万元", "year, basis", "财政拨款收入支出决算总表: 政府性基金预算财政拨款"},
	{"expenditure_basic", "Money", "基本支出", "万元", "year, basis", "支出决算表: 基本支出 (合计 row)"},
	{"expenditure_project", "Money", "项目支出", "万元", "year, basis", "支出决算表: 项目支出 (合计 row)"},
	{"personnel_cost", "Money", "人员经费", "万元", "year, basis", "一般公共预算财政拨款基本支出决算表: 人员经费合计"},
	{"public_cost", "Money", "公用经费", "万元", "year, basis", "一般公共预算财政拨款基本支出决算表: 公用经费合计"},
	{"three_public_total", "Money", "三公经费: \"三公\"经费合计", "万元", "year, basis", "一般公共预算财政拨款\"三公\"经费支出决算表: 合计"},
	{"three_public_outbound", "Money", "因公出国(境)费", "万元", "year, basis", "\"三公\"经费支出决算表: 因公出国(境)费"},
	{"three_public_vehicle", "Money", "公务用车购置及运行维护费", "万元", "year, basis", "\"三公\"经费支出决算表: 公务用车购置及运行维护费"},
	{"three_public_vehicle_purchase", "Money", "公务用车购置费", "万元", "year, basis", "\"三公\"经费支出决算表: 公务用车购置费"},
	{"three_public_vehicle_operation", "Money", "公务用车运行维护费", "万元", "year, basis", "\"三公\"经费支出决算表: 公务用车运行维护费"},
	{"three_public_reception", "Money", "公务接待费", "万元", "year, basis", "\"三公\"经费支出决算表: 公务接待费"},
	{"org_operation_cost", "Money", "机关运行经费", "万元", "year, basis", "the narrative: 机关运行经费支出…万元"},
	{"procurement_total", "Money", "政府采购支出总额", "万元", "year, basis", "the narrative: 政府采购支出总额…万元"},
	{"carryover_begin", "Money", "年初结转和结余", "万元", "year, basis", "收入支出决算总表: 年初结转和结余"},
	{"carryover_end", "Money", "年末结转和结余", "万元", "year, basis", "收入支出决算总表: 年末结转和结余"},
	{"budget_amount", "Money", "a self-evaluation's 年初预算数 / 全年预算数 / 执行数 (told apart by basis), department-wide or of a project", "万元", "year, basis, project", "自评表: 年度资金总额 row"},

	{"line_item", "Line items", "one cell of a table keyed by 功能分类科目编码 (类 3 digits, 款 5, 项 7): sum one level only (line_items.level)", "万元", "year, table, code, col", "收入决算表, 支出决算表, 一般公共预算财政拨款支出决算表 …: the row of the code, the column col"},
	{"econ_item", "Line items", "one 决算数 of the basic-expenditure table keyed by 经济分类科目编码 (301, 30101 …)", "万元", "year, table, code, col", "一般公共预算财政拨款基本支出决算表: the row of the code"},

	{"staff_authorized", "Staff", "编制数", "人", "year", "the narrative or the 机构人员 table"},
	{"staff_actual", "Staff", "实际在职人数 / 实有人数", "人", "year", "the narrative or the 机构人员 table"},
	{"staff_retired", "Staff", "退休人数", "人", "year", "the narrative or the 机构人员 table"},

	{"execution_rate", "Evaluation", "执行率, department-wide or of a project", "%", "project", "自评表: 执行率"},
	{"eval_score", "Evaluation", "总分 / 自评得分, department-wide or of a project", "分", "project", "自评表: 总分; the narrative: 自评得分"},
	{"project_dept", "Evaluation", "a project's 主管部门, after OCR repair", "", "project", "项目支出绩效自评表: 主管部门"},
	{"indicator_target", "Evaluation", "年度指标值 of a 绩效指标 row, with its operator and unit as printed (≥90%, 60分钟)", "", "indicator, project", "绩效指标 table: 年度指标值"},
	{"indicator_actual", "Evaluation", "实际完成值 of a 绩效指标 row, with its operator and unit as printed", "", "indicator, project", "绩效指标 table: 实际完成值"},
	{"indicator_weight", "Evaluation", "分值 (weight) of a 绩效指标 row", "分", "indicator, project", "绩效指标 table: 分值"},
	{"indicator_score", "Evaluation", "得分 of a 绩效指标 row", "分", "indicator, project", "绩效指标 table: 得分"},
}

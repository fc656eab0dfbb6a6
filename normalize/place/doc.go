// Package place knows China's administrative divisions and repairs the OCR
// errors that a document's own evidence exposes.
//
// The gazetteer (data/divisions.tsv, embedded) holds every province,
// prefecture and county-level unit of the 2019, 2021 and 2023 statistical
// code sets with its six-digit GB/T 2260 code; renamed and merged units keep
// the snapshots that list them. Names are found in full or short form:
//
//	Lookup("湟源")                        → 青海省 西宁市 湟源县 630123
//	Resolve("武汉市青山区医疗保障局")       → 湖北省 武汉市 青山区 420107 (not 包头市's 青山区)
//	Resolve("梧州市农产品质量安全综合检测中心") → 广西壮族自治区 梧州市 (no county)
//
// Visual similarity of two characters (Similarity) is measured from the
// glyph descriptions of the Unicode Han database (data/glyphs.tsv.gz):
// four-corner code, Cangjie code and radical. It knows 潢~湟 and 日~目, and
// that 镇 and 湟 do not look alike.
//
// Repairs works on a document's lines. It finds the document's own place
// (Consensus: weighted mentions in title lines, 单位名称/部门名称/主管部门
// cells and the signature) and then near-miss variants of that place and of
// known table vocabulary (Terms): same length, one or two characters apart,
// where the evidence — similar glyphs, shared context, how often the
// document prints the true form and how rarely the variant — is strong:
//
//	湟源县 ×13 …; 主管部门 潢川县医疗保障局  → 湟源县医疗保障局
//	刊能分类 科目编码                       → 功能分类 科目编码
//	潢川县 ×13 in a real 潢川县 report       → unchanged
//
// Weak evidence gives a Problem, never a repair.
package place

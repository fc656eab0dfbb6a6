// Package extract turns a read, normalised Document into facts, checks and
// repairs. Each part of a report has its own file:
//
//	meta.go         doc_type, org, fiscal_year, report_date from title, cover and signature
//	places.go       province, prefecture, county, region_code from the gazetteer
//	accounts*.go    部门决算 tables: 收入支出决算总表 … 三公经费, line items, codes, identities
//	selfeval*.go    绩效自评 tables: 基础数据表, 整体/项目 自评表, indicator rows, checks
//	narrative*.go   figures stated in sentences, reconciled with the tables
//
// Extract runs the extractors in order; Check runs the cross-checks and
// removes exact repeats. Neither touches the database.
package extract

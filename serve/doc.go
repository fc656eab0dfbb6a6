// Package serve is `fiscaldoc serve`: a local web application that browses
// a fiscaldoc database read-only and shows every extracted figure beside the
// text it was read from.
//
// Pages, each with a .json twin (shapes in docs/serve.md) and, for lists, a
// .csv download (UTF-8 with a BOM):
//
//	/reports            documents, faceted and sorted, keyset-paginated
//	/reports/{id}       one report: headline figures, the source text line
//	                    by line with its facts, repairs, failed checks and
//	                    problems at their lines
//	/search?q=          full-text search, each hit linking to its line
//	/figures?field=|code=  one field or code across reports, with an SVG chart
//
// The database is opened read-only (mode=ro, query_only); text reaches SQL
// only as bound parameters and pages only through html/template. The query
// layer (query.go) is the one place that knows the schema.
package serve

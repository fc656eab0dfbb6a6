package extract

import "github.com/fiscaldoc/fiscaldoc"

func extractMeta(doc *fiscaldoc.Document) {}

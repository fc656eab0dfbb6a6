package extract

import "github.com/fiscaldoc/fiscaldoc"

func extractSelfEval(doc *fiscaldoc.Document) {}

func checkSelfEval(doc *fiscaldoc.Document) {}

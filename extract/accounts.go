package extract

import "github.com/fiscaldoc/fiscaldoc"

func extractFinalAccounts(doc *fiscaldoc.Document) {}

func checkFinalAccounts(doc *fiscaldoc.Document) {}

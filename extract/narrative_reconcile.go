package extract

import "github.com/fiscaldoc/fiscaldoc"

func reconcile(doc *fiscaldoc.Document) {}

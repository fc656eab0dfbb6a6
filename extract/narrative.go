package extract

import "github.com/fiscaldoc/fiscaldoc"

func extractNarrative(doc *fiscaldoc.Document) {}

func reconcile(doc *fiscaldoc.Document) {}

package normalize

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fiscaldoc/fiscaldoc"
)

// Page furniture is text that is not the report: a preamble before it (a
// docx export's metadata, a document site's boilerplate), page numbers, and
// page headers printed again at every page break. MarkFurniture finds it by
// its shape and its place in the document, and sets Line.Furniture:
//
//	安福全 / 2019-05-22T04:56:35Z / … / False False False   docx metadata before the report
//	《…自评报告.docx》由会员分享,可在线阅读,…                a site's boilerplate
//	—23—, - 7 -, 第 3 页 共 9 页                            page numbers
//	XX县财政局2022年度部门决算 (at several page breaks)      a repeated page header
//
// A docx preamble that an export ran into the report's first line (a
// flattened document) is cut from that line's Text instead.

// maxHead bounds the lines read for a preamble: it stands before the report.
const maxHead = 80

// MarkFurniture sets Furniture on the lines of a preamble, on page numbers
// and on repeated page headers, and cuts a docx preamble run into the
// report's first line out of its Text.
func MarkFurniture(lines []fiscaldoc.Line) {
	markPreamble(lines)
	for i := range lines {
		if t := lines[i].Text; isPageNumber(t) || isSiteLine(t) {
			lines[i].Furniture = true
		}
	}
	markPageHeaders(lines)
}

// Document prepares doc's lines for every reader, before anything else
// reads them: a traditional-character mirror is folded to its simplified
// original (Text; Raw keeps the print), then page furniture is marked
// (MarkFurniture). The pipeline runs it right after reading.
func Document(doc *fiscaldoc.Document) {
	foldMirror(doc.Lines)
	MarkFurniture(doc.Lines)
}

// markPreamble marks the lines before the report that a document site or a
// docx export put there, and every line above them, whatever its shape (a
// site's menu, an author's name, a page count):
//
//   - a site's line citing the document's file name in 《》 within the
//     first maxHead lines: the site introduces the document it shows;
//   - docx metadata before the first line of report text (reportLine), when
//     the head holds at least three strong signs of it (timestamps, GUIDs,
//     True/False flags, file names). Metadata an export ran into the first
//     line of the report is cut out of that line's Text.
func markPreamble(lines []fiscaldoc.Line) {
	last := -1
	for i := 0; i < len(lines) && i < maxHead; i++ {
		if t := lines[i].Text; strings.Contains(t, "《") && citedFileRe.MatchString(t) && isSiteLine(t) {
			last = i
		}
	}
	lastMeta, strong := -1, 0
	cut, cutAt := -1, 0 // a line whose Text starts with metadata, and where the report starts in it
	for i := last + 1; i < len(lines) && i < maxHead; i++ {
		t := strings.TrimSpace(lines[i].Text)
		if t == "" || isSiteLine(t) {
			continue
		}
		if n, s := metadataPrefix(t); s > 0 {
			strong += s
			if n == len(t) {
				lastMeta = i
				continue
			}
			cut, cutAt = i, n
			break
		}
		if reportLine(t) {
			break
		}
	}
	if strong >= 3 {
		last = max(last, lastMeta)
		if cut >= 0 {
			last = cut - 1
			t := strings.TrimSpace(lines[cut].Text)
			lines[cut].Text = strings.TrimLeft(t[cutAt:], " \t")
		}
	}
	for i := 0; i <= last; i++ {
		lines[i].Furniture = true
	}
}

// reportLine reports whether a line of the head is report text, which no
// preamble follows: eight or more Han characters, or a table row.
func reportLine(t string) bool {
	if strings.ContainsAny(t, "\t|") {
		return true
	}
	han := 0
	for _, r := range t {
		if unicode.Is(unicode.Han, r) {
			if han++; han >= 8 {
				return true
			}
		}
	}
	return false
}

var (
	timestampRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$`)
	guidRe      = regexp.MustCompile(`^\{?([0-9A-Fa-f]{32}|[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\}?$`)
	fileNameRe  = regexp.MustCompile(`\.(?i:docx?|wps|pdf|xlsx?|et|pptx?|txt|html?)$`)
	// citedFileRe is a file name cited in 《》: a site's title for the
	// document it shows.
	citedFileRe = regexp.MustCompile(`《[^》]*\.(?i:docx?|wps|pdf|xlsx?|et|pptx?|txt)[^》]*》`)
)

// metadataPrefix returns the length in bytes of the docx metadata that t
// starts with, and how many strong signs of metadata it holds (0 when t
// starts with none). The metadata is a run of white-space-separated tokens,
// each a timestamp, GUID, True/False flag or file name (strong) or an ASCII
// token such as a count, version or user id (weak), ending with a strong
// one; up to three other tokens (an author's name) may come before its
// first strong token.
func metadataPrefix(t string) (n, strong int) {
	others := 0
	for pos := 0; pos < len(t); {
		start := pos + strings.IndexFunc(t[pos:], func(r rune) bool { return !unicode.IsSpace(r) })
		if start < pos {
			break
		}
		end := len(t)
		if k := strings.IndexFunc(t[start:], unicode.IsSpace); k >= 0 {
			end = start + k
		}
		tok := t[start:end]
		pos = end
		switch {
		case isStrongMeta(tok):
			strong++
			n = end
		case isWeakMeta(tok):
		case strong == 0 && others < 3 && utf8.RuneCountInString(tok) <= 6:
			others++
		default:
			return n, strong
		}
	}
	return n, strong
}

func isStrongMeta(tok string) bool {
	switch {
	case strings.EqualFold(tok, "true") || strings.EqualFold(tok, "false"):
		return true
	case len(tok) < 5:
		return false
	}
	return strings.Contains(tok, "T") && timestampRe.MatchString(tok) || len(tok) >= 32 && guidRe.MatchString(tok) ||
		strings.Contains(tok, ".") && fileNameRe.MatchString(tok)
}

// isWeakMeta reports whether tok is an ASCII token with a letter or digit:
// a count, size, version or id of a metadata block.
func isWeakMeta(tok string) bool {
	alnum := false
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if c >= utf8.RuneSelf || c == '(' || c == ')' {
			return false
		}
		alnum = alnum || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	return alnum
}

// siteWords are the words of a document site's page around the document it
// shows: what a reader can do with it and who put it there.
var siteWords = []string{"下载", "收藏", "阅读", "分享", "会员", "上传", "举报", "积分", "文库", "VIP",
	"浏览", "贡献者", "登录", "注册", "点赞", "评论", "关注", "打印", "扫码", "二维码", "网友", "页数", "字数"}

// isSiteLine reports whether t is a document site's boilerplate: it cites a
// file name in 《》, or is a short line of two or more of siteWords. A line
// that is only a file name is not: it is the document's title as its site
// named the file (8.某某站2021年度单位决算.pdf).
func isSiteLine(t string) bool {
	t = strings.TrimSpace(t)
	if t == "" || strings.ContainsAny(t, "\t|") {
		return false
	}
	if strings.Contains(t, "《") && citedFileRe.MatchString(t) {
		return true
	}
	if utf8.RuneCountInString(t) > 60 {
		return false
	}
	n := 0
	for _, w := range siteWords {
		if strings.Contains(t, w) {
			n++
		}
	}
	return n >= 2
}

var pageNumberRe = regexp.MustCompile(`^(?:[-—~]+ *\d{1,4} *[-—~]+|第 *\d{1,4} *页(?: *[,/]? *共 *\d{1,4} *页)?|共 *\d{1,4} *页 *[,/]? *第 *\d{1,4} *页)$`)

// isPageNumber reports whether t is a page number standing alone: —23—,
// - 7 -, 第 3 页 共 9 页. A bare number is not one: it may be a cell.
func isPageNumber(t string) bool {
	t = strings.TrimSpace(t)
	if t == "" || len(t) > 40 || !strings.HasPrefix(t, "-") && !strings.HasPrefix(t, "—") &&
		!strings.HasPrefix(t, "~") && !strings.Contains(t, "页") {
		return false // cannot match pageNumberRe
	}
	return pageNumberRe.MatchString(t)
}

// markPageHeaders marks the page headers and footers of a paged document: a
// line printed identically on two or more lines next to page breaks, next
// to at least half of the breaks, and nowhere else but at the document's
// start or end (the first page's header, the last page's footer, which
// stay). A page break is a page number, a form feed, or (in a PDF) a change
// of page; breaks with only furniture between them are one. The lines next
// to a break are the two non-blank lines on each side of it. Table rows are
// never headers.
func markPageHeaders(lines []fiscaldoc.Line) {
	var breaks []int // a break lies before lines[b]
	for i := range lines {
		if !isPageNumber(lines[i].Text) && (i == 0 || lines[i].Page == lines[i-1].Page && !strings.HasPrefix(lines[i].Raw, "\f")) {
			continue
		}
		if n := len(breaks); n > 0 && onlyFurniture(lines[breaks[n-1]:i]) {
			continue
		}
		breaks = append(breaks, i)
	}
	if len(breaks) < 2 {
		return
	}
	type seen struct {
		breaks int          // breaks the text is next to
		at     map[int]bool // the lines next to a break
	}
	byText := map[string]*seen{}
	for _, b := range breaks {
		near := map[string]bool{}
		for _, i := range nearBreak(lines, b) {
			key := Squash(lines[i].Text)
			if strings.ContainsAny(lines[i].Text, "\t|") || utf8.RuneCountInString(key) < 2 || isNumber(key) {
				continue
			}
			s := byText[key]
			if s == nil {
				s = &seen{at: map[int]bool{}}
				byText[key] = s
			}
			s.at[i] = true
			if !near[key] {
				near[key] = true
				s.breaks++
			}
		}
	}
	edge := map[int]bool{}
	for _, i := range append(nearBreak(lines, 0), nearBreak(lines, len(lines))...) {
		edge[i] = true
	}
	elsewhere := map[string]bool{}
	for i, ln := range lines {
		if s := byText[Squash(ln.Text)]; s != nil && !s.at[i] && !edge[i] && !ln.Furniture {
			elsewhere[Squash(ln.Text)] = true
		}
	}
	for key, s := range byText {
		if s.breaks >= 2 && 2*s.breaks >= len(breaks) && len(s.at) >= 2 && !elsewhere[key] {
			for i := range s.at {
				lines[i].Furniture = true
			}
		}
	}
}

// onlyFurniture reports whether every line is furniture or blank.
func onlyFurniture(lines []fiscaldoc.Line) bool {
	for _, ln := range lines {
		if !ln.Furniture && strings.TrimSpace(ln.Text) != "" {
			return false
		}
	}
	return true
}

// nearBreak returns the indexes of the two non-blank, non-furniture lines
// on each side of a page break before lines[b] (a page-number line itself
// is skipped).
func nearBreak(lines []fiscaldoc.Line, b int) []int {
	var out []int
	for i, n := b-1, 0; i >= 0 && n < 2; i-- {
		if strings.TrimSpace(lines[i].Text) != "" && !lines[i].Furniture {
			out = append(out, i)
			n++
		}
	}
	for i, n := b, 0; i < len(lines) && n < 2; i++ {
		if strings.TrimSpace(lines[i].Text) != "" && !lines[i].Furniture && !isPageNumber(lines[i].Text) {
			out = append(out, i)
			n++
		}
	}
	return out
}

// isNumber reports whether s is digits and decimal points only.
func isNumber(s string) bool {
	return strings.Trim(s, "0123456789.,") == ""
}

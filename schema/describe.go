package schema

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kinds of relation.
const (
	KindTable   = "table"
	KindView    = "view"
	KindVirtual = "virtual" // a virtual table, such as the FTS5 index doc_text
)

// A Relation is a table or view as the migrations describe it.
type Relation struct {
	Name string
	Kind string // KindTable, KindView or KindVirtual
	// Description is the block of "--" comment lines right before the
	// CREATE statement (no blank line between), joined into one paragraph.
	Description string
	// Columns in order. A view lists the columns it names plainly (a column
	// or "expr AS name"); expressions without a name are left out.
	Columns []Column
}

// A Column is a column of a relation with its description.
type Column struct {
	Name string
	// Description is the "--" comment at the end of the column's line in
	// CREATE TABLE or ALTER TABLE ADD COLUMN. A view's column selected from
	// a table under the same name (f.year, year) has that column's
	// description; other view columns have none.
	Description string
}

// Describe reads the embedded migrations, in order, into the tables and
// views they leave, in the order they were created.
func Describe() ([]Relation, error) {
	ms, err := loadMigrations()
	if err != nil {
		return nil, err
	}
	srcs := make([]string, len(ms))
	for i, m := range ms {
		srcs[i] = m.sql
	}
	return describe(srcs...), nil
}

// describe reads SQL scripts, in order, into the relations they create.
// It understands CREATE TABLE, CREATE VIRTUAL TABLE, CREATE VIEW, ALTER
// TABLE (ADD, DROP and RENAME, tables and columns) and DROP TABLE/VIEW, and
// passes over every other statement, and anything it cannot read, silently.
func describe(srcs ...string) []Relation {
	var rels []Relation
	for _, src := range srcs {
		for _, st := range split(lex(src)) {
			rels = apply(rels, st)
		}
	}
	return rels
}

type tokenKind int

const (
	tWord    tokenKind = iota // keyword or identifier, quotes removed
	tString                   // 'string literal'
	tPunct                    // one other character: ( ) , ; . = …
	tComment                  // -- comment to the end of the line
)

type token struct {
	kind   tokenKind
	text   string // a comment's text without "--" and surrounding space
	line   int
	quoted bool // a "quoted", `quoted` or [quoted] identifier: never a keyword
	alone  bool // a comment with nothing before it on its line
}

// lex splits SQL into tokens. Block comments /* … */ are skipped; an
// unterminated string, identifier or comment runs to the end.
func lex(src string) []token {
	var toks []token
	line, lineStart := 1, true // lineStart: nothing but space yet on this line
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			line++
			lineStart = true
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
			continue
		case strings.HasPrefix(src[i:], "/*"):
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				end = len(src) - i - 2
			}
			line += strings.Count(src[i:i+2+end], "\n")
			i += min(len(src)-i, end+4)
			continue
		case strings.HasPrefix(src[i:], "--"):
			end := strings.IndexByte(src[i:], '\n')
			if end < 0 {
				end = len(src) - i
			}
			toks = append(toks, token{kind: tComment, text: strings.TrimSpace(src[i+2 : i+end]), line: line, alone: lineStart})
			i += end
			continue
		}
		start := line
		lineStart = false
		switch c {
		case '\'', '"', '`', '[':
			closer := c
			if c == '[' {
				closer = ']'
			}
			text, n := quoted(src[i:], closer)
			line += strings.Count(src[i:i+n], "\n")
			kind := tWord
			if c == '\'' {
				kind = tString
			}
			toks = append(toks, token{kind: kind, text: text, line: start, quoted: true})
			i += n
			continue
		}
		if n := wordLen(src[i:]); n > 0 {
			toks = append(toks, token{kind: tWord, text: src[i : i+n], line: line})
			i += n
			continue
		}
		_, n := utf8.DecodeRuneInString(src[i:])
		toks = append(toks, token{kind: tPunct, text: src[i : i+n], line: line})
		i += n
	}
	return toks
}

// quoted reads a string or identifier opened by s[0] and closed by closer,
// a doubled closer standing for itself (except in [brackets]). It returns
// the text inside and the bytes read.
func quoted(s string, closer byte) (string, int) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		if s[i] != closer {
			b.WriteByte(s[i])
			continue
		}
		if closer != ']' && i+1 < len(s) && s[i+1] == closer {
			b.WriteByte(closer)
			i++
			continue
		}
		return b.String(), i + 1
	}
	return b.String(), len(s)
}

// wordLen is the length in bytes of the keyword, identifier or number at
// the start of s.
func wordLen(s string) int {
	n := 0
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		if r != '_' && r != '$' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		n += size
	}
	return n
}

// A statement is the tokens of one SQL statement, comments inside it
// included, without its ";".
type statement struct {
	doc  []string // the comment lines right before it
	toks []token
}

// split cuts tokens into statements at each ";" outside parentheses. (The
// ";"s of a trigger's BEGIN … END cut it into pieces, none of them a
// statement that describe reads.)
func split(toks []token) []statement {
	var (
		sts   []statement
		cur   statement
		block []token // comment lines, one after the other, between statements
		depth int
	)
	for _, t := range toks {
		if len(cur.toks) == 0 {
			if t.kind == tComment {
				if n := len(block); n > 0 && block[n-1].line+1 != t.line || !t.alone {
					block = block[:0]
				}
				if t.alone {
					block = append(block, t)
				}
				continue
			}
			if n := len(block); n > 0 && block[n-1].line+1 == t.line {
				for _, c := range block {
					cur.doc = append(cur.doc, c.text)
				}
			}
			block = block[:0]
		}
		switch {
		case t.kind != tPunct:
		case t.text == "(":
			depth++
		case t.text == ")":
			depth = max(depth-1, 0)
		case t.text == ";" && depth == 0:
			if len(cur.toks) > 0 {
				sts = append(sts, cur)
			}
			cur = statement{}
			continue
		}
		cur.toks = append(cur.toks, t)
	}
	if len(cur.toks) > 0 {
		sts = append(sts, cur)
	}
	return sts
}

// parser reads the tokens of one statement, comments set aside.
type parser struct {
	toks     []token
	pos      int
	comments map[int]string // line → the comment ending it
}

func newParser(st statement) *parser {
	p := &parser{comments: map[int]string{}}
	for _, t := range st.toks {
		if t.kind == tComment {
			if !t.alone {
				p.comments[t.line] = t.text
			}
			continue
		}
		p.toks = append(p.toks, t)
	}
	return p
}

func (p *parser) peek(i int) token {
	if p.pos+i < len(p.toks) {
		return p.toks[p.pos+i]
	}
	return token{kind: tPunct} // the end: matches nothing
}

// keywords consumes the keywords kws if they come next, in order.
func (p *parser) keywords(kws ...string) bool {
	for i, kw := range kws {
		if t := p.peek(i); t.kind != tWord || t.quoted || !strings.EqualFold(t.text, kw) {
			return false
		}
	}
	p.pos += len(kws)
	return true
}

// punct consumes the punctuation s if it comes next.
func (p *parser) punct(s string) bool {
	if t := p.peek(0); t.kind == tPunct && t.text == s {
		p.pos++
		return true
	}
	return false
}

// name consumes a name, or schema.name, and returns the name ("" if none).
func (p *parser) name() string {
	name := ""
	for p.peek(0).kind == tWord {
		name = p.peek(0).text
		p.pos++
		if !p.punct(".") {
			break
		}
	}
	return name
}

// list consumes a parenthesised list and returns its items, split at
// its top-level commas; nil when no "(" comes next.
func (p *parser) list() [][]token {
	if !p.punct("(") {
		return nil
	}
	var items [][]token
	start, depth := p.pos, 0
	for ; p.pos < len(p.toks); p.pos++ {
		t := p.toks[p.pos]
		if t.kind != tPunct {
			continue
		}
		switch {
		case t.text == "(":
			depth++
		case t.text == ")" && depth > 0:
			depth--
		case t.text == ")" || t.text == "," && depth == 0:
			items = append(items, p.toks[start:p.pos])
			start = p.pos + 1
			if t.text == ")" {
				p.pos++
				return items
			}
		}
	}
	return append(items, p.toks[start:])
}

// column reads a column definition; ok is false for a table constraint
// or an FTS5 option (tokenize = …).
func (p *parser) column(def []token) (c Column, ok bool) {
	if len(def) == 0 || def[0].kind != tWord || def[0].text == "" || isKeyword(def[0], tableConstraints) {
		return c, false
	}
	if len(def) > 1 && def[1].kind == tPunct && def[1].text == "=" {
		return c, false
	}
	return Column{Name: def[0].text, Description: p.comments[def[len(def)-1].line]}, true
}

// columns reads the column definitions of a CREATE TABLE's list. A
// comment ending a line describes the last column ending on it.
func (p *parser) columns(defs [][]token) []Column {
	var cols []Column
	for i, def := range defs {
		c, ok := p.column(def)
		if !ok {
			continue
		}
		if i+1 < len(defs) && len(defs[i+1]) > 0 && defs[i+1][len(defs[i+1])-1].line == def[len(def)-1].line {
			c.Description = ""
		}
		cols = append(cols, c)
	}
	return cols
}

// apply returns rels changed by one statement.
func apply(rels []Relation, st statement) []Relation {
	p := newParser(st)
	find := func(name string) int {
		return slices.IndexFunc(rels, func(r Relation) bool { return strings.EqualFold(r.Name, name) })
	}
	switch {
	case p.keywords("CREATE"):
		_ = p.keywords("TEMP") || p.keywords("TEMPORARY")
		r := Relation{Description: strings.Join(slices.DeleteFunc(st.doc, func(s string) bool { return s == "" }), " ")}
		switch {
		case p.keywords("TABLE"):
			r.Kind = KindTable
		case p.keywords("VIRTUAL", "TABLE"):
			r.Kind = KindVirtual
		case p.keywords("VIEW"):
			r.Kind = KindView
		default:
			return rels
		}
		p.keywords("IF", "NOT", "EXISTS")
		if r.Name = p.name(); r.Name == "" {
			return rels
		}
		switch r.Kind {
		case KindTable:
			r.Columns = p.columns(p.list())
		case KindVirtual:
			if p.keywords("USING") && p.name() != "" {
				r.Columns = p.columns(p.list())
			}
		case KindView:
			r.Columns = p.view(rels)
		}
		if i := find(r.Name); i >= 0 {
			rels = slices.Delete(rels, i, i+1)
		}
		return append(rels, r)
	case p.keywords("ALTER", "TABLE"):
		i := find(p.name())
		if i < 0 {
			return rels
		}
		r := &rels[i]
		switch {
		case p.keywords("RENAME", "TO"):
			if name := p.name(); name != "" {
				r.Name = name
			}
		case p.keywords("ADD"):
			p.keywords("COLUMN")
			if c, ok := p.column(p.toks[p.pos:]); ok {
				r.Columns = append(r.Columns, c)
			}
		case p.keywords("DROP"):
			p.keywords("COLUMN")
			name := p.name()
			r.Columns = slices.DeleteFunc(r.Columns, func(c Column) bool { return strings.EqualFold(c.Name, name) })
		case p.keywords("RENAME"):
			p.keywords("COLUMN")
			from := p.name()
			if p.keywords("TO") {
				to := p.name()
				for j := range r.Columns {
					if strings.EqualFold(r.Columns[j].Name, from) && to != "" {
						r.Columns[j].Name = to
					}
				}
			}
		}
	case p.keywords("DROP"):
		if !p.keywords("TABLE") && !p.keywords("VIEW") {
			return rels
		}
		p.keywords("IF", "EXISTS")
		if i := find(p.name()); i >= 0 {
			rels = slices.Delete(rels, i, i+1)
		}
	}
	return rels
}

// view reads the columns of a CREATE VIEW after its name: those of its
// column list if it has one, else those its outermost SELECT names.
func (p *parser) view(rels []Relation) []Column {
	if names := p.list(); names != nil {
		var cols []Column
		for _, n := range names {
			if len(n) == 1 && n[0].kind == tWord && n[0].text != "" {
				cols = append(cols, Column{Name: n[0].text})
			}
		}
		return cols
	}
	if !p.keywords("AS") {
		return nil
	}
	// The outermost SELECT is the first one outside parentheses (a WITH
	// clause's queries are inside them); its list ends at FROM.
	var items [][]token
	depth, in, start := 0, false, 0
	for ; p.pos < len(p.toks); p.pos++ {
		t := p.toks[p.pos]
		switch {
		case t.kind == tPunct && t.text == "(":
			depth++
		case t.kind == tPunct && t.text == ")":
			depth = max(depth-1, 0)
		case depth > 0:
		case !in && p.keywords("SELECT"):
			_ = p.keywords("DISTINCT") || p.keywords("ALL")
			in, start = true, p.pos
			p.pos--
		case in && t.kind == tPunct && t.text == ",":
			items = append(items, p.toks[start:p.pos])
			start = p.pos + 1
		case in && p.keywords("FROM"):
			items = append(items, p.toks[start:p.pos-1])
			return selected(items, p.from(), rels)
		case in && isKeyword(t, clauseEnds):
			return selected(append(items, p.toks[start:p.pos]), nil, rels)
		}
	}
	if in {
		items = append(items, p.toks[start:])
	}
	return selected(items, nil, rels)
}

// Keywords that start a table constraint, end a FROM clause or a SELECT list, join tables and
// constrain joins.
var (
	tableConstraints = []string{"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"}
	clauseEnds       = []string{"WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "WINDOW", "UNION", "EXCEPT", "INTERSECT"}
	joins            = []string{"JOIN", "LEFT", "RIGHT", "FULL", "INNER", "CROSS", "OUTER", "NATURAL"}
	joinConstraints  = []string{"ON", "USING"}
)

// isKeyword reports whether t is one of the keywords kws.
func isKeyword(t token, kws []string) bool {
	return t.kind == tWord && !t.quoted && slices.ContainsFunc(kws, func(kw string) bool { return strings.EqualFold(t.text, kw) })
}

// from reads the tables of a FROM clause: alias (or name) → table name.
func (p *parser) from() map[string]string {
	tables := map[string]string{}
	expect, depth := true, 0 // expect: a table name may come next
	for ; p.pos < len(p.toks); p.pos++ {
		t := p.toks[p.pos]
		switch {
		case t.kind == tPunct && t.text == "(":
			depth++
			expect = false
		case t.kind == tPunct && t.text == ")":
			depth = max(depth-1, 0)
		case depth > 0:
		case isKeyword(t, clauseEnds):
			return tables
		case t.kind == tPunct && t.text == "," || isKeyword(t, joins):
			expect = true
		case expect && t.kind == tWord:
			expect = false
			name := p.name()
			alias := name
			if next := p.peek(0); p.keywords("AS") || next.kind == tWord && !isKeyword(next, joins) && !isKeyword(next, clauseEnds) && !isKeyword(next, joinConstraints) {
				alias = p.peek(0).text
				p.pos++
			}
			tables[alias] = name
			p.pos--
		}
	}
	return tables
}

// selected names the columns of a SELECT list. A plain column reference
// (col, t.col, or either AS the same name) keeps its table's description.
func selected(items [][]token, tables map[string]string, rels []Relation) []Column {
	var cols []Column
	for _, it := range items {
		name, ref := "", it
		if n := len(it); n >= 2 && it[n-1].kind == tWord && it[n-2].kind == tWord && !it[n-2].quoted && strings.EqualFold(it[n-2].text, "AS") {
			name, ref = it[n-1].text, it[:n-2]
		}
		var table, col string
		switch {
		case len(ref) == 1 && ref[0].kind == tWord:
			col = ref[0].text
		case len(ref) == 3 && ref[0].kind == tWord && ref[1].kind == tPunct && ref[1].text == "." && ref[2].kind == tWord:
			table, col = ref[0].text, ref[2].text
		}
		if name == "" {
			name = col
		}
		if name == "" {
			continue
		}
		c := Column{Name: name}
		if strings.EqualFold(col, name) {
			c.Description = describedColumn(table, col, tables, rels)
		}
		cols = append(cols, c)
	}
	return cols
}

// describedColumn returns the description of column col of the FROM
// table aliased table, or of the only FROM table having col when table is
// "".
func describedColumn(table, col string, tables map[string]string, rels []Relation) string {
	desc, found := "", 0
	for alias, name := range tables {
		if table != "" && !strings.EqualFold(alias, table) {
			continue
		}
		i := slices.IndexFunc(rels, func(r Relation) bool { return strings.EqualFold(r.Name, name) })
		if i < 0 {
			continue
		}
		for _, c := range rels[i].Columns {
			if strings.EqualFold(c.Name, col) {
				desc = c.Description
				found++
			}
		}
	}
	if found != 1 {
		return ""
	}
	return desc
}

package normalize

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"golang.org/x/text/width"
)

// ErrNoValue is returned for cells that print no number: empty, "—", "-", "/", "无".
var ErrNoValue = errors.New("no value")

// ErrNotNumber is returned for text that is not a number.
var ErrNotNumber = errors.New("not a number")

// notNumber is the ErrNotNumber of text s. Most of them are only tested
// (is this cell a number?), so the message is formatted when asked for.
type notNumber string

func (e notNumber) Error() string { return fmt.Sprintf("%q: %v", string(e), ErrNotNumber) }
func (e notNumber) Unwrap() error { return ErrNotNumber }

// A Measure is a number as an indicator prints it: an optional comparison
// operator, the exact value, and a unit.
type Measure struct {
	Op    string // "", "≥", "≤", ">", "<", "="
	Value decimal.Decimal
	Unit  string // as printed after the number: "%", "人次", "万元", "分钟", ""
	Raw   string
}

// String prints the measure in its normalised form, e.g. "≥90%".
func (m Measure) String() string { return m.Op + m.Value.String() + m.Unit }

// Fold maps full-width ASCII forms (digits, letters, ％, ，, ．) to their
// narrow forms and U+3000 to a space, leaving CJK characters and symbols such
// as ① or ㎡ alone (NFKC would turn ①2023 into 12023). Dashes become '-'.
// Text with nothing to fold comes back as is, without a copy.
func Fold(s string) string {
	for i, r := range s {
		if r >= utf8.RuneSelf && foldRune(r) != r || r == utf8.RuneError {
			return foldFrom(s, i)
		}
	}
	return s
}

// foldFrom folds s, whose first i bytes need no folding.
func foldFrom(s string, i int) string {
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

// foldRune is Fold of one rune: width.Fold's canonical width, then
// spaceOrDash.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		return r
	}
	if f := width.LookupRune(r).Folded(); f != 0 {
		r = f
	}
	return spaceOrDash(r)
}

// spaceOrDash maps the spaces and dashes Fold unifies to ' ' and '-'.
func spaceOrDash(r rune) rune {
	switch r {
	case '\u3000', '\u00a0':
		return ' '
	case '−', '－', '‐', '‑', '–':
		return '-'
	}
	return r
}

// noValue reports whether a cell, trimmed, prints no number.
func noValue(s string) bool {
	switch s {
	case "", "-", "—", "——", "--", "/", "无", "—-", "-—":
		return true
	}
	return false
}

// compact removes the spaces OCR puts inside a number ("1, 085. 68",
// "9 0") and thousands separators, after folding full-width forms.
func compact(s string) string {
	s = strings.TrimSpace(Fold(s))
	if !strings.ContainsAny(s, " \t,") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case r == ' ' || r == '\t':
			// Keep a space only when it does not sit between number parts.
			if i > 0 && i+1 < len(rs) && isNumRune(prevNonSpace(rs, i)) && isNumRune(nextNonSpace(rs, i)) {
				continue
			}
			if i > 0 && i+1 < len(rs) && (isOp(prevNonSpace(rs, i)) || prevNonSpace(rs, i) == '-') && isNumRune(nextNonSpace(rs, i)) {
				continue
			}
			b.WriteRune(r)
		case r == ',':
			if i > 0 && unicode.IsDigit(prevNonSpace(rs, i)) && unicode.IsDigit(nextNonSpace(rs, i)) {
				continue
			}
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isNumRune(r rune) bool { return r >= '0' && r <= '9' || r == '.' || r == ',' }
func isOp(r rune) bool      { return strings.ContainsRune("≥≤><=＞＜≧≦", r) }

func prevNonSpace(rs []rune, i int) rune {
	for j := i - 1; j >= 0; j-- {
		if rs[j] != ' ' && rs[j] != '\t' {
			return rs[j]
		}
	}
	return 0
}

func nextNonSpace(rs []rune, i int) rune {
	for j := i + 1; j < len(rs); j++ {
		if rs[j] != ' ' && rs[j] != '\t' {
			return rs[j]
		}
	}
	return 0
}

// IsNumber reports whether a cell holds one number (ParseDecimal).
func IsNumber(cell string) bool {
	_, err := ParseDecimal(cell)
	return err == nil
}

// ParseDecimal parses a cell that holds one plain number, such as
// "1, 085. 68", "１２３．４５" or "－12.5". Empty and dash cells give
// ErrNoValue; anything else that is not a number gives ErrNotNumber.
func ParseDecimal(s string) (decimal.Decimal, error) {
	c := compact(s)
	if noValue(c) {
		return decimal.Decimal{}, ErrNoValue
	}
	if !plainNumber(c) {
		return decimal.Decimal{}, notNumber(s)
	}
	d, err := decimal.NewFromString(c)
	if err != nil {
		return decimal.Decimal{}, notNumber(s)
	}
	return d, nil
}

// plainNumber reports whether s is an optional sign, digits, and an optional
// fraction: the only shape decimal.NewFromString should see (it also takes
// exponents, which no report prints).
func plainNumber(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == '-' || s[0] == '+' {
		s = s[1:]
	}
	digits, dots := 0, 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] >= '0' && s[i] <= '9':
			digits++
		case s[i] == '.':
			dots++
		default:
			return false
		}
	}
	return digits > 0 && dots <= 1 && s[0] != '.' && s[len(s)-1] != '.'
}

var ops = []struct{ in, out string }{
	{"≥", "≥"}, {"≧", "≥"}, {">=", "≥"}, {"≤", "≤"}, {"≦", "≤"}, {"<=", "≤"},
	{">", ">"}, {"<", "<"}, {"=", "="},
}

// ParseMeasure parses an indicator value: an optional operator, a number and
// an optional unit ("≥ 9 0%", "≤60分钟", "196人次", "100"). Values that are
// not numeric (达标, 良好) give ErrNotNumber; callers keep them as text.
func ParseMeasure(s string) (Measure, error) {
	m := Measure{Raw: s}
	c := compact(s)
	if noValue(c) {
		return m, ErrNoValue
	}
	for _, op := range ops {
		if strings.HasPrefix(c, op.in) {
			m.Op = op.out
			c = strings.TrimSpace(c[len(op.in):])
			break
		}
	}
	end := 0
	for end < len(c) && (c[end] >= '0' && c[end] <= '9' || c[end] == '.' || (end == 0 && c[end] == '-')) {
		end++
	}
	num := strings.TrimRight(c[:end], ".")
	if !plainNumber(num) {
		return m, notNumber(s)
	}
	v, err := decimal.NewFromString(num)
	if err != nil {
		return m, notNumber(s)
	}
	m.Value = v
	m.Unit = strings.TrimSpace(c[len(num):])
	if strings.ContainsAny(m.Unit, "0123456789") {
		return m, notNumber(s)
	}
	return m, nil
}

// Money units a table's unit line or a sentence can give.
const (
	Yuan    = "元"
	WanYuan = "万元"
	YiYuan  = "亿元"
)

// ToWan converts an amount in unit (元, 万元, 亿元; "" means 万元) to 万元,
// exactly.
func ToWan(d decimal.Decimal, unit string) (decimal.Decimal, error) {
	switch unit {
	case WanYuan, "":
		return d, nil
	case Yuan:
		return d.Shift(-4), nil
	case YiYuan:
		return d.Shift(4), nil
	}
	return decimal.Decimal{}, fmt.Errorf("unknown money unit %q", unit)
}

// Canonical prints a decimal the way facts store it: no exponent, no
// trailing zeros after the point ("370.60" → "370.6", "100.00" → "100").
func Canonical(d decimal.Decimal) string {
	s := d.String()
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

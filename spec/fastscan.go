package spec

import (
	"math"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// fastMaxDepth bounds nesting on the fast path; deeper bodies go to the full validation.
const fastMaxDepth = 64

// fastClean reports whether a response is certainly conformant, checking it in one pass over its bytes. false
// means "not certain", never "not conformant".
func (o *Operation) fastClean(r Response, strict bool) bool {
	if o.fast == nil || r.Status != o.SuccessStatus {
		return false
	}
	n := o.fast[o.AnswerTo(r.Request)]
	if n == nil || n.kind == fastBail || r.Header.Get("Content-Type") != "application/json" {
		return false
	}
	s := fastScan{data: r.Body, strict: strict}
	s.ws()
	if !s.value(n) {
		return false
	}
	s.ws()
	return s.pos == len(s.data)
}

// fastScan is the state of one pass: the body, the position, and a buffer for strings with escapes.
type fastScan struct {
	data   []byte
	pos    int
	depth  int
	strict bool
	buf    []byte
}

func (s *fastScan) ws() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// next skips whitespace and consumes c if it comes next.
func (s *fastScan) next(c byte) bool {
	s.ws()
	if s.pos < len(s.data) && s.data[s.pos] == c {
		s.pos++
		return true
	}
	return false
}

func (s *fastScan) value(n *fastNode) bool {
	if s.pos >= len(s.data) {
		return false
	}
	switch n.kind {
	case fastAny:
		return s.skip()
	case fastString:
		str, ok := s.str()
		return ok && n.stringOK(str)
	case fastInteger, fastNumber:
		return s.numeric(n)
	case fastBoolean:
		return s.literal("true") || s.literal("false")
	case fastArray:
		return s.array(n)
	case fastObject, fastMap:
		return s.object(n)
	}
	return false
}

func (n *fastNode) stringOK(b []byte) bool {
	if n.minLen > 0 || n.maxLen >= 0 {
		l := utf16Units(b)
		if l < n.minLen || (n.maxLen >= 0 && l > n.maxLen) {
			return false
		}
	}
	if n.enum != nil {
		if _, ok := n.enum[string(b)]; !ok {
			return false
		}
	}
	if n.re != nil {
		if !n.re.Match(b) {
			return false
		}
	} else if n.matcher != nil && !n.matcher.MatchString(string(b)) {
		return false
	}
	return n.format == nil || n.format.Validate(string(b)) == nil
}

// utf16Units counts a valid UTF-8 string's UTF-16 code units.
func utf16Units(b []byte) int {
	n := 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		n += utf16.RuneLen(r)
		i += size
	}
	return n
}

// str reads a string and returns its decoded bytes, valid only until the next call. It gives up on invalid
// UTF-8 and on escaped surrogates that encoding/json would replace.
func (s *fastScan) str() ([]byte, bool) {
	if s.pos >= len(s.data) || s.data[s.pos] != '"' {
		return nil, false
	}
	start := s.pos + 1
	ascii := true
	for i := start; i < len(s.data); i++ {
		c := s.data[i]
		switch {
		case c == '"':
			s.pos = i + 1
			raw := s.data[start:i]
			if !ascii && !utf8.Valid(raw) {
				return nil, false
			}
			return raw, true
		case c == '\\':
			return s.escaped(start)
		case c < 0x20:
			return nil, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, false
}

// escaped decodes a string with escapes into the buffer, from its first byte.
func (s *fastScan) escaped(start int) ([]byte, bool) {
	s.buf = s.buf[:0]
	i := start
	for i < len(s.data) {
		c := s.data[i]
		switch {
		case c == '"':
			s.pos = i + 1
			if !utf8.Valid(s.buf) {
				return nil, false
			}
			return s.buf, true
		case c < 0x20:
			return nil, false
		case c != '\\':
			s.buf = append(s.buf, c)
			i++
			continue
		}
		if i+1 >= len(s.data) {
			return nil, false
		}
		switch e := s.data[i+1]; e {
		case '"', '\\', '/':
			s.buf = append(s.buf, e)
		case 'b':
			s.buf = append(s.buf, '\b')
		case 'f':
			s.buf = append(s.buf, '\f')
		case 'n':
			s.buf = append(s.buf, '\n')
		case 'r':
			s.buf = append(s.buf, '\r')
		case 't':
			s.buf = append(s.buf, '\t')
		case 'u':
			r, ok := hex4(s.data, i+2)
			if !ok || utf16.IsSurrogate(r) {
				return nil, false
			}
			s.buf = utf8.AppendRune(s.buf, r)
			i += 4
		default:
			return nil, false
		}
		i += 2
	}
	return nil, false
}

func hex4(b []byte, at int) (rune, bool) {
	if at+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[at : at+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// numeric reads a number and checks it as kin-openapi does: converted to a float64, whole for an integer, within
// the bounds. Plain integers of up to 15 digits are read without allocating; other numbers go through
// strconv.ParseFloat, as json.Number.Float64 does.
func (s *fastScan) numeric(n *fastNode) bool {
	start := s.pos
	if !s.number() {
		return false
	}
	lit := s.data[start:s.pos]
	f, ok := plainInteger(lit)
	if !ok {
		var err error
		if f, err = strconv.ParseFloat(string(lit), 64); err != nil {
			return false
		}
	}
	if n.kind == fastInteger && (f != math.Trunc(f) || math.Abs(f) >= 1<<53) {
		return false
	}
	return f >= n.min && f <= n.max
}

// plainInteger converts -?[0-9]{1,15}, which a float64 holds exactly.
func plainInteger(lit []byte) (float64, bool) {
	neg := len(lit) > 0 && lit[0] == '-'
	if neg {
		lit = lit[1:]
	}
	if len(lit) == 0 || len(lit) > 15 {
		return 0, false
	}
	var v int64
	for _, c := range lit {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	return float64(v), true
}

func (s *fastScan) literal(lit string) bool {
	if len(s.data)-s.pos >= len(lit) && string(s.data[s.pos:s.pos+len(lit)]) == lit {
		s.pos += len(lit)
		return true
	}
	return false
}

func (s *fastScan) array(n *fastNode) bool {
	if !s.enter('[') {
		return false
	}
	count := 0
	if !s.next(']') {
		for {
			s.ws()
			if !s.value(n.items) {
				return false
			}
			count++
			if s.next(']') {
				break
			}
			if !s.next(',') {
				return false
			}
		}
	}
	s.depth--
	return count >= n.minItems && (n.maxItems < 0 || count <= n.maxItems)
}

// object reads an object against an object schema (known properties) or a map schema (one value schema, a key
// pattern).
func (s *fastScan) object(n *fastNode) bool {
	if !s.enter('{') {
		return false
	}
	var seen uint64
	if !s.next('}') {
		for {
			s.ws()
			key, ok := s.str()
			if !ok {
				return false
			}
			var child *fastNode
			notNull := false // a required member is never null
			if n.kind == fastMap {
				if n.hasKeyPat && !n.keyOK(key) {
					return false
				}
				child = n.values
			} else if p, known := n.props[string(key)]; known {
				child, seen = p.node, seen|p.bit
				notNull = p.bit&n.required != 0
			} else if s.strict || n.closed {
				return false
			}
			if !s.next(':') {
				return false
			}
			s.ws()
			if notNull && s.pos < len(s.data) && s.data[s.pos] == 'n' {
				return false
			}
			if child == nil {
				child = skipAny
			}
			if !s.value(child) {
				return false
			}
			if s.next('}') {
				break
			}
			if !s.next(',') {
				return false
			}
		}
	}
	s.depth--
	return seen&n.required == n.required
}

func (n *fastNode) keyOK(key []byte) bool {
	if n.keyRe != nil {
		return n.keyRe.Match(key)
	}
	return n.keyMatch.MatchString(string(key))
}

// enter consumes the opening bracket of a list or object, within the depth bound.
func (s *fastScan) enter(c byte) bool {
	if s.pos >= len(s.data) || s.data[s.pos] != c || s.depth >= fastMaxDepth {
		return false
	}
	s.pos++
	s.depth++
	return true
}

// The nodes of values without constraints.
var (
	skipAny    = &fastNode{kind: fastAny}
	skipObject = &fastNode{kind: fastObject}
	skipArray  = &fastNode{kind: fastArray, items: skipAny, maxItems: -1}
)

// skip reads any JSON value without constraints, checking only that it is well formed.
func (s *fastScan) skip() bool {
	if s.pos >= len(s.data) {
		return false
	}
	switch c := s.data[s.pos]; {
	case c == '"':
		_, ok := s.str()
		return ok
	case c == '{':
		return s.object(skipObject)
	case c == '[':
		return s.array(skipArray)
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	}
	return s.number()
}

// number reads a JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *fastScan) number() bool {
	d, i := s.data, s.pos
	digits := func() int {
		start := i
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
		return i - start
	}
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case digits() == 0:
		return false
	}
	if i < len(d) && d[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	s.pos = i
	return true
}

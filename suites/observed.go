package suites

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
)

// A member of an answer is absent, null, or a value, and the checks never confuse the three: a Member carries
// which it is. Its value can only be read through Get, and an expectation about a Member that is not a value
// fails, saying so (see Assertion), so that no check can pass on something it did not observe and two absent
// values never compare equal.

// state is what was observed of a member.
type state uint8

const (
	absent     state = iota // the answer did not carry the member (the zero value: nothing observed)
	present                 // the answer carried a value
	null                    // the answer carried JSON null
	unobserved              // the answer it would come from is unusable, and that failure is already reported
)

// Member is one observed member of an answer, of type T.
type Member[T comparable] struct {
	v     T
	state state
	raw   string // the JSON sent, when it was not of T's type (read as well as it could be)
	why   string // for unobserved: what made the answer unusable
}

// Str is an observed string member; Int an observed number.
type (
	Str = Member[string]
	Int = Member[int64]
)

// Value returns an observed value.
func Value[T comparable](v T) Member[T] { return Member[T]{v: v, state: present} }

// Unobserved returns a member of an answer that could not be used, for the reason given.
func Unobserved[T comparable](why string) Member[T] { return Member[T]{state: unobserved, why: why} }

// Get returns the value and whether the answer carried one.
func (m Member[T]) Get() (T, bool) { return m.v, m.state == present }

// Present reports whether the answer carried a value (not null).
func (m Member[T]) Present() bool { return m.state == present }

// Absent reports whether the answer did not carry the member at all.
func (m Member[T]) Absent() bool { return m.state == absent }

// Is reports whether the answer carried exactly v.
func (m Member[T]) Is(v T) bool { return m.state == present && m.v == v }

// String says what was observed: the value, "absent", "null" or why nothing could be.
func (m Member[T]) String() string {
	switch m.state {
	case absent:
		return "absent (the answer did not carry it)"
	case null:
		return "null"
	case unobserved:
		return "not observed: " + m.why
	}
	if m.raw != "" {
		return fmt.Sprintf("%s (read from %s)", quote(m.v), m.raw)
	}
	return quote(m.v)
}

func quote(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprint(v)
}

// observed is what Assertion reads of a Member.
type observed interface {
	observation() (value any, s state, description string)
	valueType() reflect.Type
}

func (m Member[T]) observation() (any, state, string) { return m.v, m.state, m.String() }
func (Member[T]) valueType() reflect.Type             { return reflect.TypeFor[T]() }

// str reads a string member of a decoded JSON object leniently: a value of another type is kept as its text.
func str(obj map[string]any, key string) Str {
	v, ok := obj[key]
	switch t := v.(type) {
	case nil:
		if !ok {
			return Str{}
		}
		return Str{state: null}
	case string:
		return Value(t)
	default:
		raw, _ := json.Marshal(t)
		return Str{v: fmt.Sprint(t), state: present, raw: string(raw)}
	}
}

// num reads a number member leniently: a string that holds a number is read as that number, anything else as 0
// with the JSON it was.
func num(obj map[string]any, key string) Int {
	v, ok := obj[key]
	switch t := v.(type) {
	case nil:
		if !ok {
			return Int{}
		}
		return Int{state: null}
	case float64:
		if t == float64(int64(t)) {
			return Value(int64(t))
		}
	case string:
		if i, err := strconv.ParseInt(t, 10, 64); err == nil {
			return Int{v: i, state: present, raw: strconv.Quote(t)}
		}
	}
	raw, _ := json.Marshal(v)
	return Int{state: present, raw: string(raw)}
}

// plain turns the Members in a value (a Member, or a slice or array of them) into their values. It returns the
// first Member that holds no value, with its state and description.
func plain(v any) (any, state, string) {
	if o, ok := v.(observed); ok {
		val, s, desc := o.observation()
		return val, s, desc
	}
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || (rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array) || !rv.Type().Elem().Implements(observedType) {
		return v, present, ""
	}
	elem := reflect.Zero(rv.Type().Elem()).Interface().(observed).valueType()
	if rv.Kind() == reflect.Slice && rv.IsNil() {
		return reflect.Zero(reflect.SliceOf(elem)).Interface(), present, ""
	}
	out := reflect.MakeSlice(reflect.SliceOf(elem), rv.Len(), rv.Len())
	for i := range rv.Len() {
		val, s, desc := rv.Index(i).Interface().(observed).observation()
		if s != present {
			return nil, s, fmt.Sprintf("item %d: %s", i, desc)
		}
		out.Index(i).Set(reflect.ValueOf(val))
	}
	return out.Interface(), present, ""
}

var observedType = reflect.TypeFor[observed]()

// plainMatcher replaces, in a matcher's exported fields, the Members it compares with by their values, so that
// gomega.Equal(a.RevisionId) compares values. It returns the description of the first Member that holds no
// value: there is nothing to compare with.
func plainMatcher(m any) (problem string) {
	return plainFields(reflect.ValueOf(m), 0)
}

func plainFields(v reflect.Value, depth int) string {
	if depth > 4 || !v.IsValid() {
		return ""
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return ""
		}
		return plainFields(v.Elem(), depth+1)
	case reflect.Struct:
		if v.Type().Implements(observedType) {
			return "" // replaced by the field or item that holds it
		}
		for i := range v.NumField() {
			f := v.Field(i)
			if !v.Type().Field(i).IsExported() {
				continue
			}
			if p := plainValue(f, depth); p != "" {
				return p
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if p := plainValue(v.Index(i), depth); p != "" {
				return p
			}
		}
	}
	return ""
}

// plainValue replaces a settable interface value holding Members by their values, or descends into it.
func plainValue(f reflect.Value, depth int) string {
	if f.Kind() != reflect.Interface || f.IsNil() {
		return plainFields(f, depth+1)
	}
	inner := f.Elem()
	if _, isMember := inner.Interface().(observed); !isMember && !((inner.Kind() == reflect.Slice || inner.Kind() == reflect.Array) &&
		inner.Type().Elem().Implements(observedType)) {
		return plainFields(inner, depth+1)
	}
	val, s, desc := plain(inner.Interface())
	if s != present {
		return desc
	}
	if f.CanSet() {
		if val == nil {
			f.SetZero()
		} else {
			f.Set(reflect.ValueOf(val))
		}
	}
	return ""
}

package compare

import (
	"fmt"

	"github.com/lambdaconform/lambdaconform/recording/format"
)

// identities pairs the recording's identity placeholders with the target's, within one scenario: the first time
// <uuid:3> of the recording meets <uuid:5> of the target they are bound, and from then on each must meet the
// other. A binding keeps where it was made, to say which earlier value a broken identity should have matched.
type identities struct {
	forward map[string]binding // recorded → target
	back    map[string]binding // target → recorded
}

type binding struct {
	other    string
	exchange string
	path     string
}

func newIdentities() *identities {
	return &identities{forward: map[string]binding{}, back: map[string]binding{}}
}

// pair checks a recorded placeholder against the target's at exchange and path; it returns what is wrong, or "".
func (ids *identities) pair(rec, got format.Placeholder, exchange, path string) string {
	r, g := rec.String(), got.String()
	f, recBound := ids.forward[r]
	b, gotBound := ids.back[g]
	switch {
	case recBound && f.other == g:
		return ""
	case !recBound && !gotBound:
		ids.forward[r] = binding{other: g, exchange: exchange, path: path}
		ids.back[g] = binding{other: r, exchange: exchange, path: path}
		return ""
	case recBound && gotBound:
		return fmt.Sprintf("should be the value first seen at %s %s, and is the one first seen at %s %s instead",
			f.exchange, f.path, b.exchange, b.path)
	case recBound:
		return fmt.Sprintf("should be the value first seen at %s %s, and is a new value", f.exchange, f.path)
	default:
		return fmt.Sprintf("should be a new value, and is the one first seen at %s %s", b.exchange, b.path)
	}
}

package storetest

import (
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// testLeases: one holder at a time; renewals keep it; expiry frees it;
// leases of other names are independent.
func testLeases(t *testing.T, st catalog.Store) {
	const ttl = time.Minute
	steps := []struct {
		name, holder string
		at           time.Duration
		want         bool
	}{
		{"websub", "A", 0, true},                // free: A takes it
		{"websub", "B", time.Second, false},     // A's, live
		{"websub", "A", 30 * time.Second, true}, // A renews to 90s
		{"websub", "B", 80 * time.Second, false},
		{"other", "B", 80 * time.Second, true},  // another name
		{"websub", "B", 90 * time.Second, true}, // A's expired: B takes it
		{"websub", "A", 91 * time.Second, false},
	}
	for _, s := range steps {
		got, err := st.TryLease(ctx(t), s.name, s.holder, at(s.at), ttl)
		if err != nil {
			t.Fatal(err)
		}
		if got != s.want {
			t.Errorf("TryLease(%s, %s) at %v = %v, want %v", s.name, s.holder, s.at, got, s.want)
		}
	}
}

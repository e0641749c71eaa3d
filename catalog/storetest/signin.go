package storetest

import (
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// testSignInFailures: failures count per key within the window, clearing
// forgets one key, and pruning drops what left the window for every key.
func testSignInFailures(t *testing.T, st catalog.Store) {
	const a, b = "192.0.2.1|boss@example.com", "192.0.2.1|ed@example.com"
	record := func(key string, d time.Duration) {
		t.Helper()
		if err := st.RecordSignInFailure(ctx(t), key, at(d)); err != nil {
			t.Fatalf("RecordSignInFailure: %v", err)
		}
	}
	count := func(key string, since time.Duration) int {
		t.Helper()
		n, err := st.SignInFailures(ctx(t), key, at(since))
		if err != nil {
			t.Fatalf("SignInFailures: %v", err)
		}
		return n
	}
	record(a, 0)
	record(a, time.Minute)
	record(a, time.Minute) // two failures at once both count.
	record(a, 2*time.Minute+time.Microsecond)
	record(b, time.Minute)

	for _, tc := range []struct {
		name  string
		key   string
		since time.Duration
		want  int
	}{
		{"all of a", a, -time.Hour, 4},
		{"after the first", a, 0, 3},            // one exactly at since has left the window.
		{"after the minute", a, time.Minute, 1}, // only the one after it.
		{"none after", a, 3 * time.Minute, 0},
		{"b alone", b, -time.Hour, 1}, // keys count apart.
		{"unknown key", "nobody", -time.Hour, 0},
	} {
		if got := count(tc.key, tc.since); got != tc.want {
			t.Errorf("%s: SignInFailures = %d, want %d", tc.name, got, tc.want)
		}
	}

	// Pruning removes failures at or before t, of every key.
	n, err := st.DeleteSignInFailures(ctx(t), at(time.Minute))
	if err != nil || n != 4 {
		t.Fatalf("DeleteSignInFailures = %d, %v; want 4 (three of a, one of b)", n, err)
	}
	if got := count(a, -time.Hour); got != 1 {
		t.Errorf("a after pruning: %d, want 1", got)
	}
	if got := count(b, -time.Hour); got != 0 {
		t.Errorf("b after pruning: %d, want 0", got)
	}

	// Clearing forgets one key only.
	record(b, 3*time.Minute)
	if err := st.ClearSignInFailures(ctx(t), a); err != nil {
		t.Fatal(err)
	}
	if got := count(a, -time.Hour); got != 0 {
		t.Errorf("a after clearing: %d, want 0", got)
	}
	if got := count(b, -time.Hour); got != 1 {
		t.Errorf("b after clearing a: %d, want 1", got)
	}
	if err := st.ClearSignInFailures(ctx(t), "nobody"); err != nil {
		t.Errorf("clearing an unknown key: %v", err)
	}
}

package admin

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/postgres"
	"github.com/onair-fm/onair/catalog/postgres/pgtest"
	"github.com/onair-fm/onair/catalog/sqlite"
)

// TestSignInLimitUnderRace: attempts that arrive together, more than the
// limit, on a shared catalog: no more than the limit may go on to the
// password check, however they interleave (when all are recorded before
// any counts again, none goes on).
func TestSignInLimitUnderRace(t *testing.T) {
	t.Parallel()
	for name, open := range stores {
		t.Run(name, func(t *testing.T) { signInRace(t, open(t)) })
	}
}

// stores open an empty catalog on each database the tests can reach.
var stores = map[string]func(t *testing.T) catalog.Store{
	"sqlite": func(t *testing.T) catalog.Store {
		st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "onair.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	},
	"postgres": func(t *testing.T) catalog.Store {
		st, err := postgres.Open(t.Context(), pgtest.DSN(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	},
}

// signInRace checks the limit against racing attempts on store.
func signInRace(t *testing.T, store catalog.Store) {
	l := newSignInLimiter(store, slog.New(slog.NewTextHandler(io.Discard, nil)), 5, 15*time.Minute)
	const racers = 16
	now := time.Now()
	for i := range 6 {
		if went := l.begin(context.Background(), "10.0.0.8|ada@example.com", now); went != (i < 5) {
			t.Fatalf("attempt %d one after another: went on %v", i+1, went)
		}
	}
	var wg sync.WaitGroup
	var went atomic.Int32
	start := make(chan struct{})
	for range racers {
		wg.Go(func() {
			<-start
			if l.begin(context.Background(), "10.0.0.9|boss@example.com", now) {
				went.Add(1)
			}
		})
	}
	close(start)
	wg.Wait()
	if n := went.Load(); n > 5 {
		t.Errorf("%d of %d racing attempts went on, want at most 5", n, racers)
	}
	if l.begin(context.Background(), "10.0.0.9|boss@example.com", now) {
		t.Error("an attempt after the race went on")
	}
}

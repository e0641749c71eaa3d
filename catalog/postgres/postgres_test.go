package postgres_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/postgres"
	"github.com/onair-fm/onair/catalog/postgres/pgtest"
	"github.com/onair-fm/onair/catalog/storetest"
)

func open(t *testing.T, dsn string) *postgres.Store {
	t.Helper()
	st, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestStore(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) catalog.Store { return open(t, pgtest.DSN(t)) })
}

// TestOpenTogether: nodes starting at once on a new schema all succeed and
// the migrations are applied once each; opening again later changes nothing.
func TestOpenTogether(t *testing.T) {
	t.Parallel()
	dsn := pgtest.DSN(t)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			st, err := postgres.Open(t.Context(), dsn)
			if err == nil {
				err = st.Close()
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Open: %v", err)
		}
	}
	st := open(t, dsn)
	s := &catalog.Show{Slug: "kept", Title: "Kept"}
	if err := st.CreateShow(t.Context(), s); err != nil {
		t.Fatal(err)
	}
	st.Close()
	st = open(t, dsn)
	got, err := st.GetShow(t.Context(), "kept")
	if err != nil || got.ID != s.ID {
		t.Errorf("after reopen: %v, %v", got, err)
	}
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n, distinct int
	err = conn.QueryRow(t.Context(), `SELECT count(*), count(DISTINCT version) FROM schema_migrations`).Scan(&n, &distinct)
	if err != nil || n == 0 || n != distinct {
		t.Errorf("schema_migrations: %d rows, %d versions, %v", n, distinct, err)
	}
}

// TestListen: a change through one store reaches another's Listen.
func TestListen(t *testing.T) {
	t.Parallel()
	dsn := pgtest.DSN(t)
	a, b := open(t, dsn), open(t, dsn)
	s := &catalog.Show{Slug: "s", Title: "S"}
	if err := a.CreateShow(t.Context(), s); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	got := make(chan string, 1024)
	ready := make(chan struct{})
	go func() {
		close(ready)
		b.Listen(ctx, func(id string) { got <- id })
	}()
	<-ready
	// Listen may not be listening yet: keep changing until it hears.
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case id := <-got:
			// The channel is the database's: tests in other schemas
			// announce their shows on it too.
			if id == s.ID {
				return
			}
		case <-tick.C:
			s.Title += "!"
			if err := a.UpdateShow(ctx, s); err != nil {
				t.Fatal(err)
			}
		case <-ctx.Done():
			t.Fatal("Listen heard nothing in 10 s")
		}
	}
}

func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) catalog.Store {
		st, err := postgres.Open(b.Context(), pgtest.DSN(b))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		return st
	})
}

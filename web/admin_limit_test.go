package web

import (
	"database/sql"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlite"
	"github.com/onair-fm/onair/media"
)

// startSignInNodes starts n servers, each with its own store handle on one
// SQLite file, as nodes behind a load balancer share one database.
func startSignInNodes(t *testing.T, n int) []*adminEnv {
	t.Helper()
	dir := t.TempDir()
	blobs, err := media.NewLocal(filepath.Join(dir, "media"))
	if err != nil {
		t.Fatal(err)
	}
	var nodes []*adminEnv
	for range n {
		st, err := sqlite.Open(t.Context(), filepath.Join(dir, "onair.db"))
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewUnstartedServer(nil)
		listen := "http://" + ts.Listener.Addr().String()
		srv := New(Config{BaseURL: listen}, st, blobs, slog.New(slog.NewTextHandler(io.Discard, nil)))
		ts.Config.Handler = srv.Handler()
		ts.Start()
		t.Cleanup(func() {
			ts.Close()
			st.Close()
		})
		nodes = append(nodes, &adminEnv{srv: srv, store: st, blobs: blobs, url: listen, dir: dir})
	}
	return nodes
}

// TestSignInLimitAcrossNodes: failures on one node count on the other, so
// spreading guesses over nodes buys no more of them; a sign-in on either
// clears the count for both.
func TestSignInLimitAcrossNodes(t *testing.T) {
	t.Parallel()
	nodes := startSignInNodes(t, 2)
	a, b := nodes[0], nodes[1]
	a.user(t, "boss@example.com", "right-password", catalog.RoleAdmin)
	c := browser(t)
	try := func(e *adminEnv, pw string) int {
		t.Helper()
		_, _, tok := e.page(t, c, "/admin/signin")
		s, _ := e.post(t, c, "/admin/signin", url.Values{"csrf": {tok}, "email": {"boss@example.com"}, "password": {pw}})
		return s
	}
	// Four failures on A, then one on B: five in all.
	for i, e := range []*adminEnv{a, a, a, a, b} {
		if got := try(e, "guess"); got != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d, want 401", i+1, got)
		}
	}
	for _, e := range []*adminEnv{b, a} {
		if got := try(e, "right-password"); got != http.StatusTooManyRequests {
			t.Errorf("6th attempt on %s, even right: %d, want 429", e.url, got)
		}
	}
	// The window passes on B; signing in there clears A's count too.
	later := func() time.Time { return time.Now().Add(16 * time.Minute) }
	a.srv.Now, b.srv.Now = later, later
	for i := range 4 {
		if got := try(a, "guess"); got != http.StatusUnauthorized {
			t.Fatalf("attempt %d after the window: %d, want 401", i+1, got)
		}
	}
	if got := try(b, "right-password"); got != http.StatusSeeOther {
		t.Fatalf("right password on B after 4 failures: %d, want 303", got)
	}
	c = browser(t)
	for i := range 4 {
		if got := try(a, "guess"); got != http.StatusUnauthorized {
			t.Fatalf("attempt %d after signing in: %d, want 401 (count cleared)", i+1, got)
		}
	}
	if got := try(b, "right-password"); got != http.StatusSeeOther {
		t.Errorf("right password after the count was cleared: %d, want 303", got)
	}
}

// TestSignInLimitPrunes: recording a failure removes every failure that
// has left the window, of any key, so the table does not grow without end.
func TestSignInLimitPrunes(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	c := browser(t)
	_, _, tok := e.page(t, c, "/admin/signin")
	for _, email := range []string{"a@example.com", "b@example.com"} {
		e.post(t, c, "/admin/signin", url.Values{"csrf": {tok}, "email": {email}, "password": {"guess"}})
	}
	e.srv.Now = func() time.Time { return time.Now().Add(16 * time.Minute) }
	e.post(t, c, "/admin/signin", url.Values{"csrf": {tok}, "email": {"c@example.com"}, "password": {"guess"}})
	if n := countRows(t, e, "signin_failures"); n != 1 {
		t.Errorf("%d failures stored, want 1 (the two old ones pruned)", n)
	}
}

// TestSignInLimitFailsOpen: when the catalog cannot count failures the
// limit lets sign-ins through rather than lock everyone out.
func TestSignInLimitFailsOpen(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t, nil)
	e.user(t, "boss@example.com", "right-password", catalog.RoleAdmin)
	db := rawDB(t, e)
	if _, err := db.Exec(`DROP TABLE signin_failures`); err != nil {
		t.Fatal(err)
	}
	c := browser(t)
	_, _, tok := e.page(t, c, "/admin/signin")
	for i := range 6 {
		if s, _ := e.post(t, c, "/admin/signin", url.Values{"csrf": {tok}, "email": {"boss@example.com"}, "password": {"guess"}}); s != http.StatusUnauthorized {
			t.Fatalf("attempt %d without a count: %d, want 401", i+1, s)
		}
	}
	if s, _ := e.post(t, c, "/admin/signin", url.Values{"csrf": {tok}, "email": {"boss@example.com"}, "password": {"right-password"}}); s != http.StatusSeeOther {
		t.Errorf("right password without a count: %d, want 303", s)
	}
}

// rawDB opens e's SQLite file directly, beside its store.
func rawDB(t *testing.T, e *adminEnv) *sql.DB {
	t.Helper()
	path := filepath.Join(e.dir, "onair.db")
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(strings.ReplaceAll(path, "?", "%3F")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func countRows(t *testing.T, e *adminEnv, table string) int {
	t.Helper()
	var n int
	if err := rawDB(t, e).QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

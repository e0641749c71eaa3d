package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/onair-fm/onair/catalog"
)

// TestFeedAfterAPIWrite: a change made through this node's API shows in the
// very next feed request, without waiting for feedShowTTL.
func TestFeedAfterAPIWrite(t *testing.T) {
	t.Parallel()
	env := newFeedEnv(t, Config{})
	_, eps := env.SeedShow("daily", 1)
	secret, tok := catalog.NewToken("test")
	must(t, env.Store.CreateToken(env.Ctx(), tok))
	env.Get("/shows/daily/feed.rss")
	req := httptest.NewRequest(http.MethodPatch, "/api/v1/episodes/"+eps[0].ID, strings.NewReader(`{"title":"Renamed by the API"}`))
	req.Header.Set("Authorization", "Bearer "+secret)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	env.H.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("PATCH: %d %s", rec.Code, rec.Body)
	}
	if body, _ := env.Get("/shows/daily/feed.rss"); !strings.Contains(body, "Renamed by the API") {
		t.Error("the feed does not show the change made through the API")
	}
}

// TestFeedGoneAfterAPIDelete: a show deleted through this node's API stops
// answering its feeds at once, while another show's stay.
func TestFeedGoneAfterAPIDelete(t *testing.T) {
	t.Parallel()
	env := newFeedEnv(t, Config{})
	env.SeedShow("gone", 2)
	env.SeedShow("kept", 2)
	env.Get("/shows/gone/feed.rss")
	env.Get("/shows/kept/feed.rss")
	secret, tok := catalog.NewToken("test")
	must(t, env.Store.CreateToken(env.Ctx(), tok))
	if r := env.Do(http.MethodDelete, "/api/v1/shows/gone", "Authorization", "Bearer "+secret); r.Code != http.StatusNoContent {
		t.Fatalf("DELETE: %d %s", r.Code, r.Body)
	}
	if r := env.Do(http.MethodGet, "/shows/gone/feed.rss"); r.Code != http.StatusNotFound {
		t.Errorf("deleted show's feed: %d, want 404", r.Code)
	}
	env.Get("/shows/kept/feed.rss")
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

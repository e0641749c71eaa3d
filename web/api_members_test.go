package web

import (
	"net/http"
	"testing"
	"time"

	"github.com/onair-fm/onair/web/api"
)

// The subscriber API: an idempotent upsert by external_id, search and
// paging, changes, and refusals in the one error shape.
func TestSubscribersAPI(t *testing.T) {
	t.Parallel()
	e := newMembersEnv(t, Config{})
	first, _ := e.subscribe("cus_1")
	var again api.SubscriberJSON
	rec := e.api("POST", "/api/v1/shows/daily/subscribers", map[string]any{
		"email": "cus_1@example.com", "name": "Member cus_1", "external_id": "cus_1"}, &again)
	if rec.Code != http.StatusOK || again.ID != first.ID || again.FeedURL != "" || again.Created || again.UpdatedAt != first.UpdatedAt {
		t.Errorf("the same upsert again: %d %+v; want 200, the same subscriber, unchanged", rec.Code, again)
	}
	exp := time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)
	rec = e.api("POST", "/api/v1/shows/daily/subscribers", map[string]any{
		"email": "new@example.com", "external_id": "cus_1", "expires_at": exp.Format(time.RFC3339)}, &again)
	if rec.Code != http.StatusOK || again.ID != first.ID || again.Email != "new@example.com" || again.ExpiresAt == nil || !again.ExpiresAt.Equal(exp) {
		t.Errorf("upsert with changes: %d %+v", rec.Code, again)
	}
	e.subscribe("cus_2")
	e.subscribe("cus_3")
	var list struct {
		Subscribers []api.SubscriberJSON `json:"subscribers"`
		Total       int                  `json:"total"`
	}
	e.api("GET", "/api/v1/shows/daily/subscribers?q=CUS_2", nil, &list)
	if list.Total != 1 || len(list.Subscribers) != 1 || list.Subscribers[0].ExternalID != "cus_2" {
		t.Errorf("q=CUS_2: %+v", list)
	}
	e.api("GET", "/api/v1/shows/daily/subscribers?limit=1&offset=1", nil, &list)
	if list.Total != 3 || len(list.Subscribers) != 1 || list.Subscribers[0].ExternalID != "cus_2" {
		t.Errorf("limit=1&offset=1: %+v", list)
	}
	for _, tc := range []struct {
		name, method, path string
		body               any
		status             int
		code               string
	}{
		{"no email", "POST", "/api/v1/shows/daily/subscribers", map[string]any{"name": "x"}, 422, "invalid"},
		{"bad email", "POST", "/api/v1/shows/daily/subscribers", map[string]any{"email": "not an address"}, 422, "invalid"},
		{"bad expiry", "POST", "/api/v1/shows/daily/subscribers", map[string]any{"email": "a@example.com", "expires_at": "soon"}, 422, "invalid"},
		{"unknown field", "POST", "/api/v1/shows/daily/subscribers", map[string]any{"email": "a@example.com", "plan": "gold"}, 400, "bad_request"},
		{"unknown show", "POST", "/api/v1/shows/nope/subscribers", map[string]any{"email": "a@example.com"}, 404, "not_found"},
		{"taken external id", "PATCH", "/api/v1/subscribers/" + first.ID, map[string]any{"external_id": "cus_2"}, 409, "conflict"},
		{"unknown subscriber", "GET", "/api/v1/subscribers/nope", nil, 404, "not_found"},
		{"rotate unknown", "POST", "/api/v1/subscribers/nope/rotate", nil, 404, "not_found"},
		{"bad limit", "GET", "/api/v1/shows/daily/subscribers?limit=0", nil, 422, "invalid"},
	} {
		rec := e.api(tc.method, tc.path, tc.body, nil)
		wantErr(t, rec.Code, rec.Body.Bytes(), tc.status, tc.code)
	}
	var got api.SubscriberJSON
	e.api("GET", "/api/v1/subscribers/"+first.ID, nil, &got)
	if got.Email != "new@example.com" || got.ExternalID != "cus_1" {
		t.Errorf("a refused PATCH changed the subscriber: %+v", got)
	}
	if rec := e.Do("GET", "/api/v1/shows/daily/subscribers"); rec.Code != http.StatusUnauthorized {
		t.Errorf("without a token: %d", rec.Code)
	}
}

// Episodes take visibility and public_at through the API, checked.
func TestEpisodeVisibilityAPI(t *testing.T) {
	t.Parallel()
	e := newMembersEnv(t, Config{})
	id := e.public[0].ID
	publicAt := e.public[0].PublishedAt.Add(48 * time.Hour).UTC()
	var ep api.EpisodeJSON
	rec := e.api("PATCH", "/api/v1/episodes/"+id, map[string]any{"visibility": "members", "public_at": publicAt.Format(time.RFC3339)}, &ep)
	if rec.Code != 200 || ep.Visibility != "members" || ep.PublicAt == nil || !ep.PublicAt.Equal(publicAt) {
		t.Fatalf("PATCH visibility: %d %s", rec.Code, rec.Body)
	}
	if body, _ := e.Get("/shows/daily/feed.rss"); len(parseFeed(t, body).Items) != 1 {
		t.Errorf("the public feed still carries the episode made members-only")
	}
	for _, tc := range []struct {
		name string
		body map[string]any
	}{
		{"unknown visibility", map[string]any{"visibility": "secret"}},
		{"public_at before published_at", map[string]any{"public_at": e.public[0].PublishedAt.Add(-time.Hour).Format(time.RFC3339)}},
		{"public_at on a public episode", map[string]any{"visibility": "public", "public_at": publicAt.Format(time.RFC3339)}},
		{"bad time", map[string]any{"public_at": "tomorrow"}},
	} {
		rec := e.api("PATCH", "/api/v1/episodes/"+id, tc.body, nil)
		wantErr(t, rec.Code, rec.Body.Bytes(), 422, "invalid")
	}
	rec = e.api("PATCH", "/api/v1/episodes/"+id, map[string]any{"visibility": "public"}, &ep)
	if rec.Code != 200 || ep.Visibility != "public" || ep.PublicAt != nil {
		t.Errorf("back to public: %d %s", rec.Code, rec.Body)
	}
}

package web

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onair-fm/onair/internal/testmedia"
	"github.com/onair-fm/onair/web/api"
)

func TestAPIAuth(t *testing.T) { forBackends(t, testAPIAuth) }

func testAPIAuth(t *testing.T, newAPI envMaker) {
	e := newAPI(t)
	tests := []struct {
		name string
		auth string
		want int
	}{
		{"no header", "", http.StatusUnauthorized},
		{"wrong token", "Bearer onair_not-a-real-token", http.StatusUnauthorized},
		{"basic scheme", "Basic " + e.token, http.StatusUnauthorized},
		{"bearer without token", "Bearer ", http.StatusUnauthorized},
		{"token with a character changed", "Bearer " + e.token[:len(e.token)-1] + "x", http.StatusUnauthorized},
		{"valid", "Bearer " + e.token, http.StatusOK},
		{"scheme in lower case", "bearer " + e.token, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, b := e.doAuth("GET", "/api/v1/shows", "", nil, tt.auth)
			if tt.want == http.StatusOK {
				if st != http.StatusOK {
					t.Fatalf("got %d %s", st, b)
				}
				return
			}
			wantErr(t, st, b, tt.want, "unauthorized")
		})
	}
	// Every API route needs the token, even one that would fail anyway.
	st, b := e.doAuth("POST", "/api/v1/shows/x/episodes", "text/plain", strings.NewReader("x"), "")
	wantErr(t, st, b, http.StatusUnauthorized, "unauthorized")

	// Use is recorded; a revoked token stops working at once.
	toks, err := e.store.ListTokens(context.Background())
	if err != nil || len(toks) != 1 {
		t.Fatalf("tokens: %v %v", toks, err)
	}
	if toks[0].LastUsedAt.IsZero() {
		t.Error("last used time not recorded")
	}
	if err := e.store.DeleteToken(context.Background(), toks[0].ID); err != nil {
		t.Fatal(err)
	}
	st, b = e.do("GET", "/api/v1/shows", "", nil)
	wantErr(t, st, b, http.StatusUnauthorized, "unauthorized")

	// Public routes need none.
	if st, _ := e.doAuth("GET", "/healthz", "", nil, ""); st != http.StatusOK {
		t.Errorf("healthz: %d", st)
	}
}

func TestAPIShowCreate(t *testing.T) { forBackends(t, testAPIShowCreate) }

func testAPIShowCreate(t *testing.T, newAPI envMaker) {
	e := newAPI(t)
	var sh api.ShowJSON
	st := e.json("POST", "/api/v1/shows", map[string]any{
		"slug": "morning", "title": "Morning Report", "description": `<p onclick="x()">Daily <b>news</b></p><script>alert(1)</script>`,
		"author": "Newsroom", "owner_name": "Desk", "owner_email": "desk@example.com", "language": "en-US",
		"categories": []string{"News", "Society & Culture/Documentary"}, "explicit": true, "type": "serial",
		"link": "https://example.com", "copyright": "© 2026", "locked": true,
		"funding": []map[string]string{{"url": "https://example.com/donate", "title": "Support us"}},
	}, &sh)
	if st != http.StatusCreated {
		t.Fatalf("create: %d", st)
	}
	want := api.ShowJSON{
		ID: sh.ID, GUID: sh.GUID, Slug: "morning", Title: "Morning Report", Description: "<p>Daily <b>news</b></p>",
		Author: "Newsroom", OwnerName: "Desk", OwnerEmail: "desk@example.com", Language: "en-US",
		Categories: []string{"News", "Society & Culture/Documentary"}, Explicit: true, Type: "serial",
		Link: "https://example.com", Copyright: "© 2026", Locked: true,
		Funding: []api.FundingJSON{{URL: "https://example.com/donate", Title: "Support us"}}, Persons: []api.PersonJSON{},
		Feeds: api.FeedsJSON{
			RSS:  testBaseURL + "/shows/morning/feed.rss",
			Atom: testBaseURL + "/shows/morning/feed.atom",
			JSON: testBaseURL + "/shows/morning/feed.json",
		},
		PageURL: testBaseURL + "/shows/morning", PlayerURL: testBaseURL + "/embed/shows/morning",
	}
	want.TXT, want.AnalyticsPrefixes, want.Podroll = []api.TXTJSON{}, []string{}, []api.PodrollJSON{}
	got := sh
	got.Version, got.CreatedAt, got.UpdatedAt, got.Warnings = 0, want.CreatedAt, want.UpdatedAt, nil
	if !jsonEqual(t, got, want) {
		t.Errorf("created show\n got %+v\nwant %+v", got, want)
	}
	if len(sh.ID) != 12 || sh.GUID != "" && len(sh.GUID) != 36 || sh.CreatedAt.IsZero() {
		t.Errorf("id %q guid %q created %v", sh.ID, sh.GUID, sh.CreatedAt)
	}
	if !contains(sh.Warnings, "no artwork") {
		t.Errorf("warnings %q: want one about the missing artwork", sh.Warnings)
	}

	// GET returns the same; the list has it.
	var got2 api.ShowJSON
	if st := e.json("GET", "/api/v1/shows/morning", nil, &got2); st != http.StatusOK || got2.ID != sh.ID || got2.GUID != sh.GUID {
		t.Errorf("get: %d %+v", st, got2)
	}
	var list struct{ Shows []api.ShowJSON }
	if st := e.json("GET", "/api/v1/shows", nil, &list); st != http.StatusOK || len(list.Shows) != 1 || list.Shows[0].Slug != "morning" {
		t.Errorf("list: %d %+v", st, list)
	}
}

func TestAPIShowErrors(t *testing.T) { forBackends(t, testAPIShowErrors) }

func testAPIShowErrors(t *testing.T, newAPI envMaker) {
	e := newAPI(t)
	e.createShow("taken")
	tests := []struct {
		name, method, path, contentType, body string
		status                                int
		code                                  string
	}{
		{"malformed JSON", "POST", "/api/v1/shows", "application/json", `{"slug": "a",`, 400, "bad_request"},
		{"empty body", "POST", "/api/v1/shows", "application/json", ``, 400, "bad_request"},
		{"not an object", "POST", "/api/v1/shows", "application/json", `[1]`, 400, "bad_request"},
		{"unknown field", "POST", "/api/v1/shows", "application/json", `{"slug":"a","title":"A","colour":"red"}`, 400, "bad_request"},
		{"wrong type", "POST", "/api/v1/shows", "application/json", `{"slug":"a","title":"A","explicit":"yes"}`, 400, "bad_request"},
		{"two objects", "POST", "/api/v1/shows", "application/json", `{"slug":"a","title":"A"}{}`, 400, "bad_request"},
		{"form instead of JSON", "POST", "/api/v1/shows", "application/x-www-form-urlencoded", `slug=a&title=A`, 415, "unsupported_media_type"},
		{"no content type", "POST", "/api/v1/shows", "", `{"slug":"a","title":"A"}`, 415, "unsupported_media_type"},
		{"missing title", "POST", "/api/v1/shows", "application/json", `{"slug":"a"}`, 422, "invalid"},
		{"missing slug", "POST", "/api/v1/shows", "application/json", `{"title":"A"}`, 422, "invalid"},
		{"blank title", "POST", "/api/v1/shows", "application/json", `{"slug":"a","title":"  "}`, 422, "invalid"},
		{"bad slug", "POST", "/api/v1/shows", "application/json", `{"slug":"A B","title":"A"}`, 422, "invalid"},
		{"category not Apple's", "POST", "/api/v1/shows", "application/json", `{"slug":"a","title":"A","categories":["Podcasts"]}`, 422, "invalid"},
		{"bad type", "POST", "/api/v1/shows", "application/json", `{"slug":"a","title":"A","type":"daily"}`, 422, "invalid"},
		{"bad email", "POST", "/api/v1/shows", "application/json", `{"slug":"a","title":"A","owner_email":"nobody"}`, 422, "invalid"},
		{"javascript link", "POST", "/api/v1/shows", "application/json", `{"slug":"a","title":"A","link":"javascript:alert(1)"}`, 422, "invalid"},
		{"duplicate slug", "POST", "/api/v1/shows", "application/json", `{"slug":"taken","title":"Again"}`, 409, "conflict"},
		{"get unknown", "GET", "/api/v1/shows/nope", "", ``, 404, "not_found"},
		{"patch unknown", "PATCH", "/api/v1/shows/nope", "application/json", `{"title":"x"}`, 404, "not_found"},
		{"delete unknown", "DELETE", "/api/v1/shows/nope", "", ``, 404, "not_found"},
		{"patch to blank title", "PATCH", "/api/v1/shows/taken", "application/json", `{"title":""}`, 422, "invalid"},
		{"patch malformed", "PATCH", "/api/v1/shows/taken", "application/json", `{"title":`, 400, "bad_request"},
		{"wrong method", "PUT", "/api/v1/shows", "application/json", `{}`, 405, "method_not_allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, b := e.do(tt.method, tt.path, tt.contentType, strings.NewReader(tt.body))
			wantErr(t, st, b, tt.status, tt.code)
		})
	}
	// None of it created or changed anything.
	var list struct{ Shows []api.ShowJSON }
	e.json("GET", "/api/v1/shows", nil, &list)
	if len(list.Shows) != 1 || list.Shows[0].Title != "Show taken" {
		t.Errorf("shows after errors: %+v", list.Shows)
	}
}

func TestAPIShowUpdateDelete(t *testing.T) { forBackends(t, testAPIShowUpdateDelete) }

func testAPIShowUpdateDelete(t *testing.T, newAPI envMaker) {
	e := newAPI(t)
	sh := e.createShow("desk")
	long := strings.Repeat("word ", 1000)
	var up api.ShowJSON
	if st := e.json("PATCH", "/api/v1/shows/desk", map[string]any{"description": long, "explicit": true}, &up); st != http.StatusOK {
		t.Fatalf("patch: %d", st)
	}
	if up.Title != sh.Title || !up.Explicit || up.Description != strings.TrimSpace(long) || up.Version <= sh.Version {
		t.Errorf("patched: title %q explicit %v version %d->%d", up.Title, up.Explicit, sh.Version, up.Version)
	}
	if !contains(up.Warnings, "4000") {
		t.Errorf("warnings %q: want one about the 4000-byte description limit", up.Warnings)
	}
	// Sending the slug it has changes nothing (renames: rename_test.go).
	if st := e.json("PATCH", "/api/v1/shows/desk", map[string]any{"slug": "desk", "title": "Desk"}, &up); st != http.StatusOK || up.Title != "Desk" || up.Slug != "desk" {
		t.Fatalf("patch with the same slug: %d %+v", st, up)
	}
	var st int
	var b []byte

	ep := e.uploadOK("desk", testmedia.MP3WithCover(t, 1400, 1400)) // with episode artwork to delete
	if st, b := e.do("DELETE", "/api/v1/shows/desk", "", nil); st != http.StatusNoContent {
		t.Fatalf("delete: %d %s", st, b)
	}
	st, b = e.do("GET", "/api/v1/shows/desk", "", nil)
	wantErr(t, st, b, http.StatusNotFound, "not_found")
	st, b = e.do("GET", "/api/v1/episodes/"+ep.ID, "", nil)
	wantErr(t, st, b, http.StatusNotFound, "not_found")
	if e.blobExists(keyOf(ep.Audio.URL)) || e.blobExists(keyOf(ep.ArtworkURL)) {
		t.Errorf("the deleted show's episode files are still there")
	}
}

func TestAPIShowArtwork(t *testing.T) { forBackends(t, testAPIShowArtwork) }

func testAPIShowArtwork(t *testing.T, newAPI envMaker) {
	e := newAPI(t)
	e.createShow("art")
	cover, err := os.ReadFile(filepath.Join(repoRoot(t), "cmd", "onair", "demo", "cover.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	var sh api.ShowJSON
	st, b := e.do("PUT", "/api/v1/shows/art/artwork", "image/jpeg", bytes.NewReader(cover))
	if st != http.StatusOK {
		t.Fatalf("put artwork: %d %s", st, b)
	}
	mustUnmarshal(t, b, &sh)
	key := strings.TrimPrefix(sh.ArtworkURL, testBaseURL+"/media/")
	if !strings.HasPrefix(key, "shows/"+sh.ID+"/") || !strings.HasSuffix(key, ".jpg") {
		t.Fatalf("artwork_url %q", sh.ArtworkURL)
	}
	r, _, err := e.blobs.Open(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := io.ReadAll(r)
	r.Close()
	if err != nil || !bytes.Equal(stored, cover) {
		t.Fatalf("stored artwork differs: %v", err)
	}
	if contains(sh.Warnings, "artwork") {
		t.Errorf("warnings %q for a 1400x1400 JPEG", sh.Warnings)
	}

	// Replacing writes a new key and removes the old file; multipart works too.
	ct, body := multipartBody(t, part{name: "artwork", file: filepath.Join(repoRoot(t), "cmd", "onair", "demo", "cover.jpg")})
	var sh2 api.ShowJSON
	st, b = e.do("PUT", "/api/v1/shows/art/artwork", ct, bytes.NewReader(body))
	if st != http.StatusOK {
		t.Fatalf("replace artwork: %d %s", st, b)
	}
	mustUnmarshal(t, b, &sh2)
	if sh2.ArtworkURL == sh.ArtworkURL {
		t.Error("replaced artwork kept its URL: caches would serve the old image")
	}
	if e.blobExists(key) {
		t.Errorf("old artwork still stored")
	}

	before := e.snapshot()
	for _, tt := range []struct {
		name, ct string
		body     []byte
		status   int
		code     string
	}{
		{"text", "image/png", []byte("not an image at all"), 415, "unsupported_media_type"},
		{"truncated jpeg", "image/jpeg", cover[:40], 422, "invalid"},
		{"wrong content type", "application/json", cover, 415, "unsupported_media_type"},
	} {
		st, b := e.do("PUT", "/api/v1/shows/art/artwork", tt.ct, bytes.NewReader(tt.body))
		wantErr(t, st, b, tt.status, tt.code)
	}
	if after := e.snapshot(); after != before {
		t.Errorf("rejected artwork changed storage:\nbefore\n%s\nafter\n%s", before, after)
	}
}

func contains(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

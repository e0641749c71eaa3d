// Package storetest is the one test suite every catalog.Store must pass:
// catalog/sqlite and catalog/postgres run it unchanged, so both behave the
// same to everything above them.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// Opener returns a new, empty store for one test; it registers its own
// cleanup (closing the store, removing its files or schema).
type Opener func(t *testing.T) catalog.Store

// Run runs the whole suite, each test on a fresh store from open and
// beside the others (t.Parallel): a store must not care.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st catalog.Store)
	}{
		{"ShowCRUD", testShowCRUD},
		{"ShowNetwork", testShowNetwork},
		{"ShowConflicts", testShowConflicts},
		{"ShowNotFound", testShowNotFound},
		{"ListShowsByTitle", testListShows},
		{"DeleteShowCascades", testDeleteShowCascades},
		{"SlugHistory", testSlugHistory},
		{"SlugConflicts", testSlugConflicts},
		{"SlugRace", testSlugRace},
		{"EpisodeCRUD", testEpisodeCRUD},
		{"EpisodeIdentityKept", testEpisodeIdentity},
		{"EpisodeNotFound", testEpisodeNotFound},
		{"EpisodeConflicts", testEpisodeConflicts},
		{"ListEpisodesOrder", testListEpisodesOrder},
		{"ListEpisodesFilters", testListEpisodesFilters},
		{"ListEpisodesPaging", testListEpisodesPaging},
		{"NextScheduled", testNextScheduled},
		{"EpisodeArticles", testEpisodeArticles},
		{"EpisodeArticlesUnknown", testEpisodeArticlesUnknown},
		{"ArticleCRUD", testArticleCRUD},
		{"ArticleConflicts", testArticleConflicts},
		{"ListArticles", testListArticles},
		{"DeleteArticleUnlinks", testDeleteArticleUnlinks},
		{"VersionBumps", testVersionBumps},
		{"TimeRoundTrip", testTimeRoundTrip},
		{"Tokens", testTokens},
		{"Downloads", testDownloads},
		{"DownloadArchive", testDownloadArchive},
		{"Users", testUsers},
		{"Sessions", testSessions},
		{"SignInFailures", testSignInFailures},
		{"Leases", testLeases},
		{"Uploads", testUploads},
		{"UploadChunkRace", testUploadChunkRace},
		{"UploadClose", testUploadClose},
		{"UploadCloseRace", testUploadCloseRace},
		{"ConcurrentWrites", testConcurrentWrites},
		{"BlobRefs", testBlobRefs},
		{"CheckIntegrity", testCheckIntegrity},
		{"Imports", testImports},
		{"ShowSources", testShowSources},
		{"Transcripts", testTranscripts},
		{"ChaptersEdited", testChaptersEdited},
		{"Search", testSearch},
		{"Subscribers", testSubscribers},
		{"EpisodeVisibility", testEpisodeVisibility},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			st := open(t)
			tc.fn(t, st)
		})
	}
}

// ctx is the context of one test.
func ctx(t *testing.T) context.Context { return t.Context() }

// base is a fixed time with nanoseconds, in a zone that is not UTC, so a
// store that keeps either loses the test.
var base = time.Date(2025, 3, 14, 15, 9, 26, 535897932, time.FixedZone("X", 5*3600+30*60))

// at is base plus d, as the store must read it back.
func at(d time.Duration) time.Time { return base.Add(d) }

// stored is t as every store keeps it: UTC, microseconds.
func stored(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Microsecond)
}

// fullShow returns a show with every field set.
func fullShow(slug string) *catalog.Show {
	return &catalog.Show{
		Slug: slug, Title: "Title " + slug, Description: "<p>About " + slug + "</p>",
		Author: "Newsroom", OwnerName: "Owner", OwnerEmail: "owner@example.com",
		Language: "en-us", Categories: []string{"News", "Society & Culture/Documentary"},
		Explicit: true, Type: catalog.ShowSerial, Link: "https://example.com/" + slug,
		Copyright: "© 2025", Locked: true, Block: true, Complete: true,
		NewFeedURL: "https://elsewhere.example/" + slug + ".rss",
		Funding:    []catalog.Funding{{URL: "https://example.com/donate", Title: "Support us"}},
		Persons:    []catalog.Person{{Name: "Ana", Role: "host", Group: "cast", Href: "https://a.example", Img: "https://a.example/a.jpg"}},
		GUID:       "917393e3-1b1e-5cef-ace4-edaa54e1f810",
		ArtworkKey: "shows/x/art.jpg", ArtworkMIME: "image/jpeg",
	}
}

// fullEpisode returns an episode of show with every field set.
func fullEpisode(showID, title string, published time.Time, status string) *catalog.Episode {
	return &catalog.Episode{
		ShowID: showID, Title: title, Description: "<p>Notes for " + title + "</p>",
		DescriptionSource: "Notes for " + title,
		PublishedAt:       published, Status: status, Season: 2, Number: 7, Type: catalog.EpisodeBonus,
		Explicit: true,
		Audio: catalog.Audio{
			Key: "episodes/x/" + catalog.NewID() + ".mp3", FileName: "take one.mp3", Size: 1234567,
			SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", MIME: "audio/mpeg",
			Container: "mp3", Codec: "mp3", Bitrate: 128000, SampleRate: 44100, Channels: 2,
			Duration: 25*time.Minute + 26*time.Second + 123456789*time.Nanosecond, HeaderBytes: 4096,
		},
		ArtworkKey: "episodes/x/art-1.png", ArtworkMIME: "image/png",
		Chapters: []catalog.Chapter{
			{Start: 0, End: 90 * time.Second, Title: "Intro", URL: "https://example.com/i", Image: "https://example.com/i.png"},
			{Start: 90*time.Second + 500*time.Millisecond, Title: "Main"},
		},
		TranscriptURL: "https://example.com/t.vtt", TranscriptType: "text/vtt",
	}
}

func mustCreateShow(t *testing.T, st catalog.Store, slug string) *catalog.Show {
	t.Helper()
	s := fullShow(slug)
	if err := st.CreateShow(ctx(t), s); err != nil {
		t.Fatalf("CreateShow(%s): %v", slug, err)
	}
	return s
}

func mustCreateEpisode(t *testing.T, st catalog.Store, showID, title string, published time.Time, status string) *catalog.Episode {
	t.Helper()
	e := fullEpisode(showID, title, published, status)
	if err := st.CreateEpisode(ctx(t), e); err != nil {
		t.Fatalf("CreateEpisode(%s): %v", title, err)
	}
	return e
}

func mustCreateArticle(t *testing.T, st catalog.Store, url string, published time.Time) *catalog.Article {
	t.Helper()
	a := &catalog.Article{URL: url, Title: "Article " + url, Summary: "Summary", ImageURL: url + ".jpg", PublishedAt: published}
	if err := st.CreateArticle(ctx(t), a); err != nil {
		t.Fatalf("CreateArticle(%s): %v", url, err)
	}
	return a
}

func version(t *testing.T, st catalog.Store, showID string) int64 {
	t.Helper()
	s, err := st.GetShowByID(ctx(t), showID)
	if err != nil {
		t.Fatalf("GetShowByID(%s): %v", showID, err)
	}
	return s.Version
}

// same fails the test when got and want differ, naming what.
func same(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

// isErr fails the test unless errors.Is(err, want).
func isErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%s: error %v, want %v", what, err, want)
	}
}

// ids lists the ids of episodes, for readable comparisons.
func ids[T any](xs []*T, id func(*T) string) []string {
	out := []string{}
	for _, x := range xs {
		out = append(out, id(x))
	}
	return out
}

func epID(e *catalog.Episode) string { return e.ID }
func arID(a *catalog.Article) string { return a.ID }

func titled(i int) string { return fmt.Sprintf("ep%02d", i) }

func isNotFound(err error) bool { return errors.Is(err, catalog.ErrNotFound) }

func isConflict(err error) bool { return errors.Is(err, catalog.ErrConflict) }

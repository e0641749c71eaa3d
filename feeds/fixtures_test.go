package feeds

import (
	"fmt"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// Fixtures shared by the golden, round-trip and escaping tests.

var t0 = time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)

func testLinks(slug string) Links {
	base := "https://pod.example.com"
	return Links{
		Show: base + "/shows/" + slug,
		RSS:  base + "/shows/" + slug + "/feed.rss",
		Atom: base + "/shows/" + slug + "/feed.atom",
		JSON: base + "/shows/" + slug + "/feed.json",
		Episode: func(e *catalog.Episode) string {
			return base + "/shows/" + slug + "/episodes/" + e.ID
		},
		Chapters: func(e *catalog.Episode) string {
			return base + "/shows/" + slug + "/episodes/" + e.ID + "/chapters.json"
		},
		Media: func(key string) string { return base + "/media/" + key },
		Transcript: func(e *catalog.Episode, ext string) string {
			return base + "/shows/" + slug + "/episodes/" + e.ID + "/transcript." + ext
		},
	}
}

// fullInput sets every optional field the feeds know.
func fullInput() Input {
	sh := &catalog.Show{
		ID: "show1full", Slug: "morning-news", Title: "Morning News & Views",
		Description: "The day's news, <explained>, in 20 minutes.",
		Author:      "Newsroom Studio", OwnerName: "Ada Owner", OwnerEmail: "ada@example.com",
		Language: "en-us", Categories: []string{"News", "Society & Culture/Documentary", "Society & Culture/Philosophy"},
		Explicit: true, Type: catalog.ShowSerial, Link: "https://news.example.com/podcast",
		Copyright: "© 2026 Example News", Locked: true, Block: true, Complete: true,
		NewFeedURL: "https://new.example.com/feed.rss",
		Funding:    []catalog.Funding{{URL: "https://example.com/donate", Title: "Support us"}},
		Persons: []catalog.Person{{Name: "Ada Host", Role: "host", Group: "cast",
			Href: "https://example.com/ada", Img: "https://example.com/ada.jpg"}},
		GUID:       catalog.ShowGUID("https://pod.example.com/shows/morning-news/feed.rss"),
		Version:    7,
		ArtworkKey: "shows/show1full/cover.jpg", ArtworkMIME: "image/jpeg",
		CreatedAt: t0.Add(-48 * time.Hour), UpdatedAt: t0.Add(-time.Hour),
	}
	art := catalog.Article{ID: "art1", URL: "https://news.example.com/2026/03/01/budget?x=1&y=2",
		Title: "Budget <vote> & what it means", Summary: "The vote, explained.",
		ImageURL: "https://news.example.com/budget.jpg", PublishedAt: t0.Add(-2 * time.Hour),
		CreatedAt: t0.Add(-2 * time.Hour), UpdatedAt: t0.Add(30 * time.Minute)}
	art2 := catalog.Article{ID: "art2", URL: "https://news.example.com/weather",
		CreatedAt: t0, UpdatedAt: t0}
	eps := []*catalog.Episode{
		{
			ID: "ep2second", GUID: "7a1c6f4e-2d1b-4c55-9a51-0f3e2a8b9c10", ShowID: sh.ID,
			Title: "Budget day", Description: "<p>Show notes with <b>bold</b> &amp; a <a href=\"https://example.com\">link</a>.</p>",
			PublishedAt: t0, Status: catalog.StatusPublished, Season: 2, Number: 14,
			Type: catalog.EpisodeFull, Explicit: true,
			Audio: catalog.Audio{Key: "episodes/ep2second/a1.mp3", Size: 24_415_913, MIME: "audio/mpeg",
				Duration: 1526*time.Second + 700*time.Millisecond},
			ArtworkKey: "episodes/ep2second/art-1.png", ArtworkMIME: "image/png",
			Chapters: []catalog.Chapter{{Start: 0, Title: "Intro"},
				{Start: 95500 * time.Millisecond, End: 600 * time.Second, Title: "The vote", URL: "https://news.example.com/vote", Image: "https://news.example.com/vote.jpg"},
				{Start: 700 * time.Second, ArticleID: "art1"}},
			TranscriptURL: "https://pod.example.com/media/episodes/ep2second/t.vtt", TranscriptType: "text/vtt",
			Articles:  []catalog.Article{art, art2},
			CreatedAt: t0.Add(-3 * time.Hour), UpdatedAt: t0.Add(-10 * time.Minute),
		},
		{
			ID: "ep1first", GUID: "legacy-guid-42", ShowID: sh.ID,
			Title: "Trailer", Description: "Plain notes.",
			PublishedAt: t0.Add(-24 * time.Hour), Status: catalog.StatusPublished, Season: 2,
			Type: catalog.EpisodeTrailer,
			Audio: catalog.Audio{Key: "episodes/ep1first/a0.m4a", Size: 3_000_000_000, MIME: "audio/x-m4a",
				Duration: 90 * time.Second},
			Transcript: catalog.TranscriptInfo{Origin: catalog.TranscriptUploaded, State: catalog.TranscriptDone,
				Timed: true, UpdatedAt: t0.Add(-25 * time.Hour)},
			CreatedAt: t0.Add(-25 * time.Hour), UpdatedAt: t0.Add(-25 * time.Hour),
		},
	}
	return Input{Show: sh, Episodes: eps, Links: func() Links {
		l := testLinks(sh.Slug)
		l.Hub, l.Language, l.ChapterTimestamps = "https://hub.example.com/", sh.Language, true
		return l
	}()}
}

// minimalInput has only what a show must have, and no episodes... but one.
func minimalInput() Input {
	sh := &catalog.Show{ID: "show2min", Slug: "min", Title: "Minimal", Version: 1,
		CreatedAt: t0, UpdatedAt: t0}
	eps := []*catalog.Episode{{ID: "epmin", GUID: "0b4f9a3e-0000-4000-8000-000000000001", ShowID: sh.ID,
		Title: "Only episode", PublishedAt: t0, Status: catalog.StatusPublished,
		Audio:     catalog.Audio{Key: "episodes/epmin/a.mp3", Size: 1000, MIME: "audio/mpeg", Duration: time.Second},
		CreatedAt: t0, UpdatedAt: t0}}
	return Input{Show: sh, Episodes: eps, Links: testLinks(sh.Slug)}
}

// manyInput is a show with n episodes, each with two related articles.
func manyInput(n int) Input {
	in := fullInput()
	in.Episodes = make([]*catalog.Episode, n)
	for i := range n {
		e := *fullInput().Episodes[0]
		e.ID = fmt.Sprintf("ep%06d", i)
		e.GUID = fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
		e.Title = fmt.Sprintf("Episode %d: budget & more", n-i)
		e.Number = n - i
		e.PublishedAt = t0.Add(-time.Duration(i) * time.Hour)
		in.Episodes[i] = &e
	}
	return in
}

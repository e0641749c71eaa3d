package storetest

import (
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// testShowNetwork: the paging, ownership, measurement and network fields
// and an episode's soundbites survive create, read, update and clear.
func testShowNetwork(t *testing.T, st catalog.Store) {
	other := mustCreateShow(t, st, "other")
	s := fullShow("net")
	s.FeedLimit = 100
	s.TXT = []catalog.TXT{{Purpose: "applepodcastsverify", Value: "abc-123"}, {Value: "free text"}}
	s.HideOwnerEmail = true
	s.OwnerEmailUntil = base.Add(48*time.Hour + 123456*time.Nanosecond)
	s.LockedOwner = "locks@example.com"
	s.AnalyticsPrefixes = []string{"https://op3.dev/e/", "https://dts.podtrac.com/redirect.mp3/"}
	s.Podroll = []catalog.PodrollItem{{ShowID: other.ID},
		{FeedGUID: "917393e3-1b1e-5cef-ace4-edaa54e1f810", FeedURL: "https://feeds.example/x.rss", Title: "X"}}
	s.Medium = "podcast"
	if err := st.CreateShow(ctx(t), s); err != nil {
		t.Fatalf("CreateShow: %v", err)
	}
	got, err := st.GetShowByID(ctx(t), s.ID)
	if err != nil {
		t.Fatalf("GetShowByID: %v", err)
	}
	same(t, "show with network fields", got, s)
	shows, err := st.ListShows(ctx(t))
	if err != nil || len(shows) != 2 {
		t.Fatalf("ListShows: %d shows, %v", len(shows), err)
	}
	same(t, "listed podroll", shows[0].Podroll, s.Podroll)

	u := *got
	u.FeedLimit, u.TXT, u.HideOwnerEmail, u.OwnerEmailUntil = 0, nil, false, time.Time{}
	u.LockedOwner, u.AnalyticsPrefixes, u.Podroll, u.Medium = "", nil, nil, ""
	if err := st.UpdateShow(ctx(t), &u); err != nil {
		t.Fatalf("UpdateShow: %v", err)
	}
	got, err = st.GetShowByID(ctx(t), s.ID)
	if err != nil {
		t.Fatalf("GetShowByID after update: %v", err)
	}
	same(t, "show with network fields cleared", got, &u)

	e := fullEpisode(s.ID, "bites", base, catalog.StatusPublished)
	e.Soundbites = []catalog.Soundbite{{Start: 73500 * time.Millisecond, Duration: 30 * time.Second, Title: "The vote"},
		{Start: 10 * time.Minute, Duration: 15 * time.Second}}
	if err := st.CreateEpisode(ctx(t), e); err != nil {
		t.Fatalf("CreateEpisode: %v", err)
	}
	ge, err := st.GetEpisode(ctx(t), e.ID)
	if err != nil {
		t.Fatalf("GetEpisode: %v", err)
	}
	same(t, "soundbites", ge.Soundbites, e.Soundbites)
	ge.Soundbites = ge.Soundbites[1:]
	if err := st.UpdateEpisode(ctx(t), ge); err != nil {
		t.Fatalf("UpdateEpisode: %v", err)
	}
	eps, err := st.ListEpisodes(ctx(t), catalog.EpisodeFilter{ShowID: s.ID})
	if err != nil || len(eps) != 1 {
		t.Fatalf("ListEpisodes: %d, %v", len(eps), err)
	}
	same(t, "soundbites after update", eps[0].Soundbites, e.Soundbites[1:])
}

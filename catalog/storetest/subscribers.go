package storetest

import (
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

func testSubscribers(t *testing.T, st catalog.Store) {
	sh := mustCreateShow(t, st, "s")
	other := mustCreateShow(t, st, "other")
	v0 := version(t, st, sh.ID)
	_, hash := catalog.NewMemberToken()
	a := &catalog.Subscriber{ShowID: sh.ID, Email: "ana@example.com", Name: "Ana Lima", ExternalID: "cus_1",
		ExpiresAt: at(24 * time.Hour), TokenHash: hash, RotatedAt: at(0)}
	if err := st.CreateSubscriber(ctx(t), a); err != nil {
		t.Fatalf("CreateSubscriber: %v", err)
	}
	_, hashB := catalog.NewMemberToken()
	b := &catalog.Subscriber{ShowID: sh.ID, Email: "bo@example.com", Name: "Bo", TokenHash: hashB}
	c := &catalog.Subscriber{ShowID: sh.ID, Email: "cy@example.com", Name: "Cy", TokenHash: []byte("c-hash-0123456789012345678901234")}
	for _, s := range []*catalog.Subscriber{b, c} {
		if err := st.CreateSubscriber(ctx(t), s); err != nil {
			t.Fatalf("CreateSubscriber without external id: %v", err)
		}
	}
	dup := &catalog.Subscriber{ShowID: sh.ID, Email: "x@example.com", ExternalID: "cus_1", TokenHash: []byte("dup")}
	isErr(t, "same external id in a show", st.CreateSubscriber(ctx(t), dup), catalog.ErrConflict)
	elsewhere := &catalog.Subscriber{ShowID: other.ID, Email: "x@example.com", ExternalID: "cus_1", TokenHash: []byte("other")}
	if err := st.CreateSubscriber(ctx(t), elsewhere); err != nil {
		t.Errorf("same external id in another show: %v", err)
	}
	isErr(t, "unknown show", st.CreateSubscriber(ctx(t), &catalog.Subscriber{ShowID: "nope", TokenHash: []byte("n")}), catalog.ErrNotFound)

	got, err := st.GetSubscriber(ctx(t), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if now, _ := st.GetShowByID(ctx(t), sh.ID); got.MembersVersion != now.MembersVersion || now.MembersVersion != c.MembersVersion {
		t.Errorf("GetSubscriber read members version %d, the show has %d, the last write said %d", got.MembersVersion, now.MembersVersion, c.MembersVersion)
	}
	a.MembersVersion = got.MembersVersion
	same(t, "GetSubscriber", got, a)
	if got, err := st.SubscriberByExternalID(ctx(t), sh.ID, "cus_1"); err != nil || got.ID != a.ID {
		t.Errorf("SubscriberByExternalID = %+v, %v", got, err)
	}
	if got, err := st.SubscriberByTokenHash(ctx(t), hashB); err != nil || got.ID != b.ID {
		t.Errorf("SubscriberByTokenHash = %+v, %v", got, err)
	}
	_, err = st.SubscriberByTokenHash(ctx(t), []byte("unknown"))
	isErr(t, "unknown token", err, catalog.ErrNotFound)
	_, err = st.GetSubscriber(ctx(t), "nope")
	isErr(t, "unknown id", err, catalog.ErrNotFound)

	list, err := st.ListSubscribers(ctx(t), catalog.SubscriberFilter{ShowID: sh.ID, Query: "LIMA"})
	if err != nil || len(list) != 1 || list[0].ID != a.ID {
		t.Errorf("ListSubscribers q=LIMA = %v, %v", ids(list, subID), err)
	}
	list, err = st.ListSubscribers(ctx(t), catalog.SubscriberFilter{ShowID: sh.ID, Limit: 2, Offset: 1})
	if err != nil || len(list) != 2 || list[0].ID != b.ID || list[1].ID != c.ID {
		t.Errorf("ListSubscribers page = %v, %v", ids(list, subID), err)
	}
	if n, err := st.CountSubscribers(ctx(t), catalog.SubscriberFilter{ShowID: sh.ID, Query: "_1"}); err != nil || n != 1 {
		t.Errorf("CountSubscribers q=_1 = %d, %v (an underscore matches itself)", n, err)
	}

	before, _ := st.GetShowByID(ctx(t), sh.ID)
	a.Revoked, a.RevokedAt, a.SharingSuspected, a.ExternalID = true, at(time.Hour), true, "cus_9"
	if err := st.UpdateSubscriber(ctx(t), a); err != nil {
		t.Fatal(err)
	}
	got, _ = st.GetSubscriber(ctx(t), a.ID)
	same(t, "after UpdateSubscriber", got, a)
	after, _ := st.GetShowByID(ctx(t), sh.ID)
	if after.MembersVersion <= before.MembersVersion || after.Version != v0 {
		t.Errorf("UpdateSubscriber: members version %d -> %d, version %d -> %d; want the members version only to grow",
			before.MembersVersion, after.MembersVersion, v0, after.Version)
	}
	b.ExternalID = "cus_9"
	isErr(t, "update to a taken external id", st.UpdateSubscriber(ctx(t), b), catalog.ErrConflict)
	isErr(t, "update unknown", st.UpdateSubscriber(ctx(t), &catalog.Subscriber{ID: "nope", TokenHash: []byte("z")}), catalog.ErrNotFound)

	for i, f := range []catalog.SubscriberFetch{
		{SubscriberID: a.ID, Day: "2026-12-05", Network: "net1", Agent: "ua1"}, {SubscriberID: a.ID, Day: "2026-12-05", Network: "net1", Agent: "ua1"},
		{SubscriberID: a.ID, Day: "2026-12-05", Network: "net2", Agent: "ua1"}, {SubscriberID: a.ID, Day: "2026-12-05", Network: "net3", Agent: "ua2"},
		{SubscriberID: a.ID, Day: "2026-12-06", Network: "net9", Agent: "ua9"},
	} {
		n, g, err := st.RecordSubscriberFetch(ctx(t), f)
		want := [][2]int{{1, 1}, {1, 1}, {2, 1}, {3, 2}, {1, 1}}[i]
		if err != nil || n != want[0] || g != want[1] {
			t.Errorf("RecordSubscriberFetch #%d = %d, %d, %v; want %v", i, n, g, err, want)
		}
	}
	_, _, err = st.RecordSubscriberFetch(ctx(t), catalog.SubscriberFetch{SubscriberID: "nope", Day: "2026-12-05", Network: "n", Agent: "u"})
	isErr(t, "fetch of unknown subscriber", err, catalog.ErrNotFound)

	if err := st.DeleteShow(ctx(t), sh.ID); err != nil {
		t.Fatal(err)
	}
	_, err = st.GetSubscriber(ctx(t), b.ID)
	isErr(t, "subscriber of a deleted show", err, catalog.ErrNotFound)
}

func subID(s *catalog.Subscriber) string { return s.ID }

func testEpisodeVisibility(t *testing.T, st catalog.Store) {
	sh := mustCreateShow(t, st, "s")
	now := at(0)
	pub := mustCreateEpisode(t, st, sh.ID, "public", now.Add(-3*time.Hour), catalog.StatusPublished)
	members := fullEpisode(sh.ID, "members", now.Add(-2*time.Hour), catalog.StatusPublished)
	members.Visibility = catalog.VisibilityMembers
	early := fullEpisode(sh.ID, "early", now.Add(-time.Hour), catalog.StatusPublished)
	early.Visibility, early.PublicAt = catalog.VisibilityMembers, now.Add(time.Hour)
	opened := fullEpisode(sh.ID, "opened", now.Add(-4*time.Hour), catalog.StatusPublished)
	opened.Visibility, opened.PublicAt = catalog.VisibilityMembers, now.Add(-time.Minute)
	for _, e := range []*catalog.Episode{members, early, opened} {
		if err := st.CreateEpisode(ctx(t), e); err != nil {
			t.Fatal(err)
		}
	}
	got, err := st.GetEpisode(ctx(t), early.ID)
	if err != nil || got.Visibility != catalog.VisibilityMembers || !got.PublicAt.Equal(stored(early.PublicAt)) {
		t.Fatalf("GetEpisode = %+v, %v; want visibility and public_at kept", got, err)
	}
	if got, _ := st.GetEpisode(ctx(t), pub.ID); got.Visibility != catalog.VisibilityPublic || !got.PublicAt.IsZero() {
		t.Errorf("a new episode's visibility = %q, public_at %v; want public, none", got.Visibility, got.PublicAt)
	}
	tests := []struct {
		name string
		f    catalog.EpisodeFilter
		want []string
	}{
		{"public now", catalog.EpisodeFilter{ShowID: sh.ID, LiveAt: now}, []string{pub.ID, opened.ID}},
		{"members now", catalog.EpisodeFilter{ShowID: sh.ID, LiveAt: now, Members: true}, []string{early.ID, members.ID, pub.ID, opened.ID}},
		{"public after early opens", catalog.EpisodeFilter{ShowID: sh.ID, LiveAt: now.Add(time.Hour)}, []string{early.ID, pub.ID, opened.ID}},
	}
	for _, tc := range tests {
		eps, err := st.ListEpisodes(ctx(t), tc.f)
		same(t, tc.name, ids(eps, epID), tc.want)
		if err != nil {
			t.Error(err)
		}
		n, err := st.CountEpisodes(ctx(t), tc.f)
		if err != nil || n != len(tc.want) {
			t.Errorf("%s: CountEpisodes = %d, %v", tc.name, n, err)
		}
		for _, e := range eps {
			live := e.IsLive(tc.f.LiveAt)
			if tc.f.Members {
				live = e.IsLiveForMembers(tc.f.LiveAt)
			}
			if !live {
				t.Errorf("%s: the store lists %s, which Episode says is not live", tc.name, e.Title)
			}
		}
	}
	next, ok, err := st.NextScheduled(ctx(t), sh.ID, now)
	if err != nil || !ok || !next.Equal(stored(early.PublicAt)) {
		t.Errorf("NextScheduled = %v, %v, %v; want the early episode's public_at %v", next, ok, err, early.PublicAt)
	}
	early.Visibility, early.PublicAt = catalog.VisibilityPublic, time.Time{}
	if err := st.UpdateEpisode(ctx(t), early); err != nil {
		t.Fatal(err)
	}
	if eps, _ := st.ListEpisodes(ctx(t), catalog.EpisodeFilter{ShowID: sh.ID, LiveAt: now}); len(eps) != 3 {
		t.Errorf("after making it public, %d public episodes; want 3", len(eps))
	}
}

package storetest

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// testBlobRefs: every key a row names is listed, with the size the row
// expects, and a deleted row's keys are not.
func testBlobRefs(t *testing.T, st catalog.Store) {
	refs := func() []string {
		t.Helper()
		got, err := st.BlobRefs(ctx(t))
		must(t, err)
		var out []string
		for _, r := range got {
			out = append(out, fmt.Sprintf("%s %d %s", r.Key, r.Size, r.Owner))
		}
		sort.Strings(out)
		return out
	}
	same(t, "refs of an empty store", refs(), []string(nil))

	s := mustCreateShow(t, st, "refs")
	e := mustCreateEpisode(t, st, s.ID, "one", at(0), catalog.StatusPublished)
	bare := fullEpisode(s.ID, "bare", at(time.Hour), catalog.StatusDraft)
	bare.ArtworkKey = ""
	must(t, st.CreateEpisode(ctx(t), bare))
	must(t, st.CreateUpload(ctx(t), &catalog.Upload{ID: "upref", Size: 10, CreatedAt: at(0)}))
	must(t, st.AddUploadChunk(ctx(t), "upref", catalog.UploadChunk{Offset: 0, Size: 4, Key: "uploads/upref/0"}, at(time.Minute)))

	want := []string{
		bare.Audio.Key + " 1234567 episode " + bare.ID,
		e.Audio.Key + " 1234567 episode " + e.ID,
		e.ArtworkKey + " -1 episode " + e.ID,
		s.ArtworkKey + " -1 show " + s.ID,
		"uploads/upref/0 4 upload upref",
	}
	sort.Strings(want)
	same(t, "refs", refs(), want)

	must(t, st.DeleteShow(ctx(t), s.ID))
	must(t, st.DeleteUpload(ctx(t), "upref"))
	same(t, "refs after deletes", refs(), []string(nil))
}

// testCheckIntegrity: a store the suite wrote to has nothing to report.
func testCheckIntegrity(t *testing.T, st catalog.Store) {
	s := mustCreateShow(t, st, "sound")
	mustCreateEpisode(t, st, s.ID, "one", at(0), catalog.StatusPublished)
	got, err := st.CheckIntegrity(ctx(t))
	must(t, err)
	same(t, "integrity problems", got, []string(nil))
}

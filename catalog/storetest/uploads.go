package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// testUploads: an upload's chunks advance its offset only from the offset
// it has (compare-and-set), never past its size; finishing keeps the
// answer and forgets the chunks; stale uploads are listed oldest first.
func testUploads(t *testing.T, st catalog.Store) {
	md := map[string]string{"show": "news", "sha256": "ab"}
	u := &catalog.Upload{ID: "up1", Size: 10, MetaData: md, CreatedAt: at(0)}
	must(t, st.CreateUpload(ctx(t), u))
	if err := st.CreateUpload(ctx(t), &catalog.Upload{ID: "up1", Size: 1}); !errors.Is(err, catalog.ErrConflict) {
		t.Errorf("CreateUpload with a taken id: %v, want ErrConflict", err)
	}
	if _, err := st.GetUpload(ctx(t), "nope"); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("GetUpload(nope): %v, want ErrNotFound", err)
	}
	chunks := []struct {
		c    catalog.UploadChunk
		want error
	}{
		{catalog.UploadChunk{Offset: 0, Size: 4, Key: "k0"}, nil},
		{catalog.UploadChunk{Offset: 0, Size: 4, Key: "k0b"}, catalog.ErrConflict}, // lost the race
		{catalog.UploadChunk{Offset: 2, Size: 2, Key: "k2"}, catalog.ErrConflict},  // not the offset
		{catalog.UploadChunk{Offset: 4, Size: 7, Key: "k4x"}, catalog.ErrConflict}, // past the size
		{catalog.UploadChunk{Offset: 4, Size: 3, Key: "k4"}, nil},
		{catalog.UploadChunk{Offset: 7, Size: 3, Key: "k7"}, nil},
	}
	for i, c := range chunks {
		err := st.AddUploadChunk(ctx(t), "up1", c.c, at(time.Duration(i+1)*time.Minute))
		if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
			t.Errorf("AddUploadChunk(%+v): %v, want %v", c.c, err, c.want)
		}
	}
	if err := st.AddUploadChunk(ctx(t), "nope", catalog.UploadChunk{Size: 1, Key: "x"}, at(0)); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("AddUploadChunk(nope): %v, want ErrNotFound", err)
	}
	got, err := st.GetUpload(ctx(t), "up1")
	must(t, err)
	want := &catalog.Upload{ID: "up1", Size: 10, Offset: 10, MetaData: md, CreatedAt: stored(at(0)), UpdatedAt: stored(at(6 * time.Minute)),
		Chunks: []catalog.UploadChunk{chunks[0].c, chunks[4].c, chunks[5].c}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("GetUpload =\n%+v, want\n%+v", got, want)
	}

	// One finisher at a time, until its claim expires or it gives it up.
	claims := []struct {
		holder string
		at     time.Duration
		ttl    time.Duration
		want   bool
	}{
		{"A", 0, time.Minute, true},
		{"B", time.Second, time.Minute, false},
		{"A", 2 * time.Second, time.Minute, true},
		{"B", 62 * time.Second, time.Minute, true}, // A's expired
		{"B", 63 * time.Second, 0, true},           // B gives it up
		{"A", 63 * time.Second, time.Minute, true},
	}
	for _, c := range claims {
		ok, err := st.ClaimUpload(ctx(t), "up1", c.holder, at(c.at), c.ttl)
		if err != nil || ok != c.want {
			t.Errorf("ClaimUpload(%s) at %v = %v, %v; want %v", c.holder, c.at, ok, err, c.want)
		}
	}
	if _, err := st.ClaimUpload(ctx(t), "nope", "A", at(0), time.Minute); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("ClaimUpload(nope): %v, want ErrNotFound", err)
	}

	must(t, st.FinishUpload(ctx(t), "up1", []byte(`{"id":"e1"}`), at(10*time.Minute)))
	got, err = st.GetUpload(ctx(t), "up1")
	must(t, err)
	if string(got.Result) != `{"id":"e1"}` || len(got.Chunks) != 0 || !got.UpdatedAt.Equal(stored(at(10*time.Minute))) {
		t.Errorf("finished upload %+v", got)
	}
	if err := st.AddUploadChunk(ctx(t), "up1", catalog.UploadChunk{Offset: 10, Key: "k10"}, at(0)); !errors.Is(err, catalog.ErrConflict) {
		t.Errorf("AddUploadChunk to a finished upload: %v, want ErrConflict", err)
	}
	if err := st.FinishUpload(ctx(t), "nope", nil, at(0)); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("FinishUpload(nope): %v, want ErrNotFound", err)
	}

	for i, d := range []time.Duration{5 * time.Minute, time.Minute} {
		id := fmt.Sprintf("old%d", i)
		must(t, st.CreateUpload(ctx(t), &catalog.Upload{ID: id, Size: 5, CreatedAt: at(d)}))
	}
	must(t, st.AddUploadChunk(ctx(t), "old0", catalog.UploadChunk{Offset: 0, Size: 2, Key: "o0"}, at(5*time.Minute)))
	stale, err := st.StaleUploads(ctx(t), at(10*time.Minute), 10)
	must(t, err)
	var ids []string
	for _, u := range stale {
		ids = append(ids, u.ID)
	}
	if !reflect.DeepEqual(ids, []string{"old1", "old0"}) || len(stale[1].Chunks) != 1 || stale[1].Chunks[0].Key != "o0" {
		t.Errorf("StaleUploads = %v (%+v)", ids, stale)
	}
	if stale, _ := st.StaleUploads(ctx(t), at(2*time.Minute), 10); len(stale) != 1 {
		t.Errorf("StaleUploads before 2m: %d, want 1", len(stale))
	}
	must(t, st.DeleteUpload(ctx(t), "old0"))
	must(t, st.DeleteUpload(ctx(t), "old0"))
	if _, err := st.GetUpload(ctx(t), "old0"); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("deleted upload: %v", err)
	}
}

// testUploadChunkRace: of many writers adding the same chunk at once,
// exactly one wins.
func testUploadChunkRace(t *testing.T, st catalog.Store) {
	must(t, st.CreateUpload(ctx(t), &catalog.Upload{ID: "race", Size: 100}))
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := st.AddUploadChunk(ctx(t), "race", catalog.UploadChunk{Offset: 0, Size: 50, Key: fmt.Sprint(i)}, at(0))
			if err != nil && !errors.Is(err, catalog.ErrConflict) {
				t.Error(err)
			}
			if err == nil {
				mu.Lock()
				won++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	u, err := st.GetUpload(ctx(t), "race")
	must(t, err)
	if won != 1 || u.Offset != 50 || len(u.Chunks) != 1 {
		t.Errorf("%d writers won; offset %d, %d chunks", won, u.Offset, len(u.Chunks))
	}
}

// must stops the test on an error.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// testUploadClose: a closed upload takes no more chunks (ErrNotFound, so
// a racing writer deletes its blob), closing lists every chunk it has,
// closing again is fine, and the janitor sees a closed upload at once.
func testUploadClose(t *testing.T, st catalog.Store) {
	must(t, st.CreateUpload(ctx(t), &catalog.Upload{ID: "cl", Size: 10, CreatedAt: at(0)}))
	must(t, st.CreateUpload(ctx(t), &catalog.Upload{ID: "open", Size: 10, CreatedAt: at(0)}))
	k0 := catalog.UploadChunk{Offset: 0, Size: 4, Key: "k0"}
	must(t, st.AddUploadChunk(ctx(t), "cl", k0, at(time.Minute)))
	for i := range 2 { // closing again lists the same
		u, err := st.CloseUpload(ctx(t), "cl")
		must(t, err)
		if !u.Closing || u.Offset != 4 || !reflect.DeepEqual(u.Chunks, []catalog.UploadChunk{k0}) {
			t.Errorf("CloseUpload #%d = %+v, want closing with chunk k0", i+1, u)
		}
	}
	if err := st.AddUploadChunk(ctx(t), "cl", catalog.UploadChunk{Offset: 4, Size: 3, Key: "k4"}, at(2*time.Minute)); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("AddUploadChunk to a closed upload: %v, want ErrNotFound", err)
	}
	u, err := st.GetUpload(ctx(t), "cl")
	must(t, err)
	if !u.Closing || u.Offset != 4 || len(u.Chunks) != 1 || !u.UpdatedAt.Equal(stored(at(time.Minute))) {
		t.Errorf("closed upload after a refused chunk: %+v", u)
	}
	if u, err := st.GetUpload(ctx(t), "open"); err != nil || u.Closing {
		t.Errorf("the other upload: %+v, %v; want it open", u, err)
	}
	if _, err := st.CloseUpload(ctx(t), "nope"); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("CloseUpload(nope): %v, want ErrNotFound", err)
	}
	// The janitor claims a closed upload and lists it however fresh it is:
	// its deletion failed and is to be tried again.
	if ok, err := st.ClaimUpload(ctx(t), "cl", "janitor", at(0), time.Minute); err != nil || !ok {
		t.Errorf("ClaimUpload of a closed upload = %v, %v; want true", ok, err)
	}
	stale, err := st.StaleUploads(ctx(t), at(-time.Hour), 10)
	must(t, err)
	if len(stale) != 1 || stale[0].ID != "cl" || !stale[0].Closing || len(stale[0].Chunks) != 1 {
		for _, u := range stale {
			t.Errorf("StaleUploads long before any update has %+v", *u)
		}
		t.Errorf("StaleUploads long before any update: %d uploads, want the closed upload (cl) with its chunk", len(stale))
	}
	must(t, st.DeleteUpload(ctx(t), "cl"))
	if _, err := st.GetUpload(ctx(t), "cl"); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("deleted upload: %v", err)
	}
}

// testUploadCloseRace: writers keep adding chunks while their uploads are
// closed (on PostgreSQL, from other connections at the same moment, as
// other nodes would): every chunk a writer was told is stored is in the
// list the close returned, and none is stored after it.
func testUploadCloseRace(t *testing.T, st catalog.Store) {
	const uploads = 4
	var wg sync.WaitGroup
	for i := range uploads {
		id := fmt.Sprintf("cr%d", i)
		must(t, st.CreateUpload(ctx(t), &catalog.Upload{ID: id, Size: 1 << 30}))
		written := make(chan []string, 1)
		closed := make(chan struct{})
		wg.Add(2)
		go func() { // the PATCHes, until refused or the close is seen done
			defer wg.Done()
			var keys []string
			for off := int64(0); ; off++ {
				key := fmt.Sprintf("%s-%d", id, off)
				err := st.AddUploadChunk(ctx(t), id, catalog.UploadChunk{Offset: off, Size: 1, Key: key}, at(0))
				if errors.Is(err, catalog.ErrNotFound) {
					break
				}
				if err != nil {
					t.Errorf("%s: chunk %d: %v", id, off, err)
					break
				}
				keys = append(keys, key)
				if isClosed(closed) {
					break
				}
			}
			written <- keys
		}()
		go func() { // the DELETE, once a few chunks are in
			defer wg.Done()
			for {
				u, err := st.GetUpload(ctx(t), id)
				if err != nil {
					t.Error(err)
					close(closed)
					return
				}
				if len(u.Chunks) >= 3+i {
					break
				}
				time.Sleep(time.Millisecond)
			}
			u, err := st.CloseUpload(ctx(t), id)
			close(closed)
			if err != nil {
				t.Error(err)
				return
			}
			var listed []string
			for _, c := range u.Chunks {
				listed = append(listed, c.Key)
			}
			if keys := <-written; !reflect.DeepEqual(listed, keys) {
				t.Errorf("%s: close listed %d chunks, the writer stored %d: %v vs %v", id, len(listed), len(keys), listed, keys)
			}
		}()
	}
	wg.Wait()
}

// isClosed reports whether ch is closed, without waiting.
func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

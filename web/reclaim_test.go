package web

import (
	"bytes"
	"context"
	"testing"
	"time"
)

// TestReclaim: the blob a crash left between its Put and its row (no row
// refers to it) is removed once older than the grace period, by the one
// node holding the reclaim lease; blobs rows refer to, and young orphans
// (uploads in flight), stay.
func TestReclaim(t *testing.T) {
	forBackends(t, func(t *testing.T, newAPI envMaker) {
		e := newAPI(t)
		ctx := context.Background()
		e.createShow("daily")
		ep := e.uploadOK("daily", fixture(t, "mp3_cbr_id3v23_apic.mp3"))
		audio := keyOf(ep.Audio.URL)
		const orphan = "episodes/crashed/left.mp3"
		if _, err := e.blobs.Put(ctx, orphan, bytes.NewReader(make([]byte, 1000))); err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		tests := []struct {
			name    string
			holder  string
			at      time.Time
			ran     bool
			orphanK bool
		}{
			{"young orphan kept", "node-a", now, true, true},
			{"other node waits for the lease", "node-b", now.Add(2 * time.Hour), false, true},
			{"old orphan removed", "node-a", now.Add(2 * time.Hour), true, false},
		}
		for _, tt := range tests {
			e.srv.Now = func() time.Time { return tt.at }
			if ran := e.srv.ReclaimOnce(ctx, tt.holder, 10*time.Hour, time.Hour); ran != tt.ran {
				t.Errorf("%s: ran = %v, want %v", tt.name, ran, tt.ran)
			}
			if got := e.blobExists(orphan); got != tt.orphanK {
				t.Errorf("%s: orphan kept = %v, want %v", tt.name, got, tt.orphanK)
			}
			if !e.blobExists(audio) {
				t.Fatalf("%s: the episode's audio was removed", tt.name)
			}
		}
	})
}

package web

import (
	"context"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/fsck"
	"github.com/onair-fm/onair/media"
)

// reclaimLease names the lease that makes one node the reclaimer: listing
// a whole bucket is work that one node at a time is enough for.
const reclaimLease = "reclaim"

// RunReclaim removes, at start and then every interval until ctx ends,
// what crashes left in media storage: blobs no row refers to and
// temporary files or incomplete multipart uploads, once older than grace
// (an upload in flight has its blob before its row, so grace must be
// longer than the longest upload). Only the node holding the reclaim lease
// does it.
func (s *Server) RunReclaim(ctx context.Context, interval, grace time.Duration) {
	if _, ok := s.Blobs.(media.Lister); !ok {
		s.Log.Warn("reclaim: off: this media storage cannot list its blobs")
		return
	}
	interval = max(interval, time.Second)
	holder := catalog.NewID()
	for {
		s.ReclaimOnce(ctx, holder, 2*interval, grace)
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}

// ReclaimOnce takes or renews the reclaim lease for holder and, when it
// has it, removes orphans and leftovers older than grace. It reports
// whether it ran.
func (s *Server) ReclaimOnce(ctx context.Context, holder string, ttl, grace time.Duration) bool {
	ok, err := s.Store.TryLease(ctx, reclaimLease, holder, s.Now(), ttl)
	if err != nil {
		if ctx.Err() == nil {
			s.Log.Warn("reclaim: lease", "err", err)
		}
		return false
	}
	if !ok {
		return false
	}
	o := fsck.Options{Grace: grace, Repair: true, Now: s.Now}
	if _, local := s.Blobs.(*media.Local); local {
		o.LeftoverGrace = min(grace, media.StaleTemp)
	}
	rep, err := fsck.Run(ctx, s.Store, s.Blobs, o)
	if err != nil {
		if ctx.Err() == nil {
			s.Log.Warn("reclaim", "err", err)
		}
		// What was removed before the error is still logged below.
	}
	if rep == nil {
		return true
	}
	var blobs, left int
	var bytes int64
	for _, o := range rep.Orphans {
		if o.Removed {
			blobs++
			bytes += o.Size
		}
	}
	for _, l := range rep.Leftovers {
		if l.Removed {
			left++
			bytes += l.Size
		}
	}
	if blobs+left > 0 {
		s.Log.Info("reclaim: removed what crashes left", "orphans", blobs, "leftovers", left, "bytes", bytes)
	}
	if n := len(rep.Missing) + len(rep.WrongSize); n > 0 {
		s.Log.Error("reclaim: rows whose blob is missing or of another size (run onair fsck)", "count", n)
	}
	return true
}

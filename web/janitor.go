package web

import (
	"context"
	"time"
)

// RunJanitor removes abandoned uploads and expired dashboard sessions
// every interval until ctx ends. Call it after Handler.
func (s *Server) RunJanitor(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(max(interval, time.Second))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if n, err := s.CleanUploads(ctx, s.Now()); err != nil && ctx.Err() == nil {
			s.Log.Warn("uploads: clean", "err", err)
		} else if n > 0 {
			s.Log.Info("uploads: removed abandoned uploads", "count", n)
		}
		if _, err := s.Store.DeleteExpiredSessions(ctx, s.Now()); err != nil {
			s.Log.Warn("sessions: clean", "err", err)
		}
	}
}

package feedsrv

import (
	"context"
	"crypto/sha256"
	"time"
)

// websubLease names the lease that makes one node the WebSub publisher.
const websubLease = "websub"

// watchTick is one look of WatchFeeds. Only the node holding the websub
// lease (taken or renewed here, for ttl) refreshes and pings; any other
// node forgets what it saw, so that when it takes over, its first look
// pings nothing and its later looks ping what changed. A publisher that
// dies is replaced when its lease expires.
func (s *Feeds) watchTick(ctx context.Context, holder string, ttl time.Duration, seen map[feedKey][sha256.Size]byte) {
	ok, err := s.Store.TryLease(ctx, websubLease, holder, s.Now(), ttl)
	if err != nil {
		s.Log.Warn("websub: lease", "err", err)
	}
	if !ok {
		clear(seen)
		return
	}
	s.RefreshFeeds(ctx, seen)
}

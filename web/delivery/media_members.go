package delivery

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/httpx"
)

// Media URLs in subscribers' private feeds carry a signature
// (httpx.MediaSigParam) naming the subscriber and an expiry. Such a request
// is a member's: it gets the episode once it is live for members, whether
// or not it is public yet, for as long as the signature is good and the
// subscriber active. A revoked or expired subscriber, or a bad signature,
// is 403. The subscriber is read at most memberTTL ago (or since a change
// notification, SubscribersChanged), so a revocation through any node
// holds within a second everywhere.

// memberTTL is how long a subscriber read for media is trusted.
const memberTTL = time.Second

var errMemberForbidden = httpx.NewError(http.StatusForbidden, "forbidden",
	"this media address belongs to a subscription that has ended, or its signature is not valid")

// memberCache keeps subscribers read for signed media requests.
type memberCache struct {
	mu sync.Mutex
	m  map[string]cachedMember
}

type cachedMember struct {
	sub *catalog.Subscriber
	at  time.Time
}

const maxCachedMembers = 100_000

// memberAccess checks a signed media request for key and returns the
// subscriber it was made for.
func (s *Media) memberAccess(c *gin.Context, key, sig string, blob mediaBlob) (*catalog.Subscriber, error) {
	ctx := c.Request.Context()
	now := s.Now()
	signer, err := s.MediaSigner(ctx)
	if err != nil {
		return nil, err
	}
	id, err := signer.Verify(key, sig, now)
	if err != nil {
		return nil, errMemberForbidden.Because(err)
	}
	sub, err := s.member(ctx, id, now)
	if err != nil {
		if errors.Is(err, catalog.ErrNotFound) {
			return nil, errMemberForbidden.Because(err)
		}
		return nil, err
	}
	if !sub.Active(now) {
		return nil, errMemberForbidden
	}
	if ep := blob.episode; ep != nil && (ep.ShowID != sub.ShowID || !ep.IsLiveForMembers(now)) {
		return nil, errMediaNotFound
	}
	return sub, nil
}

// member returns the subscriber with this id, read at most memberTTL ago.
func (s *Media) member(ctx context.Context, id string, now time.Time) (*catalog.Subscriber, error) {
	c := &s.members
	c.mu.Lock()
	cm, ok := c.m[id]
	c.mu.Unlock()
	if ok && !now.Before(cm.at) && now.Sub(cm.at) < memberTTL {
		return cm.sub, nil
	}
	sub, err := s.Store.GetSubscriber(ctx, id)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxCachedMembers {
		c.m = map[string]cachedMember{}
	}
	c.m[id] = cachedMember{sub, now}
	c.mu.Unlock()
	return sub, nil
}

// SubscribersChanged drops the subscribers read for media, so the next
// signed request reads them again; serve calls it on every change
// notification.
func (s *Media) SubscribersChanged() {
	s.members.mu.Lock()
	clear(s.members.m)
	s.members.mu.Unlock()
}

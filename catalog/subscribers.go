package catalog

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"slices"
	"time"
)

// Episode visibilities. A members episode is in subscribers' private feeds
// from PublishedAt, and in public feeds, pages and media only from its
// PublicAt (never when that is zero).
const (
	VisibilityPublic  = "public"
	VisibilityMembers = "members"
)

// Subscriber is one member of a show, with a private feed of their own. The
// feed's address carries a secret token; only the token's SHA-256 is kept.
type Subscriber struct {
	ID     string
	ShowID string
	Email  string
	Name   string
	// ExternalID is the subscriber's id in the newsroom's own subscription
	// system, unique per show: writing a subscriber with a known one
	// updates that subscriber (an idempotent upsert). "" for none.
	ExternalID string
	// ExpiresAt ends the subscription; zero means it does not expire.
	ExpiresAt time.Time
	Revoked   bool
	RevokedAt time.Time
	// TokenHash is the SHA-256 of the private feed's token (HashToken).
	TokenHash []byte
	// SharingSuspected is set when the feed is fetched from more networks
	// or apps in a day than one person uses.
	SharingSuspected bool
	CreatedAt        time.Time
	UpdatedAt        time.Time
	// RotatedAt is when the current token was made.
	RotatedAt time.Time
	// MembersVersion is the show's MembersVersion as of this read (or
	// this write), so a cache can tell whether it is still current.
	MembersVersion int64
}

// Active reports whether the subscriber's feed and media work at now.
func (s *Subscriber) Active(now time.Time) bool {
	return !s.Revoked && (s.ExpiresAt.IsZero() || now.Before(s.ExpiresAt))
}

// Inactive says why the subscriber's feed stopped working ("revoked" or
// "expired"), "" while it works.
func (s *Subscriber) Inactive(now time.Time) string {
	switch {
	case s.Revoked:
		return "revoked"
	case !s.ExpiresAt.IsZero() && !now.Before(s.ExpiresAt):
		return "expired"
	}
	return ""
}

// memberTokenPrefix marks private feed tokens, as tokenPrefix marks API
// tokens.
const memberTokenPrefix = "m_"

// NewMemberToken returns a new private feed token, 256 random bits
// URL-safe, and the hash to store.
func NewMemberToken() (secret string, hash []byte) {
	var b [32]byte
	rand.Read(b[:])
	secret = memberTokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	return secret, HashToken(secret)
}

// SubscriberFilter selects a show's subscribers.
type SubscriberFilter struct {
	ShowID string
	// Query keeps subscribers whose email, name or external id contains
	// it (case-insensitive); "" keeps all.
	Query  string
	Limit  int
	Offset int
}

// SubscriberFetch is one fetch of a private feed, for noticing sharing:
// the day (UTC, 2006-01-02) and hashes of the client's network and app.
type SubscriberFetch struct {
	SubscriberID string
	Day          string
	Network      string
	Agent        string
}

// SubscriberStore keeps subscribers. Every change to one bumps its show's
// MembersVersion, which caches of private feeds compare.
type SubscriberStore interface {
	// CreateSubscriber stores s, filling ID and timestamps. A taken
	// ExternalID in the show is ErrConflict; an unknown show ErrNotFound.
	CreateSubscriber(ctx context.Context, s *Subscriber) error
	GetSubscriber(ctx context.Context, id string) (*Subscriber, error)
	SubscriberByExternalID(ctx context.Context, showID, externalID string) (*Subscriber, error)
	// SubscriberByTokenHash finds the subscriber whose token has this hash.
	SubscriberByTokenHash(ctx context.Context, hash []byte) (*Subscriber, error)
	// ListSubscribers returns the subscribers f selects, oldest first.
	ListSubscribers(ctx context.Context, f SubscriberFilter) ([]*Subscriber, error)
	CountSubscribers(ctx context.Context, f SubscriberFilter) (int, error)
	// UpdateSubscriber writes every field of s but ID, ShowID and
	// CreatedAt, and sets UpdatedAt.
	UpdateSubscriber(ctx context.Context, s *Subscriber) error
	// RecordSubscriberFetch stores f unless it is stored already, and
	// returns how many distinct networks and agents fetched the
	// subscriber's feed that day.
	RecordSubscriberFetch(ctx context.Context, f SubscriberFetch) (networks, agents int, err error)
	// SubscriberDownloads counts downloads made through each of the
	// show's subscribers' private feeds in [from, to), by subscriber id.
	SubscriberDownloads(ctx context.Context, showID string, from, to time.Time) (map[string]int, error)
}

// PublicView is eps as the public sees them: an early-access episode is
// dated when it opened to everyone (PublicDate), so it reaches the top of
// public feeds and pages as the new episode it is to them. The episodes
// are copied where changed, and kept newest first.
func PublicView(eps []*Episode) []*Episode {
	changed := false
	out := make([]*Episode, len(eps))
	for i, e := range eps {
		out[i] = e
		if d := e.PublicDate(); !d.Equal(e.PublishedAt) {
			c := *e
			c.PublishedAt = d
			out[i], changed = &c, true
		}
	}
	if changed {
		slices.SortStableFunc(out, func(a, b *Episode) int { return b.PublishedAt.Compare(a.PublishedAt) })
	}
	return out
}

package publish

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/onair-fm/onair/catalog"
)

// SubscriberPatch is what a newsroom sends about a subscriber: a nil field
// is not sent and keeps the subscriber's value. ExpiresAt is an RFC 3339
// time, or "" for a subscription that does not expire.
type SubscriberPatch struct {
	Email      *string
	Name       *string
	ExternalID *string
	ExpiresAt  *string
}

// SubscriberResult is a subscriber after a change, with the token of their
// private feed when the change made one (creation, rotation, reactivation):
// only its hash is kept, so this is the one time it can be told.
type SubscriberResult struct {
	Subscriber *catalog.Subscriber
	Token      string
	Created    bool
}

const maxSubscriberText = 320

// apply copies the fields that were sent into s and checks the result.
func (r SubscriberPatch) apply(s *catalog.Subscriber) error {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&s.Email, r.Email)
	set(&s.Name, r.Name)
	set(&s.ExternalID, r.ExternalID)
	if r.ExpiresAt != nil {
		v := strings.TrimSpace(*r.ExpiresAt)
		if v == "" {
			s.ExpiresAt = time.Time{}
		} else {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return catalog.Invalidf("expires_at %q must be an RFC 3339 time such as 2027-01-31T00:00:00Z, or empty for none", *r.ExpiresAt)
			}
			s.ExpiresAt = t.UTC()
		}
	}
	return validateSubscriber(s)
}

// validateSubscriber checks what a subscriber is stored with.
func validateSubscriber(s *catalog.Subscriber) error {
	if s.Email == "" {
		return catalog.Invalidf("email is required")
	}
	if a, err := mail.ParseAddress(s.Email); err != nil || a.Address != s.Email {
		return catalog.Invalidf("email %q is not an email address such as ana@example.com", s.Email)
	}
	for _, f := range []struct{ name, v string }{{"email", s.Email}, {"name", s.Name}, {"external_id", s.ExternalID}} {
		if len(f.v) > maxSubscriberText {
			return catalog.Invalidf("%s is longer than %d bytes", f.name, maxSubscriberText)
		}
		if !utf8.ValidString(f.v) || strings.ContainsFunc(f.v, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			return catalog.Invalidf("%s must be one line of text", f.name)
		}
	}
	return nil
}

// UpsertSubscriber creates a subscriber of sh from patch, or, when patch
// names an external_id the show knows, changes that subscriber: calling it
// twice with the same fields changes nothing the second time, so a
// subscription system can send every change it sees. A revoked subscriber
// sent again is a member again, with a new feed URL (the old one stays
// dead).
func (p *Service) UpsertSubscriber(ctx context.Context, sh *catalog.Show, patch SubscriberPatch) (*SubscriberResult, error) {
	if patch.ExternalID != nil && strings.TrimSpace(*patch.ExternalID) != "" {
		s, err := p.store.SubscriberByExternalID(ctx, sh.ID, strings.TrimSpace(*patch.ExternalID))
		switch {
		case err == nil:
			res, err := p.UpdateSubscriber(ctx, s, patch)
			if err != nil || !s.Revoked {
				return res, err
			}
			return p.RotateSubscriber(ctx, res.Subscriber)
		case !errors.Is(err, catalog.ErrNotFound):
			return nil, err
		}
	}
	token, hash := catalog.NewMemberToken()
	s := &catalog.Subscriber{ShowID: sh.ID, TokenHash: hash, RotatedAt: p.Now()}
	if err := patch.apply(s); err != nil {
		return nil, err
	}
	if err := p.store.CreateSubscriber(ctx, s); err != nil {
		if errors.Is(err, catalog.ErrConflict) {
			// Another request created it first: update it instead.
			return p.UpsertSubscriber(ctx, sh, patch)
		}
		return nil, fmt.Errorf("publish: create subscriber: %w", err)
	}
	return &SubscriberResult{Subscriber: s, Token: token, Created: true}, nil
}

// UpdateSubscriber changes the fields patch sends. A taken external_id is
// ErrConflict.
func (p *Service) UpdateSubscriber(ctx context.Context, s *catalog.Subscriber, patch SubscriberPatch) (*SubscriberResult, error) {
	next := *s
	if err := patch.apply(&next); err != nil {
		return nil, err
	}
	if equalSubscriber(&next, s) {
		return &SubscriberResult{Subscriber: s}, nil
	}
	if err := p.store.UpdateSubscriber(ctx, &next); err != nil {
		if errors.Is(err, catalog.ErrConflict) {
			return nil, refuse(err, "external_id %q belongs to another subscriber of the show", next.ExternalID)
		}
		return nil, fmt.Errorf("publish: update subscriber: %w", err)
	}
	return &SubscriberResult{Subscriber: &next}, nil
}

// equalSubscriber reports whether a and b hold the same values.
func equalSubscriber(a, b *catalog.Subscriber) bool {
	return a.Email == b.Email && a.Name == b.Name && a.ExternalID == b.ExternalID && a.ExpiresAt.Equal(b.ExpiresAt)
}

// RevokeSubscriber ends the subscriber's access: their feed answers 410
// and their media 403 from now on, on every node. Revoking twice is the
// first revocation.
func (p *Service) RevokeSubscriber(ctx context.Context, s *catalog.Subscriber) (*catalog.Subscriber, error) {
	if s.Revoked {
		return s, nil
	}
	next := *s
	next.Revoked, next.RevokedAt = true, p.Now()
	if err := p.store.UpdateSubscriber(ctx, &next); err != nil {
		return nil, fmt.Errorf("publish: revoke subscriber: %w", err)
	}
	return &next, nil
}

// RotateSubscriber gives the subscriber a new feed token: the old URL stops
// working at once, and the suspicion of sharing, which was about it, goes.
// A revoked subscriber is active again.
func (p *Service) RotateSubscriber(ctx context.Context, s *catalog.Subscriber) (*SubscriberResult, error) {
	token, hash := catalog.NewMemberToken()
	next := *s
	next.TokenHash, next.RotatedAt = hash, p.Now()
	next.Revoked, next.RevokedAt, next.SharingSuspected = false, time.Time{}, false
	if err := p.store.UpdateSubscriber(ctx, &next); err != nil {
		return nil, fmt.Errorf("publish: rotate subscriber: %w", err)
	}
	return &SubscriberResult{Subscriber: &next, Token: token}, nil
}

// SharingPolicy says when a private feed looks shared: fetched in one UTC
// day from more than MaxNetworks client networks (/24 for IPv4, /48 for
// IPv6) or more than MaxAgents apps. Zero turns that check off.
type SharingPolicy struct {
	MaxNetworks int
	MaxAgents   int
	// AutoRotate gives a subscriber whose feed looks shared a new URL at
	// once (the newsroom sends it to them again).
	AutoRotate bool
}

// Exceeded reports whether the day's counts are over the policy.
func (sp SharingPolicy) Exceeded(networks, agents int) bool {
	return (sp.MaxNetworks > 0 && networks > sp.MaxNetworks) || (sp.MaxAgents > 0 && agents > sp.MaxAgents)
}

// SuspectSharing flags the subscriber as sharing_suspected, and rotates
// their token when the policy says so. It returns the subscriber as stored.
func (p *Service) SuspectSharing(ctx context.Context, s *catalog.Subscriber, sp SharingPolicy) (*catalog.Subscriber, error) {
	if sp.AutoRotate {
		res, err := p.RotateSubscriber(ctx, s)
		if err != nil {
			return nil, err
		}
		s = res.Subscriber
		p.log.Info("members: feed looked shared; rotated its token", "subscriber", s.ID)
	}
	if s.SharingSuspected {
		return s, nil
	}
	next := *s
	next.SharingSuspected = true
	if err := p.store.UpdateSubscriber(ctx, &next); err != nil {
		return nil, fmt.Errorf("publish: flag subscriber: %w", err)
	}
	return &next, nil
}

package main

import (
	"context"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// The storeGuard's wrappers of catalog.SubscriberStore.

func (g *storeGuard) CreateSubscriber(ctx context.Context, s *catalog.Subscriber) error {
	defer g.use(ctx, "CreateSubscriber")()
	return g.Store.CreateSubscriber(ctx, s)
}

func (g *storeGuard) GetSubscriber(ctx context.Context, id string) (*catalog.Subscriber, error) {
	defer g.use(ctx, "GetSubscriber")()
	return g.Store.GetSubscriber(ctx, id)
}

func (g *storeGuard) SubscriberByExternalID(ctx context.Context, a, b string) (*catalog.Subscriber, error) {
	defer g.use(ctx, "SubscriberByExternalID")()
	return g.Store.SubscriberByExternalID(ctx, a, b)
}

func (g *storeGuard) SubscriberByTokenHash(ctx context.Context, h []byte) (*catalog.Subscriber, error) {
	defer g.use(ctx, "SubscriberByTokenHash")()
	return g.Store.SubscriberByTokenHash(ctx, h)
}

func (g *storeGuard) ListSubscribers(ctx context.Context, f catalog.SubscriberFilter) ([]*catalog.Subscriber, error) {
	defer g.use(ctx, "ListSubscribers")()
	return g.Store.ListSubscribers(ctx, f)
}

func (g *storeGuard) CountSubscribers(ctx context.Context, f catalog.SubscriberFilter) (int, error) {
	defer g.use(ctx, "CountSubscribers")()
	return g.Store.CountSubscribers(ctx, f)
}

func (g *storeGuard) UpdateSubscriber(ctx context.Context, s *catalog.Subscriber) error {
	defer g.use(ctx, "UpdateSubscriber")()
	return g.Store.UpdateSubscriber(ctx, s)
}

func (g *storeGuard) RecordSubscriberFetch(ctx context.Context, f catalog.SubscriberFetch) (int, int, error) {
	defer g.use(ctx, "RecordSubscriberFetch")()
	return g.Store.RecordSubscriberFetch(ctx, f)
}

func (g *storeGuard) SubscriberDownloads(ctx context.Context, showID string, from, to time.Time) (map[string]int, error) {
	defer g.use(ctx, "SubscriberDownloads")()
	return g.Store.SubscriberDownloads(ctx, showID, from, to)
}

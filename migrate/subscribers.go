package migrate

import (
	"context"
	"errors"
	"fmt"

	"github.com/onair-fm/onair/catalog"
)

// subscriberPage is how many subscribers are read at a time.
const subscriberPage = 500

// subscribers copies each show's members with their token hashes, expiry
// and revocation, so that every private feed URL goes on working (or
// stays refused) after the move.
func (c *copier) subscribers(ctx context.Context, src *snapshot) error {
	for _, sh := range src.shows {
		for off := 0; ; off += subscriberPage {
			subs, err := c.from.ListSubscribers(ctx, catalog.SubscriberFilter{ShowID: sh.ID, Limit: subscriberPage, Offset: off})
			if err != nil {
				return fmt.Errorf("migrate: subscribers of %s: %w", sh.Slug, err)
			}
			for _, s := range subs {
				if err := c.subscriber(ctx, s); err != nil {
					return err
				}
			}
			if len(subs) < subscriberPage {
				break
			}
		}
	}
	return nil
}

func (c *copier) subscriber(ctx context.Context, s *catalog.Subscriber) error {
	_, err := c.to.GetSubscriber(ctx, s.ID)
	switch {
	case err == nil:
		c.rep.RowsSkipped++
		return nil
	case !errors.Is(err, catalog.ErrNotFound):
		return fmt.Errorf("migrate: subscriber %s: %w", s.ID, err)
	}
	cp := *s
	if err := c.to.CreateSubscriber(ctx, &cp); err != nil {
		return fmt.Errorf("migrate: subscriber %s: %w", s.ID, err)
	}
	c.rep.Subscribers++
	return nil
}

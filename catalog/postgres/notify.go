package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// ChangeChannel is the LISTEN/NOTIFY channel on which every change to a
// show is announced, with the show's id as payload, when it commits.
const ChangeChannel = "onair_show_changed"

// Listen calls fn with a show's id each time that show (or anything its
// feeds show) changes, through any node, until ctx ends or the connection
// fails; it returns why it stopped. It holds one connection of its own, not
// one from the pool. Caches may use it to drop entries at once; comparing
// Show.Version per request stays correct without it.
func (s *Store) Listen(ctx context.Context, fn func(showID string)) error {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return fmt.Errorf("postgres: listen: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, `LISTEN `+ChangeChannel); err != nil {
		return fmt.Errorf("postgres: listen: %w", err)
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return fmt.Errorf("postgres: listen: %w", err)
		}
		fn(n.Payload)
	}
}

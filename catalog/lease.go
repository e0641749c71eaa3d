package catalog

import (
	"context"
	"time"
)

// LeaseStore hands out named, expiring leases, so background work that
// must happen once per installation, not once per node (WebSub pings),
// runs on one node at a time. A node that stops renewing its lease, because
// it stopped or lost the database, loses it when it expires, and another
// node takes over.
type LeaseStore interface {
	// TryLease gives holder the named lease until now+ttl if it is free,
	// expired at now, or holder's already (a renewal), and reports
	// whether holder has it. now is the caller's clock: nodes' clocks must
	// agree to well within ttl, as NTP keeps them.
	TryLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error)
}

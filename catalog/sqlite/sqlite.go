// Package sqlite is the embedded catalog.Store, on modernc.org/sqlite.
//
// TODO(issue 2): the implementation.
package sqlite

import (
	"context"
	"errors"

	"github.com/onair-fm/onair/catalog"
)

// Open opens (creating and migrating) the database at path.
func Open(ctx context.Context, path string) (catalog.Store, error) {
	return nil, errors.New("sqlite: not implemented yet")
}

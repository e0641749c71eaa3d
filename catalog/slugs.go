package catalog

import (
	"context"
	"errors"
)

// FindShow returns the show whose slug is slug, or was before a rename:
// callers that name shows by slug (the API, the command line) keep working
// with an old one. Public URLs redirect instead: compare the found show's
// Slug with slug to tell.
func FindShow(ctx context.Context, st ShowStore, slug string) (*Show, error) {
	sh, err := st.GetShow(ctx, slug)
	if errors.Is(err, ErrNotFound) {
		if old, oerr := st.ShowByOldSlug(ctx, slug); oerr == nil || !errors.Is(oerr, ErrNotFound) {
			return old, oerr
		}
	}
	return sh, err
}

// FindShowOrID is FindShow, or else the show whose ID is name: download
// stats take either.
func FindShowOrID(ctx context.Context, st ShowStore, name string) (*Show, error) {
	sh, err := FindShow(ctx, st, name)
	if errors.Is(err, ErrNotFound) {
		return st.GetShowByID(ctx, name)
	}
	return sh, err
}

package sqlstore

import (
	"github.com/onair-fm/onair/catalog"
)

// The show columns of paging, ownership, measurement and networks (see
// catalog/network.go), kept apart from showCols so each side stays short.
const showNetCols = `feed_limit, txt, hide_owner_email, owner_email_until, locked_owner,
	analytics_prefixes, podroll, medium`

// showNetPlaces are showNetCols' placeholders, showNetSet their UPDATE.
const (
	showNetPlaces = `?, ?, ?, ?, ?, ?, ?, ?`
	showNetSet    = `feed_limit = ?, txt = ?, hide_owner_email = ?, owner_email_until = ?,
	locked_owner = ?, analytics_prefixes = ?, podroll = ?, medium = ?`
)

// showNetDest are the scan destinations of showNetCols.
func showNetDest(s *catalog.Show) []any {
	return []any{&s.FeedLimit, jsonCol(&s.TXT), &s.HideOwnerEmail, timeCol(&s.OwnerEmailUntil),
		&s.LockedOwner, jsonCol(&s.AnalyticsPrefixes), jsonCol(&s.Podroll), &s.Medium}
}

// showNetArgs are the values of showNetCols for s, whose time it sets as
// the store reads it back.
func (st *Store) showNetArgs(s *catalog.Show) ([]any, error) {
	s.OwnerEmailUntil = norm(s.OwnerEmailUntil)
	txt, err := dbJSON(s.TXT)
	if err != nil {
		return nil, err
	}
	prefixes, err := dbJSON(s.AnalyticsPrefixes)
	if err != nil {
		return nil, err
	}
	podroll, err := dbJSON(s.Podroll)
	if err != nil {
		return nil, err
	}
	return []any{s.FeedLimit, txt, s.HideOwnerEmail, st.dbTime(s.OwnerEmailUntil),
		s.LockedOwner, prefixes, podroll, s.Medium}, nil
}

package feeds

import "github.com/onair-fm/onair/catalog"

// Paging says where a feed document sits in a show's paged feed (RFC 5005,
// section 3). Page 0 is the main feed with the newest FeedLimit items;
// archive pages are numbered from the oldest, 1 to Pages, each FeedLimit
// items (the newest archive page may hold fewer), so a page's URL keeps its
// items while new episodes push older ones out of the main feed.
type Paging struct {
	Page, Pages int
}

// PageOf cuts a show's live episodes, newest first, into the items of page
// n for a show whose feed holds limit items (0: no limit, one page). It
// reports false for a page that does not exist.
func PageOf(eps []*catalog.Episode, limit, n int) ([]*catalog.Episode, Paging, bool) {
	if limit <= 0 || len(eps) <= limit {
		return eps, Paging{}, n == 0
	}
	archived := len(eps) - limit
	pages := (archived + limit - 1) / limit
	switch {
	case n == 0:
		return eps[:limit], Paging{Page: 0, Pages: pages}, true
	case n < 0 || n > pages:
		return nil, Paging{}, false
	}
	// Archive page n holds the items numbered (n-1)*limit to n*limit-1
	// counting from the oldest; eps runs newest first.
	end := len(eps) - (n-1)*limit
	start := max(end-limit, limit)
	return eps[start:end], Paging{Page: n, Pages: pages}, true
}

// pageLinks are a page's RFC 5005 links in one format: first (the main
// feed), last (the oldest page), next (older items) and prev (newer).
type pageLinks struct {
	First, Last, Next, Prev string
}

// pageLinks is in's paging links for format, nothing when unpaged.
func (in *Input) pageLinks(format string) pageLinks {
	p := in.Paging
	if p.Pages == 0 || in.Links.Page == nil {
		return pageLinks{}
	}
	url := func(n int) string { return in.Links.Page(format, n) }
	l := pageLinks{First: url(0), Last: url(1)}
	switch {
	case p.Page == 0:
		l.Next = url(p.Pages)
	case p.Page > 1:
		l.Next = url(p.Page - 1)
	}
	switch {
	case p.Page == p.Pages:
		l.Prev = url(0)
	case p.Page > 0:
		l.Prev = url(p.Page + 1)
	}
	return l
}

// atomLinks are the paging links as atom:link elements of type typ.
func (l pageLinks) atomLinks(typ string) []atomLink {
	var out []atomLink
	for _, x := range []struct{ rel, href string }{{"first", l.First}, {"last", l.Last}, {"next", l.Next}, {"prev", l.Prev}} {
		if x.href != "" {
			out = append(out, atomLink{Href: x.href, Rel: x.rel, Type: typ})
		}
	}
	return out
}

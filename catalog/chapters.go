package catalog

// ResolvedChapters are the episode's chapters as feeds, pages and players
// show them: a chapter linked to one of the episode's related articles
// takes the article's URL and image (and its title when it has none), so
// changing the article changes the chapter. A link to an article the
// episode no longer relates to is ignored.
func (e *Episode) ResolvedChapters() []Chapter {
	if len(e.Chapters) == 0 {
		return nil
	}
	out := make([]Chapter, len(e.Chapters))
	for i, c := range e.Chapters {
		if c.ArticleID != "" {
			for _, a := range e.Articles {
				if a.ID != c.ArticleID {
					continue
				}
				c.URL, c.ArticleTitle = a.URL, a.Title
				if a.ImageURL != "" {
					c.Image = a.ImageURL
				}
				if c.Title == "" {
					c.Title = a.Title
				}
			}
		}
		out[i] = c
	}
	return out
}

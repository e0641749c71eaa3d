package api

import (
	"math"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/publish"
)

// The API side of paging, ownership proofs, measurement prefixes, networks
// of shows and soundbites.

// networkRequest are the show fields of this file, embedded in showRequest.
type networkRequest struct {
	FeedLimit         *int           `json:"feed_limit"`
	TXT               *[]TXTJSON     `json:"txt"`
	HideOwnerEmail    *bool          `json:"hide_owner_email"`
	LockedOwner       *string        `json:"locked_owner"`
	AnalyticsPrefixes *[]string      `json:"analytics_prefixes"`
	Podroll           *[]PodrollJSON `json:"podroll"`
	Medium            *string        `json:"medium"`
}

// TXTJSON is one podcast:txt entry.
type TXTJSON struct {
	Purpose string `json:"purpose,omitempty"`
	Value   string `json:"value"`
}

// PodrollJSON is a recommended show: "show" (a slug on this server; answers
// carry its show_id too) or a remote feed's feed_url and/or feed_guid.
type PodrollJSON struct {
	Show     string `json:"show,omitempty"`
	ShowID   string `json:"show_id,omitempty"`
	FeedURL  string `json:"feed_url,omitempty"`
	FeedGUID string `json:"feed_guid,omitempty"`
	Title    string `json:"title,omitempty"`
}

// SoundbiteJSON is one podcast:soundbite, times in seconds.
type SoundbiteJSON struct {
	Start    float64 `json:"start"`
	Duration float64 `json:"duration"`
	Title    string  `json:"title,omitempty"`
}

type soundbitesRequest struct {
	Soundbites *[]SoundbiteJSON `json:"soundbites"`
}

// networkPatch is r as publish takes it; the podroll's slugs are resolved
// to shows.
func (s *API) networkPatch(c *gin.Context, r *networkRequest) (publish.NetworkPatch, error) {
	p := publish.NetworkPatch{FeedLimit: r.FeedLimit, HideOwnerEmail: r.HideOwnerEmail,
		LockedOwner: r.LockedOwner, AnalyticsPrefixes: r.AnalyticsPrefixes, Medium: r.Medium}
	if r.TXT != nil {
		ts := make([]catalog.TXT, 0, len(*r.TXT))
		for _, t := range *r.TXT {
			ts = append(ts, catalog.TXT(t))
		}
		p.TXT = &ts
	}
	if r.Podroll != nil {
		var entries []publish.PodrollEntry
		for _, pj := range *r.Podroll {
			slug := pj.Show
			if slug == "" && pj.ShowID != "" {
				other, err := s.Store.GetShowByID(c.Request.Context(), pj.ShowID)
				if err != nil {
					return p, catalog.Invalidf("podroll: no show with id %q on this server", pj.ShowID)
				}
				slug = other.Slug
			}
			entries = append(entries, publish.PodrollEntry{Show: slug, FeedURL: pj.FeedURL, FeedGUID: pj.FeedGUID, Title: pj.Title})
		}
		items, err := s.pub.Podroll(c.Request.Context(), entries)
		if err != nil {
			return p, err
		}
		p.Podroll = &items
	}
	return p, nil
}

// networkJSON are a show's fields of this file, embedded in ShowJSON.
type networkJSON struct {
	FeedLimit         int           `json:"feed_limit"`
	TXT               []TXTJSON     `json:"txt"`
	HideOwnerEmail    bool          `json:"hide_owner_email"`
	OwnerEmailUntil   *time.Time    `json:"owner_email_shown_until,omitempty"`
	LockedOwner       string        `json:"locked_owner"`
	AnalyticsPrefixes []string      `json:"analytics_prefixes"`
	Podroll           []PodrollJSON `json:"podroll"`
	Medium            string        `json:"medium"`
}

func (s *API) networkView(sh *catalog.Show) networkJSON {
	v := networkJSON{FeedLimit: sh.FeedLimit, TXT: []TXTJSON{}, HideOwnerEmail: sh.HideOwnerEmail,
		LockedOwner: sh.LockedOwner, AnalyticsPrefixes: append([]string{}, sh.AnalyticsPrefixes...),
		Podroll: []PodrollJSON{}, Medium: sh.Medium}
	if sh.HideOwnerEmail && s.Now().Before(sh.OwnerEmailUntil) {
		t := sh.OwnerEmailUntil.UTC()
		v.OwnerEmailUntil = &t
	}
	for _, t := range sh.TXT {
		v.TXT = append(v.TXT, TXTJSON(t))
	}
	for _, p := range sh.Podroll {
		v.Podroll = append(v.Podroll, PodrollJSON{ShowID: p.ShowID, FeedURL: p.FeedURL, FeedGUID: p.FeedGUID, Title: p.Title})
	}
	return v
}

func soundbitesView(e *catalog.Episode) []SoundbiteJSON {
	out := []SoundbiteJSON{}
	for _, b := range e.Soundbites {
		out = append(out, SoundbiteJSON{Start: b.Start.Seconds(), Duration: b.Duration.Seconds(), Title: b.Title})
	}
	return out
}

// apiSetSoundbites replaces an episode's soundbites:
// {"soundbites": [{"start": 73.5, "duration": 30, "title": "..."}]}.
func (s *API) apiSetSoundbites(c *gin.Context) error {
	var req soundbitesRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.Soundbites == nil {
		return catalog.Invalidf("soundbites is required (an empty list removes them all)")
	}
	var bs []catalog.Soundbite
	for _, b := range *req.Soundbites {
		if math.IsNaN(b.Start) || math.IsNaN(b.Duration) || b.Start > 1e7 || b.Duration > 1e7 || b.Start < -1e7 || b.Duration < -1e7 {
			return catalog.Invalidf("soundbite start and duration must be seconds")
		}
		bs = append(bs, catalog.Soundbite{Start: time.Duration(b.Start * float64(time.Second)).Round(time.Millisecond),
			Duration: time.Duration(b.Duration * float64(time.Second)).Round(time.Millisecond), Title: b.Title})
	}
	sh, e, err := s.episodeByParam(c)
	if err != nil {
		return err
	}
	if e, err = s.pub.SetSoundbites(c.Request.Context(), e, bs); err != nil {
		return err
	}
	c.JSON(http.StatusOK, s.episodeView(sh, e))
	return nil
}

// apiRevealOwnerEmail opens the show's 48-hour owner email window.
func (s *API) apiRevealOwnerEmail(c *gin.Context) error {
	sh, err := s.ShowByParam(c)
	if err != nil {
		return err
	}
	if sh, err = s.pub.RevealOwnerEmail(c.Request.Context(), sh); err != nil {
		return err
	}
	c.JSON(http.StatusOK, s.showView(sh))
	return nil
}

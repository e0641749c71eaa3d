package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/analytics"
	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/publish"
	"github.com/onair-fm/onair/web/httpx"
)

// SubscriberJSON is a subscriber as the API answers it. FeedURL is there
// only in the answer that made the feed's token (creation, rotation,
// reactivation): onair keeps only the token's hash.
type SubscriberJSON struct {
	ID               string     `json:"id"`
	Show             string     `json:"show"`
	Email            string     `json:"email"`
	Name             string     `json:"name"`
	ExternalID       string     `json:"external_id"`
	ExpiresAt        *time.Time `json:"expires_at"`
	Status           string     `json:"status"` // active, revoked or expired
	RevokedAt        *time.Time `json:"revoked_at,omitempty"`
	SharingSuspected bool       `json:"sharing_suspected"`
	FeedURL          string     `json:"feed_url,omitempty"`
	Created          bool       `json:"created,omitempty"`
	Downloads        *int       `json:"downloads_30d,omitempty"`
	CreatedAt        time.Time  `json:"created_at"`
	UpdatedAt        time.Time  `json:"updated_at"`
	RotatedAt        time.Time  `json:"rotated_at"`
}

// SubscriberView is the JSON of a subscriber of sh at now.
func SubscriberView(u httpx.URLs, sh *catalog.Show, sub *catalog.Subscriber, token string, now time.Time) SubscriberJSON {
	v := SubscriberJSON{ID: sub.ID, Show: sh.Slug, Email: sub.Email, Name: sub.Name, ExternalID: sub.ExternalID,
		Status: "active", SharingSuspected: sub.SharingSuspected,
		CreatedAt: sub.CreatedAt.UTC(), UpdatedAt: sub.UpdatedAt.UTC(), RotatedAt: sub.RotatedAt.UTC()}
	if why := sub.Inactive(now); why != "" {
		v.Status = why
	}
	if !sub.ExpiresAt.IsZero() {
		t := sub.ExpiresAt.UTC()
		v.ExpiresAt = &t
	}
	if sub.Revoked && !sub.RevokedAt.IsZero() {
		t := sub.RevokedAt.UTC()
		v.RevokedAt = &t
	}
	if token != "" {
		v.FeedURL = u.PrivateFeedURL(token)
	}
	return v
}

type subscriberRequest struct {
	Email      *string `json:"email"`
	Name       *string `json:"name"`
	ExternalID *string `json:"external_id"`
	ExpiresAt  *string `json:"expires_at"`
}

func (r subscriberRequest) patch() publish.SubscriberPatch {
	return publish.SubscriberPatch{Email: r.Email, Name: r.Name, ExternalID: r.ExternalID, ExpiresAt: r.ExpiresAt}
}

// apiUpsertSubscriber is POST /shows/:show/subscribers: an idempotent
// upsert by external_id. 201 when it created the subscriber, else 200.
func (s *API) apiUpsertSubscriber(c *gin.Context) error {
	var req subscriberRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	sh, err := s.ShowByParam(c)
	if err != nil {
		return err
	}
	res, err := s.pub.UpsertSubscriber(c.Request.Context(), sh, req.patch())
	if err != nil {
		return err
	}
	v := SubscriberView(s.URLs, sh, res.Subscriber, res.Token, s.Now())
	v.Created = res.Created
	status := http.StatusOK
	if res.Created {
		status = http.StatusCreated
		c.Header("Location", s.URL("/api/v1/subscribers/"+res.Subscriber.ID))
	}
	c.JSON(status, v)
	return nil
}

// apiListSubscribers is GET /shows/:show/subscribers?q=&limit=&offset=.
func (s *API) apiListSubscribers(c *gin.Context) error {
	ctx := c.Request.Context()
	sh, err := s.ShowByParam(c)
	if err != nil {
		return err
	}
	limit, offset, err := queryPage(c)
	if err != nil {
		return err
	}
	f := catalog.SubscriberFilter{ShowID: sh.ID, Query: strings.TrimSpace(c.Query("q")), Limit: limit, Offset: offset}
	subs, err := s.Store.ListSubscribers(ctx, f)
	if err != nil {
		return err
	}
	total, err := s.Store.CountSubscribers(ctx, catalog.SubscriberFilter{ShowID: sh.ID, Query: f.Query})
	if err != nil {
		return err
	}
	now := s.Now()
	out := make([]SubscriberJSON, 0, len(subs))
	for _, sub := range subs {
		out = append(out, SubscriberView(s.URLs, sh, sub, "", now))
	}
	c.JSON(http.StatusOK, gin.H{"subscribers": out, "total": total, "limit": limit, "offset": offset})
	return nil
}

// subscriberByParam reads the subscriber named by :id and their show.
func (s *API) subscriberByParam(c *gin.Context) (*catalog.Subscriber, *catalog.Show, error) {
	ctx := c.Request.Context()
	sub, err := s.Store.GetSubscriber(ctx, c.Param("id"))
	if err != nil {
		return nil, nil, httpx.OrNotFound(err, "subscriber", c.Param("id"))
	}
	sh, err := s.Store.GetShowByID(ctx, sub.ShowID)
	if err != nil {
		return nil, nil, err
	}
	return sub, sh, nil
}

// apiGetSubscriber answers a subscriber with their downloads of the last
// 30 days.
func (s *API) apiGetSubscriber(c *gin.Context) error {
	sub, sh, err := s.subscriberByParam(c)
	if err != nil {
		return err
	}
	now := s.Now()
	counts, err := s.Store.SubscriberDownloads(c.Request.Context(), sh.ID, now.AddDate(0, 0, -analytics.DefaultDays), now.Add(time.Second))
	if err != nil {
		return err
	}
	v := SubscriberView(s.URLs, sh, sub, "", now)
	n := counts[sub.ID]
	v.Downloads = &n
	c.JSON(http.StatusOK, v)
	return nil
}

func (s *API) apiUpdateSubscriber(c *gin.Context) error {
	var req subscriberRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	sub, sh, err := s.subscriberByParam(c)
	if err != nil {
		return err
	}
	res, err := s.pub.UpdateSubscriber(c.Request.Context(), sub, req.patch())
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, SubscriberView(s.URLs, sh, res.Subscriber, "", s.Now()))
	return nil
}

// apiDeleteSubscriber revokes: the feed answers 410 and the media 403 from
// now on. The subscriber stays listed (revoked), for the stats and so that
// the newsroom's system can reactivate them.
func (s *API) apiDeleteSubscriber(c *gin.Context) error {
	sub, sh, err := s.subscriberByParam(c)
	if err != nil {
		return err
	}
	if sub, err = s.pub.RevokeSubscriber(c.Request.Context(), sub); err != nil {
		return err
	}
	c.JSON(http.StatusOK, SubscriberView(s.URLs, sh, sub, "", s.Now()))
	return nil
}

// apiRotateSubscriber gives a new feed URL; the old one stops working.
func (s *API) apiRotateSubscriber(c *gin.Context) error {
	sub, sh, err := s.subscriberByParam(c)
	if err != nil {
		return err
	}
	res, err := s.pub.RotateSubscriber(c.Request.Context(), sub)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, SubscriberView(s.URLs, sh, res.Subscriber, res.Token, s.Now()))
	return nil
}

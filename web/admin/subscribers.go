package admin

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/publish"
	"github.com/onair-fm/onair/web/httpx"
)

// maxSubscriberCSV caps a CSV import's file.
const maxSubscriberCSV = 8 << 20

func (s *Dashboard) routesAdminSubscribers(u *gin.RouterGroup) {
	u.GET("/shows/:show/subscribers", s.Handle(s.subscribersPage))
	u.POST("/shows/:show/subscribers", s.Handle(s.subscriberUpsert))
	u.GET("/shows/:show/subscribers.csv", s.Handle(s.subscribersExport))
	u.POST("/shows/:show/subscribers/import", s.Handle(s.subscribersImport))
	u.POST("/shows/:show/subscribers/:id/revoke", s.Handle(s.subscriberRevoke))
	u.POST("/shows/:show/subscribers/:id/rotate", s.Handle(s.subscriberRotate))
	s.SetBodyLimit(http.MethodPost, u.BasePath()+"/shows/:show/subscribers/import", maxSubscriberCSV+httpx.FormBody)
}

// subscriberRow is one subscriber on the page.
type subscriberRow struct {
	Sub       *catalog.Subscriber
	Status    string
	Downloads int
}

// newFeed is a feed URL made by the last action, shown this once.
type newFeed struct {
	Email, URL string
}

// importLine is one refused row of an import.
type importLine struct {
	Line    int
	Message string
}

// renderSubscribers lists the show's subscribers (filtered by ?q=), with
// what the last action made or refused.
func (s *Dashboard) renderSubscribers(c *gin.Context, sh *catalog.Show, status int, feedsMade []newFeed, refused []importLine, summary string, formErr error) error {
	ctx := c.Request.Context()
	q := strings.TrimSpace(c.Query("q"))
	f := catalog.SubscriberFilter{ShowID: sh.ID, Query: q, Limit: 500}
	subs, err := s.Store.ListSubscribers(ctx, f)
	if err != nil {
		return err
	}
	total, err := s.Store.CountSubscribers(ctx, catalog.SubscriberFilter{ShowID: sh.ID, Query: q})
	if err != nil {
		return err
	}
	now := s.Now()
	counts, err := s.Store.SubscriberDownloads(ctx, sh.ID, now.AddDate(0, 0, -30), now.Add(time.Second))
	if err != nil {
		return err
	}
	rows := make([]subscriberRow, 0, len(subs))
	suspected := 0
	for _, sub := range subs {
		st := sub.Inactive(now)
		if st == "" {
			st = "active"
		}
		if sub.SharingSuspected {
			suspected++
		}
		rows = append(rows, subscriberRow{Sub: sub, Status: st, Downloads: counts[sub.ID]})
	}
	data := gin.H{"Show": sh, "Rows": rows, "Total": total, "Query": q, "NewFeeds": feedsMade,
		"Refused": refused, "Summary": summary, "Suspected": suspected}
	if formErr != nil {
		he := httpx.ToHTTP(formErr)
		data["Error"], status = he.Message, he.Status
	}
	return s.renderAdmin(c, status, "subscribers", "Subscribers of "+sh.Title, data)
}

func (s *Dashboard) subscribersPage(c *gin.Context) error {
	sh, err := s.showFor(c)
	if err != nil {
		return err
	}
	return s.renderSubscribers(c, sh, http.StatusOK, nil, nil, "", nil)
}

// subscriberUpsert adds a subscriber, or updates the one with the same
// external id, as the API's POST does.
func (s *Dashboard) subscriberUpsert(c *gin.Context) error {
	sh, err := s.showFor(c)
	if err != nil {
		return err
	}
	field := func(name string) *string {
		v, ok := c.GetPostForm(name)
		if !ok {
			return nil
		}
		return &v
	}
	patch := publish.SubscriberPatch{Email: field("email"), Name: field("name"), ExternalID: field("external_id")}
	if v := strings.TrimSpace(c.PostForm("expires_on")); v != "" {
		d, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return s.renderSubscribers(c, sh, 0, nil, nil, "", catalog.Invalidf("the expiry must be a day such as 2027-01-31"))
		}
		exp := d.Add(24 * time.Hour).Format(time.RFC3339) // the end of that day
		patch.ExpiresAt = &exp
	} else {
		none := ""
		patch.ExpiresAt = &none
	}
	res, err := s.pub.UpsertSubscriber(c.Request.Context(), sh, patch)
	if err != nil {
		if errors.Is(err, catalog.ErrInvalid) || errors.Is(err, catalog.ErrConflict) {
			return s.renderSubscribers(c, sh, 0, nil, nil, "", err)
		}
		return err
	}
	var made []newFeed
	if res.Token != "" {
		made = append(made, newFeed{Email: res.Subscriber.Email, URL: s.PrivateFeedURL(res.Token)})
	}
	return s.renderSubscribers(c, sh, http.StatusOK, made, nil, "Saved "+res.Subscriber.Email+".", nil)
}

// subscribersImport upserts every row of an uploaded CSV file.
func (s *Dashboard) subscribersImport(c *gin.Context) error {
	sh, err := s.showFor(c)
	if err != nil {
		return err
	}
	fh, err := c.FormFile("csv")
	if err != nil {
		return s.renderSubscribers(c, sh, 0, nil, nil, "", catalog.Invalidf("choose a CSV file to import"))
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	rows, err := s.pub.ImportSubscribers(c.Request.Context(), sh, f)
	if err != nil {
		if errors.Is(err, catalog.ErrInvalid) {
			return s.renderSubscribers(c, sh, 0, nil, nil, "", err)
		}
		return err
	}
	var made []newFeed
	var refused []importLine
	created, updated := 0, 0
	for _, r := range rows {
		switch {
		case r.Err != nil:
			refused = append(refused, importLine{Line: r.Line, Message: httpx.ToHTTP(r.Err).Message})
		case r.Result.Token != "":
			if r.Result.Created {
				created++
			} else {
				updated++
			}
			made = append(made, newFeed{Email: r.Result.Subscriber.Email, URL: s.PrivateFeedURL(r.Result.Token)})
		default:
			updated++
		}
	}
	summary := fmt.Sprintf("Imported %d rows: %d new, %d updated, %d refused.", len(rows), created, updated, len(refused))
	return s.renderSubscribers(c, sh, http.StatusOK, made, refused, summary, nil)
}

// subscribersExport sends the show's subscribers as CSV, in the columns
// an import reads.
func (s *Dashboard) subscribersExport(c *gin.Context) error {
	sh, err := s.showFor(c)
	if err != nil {
		return err
	}
	subs, err := s.Store.ListSubscribers(c.Request.Context(), catalog.SubscriberFilter{ShowID: sh.ID})
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := publish.WriteSubscribersCSV(&b, subs, s.Now()); err != nil {
		return err
	}
	c.Header("Content-Disposition", `attachment; filename="`+sh.Slug+`-subscribers.csv"`)
	c.Data(http.StatusOK, "text/csv; charset=utf-8", b.Bytes())
	return nil
}

// subscriberFor loads the subscriber in the path, of the show in the path.
func (s *Dashboard) subscriberFor(c *gin.Context) (*catalog.Show, *catalog.Subscriber, error) {
	sh, err := s.showFor(c)
	if err != nil {
		return nil, nil, err
	}
	sub, err := s.Store.GetSubscriber(c.Request.Context(), c.Param("id"))
	if err != nil || sub.ShowID != sh.ID {
		return nil, nil, httpx.NotFound("subscriber", c.Param("id"))
	}
	return sh, sub, nil
}

func (s *Dashboard) subscriberRevoke(c *gin.Context) error {
	sh, sub, err := s.subscriberFor(c)
	if err != nil {
		return err
	}
	if _, err := s.pub.RevokeSubscriber(c.Request.Context(), sub); err != nil {
		return err
	}
	return s.renderSubscribers(c, sh, http.StatusOK, nil, nil, "Revoked "+sub.Email+": their feed and media stop working now.", nil)
}

func (s *Dashboard) subscriberRotate(c *gin.Context) error {
	sh, sub, err := s.subscriberFor(c)
	if err != nil {
		return err
	}
	res, err := s.pub.RotateSubscriber(c.Request.Context(), sub)
	if err != nil {
		return err
	}
	made := []newFeed{{Email: sub.Email, URL: s.PrivateFeedURL(res.Token)}}
	return s.renderSubscribers(c, sh, http.StatusOK, made, nil, "New feed URL for "+sub.Email+"; the old one stopped working.", nil)
}

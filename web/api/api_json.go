package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/publish"
	"github.com/onair-fm/onair/web/httpx"
)

// maxJSONBody caps a JSON request body; show notes are the largest field.
const maxJSONBody = 1 << 20

var errNotJSON = httpx.NewError(http.StatusUnsupportedMediaType, "unsupported_media_type",
	"the request body must be JSON (Content-Type: application/json)")

// decodeJSON reads the request body into v strictly: the Content-Type must
// be JSON, unknown fields and trailing data are refused, and the body is
// capped. A body that is not what the API expects is 400 bad_request; a
// well-formed body with bad values is the handler's 422.
func decodeJSON(c *gin.Context, v any) error {
	mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return errNotJSON
	}
	dec := json.NewDecoder(http.MaxBytesReader(c.Writer, c.Request.Body, maxJSONBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badJSON(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return httpx.NewError(http.StatusBadRequest, "bad_request", "malformed JSON: data after the object")
	}
	return nil
}

// badJSON explains a decoding error in the client's terms.
func badJSON(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case httpx.BodyFault(err):
		return err // too large or stalled
	case errors.Is(err, io.EOF):
		return httpx.NewError(http.StatusBadRequest, "bad_request", "malformed JSON: empty body")
	case errors.As(err, &syn):
		return httpx.NewError(http.StatusBadRequest, "bad_request", fmt.Sprintf("malformed JSON at byte %d: %v", syn.Offset, syn))
	case errors.As(err, &typ) && typ.Field == "":
		return httpx.NewError(http.StatusBadRequest, "bad_request", "malformed JSON: the body must be a JSON object, not "+typ.Value)
	case errors.As(err, &typ):
		return httpx.NewError(http.StatusBadRequest, "bad_request", fmt.Sprintf("malformed JSON: %s must be %s, not %s", typ.Field, typ.Type, typ.Value))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return httpx.NewError(http.StatusBadRequest, "bad_request", "malformed JSON: "+strings.TrimPrefix(err.Error(), "json: "))
	}
	return httpx.NewError(http.StatusBadRequest, "bad_request", "malformed JSON: "+err.Error())
}

// Request bodies. Pointer fields tell "not sent" from a zero value: a field
// not sent keeps its current value (PATCH) or its default (create). Each
// becomes the patch of package publish, which applies and checks it.

type showRequest struct {
	Slug        *string        `json:"slug"`
	Title       *string        `json:"title"`
	Description *string        `json:"description"`
	Author      *string        `json:"author"`
	OwnerName   *string        `json:"owner_name"`
	OwnerEmail  *string        `json:"owner_email"`
	Language    *string        `json:"language"`
	Categories  *[]string      `json:"categories"`
	Explicit    *bool          `json:"explicit"`
	Type        *string        `json:"type"`
	Link        *string        `json:"link"`
	Copyright   *string        `json:"copyright"`
	Locked      *bool          `json:"locked"`
	Block       *bool          `json:"block"`
	Complete    *bool          `json:"complete"`
	NewFeedURL  *string        `json:"new_feed_url"`
	Funding     *[]FundingJSON `json:"funding"`
	Persons     *[]PersonJSON  `json:"persons"`
	// ChapterTimestamps adds the chapters to the notes in feeds.
	ChapterTimestamps *bool `json:"chapter_timestamps"`
	networkRequest
}

func (r *showRequest) Patch() publish.ShowPatch {
	p := publish.ShowPatch{Slug: r.Slug, Title: r.Title, Description: r.Description, Author: r.Author,
		OwnerName: r.OwnerName, OwnerEmail: r.OwnerEmail, Language: r.Language, Categories: r.Categories,
		Explicit: r.Explicit, Type: r.Type, Link: r.Link, Copyright: r.Copyright, Locked: r.Locked,
		Block: r.Block, Complete: r.Complete, NewFeedURL: r.NewFeedURL, ChapterTimestamps: r.ChapterTimestamps}
	if r.Funding != nil {
		fs := make([]catalog.Funding, 0, len(*r.Funding))
		for _, f := range *r.Funding {
			fs = append(fs, catalog.Funding(f))
		}
		p.Funding = &fs
	}
	if r.Persons != nil {
		ps := make([]catalog.Person, 0, len(*r.Persons))
		for _, pj := range *r.Persons {
			ps = append(ps, catalog.Person(pj))
		}
		p.Persons = &ps
	}
	return p
}

// FundingJSON is a podcast:funding link as the API reads and writes it.
type FundingJSON struct {
	URL   string `json:"url"`
	Title string `json:"title"`
}

// PersonJSON is a podcast:person as the API reads and writes it.
type PersonJSON struct {
	Name  string `json:"name"`
	Role  string `json:"role,omitempty"`
	Group string `json:"group,omitempty"`
	Href  string `json:"href,omitempty"`
	Img   string `json:"img,omitempty"`
}

// EpisodeRequest is an episode's fields as a client sends them, as JSON or
// as the fields of an upload (multipart or tus metadata).
type EpisodeRequest struct {
	Title       *string `json:"title"`
	Description *string `json:"description"`
	// DescriptionMarkdown is the show notes as Markdown, instead of
	// Description: stored with the HTML it renders to.
	DescriptionMarkdown *string `json:"description_markdown"`
	PublishedAt         *string `json:"published_at"`
	Status              *string `json:"status"`
	Season              *int    `json:"season"`
	Number              *int    `json:"number"`
	Type                *string `json:"type"`
	Explicit            *bool   `json:"explicit"`
	TranscriptURL       *string `json:"transcript_url"`
	TranscriptType      *string `json:"transcript_type"`
	Visibility          *string `json:"visibility"`
	PublicAt            *string `json:"public_at"`
}

// Patch is the request as publish takes it.
func (r *EpisodeRequest) Patch() publish.EpisodePatch {
	return publish.EpisodePatch{Title: r.Title, Description: r.Description, DescriptionMarkdown: r.DescriptionMarkdown,
		PublishedAt: r.PublishedAt, Status: r.Status, Season: r.Season, Number: r.Number, Type: r.Type,
		Explicit: r.Explicit, TranscriptURL: r.TranscriptURL, TranscriptType: r.TranscriptType,
		Visibility: r.Visibility, PublicAt: r.PublicAt}
}

type articleRequest struct {
	URL         *string `json:"url"`
	Title       *string `json:"title"`
	Summary     *string `json:"summary"`
	ImageURL    *string `json:"image_url"`
	PublishedAt *string `json:"published_at"`
}

func (r *articleRequest) Patch() publish.ArticlePatch { return publish.ArticlePatch(*r) }

type episodeArticlesRequest struct {
	ArticleIDs *[]string `json:"article_ids"`
}

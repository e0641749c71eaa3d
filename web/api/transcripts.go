package api

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/publish"
	"github.com/onair-fm/onair/transcript"
	"github.com/onair-fm/onair/web/httpx"
)

// TranscriptJSON is the state of an episode's transcript and where its
// formats are served.
type TranscriptJSON struct {
	// State is none, queued, running, done or failed.
	State string `json:"state"`
	// Origin is uploaded or generated; absent when there is none.
	Origin   string `json:"origin,omitempty"`
	Error    string `json:"error,omitempty"`
	Language string `json:"language,omitempty"`
	// URLs are the public files by format (vtt, srt, json, html, txt),
	// once the episode is live and the transcript done.
	URLs map[string]string `json:"urls,omitempty"`
}

func (s *API) transcriptView(sh *catalog.Show, e *catalog.Episode) TranscriptJSON {
	ti := e.Transcript
	v := TranscriptJSON{State: ti.StateName(), Origin: ti.Origin, Error: ti.Error, Language: ti.Language}
	if ti.Ready() {
		v.URLs = map[string]string{}
		for _, f := range []transcript.Format{transcript.VTT, transcript.SRT, transcript.JSON, transcript.HTML, transcript.Text} {
			if ti.Timed || f == transcript.HTML || f == transcript.Text {
				v.URLs[string(f)] = s.TranscriptURL(sh, e, string(f))
			}
		}
	}
	return v
}

// transcriptRoutes registers the transcript, chapters and search routes.
func (s *API) transcriptRoutes(api *gin.RouterGroup) {
	api.PUT("/episodes/:id/transcript", s.Handle(s.apiPutTranscript))
	api.DELETE("/episodes/:id/transcript", s.Handle(s.apiDeleteTranscript))
	api.PUT("/episodes/:id/chapters", s.Handle(s.apiPutChapters))
	api.GET("/search", s.Handle(s.apiSearch))
	s.SetBodyLimit(http.MethodPut, api.BasePath()+"/episodes/:id/transcript", transcript.MaxSize+httpx.FormBody)
}

// apiPutTranscript stores the publisher's transcript: the file as the body
// with its Content-Type, or a multipart form with the file in a part named
// "transcript" (and optionally a "language" field). ?language= names the
// transcript's language too.
func (s *API) apiPutTranscript(c *gin.Context) error {
	sh, e, err := s.episodeByParam(c)
	if err != nil {
		return err
	}
	up, err := transcriptBody(c)
	if err != nil {
		return err
	}
	if l := c.Query("language"); l != "" {
		up.Language = l
	}
	if e, err = s.pub.SetTranscript(c.Request.Context(), e, up); err != nil {
		return err
	}
	c.JSON(http.StatusOK, s.episodeView(sh, e))
	return nil
}

// transcriptBody reads a transcript upload.
func transcriptBody(c *gin.Context) (publish.TranscriptUpload, error) {
	r := c.Request
	ct := r.Header.Get("Content-Type")
	mt, params, _ := mime.ParseMediaType(ct)
	read := func(rd io.Reader) ([]byte, error) {
		b, err := io.ReadAll(io.LimitReader(rd, transcript.MaxSize+1))
		if err != nil {
			return nil, err
		}
		if len(b) > transcript.MaxSize {
			return nil, &http.MaxBytesError{Limit: transcript.MaxSize}
		}
		return b, nil
	}
	if mt != "multipart/form-data" {
		if ct == "" {
			return publish.TranscriptUpload{}, httpx.NewError(http.StatusUnsupportedMediaType, "unsupported_media_type",
				"send the transcript with its Content-Type (text/vtt, application/x-subrip, application/json, text/plain) or as multipart part \"transcript\"")
		}
		b, err := read(r.Body)
		return publish.TranscriptUpload{Body: b, ContentType: ct}, err
	}
	if params["boundary"] == "" {
		return publish.TranscriptUpload{}, badMultipart(fmt.Errorf("no boundary"))
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return publish.TranscriptUpload{}, badMultipart(err)
	}
	var up publish.TranscriptUpload
	found := false
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return up, badMultipart(err)
		}
		switch p.FormName() {
		case "transcript":
			if up.Body, err = read(p); err != nil {
				return up, err
			}
			up.ContentType, up.FileName, found = p.Header.Get("Content-Type"), p.FileName(), true
		case "language":
			b, _ := read(io.LimitReader(p, 64))
			up.Language = strings.TrimSpace(string(b))
		}
		p.Close()
	}
	if !found {
		return up, catalog.Invalidf("the transcript is missing: send it in a multipart part named \"transcript\"")
	}
	return up, nil
}

func (s *API) apiDeleteTranscript(c *gin.Context) error {
	_, e, err := s.episodeByParam(c)
	if err != nil {
		return err
	}
	if err := s.pub.DeleteTranscript(c.Request.Context(), e); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

// apiPutChapters replaces the chapters with a Podcast Index JSON chapters
// document (each chapter may add "article_id") or a Podlove Simple
// Chapters file.
func (s *API) apiPutChapters(c *gin.Context) error {
	sh, e, err := s.episodeByParam(c)
	if err != nil {
		return err
	}
	b, err := io.ReadAll(c.Request.Body)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return httpx.NewError(http.StatusBadRequest, "bad_request", "the body is empty: send JSON chapters or a Podlove Simple Chapters file")
	}
	if e, err = s.pub.ImportChapters(c.Request.Context(), e, b); err != nil {
		return err
	}
	c.JSON(http.StatusOK, s.episodeView(sh, e))
	return nil
}

// SearchHitJSON is one episode a search found.
type SearchHitJSON struct {
	EpisodeID string   `json:"episode_id"`
	Show      string   `json:"show"`
	Title     string   `json:"title"`
	In        []string `json:"in"`
	// AtMS is where the words are said (a transcript match), with At as
	// "m:ss" and PageURL seeking there; absent otherwise.
	AtMS    *int64 `json:"at_ms,omitempty"`
	At      string `json:"at,omitempty"`
	Snippet string `json:"snippet"`
	PageURL string `json:"page_url"`
}

// apiSearch finds episodes by the words of their titles, notes and
// transcripts: ?q=words&show=slug&limit=N.
func (s *API) apiSearch(c *gin.Context) error {
	ctx := c.Request.Context()
	q := strings.TrimSpace(c.Query("q"))
	if q == "" {
		return catalog.Invalidf("q is required: the words to find")
	}
	limit, err := queryInt(c, "limit", 50, 1, 200)
	if err != nil {
		return err
	}
	sq := catalog.SearchQuery{Text: q, Limit: limit}
	if slug := c.Query("show"); slug != "" {
		sh, err := s.Store.GetShow(ctx, slug)
		if err != nil {
			return httpx.OrNotFound(err, "show", slug)
		}
		sq.ShowIDs = []string{sh.ID}
	}
	hits, err := s.Store.Search(ctx, sq)
	if err != nil {
		return err
	}
	out, err := s.SearchResults(c, hits)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"results": out, "q": q})
	return nil
}

// SearchResults turns hits into their JSON, with page URLs.
func (s *API) SearchResults(c *gin.Context, hits []catalog.SearchHit) ([]SearchHitJSON, error) {
	shows := map[string]*catalog.Show{}
	out := make([]SearchHitJSON, 0, len(hits))
	for _, h := range hits {
		sh := shows[h.ShowID]
		if sh == nil {
			var err error
			if sh, err = s.Store.GetShowByID(c.Request.Context(), h.ShowID); err != nil {
				return nil, err
			}
			shows[h.ShowID] = sh
		}
		e := &catalog.Episode{ID: h.EpisodeID}
		v := SearchHitJSON{EpisodeID: h.EpisodeID, Show: sh.Slug, Title: h.Title, In: h.In,
			Snippet: h.Snippet, PageURL: s.EpisodeURL(sh, e)}
		if h.At >= 0 {
			ms := h.At.Milliseconds()
			v.AtMS, v.At = &ms, httpx.FormatDuration(h.At)
			v.PageURL += fmt.Sprintf("?t=%d", ms/1000)
		}
		out = append(out, v)
	}
	return out, nil
}

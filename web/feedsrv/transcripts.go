package feedsrv

import (
	"errors"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/transcript"
	"github.com/onair-fm/onair/web/httpx"
)

// transcriptFormats are the public transcript files of an episode, each
// rendered from the one stored transcript.
var transcriptFormats = []transcript.Format{transcript.VTT, transcript.SRT, transcript.JSON,
	transcript.HTML, transcript.Text}

// transcriptRoutes registers /shows/:show/episodes/:id/transcript.EXT,
// readable from any origin (web players fetch them).
func (s *Feeds) transcriptRoutes(r *gin.Engine) {
	for _, f := range transcriptFormats {
		path := "/shows/:show/episodes/:id/transcript." + string(f)
		r.Match(httpx.GetHead, path, anyOrigin, s.Handle(s.serveTranscript(f)))
		r.OPTIONS(path, httpx.CORSPreflight)
		s.PublicData[path] = true
	}
}

// serveTranscript sends the live episode's transcript in format f: the
// uploaded one, else a generated one. Plain text transcripts have no
// times, so they have no VTT, SRT or JSON.
func (s *Feeds) serveTranscript(f transcript.Format) func(*gin.Context) error {
	ctype := []string{f.MIME() + "; charset=utf-8"}
	return func(c *gin.Context) error {
		sh, e, err := s.liveEpisode(c)
		if err != nil {
			return err
		}
		if !e.Transcript.Ready() {
			return catalog.ErrNotFound
		}
		t, err := s.Store.Transcript(c.Request.Context(), e.ID, e.Transcript.Origin)
		if errors.Is(err, catalog.ErrNotFound) {
			return catalog.ErrNotFound
		} else if err != nil {
			return err
		}
		lang := t.Language
		if lang == "" {
			lang = sh.Language
		}
		b, ok := transcript.Write(f, e.Title, lang, httpx.TranscriptCues(t))
		if !ok {
			return catalog.ErrNotFound
		}
		newFeedEntry(b, t.UpdatedAt).serve(c.Writer, c.Request, ctype)
		return nil
	}
}

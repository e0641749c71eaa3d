package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/publish"
	"github.com/onair-fm/onair/web/httpx"
)

// Upload limits besides --max-upload: form fields are small, and a request
// with hundreds of parts is not an episode.
const (
	maxFieldBytes = 512 << 10
	maxParts      = 64
)

// errUploadCut answers an upload stopped midway by the client leaving or by
// shutdown; what was received has been deleted.
var errUploadCut = httpx.NewError(http.StatusServiceUnavailable, "unavailable",
	"the upload was cut off before it ended (the server is shutting down or the connection closed); nothing was stored, please retry")

// receiveUpload streams an upload into storage under a new key of the
// episode (episodeID "" for a new one; see publish.StoreAudio). A multipart/form-data body carries the file in the part named
// "audio" and, when withFields, form fields before or after it; without
// fields, a raw audio body is accepted too. Nothing is ever held whole in
// memory. The whole request is capped at --max-upload (413). On error
// nothing is left in storage.
func (s *API) receiveUpload(c *gin.Context, episodeID string, withFields bool) (map[string]string, *publish.Audio, error) {
	r := c.Request
	ctx := r.Context()
	if r.ContentLength > s.Cfg.MaxUpload {
		return nil, nil, &http.MaxBytesError{Limit: s.Cfg.MaxUpload}
	}
	r.Body = http.MaxBytesReader(c.Writer, r.Body, s.Cfg.MaxUpload)
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		if !withFields && (strings.HasPrefix(mt, "audio/") || mt == "application/octet-stream") {
			up, err := s.PutAudio(ctx, episodeID, r.Body, dispositionName(r.Header.Get("Content-Disposition")))
			return nil, up, err
		}
		want := "multipart/form-data with the file in a part named \"audio\""
		if !withFields {
			want += ", or the audio itself (Content-Type: audio/...)"
		}
		return nil, nil, httpx.NewError(http.StatusUnsupportedMediaType, "unsupported_media_type",
			fmt.Sprintf("Content-Type %q: the upload must be %s", mt, want))
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, httpx.NewError(http.StatusBadRequest, "bad_request", "malformed multipart body: "+err.Error())
	}
	fields := map[string]string{}
	var up *publish.Audio
	fail := func(err error) (map[string]string, *publish.Audio, error) {
		s.pub.Discard(ctx, up)
		return nil, nil, err
	}
	for n := 0; ; n++ {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fail(badMultipart(err))
		}
		name := p.FormName()
		switch {
		case n >= maxParts:
			return fail(httpx.NewError(http.StatusBadRequest, "bad_request", fmt.Sprintf("more than %d parts", maxParts)))
		case name == "audio":
			if up != nil {
				return fail(catalog.Invalidf("more than one audio part: upload one file per episode"))
			}
			if up, err = s.PutAudio(ctx, episodeID, p, p.FileName()); err != nil {
				return fail(err)
			}
		case p.FileName() != "":
			return fail(catalog.Invalidf("unexpected file in part %q: the audio file goes in the part named \"audio\"", name))
		case !withFields:
			return fail(httpx.NewError(http.StatusBadRequest, "bad_request", fmt.Sprintf("unexpected field %q: only the audio part is accepted here", name)))
		default:
			if _, dup := fields[name]; dup {
				return fail(catalog.Invalidf("field %q is sent twice", name))
			}
			b, err := io.ReadAll(io.LimitReader(p, maxFieldBytes+1))
			if err != nil {
				return fail(badMultipart(err))
			}
			if len(b) > maxFieldBytes {
				return fail(catalog.Invalidf("field %q is longer than %d bytes", name, maxFieldBytes))
			}
			fields[name] = string(b)
		}
		p.Close()
	}
	if up == nil {
		return fail(catalog.Invalidf("the audio file is missing: send it in a multipart part named \"audio\""))
	}
	return fields, up, nil
}

// PutAudio stores one uploaded file under a new key of the episode
// (publish.StoreAudio), telling the client's failures apart: a body that
// breaks off is theirs (400 or 413), an upload cut by shutdown or a closed
// connection is errUploadCut, not a storage failure.
func (s *API) PutAudio(ctx context.Context, episodeID string, r io.Reader, fileName string) (*publish.Audio, error) {
	cr := &clientReader{r: r}
	up, err := s.pub.StoreAudio(ctx, episodeID, cr, fileName)
	if err != nil {
		switch {
		case httpx.BodyFault(cr.err):
			return nil, cr.err // the client's: 413 or 408
		case cr.n > 0 && ctx.Err() != nil:
			return nil, errUploadCut
		case cr.err != nil:
			return nil, badMultipart(cr.err) // the client's fault: 400 or 413, not 500
		}
		return nil, err
	}
	return up, nil
}

func dispositionName(h string) string {
	_, params, err := mime.ParseMediaType(h)
	if err != nil {
		return ""
	}
	return params["filename"]
}

func badMultipart(err error) error {
	if httpx.BodyFault(err) {
		return err // too large or stalled
	}
	return httpx.NewError(http.StatusBadRequest, "bad_request", "malformed multipart body: "+err.Error())
}

// clientReader remembers the error reading the request body, and how much
// arrived, so a failed Put can tell a broken upload (the client's fault)
// from a storage failure.
type clientReader struct {
	r   io.Reader
	n   int64
	err error
}

func (c *clientReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && err != io.EOF {
		c.err = err
	}
	return n, err
}

// EpisodeRequestFrom reads an upload's form fields, which have the JSON
// body's names. An empty value counts as not sent.
func EpisodeRequestFrom(fields map[string]string) (EpisodeRequest, error) {
	var r EpisodeRequest
	str := func(v string) *string { return &v }
	for name, raw := range fields {
		v := strings.TrimSpace(raw)
		if v == "" {
			continue
		}
		switch name {
		case "title":
			r.Title = str(v)
		case "description":
			r.Description = str(v)
		case "description_markdown":
			r.DescriptionMarkdown = str(raw) // leading spaces mean something in Markdown
		case "published_at":
			r.PublishedAt = str(v)
		case "status":
			r.Status = str(v)
		case "type":
			r.Type = str(v)
		case "transcript_url":
			r.TranscriptURL = str(v)
		case "transcript_type":
			r.TranscriptType = str(v)
		case "visibility":
			r.Visibility = str(v)
		case "public_at":
			r.PublicAt = str(v)
		case "season", "number":
			n, err := strconv.Atoi(v)
			if err != nil {
				return r, catalog.Invalidf("%s %q must be a whole number", name, v)
			}
			if name == "season" {
				r.Season = &n
			} else {
				r.Number = &n
			}
		case "explicit":
			b, err := parseBool(v)
			if err != nil {
				return r, err
			}
			r.Explicit = &b
		default:
			return r, catalog.Invalidf("unknown field %q (fields: title, description, description_markdown, published_at, status, season, number, type, explicit, transcript_url, transcript_type, visibility, public_at)", name)
		}
	}
	return r, nil
}

func parseBool(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "true", "1", "yes", "on":
		return true, nil
	case "false", "0", "no", "off":
		return false, nil
	}
	return false, catalog.Invalidf("explicit %q must be true or false", v)
}

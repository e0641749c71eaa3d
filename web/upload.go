package web

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/media"
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

// audioUpload is an audio file already in storage that is not yet an
// episode's: whoever holds it deletes the blob if it does not become one.
type audioUpload struct {
	Key      string
	FileName string // as uploaded, base name only; may be "".
	Blob     media.BlobInfo
}

// receiveUpload streams an upload into storage under a new key of the
// episode. A multipart/form-data body carries the file in the part named
// "audio" and, when withFields, form fields before or after it; without
// fields, a raw audio body is accepted too. Nothing is ever held whole in
// memory. The whole request is capped at --max-upload (413). On error
// nothing is left in storage.
func (s *Server) receiveUpload(c *gin.Context, episodeID string, withFields bool) (map[string]string, *audioUpload, error) {
	r := c.Request
	ctx := r.Context()
	if r.ContentLength > s.Cfg.MaxUpload {
		return nil, nil, &http.MaxBytesError{Limit: s.Cfg.MaxUpload}
	}
	r.Body = http.MaxBytesReader(c.Writer, r.Body, s.Cfg.MaxUpload)
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		if !withFields && (strings.HasPrefix(mt, "audio/") || mt == "application/octet-stream") {
			up, err := s.putAudio(ctx, episodeID, r.Body, dispositionName(r.Header.Get("Content-Disposition")))
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
	var up *audioUpload
	fail := func(err error) (map[string]string, *audioUpload, error) {
		if up != nil {
			s.deleteBlobs(context.WithoutCancel(ctx), up.Key)
		}
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
			if up, err = s.putAudio(ctx, episodeID, p, p.FileName()); err != nil {
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

// putAudio stores one uploaded file under a new key of the episode. The key's
// extension comes from the first bytes (or else the file name); the MIME type
// the feeds announce comes from probing later.
func (s *Server) putAudio(ctx context.Context, episodeID string, r io.Reader, fileName string) (*audioUpload, error) {
	cr := &clientReader{r: r}
	br := bufio.NewReaderSize(cr, 4096)
	head, err := br.Peek(64)
	if len(head) == 0 {
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, badMultipart(err)
		}
		return nil, catalog.Invalidf("the audio file is empty")
	}
	key := audioKey(episodeID, audioExt(head, fileName))
	bi, err := s.Blobs.Put(ctx, key, br)
	if err != nil {
		if ctx.Err() != nil {
			return nil, errUploadCut
		}
		if cr.err != nil {
			return nil, badMultipart(cr.err) // the client's fault: 400 or 413, not 500
		}
		return nil, err
	}
	return &audioUpload{Key: key, FileName: cleanFileName(fileName), Blob: bi}, nil
}

// audioKey is a new, never reused blob key for an episode's audio.
func audioKey(episodeID, ext string) string {
	return "episodes/" + episodeID + "/" + catalog.NewID() + "." + ext
}

// audioExt names a file's type from its first bytes, falling back to the
// name's extension: what players and CDNs see at the end of the URL.
func audioExt(head []byte, fileName string) string {
	h := string(head)
	switch {
	case strings.HasPrefix(h, "ID3"):
		return "mp3"
	case len(h) >= 12 && h[4:8] == "ftyp":
		return "m4a"
	case strings.HasPrefix(h, "fLaC"):
		return "flac"
	case strings.HasPrefix(h, "OggS"):
		if strings.Contains(h, "OpusHead") {
			return "opus"
		}
		return "ogg"
	case len(h) >= 12 && h[:4] == "RIFF" && h[8:12] == "WAVE":
		return "wav"
	case len(head) >= 2 && head[0] == 0xFF && head[1]&0xE0 == 0xE0:
		if head[1]&0x06 == 0 { // layer bits 00: ADTS AAC, not MPEG audio
			return "aac"
		}
		return "mp3"
	}
	switch ext := strings.ToLower(strings.TrimPrefix(path.Ext(cleanFileName(fileName)), ".")); ext {
	case "mp3", "m4a", "m4b", "mp4", "aac", "ogg", "oga", "opus", "flac", "wav":
		return ext
	}
	return "bin"
}

// cleanFileName keeps the base name of what a client says a file was called.
func cleanFileName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if !utf8.ValidString(name) || len(name) > 255 || strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 }) {
		return ""
	}
	return name
}

func dispositionName(h string) string {
	_, params, err := mime.ParseMediaType(h)
	if err != nil {
		return ""
	}
	return params["filename"]
}

func badMultipart(err error) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return err
	}
	return httpx.NewError(http.StatusBadRequest, "bad_request", "malformed multipart body: "+err.Error())
}

// track counts an upload in flight, so shutdown can wait for it to finish
// or roll back. Use as defer s.track()().
func (s *Server) track() func() {
	s.uploads.Add(1)
	s.inFlight.Add(1)
	return func() {
		s.inFlight.Add(-1)
		s.uploads.Done()
	}
}

// uploadsInFlight is how many uploads are running now.
func (s *Server) uploadsInFlight() int64 { return s.inFlight.Load() }

// WaitUploads waits until every upload in flight has finished or rolled
// back, or ctx ends. Call it after http.Server.Shutdown, which does not wait
// for handlers once its own deadline has passed.
func (s *Server) WaitUploads(ctx context.Context) error {
	done := make(chan struct{})
	go func() { s.uploads.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// clientReader remembers the error reading the request body, so a failed
// Put can tell a broken upload (the client's fault) from a storage failure.
type clientReader struct {
	r   io.Reader
	err error
}

func (c *clientReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err != nil && err != io.EOF {
		c.err = err
	}
	return n, err
}

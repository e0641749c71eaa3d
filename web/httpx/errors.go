package httpx

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/publish"
)

// Error is an error with the HTTP status and code a client sees. Handlers
// return it (or a sentinel that WriteError maps) and nothing else writes
// error responses. Message is for the client, in plain words; cause, when
// set, is the wrapped error behind it, which Error gives for the logs.
type Error struct {
	Status  int
	Code    string
	Message string
	cause   error
}

func (e *Error) Error() string {
	if e.cause != nil {
		return e.cause.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.cause }

// NewError is an error the client sees with this status, code and message.
func NewError(status int, code, msg string) *Error {
	return &Error{Status: status, Code: code, Message: msg}
}

// Because is e with cause as the error behind it, for the logs.
func (e *Error) Because(cause error) *Error {
	c := *e
	c.cause = cause
	return &c
}

var (
	ErrNoRoute  = NewError(http.StatusNotFound, "not_found", "no such page")
	ErrNoMethod = NewError(http.StatusMethodNotAllowed, "method_not_allowed", "method not allowed")
)

// Handle adapts a handler that returns an error to gin.
func (s *Env) Handle(h func(*gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := h(c); err != nil {
			s.WriteError(c, err)
		}
	}
}

// ToHTTP maps any error to what the client is told: the one place where
// sentinel errors become statuses. The message is never err.Error(): that
// carries the package and store prefixes of the wrapping for the logs
// ("sqlite: show x: not found"). Handlers that know what the client named
// say so themselves (OrNotFound; publish.Error); a sentinel that arrives bare
// gets a plain phrase, or the words its package made for people
// (catalog.InvalidMessage, media.Refusal).
func ToHTTP(err error) *Error {
	var he *Error
	var mb *http.MaxBytesError
	var st *BodyStalledError
	var pe *publish.Error
	switch {
	case errors.As(err, &he):
		return he
	case errors.As(err, &pe):
		return refused(pe)
	case errors.As(err, &mb):
		return NewError(http.StatusRequestEntityTooLarge, "too_large",
			fmt.Sprintf("the request is larger than the limit of %d bytes", mb.Limit))
	case errors.As(err, &st):
		return NewError(http.StatusRequestTimeout, "timeout",
			fmt.Sprintf("the request body stopped arriving: nothing came for %s", st.After))
	case errors.Is(err, catalog.ErrNotFound), errors.Is(err, media.ErrBlobMissing):
		return NewError(http.StatusNotFound, "not_found", "not found")
	case errors.Is(err, catalog.ErrConflict):
		return NewError(http.StatusConflict, "conflict", "conflicts with what is stored already")
	case errors.Is(err, catalog.ErrInvalid):
		return NewError(http.StatusUnprocessableEntity, "invalid", catalog.InvalidMessage(err))
	}
	if pe := publish.AudioRefusal(err, ""); pe != nil {
		return refused(pe)
	}
	return NewError(http.StatusInternalServerError, "internal", "internal server error")
}

// WriteError sends err as JSON for the API and machine routes, and as an HTML
// page for a browser asking for a page. 500s are logged with the request id.
func (s *Env) WriteError(c *gin.Context, err error) {
	var me *movedError
	if errors.As(err, &me) && !c.Writer.Written() {
		c.Abort()
		writeMoved(c, me)
		return
	}
	he := ToHTTP(err)
	if he.Status >= 500 && ClientGone(c.Request, err) {
		// Nothing failed here: the client went away and its request's
		// context ended whatever was running for it. 499 is nginx's
		// status for it; nobody reads the answer. A 4xx stays what it
		// is (a body that stalled is a 408 even though net/http ends the
		// context when it gives up reading).
		c.Abort()
		if !c.Writer.Written() {
			c.Status(StatusClientClosed)
		}
		s.Log.DebugContext(c.Request.Context(), "client went away",
			"err", err, "request_id", RequestIDOf(c), "method", c.Request.Method, "path", c.Request.URL.Path)
		return
	}
	if he.Status >= 500 {
		s.Log.ErrorContext(c.Request.Context(), "request failed", "status", he.Status,
			"err", err, "request_id", RequestIDOf(c), "method", c.Request.Method, "path", c.Request.URL.Path)
	}
	c.Abort()
	if c.Writer.Written() {
		return
	}
	html := WantsHTML(c.Request)
	if s.PublicData[c.FullPath()] {
		// RequestID and framing left out what an error needs: it is this
		// client's, not shared data, and as HTML it is a page.
		h := c.Writer.Header()
		h["X-Request-Id"] = []string{RequestIDOf(c)}
		if html {
			s.SetPageHeaders(h)
		}
	}
	if html {
		s.errorPage(c, he)
		return
	}
	c.JSON(he.Status, gin.H{"error": gin.H{"code": he.Code, "message": he.Message}})
}

// StatusClientClosed is the status logged and counted for a request whose
// client went away before it was answered (nginx's 499): not a failure of
// the server, so it is no 5xx.
const StatusClientClosed = 499

// ClientGone reports whether r failed with err because its client went
// away: net/http ends r's context when the connection closes (or a read of
// the body finds it closed: the body is cut off), and whatever ran for it
// then fails with context.Canceled or a short read. A server that stops
// its requests cancels them with a cause of its own, which is not this.
func ClientGone(r *http.Request, err error) bool {
	ctx := r.Context()
	return err != nil && ctx.Err() != nil && context.Cause(ctx) == context.Canceled
}

// WantsHTML reports whether the request is a browser asking for a page,
// rather than an API, feed or media client.
func WantsHTML(r *http.Request) bool {
	p := r.URL.Path
	if strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/media/") || p == "/oembed" {
		return false
	}
	return strings.Contains(r.Header.Get("Accept"), "text/html")
}

// NotFound is the 404 for a missing thing the client named, in its words
// rather than the store's.
func NotFound(kind, name string) error {
	return NewError(http.StatusNotFound, "not_found", fmt.Sprintf("%s %q not found", kind, name))
}

// OrNotFound is err, with catalog.ErrNotFound told as NotFound: listeners
// following a stale link see what is missing, not the store's error.
func OrNotFound(err error, kind, name string) error {
	if errors.Is(err, catalog.ErrNotFound) {
		return NotFound(kind, name)
	}
	return err
}

// refused is a publishing rule's refusal, in its words, with the status of
// the kind of refusal it is.
func refused(pe *publish.Error) *Error {
	var status int
	var code string
	switch {
	case errors.Is(pe, media.ErrNotAudio):
		status, code = http.StatusUnsupportedMediaType, "not_audio"
	case errors.Is(pe, media.ErrUnsupported), errors.Is(pe, media.ErrTruncated), errors.Is(pe, media.ErrCorrupt):
		status, code = http.StatusUnprocessableEntity, "unreadable_audio"
	case errors.Is(pe, publish.ErrNotImage):
		status, code = http.StatusUnsupportedMediaType, "unsupported_media_type"
	case errors.Is(pe, catalog.ErrNotFound):
		status, code = http.StatusNotFound, "not_found"
	case errors.Is(pe, catalog.ErrConflict):
		status, code = http.StatusConflict, "conflict"
	case errors.Is(pe, catalog.ErrInvalid):
		status, code = http.StatusUnprocessableEntity, "invalid"
	default:
		return NewError(http.StatusInternalServerError, "internal", "internal server error").Because(pe)
	}
	return NewError(status, code, pe.Message).Because(pe)
}

package publish

import (
	"errors"
	"fmt"
	"strings"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/media"
)

// Error is a refusal whose words the publisher must see as they are: what
// they named and why it cannot be. Message is for them; the error it wraps
// says what kind of refusal it is (catalog.ErrNotFound, catalog.ErrConflict,
// ErrNotImage or one of media's probe errors) and keeps the details and
// package prefixes for the logs.
type Error struct {
	Message string
	err     error
}

func (e *Error) Error() string { return e.err.Error() }
func (e *Error) Unwrap() error { return e.err }

// ErrNotImage is artwork that is neither JPEG nor PNG, whatever it claims
// to be: the only pictures feeds carry.
var ErrNotImage = errors.New("not a JPEG or PNG image")

// refuse returns an *Error telling the publisher msg, with err behind it.
func refuse(err error, format string, args ...any) *Error {
	return &Error{Message: fmt.Sprintf(format, args...), err: err}
}

// notFound tells catalog.ErrNotFound in what the publisher named, e.g.
// `old slug "x" not found`; other errors pass unchanged.
func notFound(err error, kind, name string) error {
	if errors.Is(err, catalog.ErrNotFound) {
		return refuse(err, "%s %q not found", kind, name)
	}
	return err
}

// AudioRefusal is the publisher's answer to media.Probe refusing a file
// (fileName may be ""), in the words media made for people: what the file
// turned out to be, or why it cannot be read. It is nil when err is no
// such refusal (an I/O error, say).
func AudioRefusal(err error, fileName string) *Error {
	what := "the uploaded file"
	if fileName != "" {
		what = fmt.Sprintf("the uploaded file %q", fileName)
	}
	msg := media.Refusal(err)
	switch {
	case errors.Is(err, media.ErrNotAudio):
		if found, ok := strings.CutPrefix(msg, "not audio: "); ok {
			msg = found
		}
		if msg == "" {
			return refuse(err, "%s is not audio", what)
		}
		return refuse(err, "%s is not audio: %s", what, msg)
	case errors.Is(err, media.ErrUnsupported), errors.Is(err, media.ErrTruncated), errors.Is(err, media.ErrCorrupt):
		if msg == "" {
			return refuse(err, "%s cannot be read as audio", what)
		}
		return refuse(err, "%s cannot be read as audio: %s", what, msg)
	}
	return nil
}

// refuseAudio is AudioRefusal(err, fileName) when err is a refusal, and
// err otherwise.
func refuseAudio(err error, fileName string) error {
	if r := AudioRefusal(err, fileName); r != nil {
		return r
	}
	return err
}

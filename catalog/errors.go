package catalog

import (
	"errors"
	"fmt"
)

// Sentinel errors. Stores wrap them; web maps them to HTTP statuses in one place.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
	ErrInvalid  = errors.New("invalid")
)

// Invalidf returns an error that wraps ErrInvalid with a message a publisher
// can act on, e.g. Invalidf("title is required").
func Invalidf(format string, args ...any) error {
	return &invalidError{msg: fmt.Sprintf(format, args...)}
}

type invalidError struct{ msg string }

func (e *invalidError) Error() string { return e.msg }
func (e *invalidError) Unwrap() error { return ErrInvalid }

// InvalidMessage is what a client is told of an error wrapping ErrInvalid:
// the message of the Invalidf in its chain, without the prefixes the
// wrapping added for logs, or plain "invalid" when there is none.
func InvalidMessage(err error) string {
	var ie *invalidError
	if errors.As(err, &ie) {
		return ie.msg
	}
	return ErrInvalid.Error()
}

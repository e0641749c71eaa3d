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

package main

import (
	"context"
	"errors"
)

func runToken(ctx context.Context, args []string) error {
	return errors.New("not implemented yet")
}

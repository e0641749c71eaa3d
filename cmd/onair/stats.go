package main

import (
	"context"
	"errors"
)

func runStats(ctx context.Context, args []string) error {
	return errors.New("not implemented yet")
}

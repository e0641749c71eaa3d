package main

import (
	"context"
	"errors"
)

func runUpload(ctx context.Context, args []string) error {
	return errors.New("not implemented yet")
}

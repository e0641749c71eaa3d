package media

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// Leftovers lists temporary files a failed or crashed Put left behind in
// the storage's .tmp folder. A Put that returns an error removes its own.
func (l *Local) Leftovers(ctx context.Context) ([]string, error) {
	ents, err := os.ReadDir(filepath.Join(l.root, ".tmp"))
	if err != nil {
		return nil, fmt.Errorf("media: leftovers: %w", err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, filepath.Join(".tmp", e.Name()))
	}
	return out, nil
}

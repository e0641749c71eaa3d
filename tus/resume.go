package tus

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// URLStore remembers upload URLs across runs, one small file per key in a
// folder (e.g. the user's cache folder), so running the same upload again
// resumes it instead of starting over.
type URLStore struct {
	Dir string
}

// Key names an upload of a file's content (its SHA-256) to a server for a
// target (e.g. a show).
func Key(server, fileSHA256, target string) string {
	h := sha256.Sum256([]byte(strings.TrimRight(server, "/") + "\n" + fileSHA256 + "\n" + target))
	return hex.EncodeToString(h[:])
}

func (s URLStore) path(key string) string { return filepath.Join(s.Dir, key+".url") }

// Get returns the URL stored under key, "" when there is none.
func (s URLStore) Get(key string) string {
	b, err := os.ReadFile(s.path(key))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// Put stores url under key.
func (s URLStore) Put(key, url string) error {
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return err
	}
	return os.WriteFile(s.path(key), []byte(url+"\n"), 0o600)
}

// Delete forgets key.
func (s URLStore) Delete(key string) error {
	if err := os.Remove(s.path(key)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

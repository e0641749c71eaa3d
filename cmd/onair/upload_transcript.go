package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// transcriptFile is onair upload --transcript: read before the audio is
// sent, so a missing file costs no upload.
type transcriptFile struct {
	name, contentType string
	body              []byte
}

func readTranscriptFile(path string) (*transcriptFile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--transcript: %w", err)
	}
	ct := "text/plain; charset=utf-8"
	switch strings.ToLower(filepath.Ext(path)) {
	case ".vtt":
		ct = "text/vtt"
	case ".srt":
		ct = "application/x-subrip"
	case ".json":
		ct = "application/json"
	}
	return &transcriptFile{name: path, contentType: ct, body: b}, nil
}

// put sends the transcript for the episode the server answered with
// (episodeJSON), and returns the episode as it is then.
func (t *transcriptFile) put(ctx context.Context, base, token string, episodeJSON []byte) ([]byte, error) {
	var ep struct{ ID string }
	if err := json.Unmarshal(episodeJSON, &ep); err != nil || ep.ID == "" {
		return nil, fmt.Errorf("the server's answer is not an episode: %.200s", episodeJSON)
	}
	b, err := apiDo(ctx, http.MethodPut, base+"/api/v1/episodes/"+ep.ID+"/transcript", token, t.contentType, bytes.NewReader(t.body), 16<<20)
	var ae *apiError
	if errors.As(err, &ae) {
		return nil, fmt.Errorf("episode %s is uploaded, but the server refused the transcript %s: %s", ep.ID, t.name, ae)
	}
	if err != nil {
		return nil, fmt.Errorf("episode %s is uploaded, but sending the transcript failed (send it again with PUT /api/v1/episodes/%s/transcript): %w", ep.ID, ep.ID, err)
	}
	return b, nil
}

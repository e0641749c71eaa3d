package uploads

import (
	"context"
	"fmt"
	"io"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/web/api"
)

// EpisodeFields are the Upload-Metadata keys that are episode fields, read
// like the fields of a multipart upload to the API.
var EpisodeFields = []string{"title", "description", "description_markdown", "published_at", "status", "season", "number", "type", "explicit", "visibility", "public_at"}

// uploadRequest reads the episode fields of an upload's metadata, blank
// values left out, as the API reads a multipart upload's fields.
func uploadRequest(md map[string]string) (api.EpisodeRequest, error) {
	fields := map[string]string{}
	for _, k := range EpisodeFields {
		if v := md[k]; v != "" {
			fields[k] = v
		}
	}
	return api.EpisodeRequestFrom(fields)
}

// episodeFromUpload streams a verified, probed upload into media storage
// and makes it an episode of sh, or e's new audio when e is not nil,
// through the same publishing as the API's uploads.
func (s *Uploads) episodeFromUpload(ctx context.Context, sh *catalog.Show, e *catalog.Episode, r io.ReadSeeker, sum string, md map[string]string) (*catalog.Episode, error) {
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	id := ""
	if e != nil {
		id = e.ID
	}
	up, err := s.api.PutAudio(ctx, id, r, md["filename"])
	if err != nil {
		return nil, err
	}
	if up.Blob.SHA256 != "" && up.Blob.SHA256 != sum {
		s.pub.Discard(ctx, up)
		return nil, fmt.Errorf("uploads: upload: storage wrote SHA-256 %s, the verified file has %s", up.Blob.SHA256, sum)
	}
	if e != nil {
		return s.pub.ReplaceAudio(ctx, e, up)
	}
	req, err := uploadRequest(md)
	if err != nil {
		s.pub.Discard(ctx, up)
		return nil, err
	}
	return s.pub.CreateEpisode(ctx, sh, up, req.Patch())
}

// uploadAnswer is what a finished upload answers: the episode as the API
// shows it, warnings included, with its show's feeds and its page in the
// dashboard.
type uploadAnswer struct {
	api.EpisodeJSON
	Feeds    api.FeedsJSON `json:"feeds"`
	AdminURL string        `json:"admin_url"`
}

func (s *Uploads) uploadAnswer(ctx context.Context, sh *catalog.Show, e *catalog.Episode) uploadAnswer {
	return uploadAnswer{EpisodeJSON: s.api.NewEpisodeResponse(ctx, sh, e), AdminURL: s.AdminEpisodeURL(e),
		Feeds: api.FeedsJSON{RSS: s.FeedURL(sh, "rss"), Atom: s.FeedURL(sh, "atom"), JSON: s.FeedURL(sh, "json")}}
}

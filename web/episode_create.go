package web

import (
	"bytes"
	"context"
	"html"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/feeds"
	"github.com/onair-fm/onair/media"
	"github.com/onair-fm/onair/web/httpx"
	"github.com/onair-fm/onair/web/site"
)

// createEpisode turns an audio file already in storage into a new episode of
// sh with the given id (the id the blob key was made with): it probes the
// file, fills the fields the publisher did not send from the file's tags,
// stores embedded artwork, and writes the row. Every way of adding an episode
// (API upload, dashboard/tus upload, demo seeding, import) goes through here.
//
// createEpisode owns up.Key from the call on: on any error the blob (and any
// artwork it stored) is deleted, so a failed episode leaves nothing behind.
func (s *Server) createEpisode(ctx context.Context, sh *catalog.Show, id string, req episodeRequest, up *audioUpload) (e *catalog.Episode, err error) {
	keys := []string{up.Key}
	defer func() {
		if v := recover(); v != nil {
			s.deleteBlobs(context.WithoutCancel(ctx), keys...)
			panic(v)
		}
		if err != nil {
			s.deleteBlobs(context.WithoutCancel(ctx), keys...)
		}
	}()
	info, err := s.probeBlob(ctx, up.Key)
	if err != nil {
		return nil, probeError(err, up.FileName)
	}
	e = &catalog.Episode{
		ID: id, GUID: catalog.NewGUID(), ShowID: sh.ID,
		PublishedAt: s.Now().UTC().Truncate(time.Second),
		Status:      catalog.StatusPublished, Type: catalog.EpisodeFull,
		Audio:    audioOf(up, info),
		Chapters: chaptersOf(info),
	}
	fillFromTags(e, info.Tags, up.FileName)
	if err := req.apply(e); err != nil {
		return nil, err
	}
	if err := catalog.ValidateEpisode(e); err != nil {
		return nil, err
	}
	if info.Artwork != nil {
		key, mimeType, err := s.putEmbeddedArtwork(ctx, id, info.Artwork)
		if err != nil {
			return nil, err
		}
		if key != "" {
			keys = append(keys, key)
			e.ArtworkKey, e.ArtworkMIME = key, mimeType
		}
	}
	if err := s.Store.CreateEpisode(ctx, e); err != nil {
		return nil, err
	}
	return s.Store.GetEpisode(ctx, e.ID)
}

// replaceAudio gives episode e the audio in up (already stored under a new
// key of e), with its duration, format and chapters, and embedded artwork if
// the new file has some. The old blobs are deleted only once the row points
// at the new ones; on error the new blobs are deleted and e is unchanged.
func (s *Server) replaceAudio(ctx context.Context, e *catalog.Episode, up *audioUpload) (err error) {
	keys := []string{up.Key}
	defer func() {
		if err != nil {
			s.deleteBlobs(context.WithoutCancel(ctx), keys...)
		}
	}()
	info, err := s.probeBlob(ctx, up.Key)
	if err != nil {
		return probeError(err, up.FileName)
	}
	old := []string{e.Audio.Key}
	e.Audio = audioOf(up, info)
	e.Chapters = chaptersOf(info)
	if info.Artwork != nil {
		key, mimeType, err := s.putEmbeddedArtwork(ctx, e.ID, info.Artwork)
		if err != nil {
			return err
		}
		if key != "" {
			keys = append(keys, key)
			old = append(old, e.ArtworkKey)
			e.ArtworkKey, e.ArtworkMIME = key, mimeType
		}
	}
	if err := s.Store.UpdateEpisode(ctx, e); err != nil {
		return err
	}
	s.deleteBlobs(context.WithoutCancel(ctx), old...)
	return nil
}

// probeBlob reads what onair needs from a stored audio blob.
func (s *Server) probeBlob(ctx context.Context, key string) (*media.Info, error) {
	r, bi, err := s.Blobs.Open(ctx, key)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return media.Probe(r, bi.Size)
}

// probeError tells the publisher, in their terms, why an upload is not an
// episode: what the file turned out to be, or why onair cannot read it.
// Other errors pass unchanged.
func probeError(err error, fileName string) error {
	if he := httpx.AudioRefused(err, fileName); he != nil {
		return he
	}
	return err
}

// putEmbeddedArtwork stores a picture found in an audio file as episode
// artwork. A picture Apple would refuse (not a square JPEG or PNG of 1400
// to 3000 pixels; tags often hold a small thumbnail) is skipped (key ""),
// so the show's artwork applies.
func (s *Server) putEmbeddedArtwork(ctx context.Context, episodeID string, art *media.Artwork) (key, mimeType string, err error) {
	ext := imageExt(art.Data)
	if ext == "" {
		return "", "", nil
	}
	if img, err := feeds.MeasureImage(bytes.NewReader(art.Data)); err != nil || !feeds.ArtworkOK(img) {
		return "", "", nil
	}
	key = "episodes/" + episodeID + "/art-" + catalog.NewID() + "." + ext
	if _, err := s.Blobs.Put(ctx, key, bytes.NewReader(art.Data)); err != nil {
		return "", "", err
	}
	return key, imageMIME[ext], nil
}

func audioOf(up *audioUpload, info *media.Info) catalog.Audio {
	return catalog.Audio{
		Key: up.Key, FileName: up.FileName, Size: up.Blob.Size, SHA256: up.Blob.SHA256,
		MIME: info.MIME, Container: info.Container, Codec: info.Codec, Bitrate: info.Bitrate,
		SampleRate: info.SampleRate, Channels: info.Channels, Duration: info.Duration,
		HeaderBytes: info.HeaderBytes,
	}
}

func chaptersOf(info *media.Info) []catalog.Chapter {
	var out []catalog.Chapter
	for _, ch := range info.Chapters {
		out = append(out, catalog.Chapter{Start: ch.Start, End: ch.End, Title: ch.Title})
	}
	return out
}

// fillFromTags gives e what the file says about itself; fields the
// publisher sends override these afterwards.
func fillFromTags(e *catalog.Episode, t media.Tags, fileName string) {
	e.Title = strings.TrimSpace(t.Title)
	if e.Title == "" {
		e.Title = strings.TrimSpace(strings.TrimSuffix(fileName, path.Ext(fileName)))
	}
	if c := strings.TrimSpace(t.Comment); c != "" {
		e.Description = catalog.SanitizeNotes("<p>" + strings.ReplaceAll(html.EscapeString(c), "\n", "<br>") + "</p>")
		e.DescriptionSource = ""
	}
	if t.Track > 0 {
		e.Number = t.Track
	}
}

// apply copies the fields that were sent into e.
func (r *episodeRequest) apply(e *catalog.Episode) error {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&e.Title, r.Title)
	switch {
	case r.Description != nil && r.DescriptionMarkdown != nil:
		return catalog.Invalidf("send the show notes as description (HTML) or as description_markdown (Markdown), not both")
	case r.Description != nil:
		// HTML sent through the API is its own source: the editor shows it.
		e.Description, e.DescriptionSource = catalog.SanitizeNotes(*r.Description), ""
	case r.DescriptionMarkdown != nil:
		// Markdown becomes HTML as in the dashboard's editor, which then
		// shows the Markdown.
		notes, src, err := site.MarkdownNotes(*r.DescriptionMarkdown)
		if err != nil {
			return err
		}
		e.Description, e.DescriptionSource = notes, src
	}
	if r.PublishedAt != nil {
		t, err := time.Parse(time.RFC3339, strings.TrimSpace(*r.PublishedAt))
		if err != nil {
			return catalog.Invalidf("published_at %q must be an RFC 3339 time such as 2026-01-02T15:04:05Z", *r.PublishedAt)
		}
		e.PublishedAt = t.UTC()
	}
	set(&e.Status, r.Status)
	set(&e.Type, r.Type)
	set(&e.TranscriptURL, r.TranscriptURL)
	set(&e.TranscriptType, r.TranscriptType)
	if r.Season != nil {
		e.Season = *r.Season
	}
	if r.Number != nil {
		e.Number = *r.Number
	}
	if r.Explicit != nil {
		e.Explicit = *r.Explicit
	}
	return nil
}

// episodeRequestFrom reads an upload's form fields, which have the JSON
// body's names. An empty value counts as not sent.
func episodeRequestFrom(fields map[string]string) (episodeRequest, error) {
	var r episodeRequest
	str := func(v string) *string { return &v }
	for name, raw := range fields {
		v := strings.TrimSpace(raw)
		if v == "" {
			continue
		}
		switch name {
		case "title":
			r.Title = str(v)
		case "description":
			r.Description = str(v)
		case "description_markdown":
			r.DescriptionMarkdown = str(raw) // leading spaces mean something in Markdown
		case "published_at":
			r.PublishedAt = str(v)
		case "status":
			r.Status = str(v)
		case "type":
			r.Type = str(v)
		case "transcript_url":
			r.TranscriptURL = str(v)
		case "transcript_type":
			r.TranscriptType = str(v)
		case "season", "number":
			n, err := strconv.Atoi(v)
			if err != nil {
				return r, catalog.Invalidf("%s %q must be a whole number", name, v)
			}
			if name == "season" {
				r.Season = &n
			} else {
				r.Number = &n
			}
		case "explicit":
			b, err := parseBool(v)
			if err != nil {
				return r, err
			}
			r.Explicit = &b
		default:
			return r, catalog.Invalidf("unknown field %q (fields: title, description, description_markdown, published_at, status, season, number, type, explicit, transcript_url, transcript_type)", name)
		}
	}
	return r, nil
}

func parseBool(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "true", "1", "yes", "on":
		return true, nil
	case "false", "0", "no", "off":
		return false, nil
	}
	return false, catalog.Invalidf("explicit %q must be true or false", v)
}

package publish

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/media"
)

// Audio is an audio file in storage that is no episode's yet. Whoever holds
// it passes it to CreateEpisode or ReplaceAudio, which own it from then on,
// or to Discard: a file that does not become an episode leaves nothing.
type Audio struct {
	// EpisodeID is the episode the key was made for: a new one's id, or
	// the episode whose audio it replaces.
	EpisodeID string
	Key       string
	FileName  string // as uploaded, base name only; may be "".
	Blob      media.BlobInfo
}

// StoreAudio streams r into storage under a new key of the episode
// episodeID ("" for a new episode, which gets an id), never holding the
// file whole in memory. The key's extension comes from the first bytes (or
// else fileName): what players and CDNs see at the end of the URL. The
// MIME type the feeds announce comes from probing, later. An error reading
// r is returned wrapped, so the caller can tell its own reader's failure.
func (p *Service) StoreAudio(ctx context.Context, episodeID string, r io.Reader, fileName string) (*Audio, error) {
	br := bufio.NewReaderSize(r, 4096)
	head, err := br.Peek(64)
	if len(head) == 0 {
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("publish: read audio: %w", err)
		}
		return nil, catalog.Invalidf("the audio file is empty")
	}
	if episodeID == "" {
		episodeID = catalog.NewID()
	}
	key := audioKey(episodeID, audioExt(head, fileName))
	defer p.observe(StageStore, time.Now())
	bi, err := p.blobs.Put(ctx, key, br)
	if err != nil {
		return nil, fmt.Errorf("publish: store audio %s: %w", key, err)
	}
	return &Audio{EpisodeID: episodeID, Key: key, FileName: cleanFileName(fileName), Blob: bi}, nil
}

// CheckAudio probes a file before it is stored (a resumable upload checks
// its assembled bytes first), refusing what CreateEpisode would refuse in
// the same words, so a file that is not audio never reaches media storage.
func (p *Service) CheckAudio(r io.ReaderAt, size int64, fileName string) error {
	defer p.observe(StageProbe, time.Now())
	if _, err := media.Probe(r, size); err != nil {
		return refuseAudio(fmt.Errorf("publish: probe: %w", err), fileName)
	}
	return nil
}

// probe reads what an episode needs from stored audio, refusing what is
// not audio onair can read in the publisher's words.
func (p *Service) probe(ctx context.Context, a *Audio) (*media.Info, error) {
	defer p.observe(StageProbe, time.Now())
	r, bi, err := p.blobs.Open(ctx, a.Key)
	if err != nil {
		return nil, fmt.Errorf("publish: open %s: %w", a.Key, err)
	}
	defer r.Close()
	info, err := media.Probe(r, bi.Size)
	if err != nil {
		return nil, refuseAudio(fmt.Errorf("publish: probe %s: %w", a.Key, err), a.FileName)
	}
	return info, nil
}

// audioKey is a new, never reused blob key for an episode's audio.
func audioKey(episodeID, ext string) string {
	return "episodes/" + episodeID + "/" + catalog.NewID() + "." + ext
}

// audioExt names a file's type from its first bytes, falling back to the
// name's extension.
func audioExt(head []byte, fileName string) string {
	h := string(head)
	switch {
	case strings.HasPrefix(h, "ID3"):
		return "mp3"
	case len(h) >= 12 && h[4:8] == "ftyp":
		return "m4a"
	case strings.HasPrefix(h, "fLaC"):
		return "flac"
	case strings.HasPrefix(h, "OggS"):
		if strings.Contains(h, "OpusHead") {
			return "opus"
		}
		return "ogg"
	case len(h) >= 12 && h[:4] == "RIFF" && h[8:12] == "WAVE":
		return "wav"
	case len(head) >= 2 && head[0] == 0xFF && head[1]&0xE0 == 0xE0:
		if head[1]&0x06 == 0 { // layer bits 00: ADTS AAC, not MPEG audio
			return "aac"
		}
		return "mp3"
	}
	switch ext := strings.ToLower(strings.TrimPrefix(path.Ext(cleanFileName(fileName)), ".")); ext {
	case "mp3", "m4a", "m4b", "mp4", "aac", "ogg", "oga", "opus", "flac", "wav":
		return ext
	}
	return "bin"
}

// cleanFileName keeps the base name of what a client says a file was
// called, or "" when it is no sane name.
func cleanFileName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if !utf8.ValidString(name) || len(name) > 255 || strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 }) {
		return ""
	}
	return name
}

// audioOf is the episode's audio as stored and probed.
func audioOf(a *Audio, info *media.Info) catalog.Audio {
	return catalog.Audio{
		Key: a.Key, FileName: a.FileName, Size: a.Blob.Size, SHA256: a.Blob.SHA256,
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

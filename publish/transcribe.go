package publish

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/internal/procgroup"
	"github.com/onair-fm/onair/transcript"
)

// Transcriber generates transcripts with an outside speech-to-text
// program: after each upload of audio, the program runs in the background
// with the audio file's path as its last argument, and what it prints on
// standard output (WebVTT or SRT) becomes the episode's generated
// transcript. A transcript the publisher uploads always wins over it.
type Transcriber struct {
	// Command is the program and its first arguments.
	Command []string
	// Concurrency is how many run at once (at least 1).
	Concurrency int
	// Timeout stops a run that takes longer.
	Timeout time.Duration
	// Poll is how often the queue is looked at when nothing woke it (other
	// nodes queue work too).
	Poll time.Duration

	p    *Service
	wake chan struct{}
}

// maxTranscriberOutput caps what is read of the program's output.
const maxTranscriberOutput = transcript.MaxSize

// EnableTranscriber makes p queue a generated transcript after each new
// audio file, and returns the Transcriber whose Run works the queue.
func (p *Service) EnableTranscriber(t *Transcriber) *Transcriber {
	t.p, t.wake = p, make(chan struct{}, 1)
	if t.Concurrency < 1 {
		t.Concurrency = 1
	}
	if t.Timeout <= 0 {
		t.Timeout = 30 * time.Minute
	}
	if t.Poll <= 0 {
		t.Poll = 30 * time.Second
	}
	p.transcriber = t
	return t
}

// queueTranscript queues generating e's transcript when a Transcriber is
// enabled. A failure to queue is logged: the episode itself is stored.
func (p *Service) queueTranscript(ctx context.Context, episodeID string) {
	t := p.transcriber
	if t == nil {
		return
	}
	err := p.store.PutTranscript(ctx, &catalog.Transcript{EpisodeID: episodeID,
		Origin: catalog.TranscriptGenerated, State: catalog.TranscriptQueued})
	if err != nil {
		p.log.Error("publish: queue transcript", "episode", episodeID, "err", err)
		return
	}
	select {
	case t.wake <- struct{}{}:
	default:
	}
}

// Run works the queue until ctx ends, at most Concurrency programs at a
// time; it waits for those running before it returns.
func (t *Transcriber) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	slots := make(chan struct{}, t.Concurrency)
	for {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return nil
		}
		id, err := t.p.store.ClaimTranscriptJob(ctx, t.p.Now().Add(-t.Timeout-time.Minute))
		if err != nil {
			<-slots
			if !errors.Is(err, catalog.ErrNotFound) && ctx.Err() == nil {
				t.p.log.Error("publish: claim transcript job", "err", err)
			}
			select {
			case <-t.wake:
			case <-time.After(t.Poll):
			case <-ctx.Done():
				return nil
			}
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			t.generate(ctx, id)
		}()
	}
}

// generate runs the program for one episode and stores what came of it.
func (t *Transcriber) generate(ctx context.Context, episodeID string) {
	log := t.p.log.With("episode", episodeID)
	e, err := t.p.store.GetEpisode(ctx, episodeID)
	if err != nil {
		log.Info("publish: transcript job for a gone episode", "err", err)
		return
	}
	start := time.Now()
	cues, format, err := t.transcribe(ctx, e)
	if ctx.Err() != nil {
		return // shutting down: the job stays running and is taken again
	}
	res := &catalog.Transcript{EpisodeID: e.ID, Origin: catalog.TranscriptGenerated,
		Format: string(format), Cues: cues, State: catalog.TranscriptDone}
	if err != nil {
		res.State, res.Error, res.Cues = catalog.TranscriptFailed, err.Error(), nil
		log.Warn("publish: transcript failed", "err", err, "took", time.Since(start))
	} else {
		log.Info("publish: transcript generated", "cues", len(cues), "took", time.Since(start))
	}
	if err := t.p.store.PutTranscript(ctx, res); err != nil && !errors.Is(err, catalog.ErrNotFound) {
		log.Error("publish: store generated transcript", "err", err)
	}
}

// transcribe copies the audio to a temporary file (storage may be S3), runs
// the program on it and reads its output.
func (t *Transcriber) transcribe(ctx context.Context, e *catalog.Episode) ([]catalog.Cue, transcript.Format, error) {
	r, _, err := t.p.blobs.Open(ctx, e.Audio.Key)
	if err != nil {
		return nil, "", fmt.Errorf("open the audio: %w", err)
	}
	defer r.Close()
	f, err := os.CreateTemp("", "onair-transcribe-*"+path.Ext(e.Audio.Key))
	if err != nil {
		return nil, "", err
	}
	defer os.Remove(f.Name())
	_, err = io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, "", fmt.Errorf("copy the audio: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, t.Timeout)
	defer cancel()
	args := append(append([]string{}, t.Command[1:]...), f.Name())
	cmd := exec.CommandContext(ctx, t.Command[0], args...)
	var stdout limitedBuffer
	stdout.max = maxTranscriberOutput
	var stderr tailBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	// The program may start others (a wrapper script does): a timeout
	// stops them all.
	procgroup.Set(cmd)
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if ctx.Err() == context.DeadlineExceeded {
			return nil, "", fmt.Errorf("%s: stopped after %s", t.Command[0], t.Timeout)
		}
		if msg != "" {
			return nil, "", fmt.Errorf("%s: %v: %s", t.Command[0], err, msg)
		}
		return nil, "", fmt.Errorf("%s: %v", t.Command[0], err)
	}
	if stdout.over {
		return nil, "", fmt.Errorf("%s printed more than %d MiB", t.Command[0], maxTranscriberOutput>>20)
	}
	out := stdout.Bytes()
	format := transcript.Detect("", "", out)
	if format != transcript.VTT && format != transcript.SRT {
		return nil, "", fmt.Errorf("%s printed neither WebVTT nor SRT", t.Command[0])
	}
	cues, _, err := ParseTranscript(TranscriptUpload{Body: out, FileName: "out." + string(format)}, e.Audio.Duration)
	if err != nil {
		return nil, "", fmt.Errorf("%s printed a transcript onair cannot use: %s", t.Command[0], catalog.InvalidMessage(err))
	}
	return cues, format, nil
}

// limitedBuffer keeps the first max bytes written to it.
type limitedBuffer struct {
	bytes.Buffer
	max  int
	over bool
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.Len(); len(p) > room {
		b.over = true
		b.Buffer.Write(p[:max(room, 0)])
		return len(p), nil
	}
	return b.Buffer.Write(p)
}

// tailBuffer keeps the last 2 KB written to it: the program's last words.
type tailBuffer struct{ b []byte }

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > 2048 {
		t.b = t.b[len(t.b)-2048:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string { return string(t.b) }

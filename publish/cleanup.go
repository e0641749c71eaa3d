package publish

import (
	"context"
)

// deleteBlobs removes blobs that no row refers to (any more). It runs
// whatever happened to the request that asked: a cancelled upload must
// still remove what it stored. A failure only leaves an orphan file, so it
// is logged, not returned. Every path that deletes blobs comes here.
func (p *Service) deleteBlobs(ctx context.Context, keys ...string) {
	ctx = context.WithoutCancel(ctx)
	for _, k := range keys {
		if k == "" {
			continue
		}
		if err := p.blobs.Delete(ctx, k); err != nil {
			p.log.WarnContext(ctx, "publish: delete blob", "key", k, "err", err)
		}
	}
}

// undo deletes the blobs in *keys when the deferring function fails with
// *err or panics; a function whose row now refers to them sets *keys to
// nil first. Use as defer p.undo(ctx, &keys, &err).
func (p *Service) undo(ctx context.Context, keys *[]string, err *error) {
	if v := recover(); v != nil {
		p.deleteBlobs(ctx, *keys...)
		panic(v)
	}
	if *err != nil {
		p.deleteBlobs(ctx, *keys...)
	}
}

// Discard deletes an audio file that will not become an episode's, e.g.
// when the fields sent with it are refused.
func (p *Service) Discard(ctx context.Context, a *Audio) {
	if a != nil {
		p.deleteBlobs(ctx, a.Key)
	}
}

package uploads

import (
	"context"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// An upload's claim in the catalog (catalog.UploadStore.ClaimUpload) is
// held by whoever writes its bytes or finishes it, on any node: a PATCH
// holds it if it is free (hold), finishing and deleting wait for it
// (claim), and a request only looking waits a while for it to go
// (waitIdle).

// waitIdle returns once nobody holds the upload's claim (a PATCH storing
// bytes, or a node finishing it), or after the idle wait
// (Config.UploadIdleWait). A claim with ttl
// 0 is taken only when free and gives it up at once: a look that cannot
// race.
func (cs *ChunkStore) waitIdle(ctx context.Context, id string) {
	holder := catalog.NewID()
	deadline := time.Now().Add(cs.idleWait)
	for {
		free, err := cs.store.ClaimUpload(ctx, id, holder, cs.now(), 0)
		if err != nil || free || time.Now().After(deadline) {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// claim waits until it has the claim to finish (or delete) the upload, on
// every node (catalog.UploadStore.ClaimUpload), and returns the func that
// gives it up. The claim is renewed until then. hold does not wait.
func (cs *ChunkStore) claim(ctx context.Context, id string) (func(), error) {
	holder := catalog.NewID()
	for {
		ok, err := cs.store.ClaimUpload(ctx, id, holder, cs.now(), finishClaimTTL)
		if err != nil {
			return nil, err
		}
		if ok {
			return cs.renew(ctx, id, holder), nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// hold takes the upload's claim if it is free and returns the func that
// gives it up, or nil when someone else has it.
func (cs *ChunkStore) hold(ctx context.Context, id string) func() {
	holder := catalog.NewID()
	ok, err := cs.store.ClaimUpload(ctx, id, holder, cs.now(), finishClaimTTL)
	if err != nil || !ok {
		return nil
	}
	return cs.renew(ctx, id, holder)
}

// renew keeps holder's claim on the upload until the returned func is
// called, which gives it up.
func (cs *ChunkStore) renew(ctx context.Context, id, holder string) func() {
	ctx = context.WithoutCancel(ctx)
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(finishClaimTTL / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				cs.store.ClaimUpload(ctx, id, holder, cs.now(), finishClaimTTL)
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
		cs.store.ClaimUpload(ctx, id, holder, cs.now(), 0)
	}
}

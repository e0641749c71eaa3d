package uploads

import (
	"context"
	"log/slog"

	expslog "golang.org/x/exp/slog"
)

// tusLog hands tusd's log records (x/exp/slog) to the server's logger, at
// Warn and above, so they land in the same log with the same format. A
// client whose connection drops mid-upload is normal for resumable uploads,
// so tusd's BodyReadError is logged as Info, like a request line.
type tusLog struct {
	log   *slog.Logger
	attrs []slog.Attr
}

func (h tusLog) Enabled(ctx context.Context, l expslog.Level) bool {
	return l >= expslog.LevelWarn && h.log.Enabled(ctx, slog.Level(l))
}

func (h tusLog) Handle(ctx context.Context, r expslog.Record) error {
	level := slog.Level(r.Level)
	if r.Message == "BodyReadError" {
		level = slog.LevelInfo
	}
	if !h.log.Enabled(ctx, level) {
		return nil
	}
	out := slog.NewRecord(r.Time, level, "tus: "+r.Message, r.PC)
	out.AddAttrs(h.attrs...)
	r.Attrs(func(a expslog.Attr) bool {
		out.AddAttrs(slog.Any(a.Key, a.Value.Any()))
		return true
	})
	return h.log.Handler().Handle(ctx, out)
}

func (h tusLog) WithAttrs(as []expslog.Attr) expslog.Handler {
	attrs := append([]slog.Attr{}, h.attrs...)
	for _, a := range as {
		attrs = append(attrs, slog.Any(a.Key, a.Value.Any()))
	}
	return tusLog{log: h.log, attrs: attrs}
}

// WithGroup flattens groups: tusd does not use them.
func (h tusLog) WithGroup(string) expslog.Handler { return h }

package logs

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"time"
)

// Request is the line every HTTP request is logged with. Log writes it.
type Request struct {
	Time          time.Time // when it was answered
	Method, Path  string
	Status, Bytes int64
	Duration      time.Duration
	ID            string // the request id
}

// The record a Request is: RequestMessage at info level with the Key*
// attributes in this order.
const (
	RequestMessage = "request"
	KeyMethod      = "method"
	KeyPath        = "path"
	KeyStatus      = "status"
	KeyBytes       = "bytes"
	KeyDuration    = "duration"
	KeyRequestID   = "request_id"
)

// Record is q as a slog record (with no caller: a request line never says
// where it was logged).
func (q Request) Record() slog.Record {
	r := slog.NewRecord(q.Time, slog.LevelInfo, RequestMessage, 0)
	r.AddAttrs(slog.String(KeyMethod, q.Method), slog.String(KeyPath, q.Path), slog.Int64(KeyStatus, q.Status),
		slog.Int64(KeyBytes, q.Bytes), slog.Duration(KeyDuration, q.Duration), slog.String(KeyRequestID, q.ID))
	return r
}

// Log writes q through l's handler, if it takes info records: NewHandler's
// handlers write it straight away, any other gets q.Record(). Building the
// record and finding the caller, as Logger methods do, was most of a
// request line's cost.
func Log(ctx context.Context, l *slog.Logger, q Request) {
	h := l.Handler()
	if !h.Enabled(ctx, slog.LevelInfo) {
		return
	}
	if fast, ok := h.(*handler); ok && fast.plain {
		fast.request(q)
		return
	}
	h.Handle(ctx, q.Record())
}

// NewHandler returns slog's JSON handler writing to w, with a fast path
// for request lines (Log, or a record exactly like Request.Record): they
// are written by hand, byte for byte as the JSON handler would write them
// (TestRequestLineMatchesSlog), at a fraction of the cost, which was a
// tenth of serving a cached feed. Every other record, and every record of
// a handler derived with WithAttrs or WithGroup, goes to the JSON handler.
// w gets one Write per line.
func NewHandler(w io.Writer, opts *slog.HandlerOptions) slog.Handler {
	if opts == nil {
		opts = &slog.HandlerOptions{}
	}
	return &handler{Handler: slog.NewJSONHandler(w, opts), w: w, plain: opts.ReplaceAttr == nil && !opts.AddSource}
}

type handler struct {
	slog.Handler // the JSON handler
	w            io.Writer
	plain        bool // no option changes what the JSON handler writes
}

var lineBufs = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

func (h *handler) Handle(ctx context.Context, r slog.Record) error {
	q, ok := requestOf(r)
	if !h.plain || !ok {
		return h.Handler.Handle(ctx, r)
	}
	return h.request(q)
}

// request writes q's line.
func (h *handler) request(q Request) error {
	bp := lineBufs.Get().(*[]byte)
	b := appendRequestLine((*bp)[:0], q)
	_, err := h.w.Write(b)
	*bp = b
	lineBufs.Put(bp)
	return err
}

// requestOf reads a request record, or reports that r is none.
func requestOf(r slog.Record) (Request, bool) {
	q := Request{Time: r.Time}
	if r.Message != RequestMessage || r.Level != slog.LevelInfo || r.NumAttrs() != 6 || r.Time.IsZero() {
		return q, false
	}
	i, ok := 0, true
	r.Attrs(func(a slog.Attr) bool {
		switch v := a.Value; {
		case i == 0 && a.Key == KeyMethod && v.Kind() == slog.KindString:
			q.Method = v.String()
		case i == 1 && a.Key == KeyPath && v.Kind() == slog.KindString:
			q.Path = v.String()
		case i == 2 && a.Key == KeyStatus && v.Kind() == slog.KindInt64:
			q.Status = v.Int64()
		case i == 3 && a.Key == KeyBytes && v.Kind() == slog.KindInt64:
			q.Bytes = v.Int64()
		case i == 4 && a.Key == KeyDuration && v.Kind() == slog.KindDuration:
			q.Duration = v.Duration()
		case i == 5 && a.Key == KeyRequestID && v.Kind() == slog.KindString:
			q.ID = v.String()
		default:
			ok = false
		}
		i++
		return ok
	})
	return q, ok
}

// WithAttrs and WithGroup return the JSON handler's: a derived handler's
// records carry more than a request record does.
func (h *handler) WithAttrs(as []slog.Attr) slog.Handler { return h.Handler.WithAttrs(as) }
func (h *handler) WithGroup(name string) slog.Handler    { return h.Handler.WithGroup(name) }

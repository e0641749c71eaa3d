package media

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/minio/minio-go/v7"
)

// RangeOpener is storage that can open a blob and start reading it in one
// request, learning the blob's size from the answer: for S3, a ranged GET
// whose Content-Range gives the size, instead of a HEAD and then a GET.
type RangeOpener interface {
	// OpenRange is Open, with reading under way from start to end
	// (exclusive; end < 0 reads to the end of the blob). A start < 0 asks
	// for the last -start bytes, as a suffix Range does. A range the blob
	// cannot satisfy still opens it: the caller answers that.
	OpenRange(ctx context.Context, key string, start, end int64) (Reader, BlobInfo, error)
}

var _ RangeOpener = (*S3)(nil)

// OpenRange implements RangeOpener with one ranged GET, made now whether
// or not the info cache knows the blob: so a blob deleted through another
// node is ErrBlobMissing here, before a caller has said anything to its
// client, and not in the middle of a response.
func (s *S3) OpenRange(ctx context.Context, key string, start, end int64) (Reader, BlobInfo, error) {
	if !ValidKey(key) {
		return nil, BlobInfo{}, fmt.Errorf("media: invalid blob key %q", key)
	}
	var rng string
	switch {
	case start < 0:
		rng = "bytes=" + strconv.FormatInt(start, 10)
	case end < 0:
		rng = "bytes=" + strconv.FormatInt(start, 10) + "-"
	case end > start:
		rng = "bytes=" + strconv.FormatInt(start, 10) + "-" + strconv.FormatInt(end-1, 10)
	default:
		return s.Open(ctx, key) // nothing to read
	}
	opts := minio.GetObjectOptions{}
	opts.Set("Range", rng)
	body, oi, h, err := s.core.GetObject(ctx, s.bucket, key, opts)
	if err != nil {
		if resp := minio.ToErrorResponse(err); resp.StatusCode == http.StatusRequestedRangeNotSatisfiable {
			// Past the end (or an empty blob): the caller answers 416
			// once it knows the size.
			return s.Open(ctx, key)
		}
		return nil, BlobInfo{}, s.wrapGet(key, err)
	}
	first, last, size, ok := parseContentRange(h.Get("Content-Range"))
	if !ok {
		// A whole-object answer (a server that ignores Range).
		first, last, size = 0, oi.Size-1, oi.Size
	}
	info := BlobInfo{Key: key, Size: size, ModTime: oi.LastModified}
	s.infos.put(info)
	r := newS3Reader(ctx, s, key, size)
	r.requests++
	if last < first {
		body.Close()
		return r, info, nil
	}
	r.body, r.bodyPos, r.bodyEnd = body, first, last+1
	r.lastEnd, r.window = last+1, last+1-first
	return r, info, nil
}

// wrapGet is wrap for a GET: a blob found missing leaves the info cache.
func (s *S3) wrapGet(key string, err error) error {
	err = s.wrap("get", key, err)
	if errors.Is(err, ErrBlobMissing) {
		s.infos.drop(key)
	}
	return err
}

// parseContentRange reads "bytes FIRST-LAST/SIZE"; a size of "*" is not ok.
func parseContentRange(v string) (first, last, size int64, ok bool) {
	rest, ok := strings.CutPrefix(v, "bytes ")
	if !ok {
		return 0, 0, 0, false
	}
	span, total, ok1 := strings.Cut(rest, "/")
	a, b, ok2 := strings.Cut(span, "-")
	if !ok1 || !ok2 {
		return 0, 0, 0, false
	}
	var err1, err2, err3 error
	first, err1 = strconv.ParseInt(a, 10, 64)
	last, err2 = strconv.ParseInt(b, 10, 64)
	size, err3 = strconv.ParseInt(total, 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || first < 0 || last < first || last >= size {
		return 0, 0, 0, false
	}
	return first, last, size, true
}

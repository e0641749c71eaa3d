package delivery

import (
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/onair-fm/onair/catalog"
)

// contentRangeStart reads the first byte position from "bytes a-b/size".
func contentRangeStart(cr string) (int64, bool) {
	rest, ok := strings.CutPrefix(cr, "bytes ")
	if !ok {
		return 0, false
	}
	a, _, ok := strings.Cut(rest, "-")
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(a, 10, 64)
	return n, err == nil && n >= 0
}

// rangeSpec is one range of a Range header, before the blob's size is
// known: first-last, first- (last is -1), or the suffix -n (first is -n,
// last -1).
type rangeSpec struct{ first, last int64 }

// rangeSpecs reads a Range header's byte ranges as RFC 9110 writes them,
// blanks around each allowed as http.ServeContent allows them; nil when
// any is malformed.
func rangeSpecs(h string) []rangeSpec {
	spec, ok := strings.CutPrefix(strings.TrimSpace(h), "bytes=")
	if !ok {
		return nil
	}
	var out []rangeSpec
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		a, b, ok := strings.Cut(part, "-")
		if !ok {
			return nil
		}
		a, b = strings.TrimSpace(a), strings.TrimSpace(b)
		var r rangeSpec
		if a == "" {
			n, err := strconv.ParseInt(b, 10, 64)
			if err != nil || n <= 0 {
				return nil
			}
			r = rangeSpec{-n, -1}
		} else {
			first, err := strconv.ParseInt(a, 10, 64)
			if err != nil || first < 0 {
				return nil
			}
			r = rangeSpec{first, -1}
			if b != "" {
				if r.last, err = strconv.ParseInt(b, 10, 64); err != nil || r.last < first {
					return nil
				}
			}
		}
		out = append(out, r)
	}
	return out
}

// parseRanges reads a Range header (rangeSpecs) resolved against size into
// half-open ranges; it returns nil for anything it cannot satisfy. Only
// used to learn what a multi-range response held, after
// http.ServeContent has answered it.
func parseRanges(h string, size int64) []catalog.ByteRange {
	specs := rangeSpecs(h)
	if specs == nil || size <= 0 {
		return nil
	}
	out := make([]catalog.ByteRange, 0, len(specs))
	for _, s := range specs {
		r, ok := resolveRange(s, size)
		if !ok {
			return nil
		}
		out = append(out, r)
	}
	return out
}

// contentDisposition builds an RFC 6266 header naming the file title+ext:
// an ASCII filename for old clients, and filename* (RFC 8187, UTF-8) with
// the full name when it is not plain ASCII.
func contentDisposition(kind, title, ext string) string {
	name := downloadName(title)
	if name == "" {
		return kind
	}
	name += ext // from a valid blob key: safe
	ascii := asciiFileName(name)
	h := kind + `; filename="` + ascii + `"`
	if ascii != name {
		h += "; filename*=UTF-8''" + encodeRFC8187(name)
	}
	return h
}

// downloadName makes an episode title safe in a file name: no path
// separators, control characters or quotes, at most 120 characters, and no
// bidi controls (U+202E and its kin), with which a saved file's name
// shows in another order than it is, disguising its type.
func downloadName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '/' || r == '\\' || r == '"' || r == ':' || r == '*' || r == '?' || r == '<' || r == '>' || r == '|':
			b.WriteRune('-')
		case unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == utf8.RuneError:
		case unicode.IsSpace(r):
			b.WriteRune(' ')
		default:
			b.WriteRune(r)
		}
	}
	out := strings.Join(strings.Fields(b.String()), " ")
	out = strings.Trim(out, ". ")
	if utf8.RuneCountInString(out) > 120 {
		out = string([]rune(out)[:120])
	}
	return out
}

// asciiFileName keeps the ASCII of name, with '_' for the rest.
func asciiFileName(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r < 0x80 && r >= 0x20 && r != '%' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// encodeRFC8187 percent-encodes everything but RFC 8187's attr-char.
func encodeRFC8187(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// cleanRange rewrites a Range header into what http.ServeContent answers
// as RFC 9110 says: a unit other than bytes is ignored (14.2: a server MUST
// ignore units it does not know), the unit is matched without case, and a
// suffix of zero bytes ("-0"), which ServeContent would answer with an
// empty 206 and an impossible Content-Range, becomes an unsatisfiable range
// so it is dropped, or answers 416 when nothing else is asked for.
func cleanRange(h http.Header, size int64) {
	v := h.Get("Range")
	if v == "" {
		return
	}
	unit, spec, ok := strings.Cut(v, "=")
	if !ok || !strings.EqualFold(strings.TrimSpace(unit), "bytes") {
		h.Del("Range")
		return
	}
	parts := strings.Split(spec, ",")
	for i, p := range parts {
		a, b, ok := strings.Cut(strings.TrimSpace(p), "-")
		if ok && a == "" && b != "" && strings.Trim(b, "0") == "" {
			parts[i] = strconv.FormatInt(size, 10) + "-"
		}
	}
	h.Set("Range", "bytes="+strings.Join(parts, ","))
}

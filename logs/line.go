package logs

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// appendRequestLine appends the line slog's JSON handler writes for
// q.Record(), byte for byte (TestRequestLineMatchesSlog).
func appendRequestLine(b []byte, q Request) []byte {
	b = append(b, `{"time":"`...)
	b = q.Time.AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","level":"INFO","msg":"request","method":`...)
	b = appendJSONString(b, q.Method)
	b = append(b, `,"path":`...)
	b = appendJSONString(b, q.Path)
	b = append(b, `,"status":`...)
	b = strconv.AppendInt(b, q.Status, 10)
	b = append(b, `,"bytes":`...)
	b = strconv.AppendInt(b, q.Bytes, 10)
	b = append(b, `,"duration":`...)
	b = strconv.AppendInt(b, int64(q.Duration), 10)
	b = append(b, `,"request_id":`...)
	b = appendJSONString(b, q.ID)
	return append(b, "}\n"...)
}

// appendJSONString appends s as a JSON string the way log/slog does:
// quotes, backslashes and control characters escaped, invalid UTF-8 as
// U+FFFD, and U+2028 and U+2029 escaped for JavaScript; HTML characters
// are left alone.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

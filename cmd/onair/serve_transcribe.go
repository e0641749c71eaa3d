package main

import (
	"fmt"
	"os/exec"
	"strings"
	"time"

	"github.com/onair-fm/onair/publish"
)

// checkTranscribe reads --transcribe-cmd into its words and checks the
// program is there, so a typo stops serve at start, not at the first
// upload.
func (c *serveConfig) checkTranscribe() error {
	if strings.TrimSpace(c.transcribeCmd) == "" {
		return nil
	}
	words, err := splitCommand(c.transcribeCmd)
	if err != nil {
		return fmt.Errorf("--transcribe-cmd: %v", err)
	}
	if _, err := exec.LookPath(words[0]); err != nil {
		return fmt.Errorf("--transcribe-cmd: %s: no such program", words[0])
	}
	if c.transcribeJobs < 1 {
		return fmt.Errorf("--transcribe-jobs must be at least 1, not %d", c.transcribeJobs)
	}
	if c.transcribeTimeout < time.Second {
		return fmt.Errorf("--transcribe-timeout must be at least 1s, not %s", c.transcribeTimeout)
	}
	c.transcribe = words
	return nil
}

// transcriber enables generated transcripts on pub when the flags ask.
func (c *serveConfig) transcriber(pub *publish.Service) *publish.Transcriber {
	if c.transcribe == nil {
		return nil
	}
	return pub.EnableTranscriber(&publish.Transcriber{Command: c.transcribe,
		Concurrency: c.transcribeJobs, Timeout: c.transcribeTimeout})
}

// splitCommand splits a command line into words as a shell would for the
// simple cases: spaces separate, single and double quotes group, a
// backslash escapes the next character (outside single quotes).
func splitCommand(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord, quote := false, rune(0)
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case quote == '\'' && r != '\'':
			cur.WriteRune(r)
		case r == '\\' && quote != '\'' && i+1 < len(rs):
			i++
			cur.WriteRune(rs[i])
			inWord = true
		case quote != 0 && r == quote:
			quote = 0
		case quote == 0 && (r == '\'' || r == '"'):
			quote, inWord = r, true
		case quote == 0 && (r == ' ' || r == '\t' || r == '\n'):
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed %c quote", quote)
	}
	if inWord {
		words = append(words, cur.String())
	}
	if len(words) == 0 {
		return nil, fmt.Errorf("no program named")
	}
	return words, nil
}

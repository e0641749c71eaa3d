package main

import (
	"embed"
	"io/fs"
)

// demoFiles are the demo show's episodes and cover for serve --demo, made by
// demo/make-demo.sh: three spoken clips of about 8 s (two MP3, one M4A).
//
//go:embed demo/*.mp3 demo/*.m4a demo/cover.jpg
var demoFiles embed.FS

func demoFS() fs.FS {
	sub, err := fs.Sub(demoFiles, "demo")
	if err != nil {
		panic(err)
	}
	return sub
}

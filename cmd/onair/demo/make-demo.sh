#!/usr/bin/env bash
# Makes the demo show's audio and cover, embedded in the onair binary for
# `onair serve --demo`. Needs espeak-ng, sox, lame, ffmpeg and ImageMagick
# (Debian: apt-get install espeak-ng sox lame ffmpeg imagemagick).
# The files are committed; run this only to change them.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

say() { # say NAME VOICE TEXT: speech over a soft pad, 22.05 kHz mono
	espeak-ng -v "$2" -s 150 -w "$tmp/$1-voice.wav" "$3"
	sox "$tmp/$1-voice.wav" -r 22050 -c 1 "$tmp/$1-v.wav" pad 0.5 0.8
	local len
	len=$(soxi -D "$tmp/$1-v.wav")
	sox -n -r 22050 -c 1 "$tmp/$1-pad.wav" synth "$len" sine 220 sine 277 sine 330 fade 0.3 "$len" 0.6 vol 0.04
	sox -m "$tmp/$1-v.wav" "$tmp/$1-pad.wav" "$tmp/$1.wav" norm -3
}

say 01 en-us "Welcome to onair. This is the first demo episode. Upload your own with the publisher API."
say 02 en-gb "Episode two. Every episode has a page, an embeddable player, and a place in the show's feeds."
say 03 en-us "The third and last demo episode. Subscribe to the feed in any podcast app. Thanks for listening."

lame --quiet --id3v2-only --id3v2-latin1 -b 40 -m m --tt "Welcome to onair" --ta "onair" --tl "onair demo" \
	--tc "The first demo episode: what onair is." --tn 1 "$tmp/01.wav" 01-welcome.mp3
lame --quiet --id3v2-only --id3v2-latin1 -V 7 -m m --tt "Pages, players and feeds" --ta "onair" --tl "onair demo" \
	--tc "Episode two: where episodes show up." --tn 2 "$tmp/02.wav" 02-pages.mp3
ffmpeg -v error -y -i "$tmp/03.wav" -c:a aac -b:a 40k -map_metadata -1 -metadata title="Subscribe" -metadata comment="The last demo episode, in M4A." -metadata track=3 \
	-movflags +faststart 03-subscribe.m4a

convert -size 1400x1400 gradient:'#1d3557-#457b9d' \
	-gravity center -fill white -font DejaVu-Sans-Bold -pointsize 220 -annotate +0-80 'onair' \
	-pointsize 90 -annotate +0+140 'demo show' -strip -quality 70 cover.jpg
ls -l

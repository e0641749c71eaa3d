#!/usr/bin/env bash
# make-fixtures.sh regenerates the small audio fixtures in testdata/ and
# testdata/manifest.json (same shape as ../shared/media-corpus/manifest.json),
# so tests work on a clone without the shared corpus.
#
# Needs Debian's: ffmpeg espeak-ng sox lame flac vorbis-tools opus-tools
# imagemagick python3-mutagen. Output is deterministic for a given set of
# tool versions (fixed serials, no dither, -bitexact, stripped images).
#
# The durations in the manifest are the truth from a full ffmpeg decode,
# never from a header.
set -euo pipefail
PATH=/usr/bin:/bin:$PATH # Debian's python3, the one with mutagen
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOX_OPTS="-R -D"

# Source audio: espeak-ng speech, resampled to 44.1 kHz stereo.
speech() { # name channels text
	espeak-ng -v en-us -s 170 -w "$tmp/$1.raw.wav" "$3"
	sox "$tmp/$1.raw.wav" -r 44100 -c "$2" -b 16 "$tmp/$1.wav" rate -v
}
speech short 2 "The evening ferry now runs until eleven. Buses leave the harbor every twenty minutes."
speech long 1 "Good morning, this is the harbor town report. First, the ferry. The council voted to extend the evening ferry. Second, the school buses. Two routes are added in the west. Third, the weather. Showers after two, clearing by evening. That is all for today."

# Artwork: a deterministic gradient with text, no dates in the files.
convert -size 320x240 gradient:navy-orange -gravity center -pointsize 40 \
	-fill white -annotate 0 onair -strip "$tmp/cover.jpg"
convert -size 200x100 gradient:green-yellow -strip \
	-define png:exclude-chunks=date,time "$tmp/cover.png"

FF=(ffmpeg -nostdin -v error -y)
BITEXACT=(-fflags +bitexact -flags:a +bitexact -map_metadata -1)

# MP3s.
lame --quiet --resample 44.1 -m m -b 64 "$tmp/short.wav" "$tmp/cbr.mp3"
lame --quiet -V 8 --resample 32 "$tmp/long.wav" mp3_vbr_xing.mp3
lame --quiet -V 8 --resample 32 -t "$tmp/long.wav" mp3_vbr_noxing.mp3
lame --quiet --resample 22.05 -m m -b 32 "$tmp/short.wav" mp3_mpeg2_22k_mono.mp3
lame --quiet --resample 11.025 -m m -b 16 -t "$tmp/short.wav" mp3_mpeg25_11k_noxing.mp3

/usr/bin/python3 - "$tmp" <<'EOF'
import sys
from mutagen.id3 import ID3, TIT2, TPE1, TALB, TYER, TDRC, COMM, TCON, TRCK, APIC, CHAP, CTOC, CTOCFlags
tmp = sys.argv[1]
import shutil
shutil.copy(tmp + "/cbr.mp3", "mp3_cbr_id3v23_apic.mp3")
t = ID3()
t.add(TIT2(encoding=0, text="Ferry Hours"))
t.add(TPE1(encoding=0, text="Fixture Newsroom"))
t.add(TALB(encoding=0, text="Fixture Report"))
t.add(TYER(encoding=0, text="2025"))
t.add(COMM(encoding=0, lang="eng", desc="", text="Short CBR fixture."))
t.add(TCON(encoding=0, text="Podcast"))
t.add(TRCK(encoding=0, text="7/9"))
t.add(APIC(encoding=0, mime="image/jpeg", type=3, desc="cover", data=open(tmp + "/cover.jpg", "rb").read()))
t.save("mp3_cbr_id3v23_apic.mp3", v2_version=3, padding=lambda info: 512)

# ID3v2.4 with chapters, stored out of time order, on the VBR file.
shutil.copy("mp3_vbr_xing.mp3", "mp3_id3v24_chapters.mp3")
t = ID3()
t.add(TIT2(encoding=3, text="Chapters — Día"))
t.add(TPE1(encoding=3, text="Fixture Newsroom"))
t.add(TDRC(encoding=3, text="2025-06-01"))
t.add(TRCK(encoding=3, text="2"))
t.add(CHAP(element_id="c2", start_time=9000, end_time=14500, sub_frames=[TIT2(encoding=3, text="Weather")]))
t.add(CHAP(element_id="c0", start_time=0, end_time=4000, sub_frames=[TIT2(encoding=3, text="Ferry")]))
t.add(CHAP(element_id="c1", start_time=4000, end_time=9000, sub_frames=[TIT2(encoding=3, text="Buses")]))
t.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=["c0", "c1", "c2"], sub_frames=[]))
t.save("mp3_id3v24_chapters.mp3", v2_version=4, padding=lambda info: 0)
EOF

# Tails and damage: APEv2 + ID3v1 after the audio; junk between frames; a cut
# last frame.
/usr/bin/python3 - <<'EOF'
import struct
src = open("mp3_vbr_noxing.mp3", "rb").read()
def ape(items):
    body = b""
    for k, v in items:
        v = v.encode()
        body += struct.pack("<II", len(v), 0) + k.encode() + b"\0" + v
    size = len(body) + 32
    def hdr(flags):
        return b"APETAGEX" + struct.pack("<IIII", 2000, size, len(items), flags) + b"\0" * 8
    return hdr(0xA0000000) + body + hdr(0x80000000)
def id3v1(title, artist, album, year, comment, track, genre):
    f = lambda s, n: s.encode("latin-1")[:n].ljust(n, b"\0")
    return b"TAG" + f(title, 30) + f(artist, 30) + f(album, 30) + f(year, 4) + f(comment, 28) + b"\0" + bytes([track, genre])
tail = ape([("Title", "Ape Title"), ("Artist", "Ape Artist")]) + id3v1("V1 Title", "V1 Artist", "V1 Album", "2019", "v1 comment", 4, 101)
open("mp3_noxing_apev2_id3v1.mp3", "wb").write(src + tail)
# Junk: 700 bytes of 0xFF 0xFB-looking noise after the 10th frame.
def frames(b):
    # MPEG-1 layer III only: enough for lame's output here.
    rates = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
    i, out = 0, []
    while i + 4 <= len(b) and b[i] == 0xFF:
        br = rates[b[i + 2] >> 4]
        sr = [44100, 48000, 32000][(b[i + 2] >> 2) & 3]
        pad = (b[i + 2] >> 1) & 1
        n = 144000 * br // sr + pad
        out.append(i)
        i += n
    return out
offs = frames(src)
cut = offs[10]
junk = bytes([0xFF, 0xFB, 0xF4, 0x00] * 25) + bytes(range(256)) * 2 + b"\0" * 88
open("mp3_junk_between_frames.mp3", "wb").write(src[:cut] + junk + src[cut:])
# Truncated: the last frame loses half its bytes.
last = offs[-1]
open("mp3_truncated_last_frame.mp3", "wb").write(src[: last + (len(src) - last) // 2])
EOF

# MP4/M4A: faststart with cover, moov at the end, chapters.
meta=(-metadata title="Theater Night" -metadata artist="Fixture Newsroom"
	-metadata album="Fixture Report" -metadata date=2025 -metadata comment="AAC fixture."
	-metadata genre=Podcast -metadata track=3/9)
"${FF[@]}" -i "$tmp/short.wav" -i "$tmp/cover.png" -map 0:a -map 1:v "${BITEXACT[@]}" \
	-c:a aac -b:a 64k -c:v copy -disposition:v attached_pic "${meta[@]}" \
	-movflags +faststart m4a_faststart_cover.m4a
"${FF[@]}" -i "$tmp/short.wav" "${BITEXACT[@]}" -c:a aac -b:a 48k "${meta[@]}" m4a_moov_at_end.m4a
cat >"$tmp/chapters.txt" <<'EOF'
;FFMETADATA1
title=Chapter Fixture
artist=Fixture Newsroom
[CHAPTER]
TIMEBASE=1/1000
START=0
END=4200
title=Opening
[CHAPTER]
TIMEBASE=1/1000
START=4200
END=9100
title=Middle part
[CHAPTER]
TIMEBASE=1/1000
START=9100
END=14000
title=Sign-off
EOF
"${FF[@]}" -i "$tmp/long.wav" -i "$tmp/chapters.txt" -map 0:a -map_metadata 1 -map_chapters 1 \
	-fflags +bitexact -flags:a +bitexact -c:a aac -b:a 32k m4a_chapters.m4a
cp m4a_moov_at_end.m4a m4a_renamed.mp3
"${FF[@]}" -i "$tmp/short.wav" "${BITEXACT[@]}" -ac 1 -c:a aac -b:a 32k "${meta[@]}" \
	-movflags +frag_keyframe+empty_moov+default_base_moof -frag_duration 1000000 m4a_fragmented.m4a
"${FF[@]}" -i "$tmp/short.wav" "${BITEXACT[@]}" -c:a aac -b:a 48k -f adts aac_adts.aac
"${FF[@]}" -i "$tmp/short.wav" "${BITEXACT[@]}" -t 2 -ac 1 -ar 8000 -c:a alac m4a_alac.m4a
"${FF[@]}" -i "$tmp/short.wav" "${BITEXACT[@]}" -ac 1 -c:a mp2 -b:a 48k -f mp2 mp2_layer2.mp2

# Ogg Vorbis, Opus, FLAC, WAV.
oggenc --quiet --serial 11 -q 2 -t "Vorbis Fixture" -a "Fixture Newsroom" -l "Fixture Report" \
	-d 2025-02-03 -G Podcast -N 5 -c "COMMENT=Vorbis fixture." -o vorbis.ogg "$tmp/short.wav"
opusenc --quiet --serial 12 --bitrate 32 --title "Opus Fixture" --artist "Fixture Newsroom" \
	--album "Fixture Report" --date 2025 --genre Podcast --tracknumber 6 \
	--comment "COMMENT=Opus fixture." --picture "$tmp/cover.jpg" "$tmp/short.wav" opus.opus
# Chained Ogg: two Opus links one after another, as cat makes of two files
# (RFC 3533: a link ends, the next begins with its own streams).
"${FF[@]}" -f lavfi -i sine=frequency=440:duration=1.5 "${BITEXACT[@]}" -c:a libopus -b:a 24k -serial_offset 21 "$tmp/link1.opus"
"${FF[@]}" -f lavfi -i sine=frequency=660:duration=2.25 "${BITEXACT[@]}" -c:a libopus -b:a 24k -serial_offset 22 "$tmp/link2.opus"
cat "$tmp/link1.opus" "$tmp/link2.opus" >ogg_chained.opus
sox "$tmp/short.wav" -c 1 "$tmp/flac.wav" trim 0 1
"${FF[@]}" -f lavfi -i testsrc=size=32x24:rate=2:duration=2 -f lavfi -i sine=frequency=440:duration=2 \
	-fflags +bitexact -c:v libtheora -q:v 1 -c:a libvorbis -q:a 0 -ac 1 -ar 8000 ogg_theora_vorbis.ogg
flac --silent -f -5 --picture="3|image/jpeg|||$tmp/cover.jpg" -T TITLE="FLAC Fixture" \
	-T ARTIST="Fixture Newsroom" -T ALBUM="Fixture Report" -T DATE=2025 -T COMMENT="FLAC fixture." \
	-T GENRE=Podcast -T TRACKNUMBER=8 -o flac_picture.flac "$tmp/flac.wav"
sox "$tmp/short.wav" -r 8000 -c 1 -b 16 wav_pcm16_mono.wav rate -v trim 0 2.5
sox "$tmp/short.wav" -r 8000 -c 1 -b 16 aiff_pcm16.aiff rate -v trim 0 1.5
"${FF[@]}" -i wav_pcm16_mono.wav -t 1 -fflags +bitexact -metadata title="Wave Fixture" \
	-metadata artist="Fixture Newsroom" -metadata date=2025 -metadata comment="WAV fixture." -metadata genre=Podcast \
	-c:a pcm_s16le wav_info_tags.wav

# Not audio.
cp "$tmp/cover.png" not_audio.png
printf 'This is a text file with an .mp3 name.\nIt has no audio in it.\n' >text_as.mp3
: >zero_bytes.mp3
"${FF[@]}" -f lavfi -i testsrc=size=64x48:rate=5:duration=1 "${BITEXACT[@]}" -c:v mpeg4 -q:v 10 video_no_audio.mp4

/usr/bin/python3 manifest.py

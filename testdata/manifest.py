#!/usr/bin/env python3
"""Writes manifest.json for the fixtures make-fixtures.sh made.

The shape follows ../shared/media-corpus/manifest.json. decoded_duration_ms is
the truth: every file is decoded completely with ffmpeg and its samples are
counted. Tags, artwork and chapters are what make-fixtures.sh wrote.
"""
import hashlib
import json
import os
import subprocess

NO_TAGS = dict(title=None, artist=None, album=None, year=None, comment=None, genre=None, track=None)


def tags(**kw):
    t = dict(NO_TAGS)
    t.update(kw)
    return t


FIXTURE = tags(artist="Fixture Newsroom", album="Fixture Report", genre="Podcast")
FILES = [
    ("mp3_cbr_id3v23_apic.mp3", "ok",
     tags(title="Ferry Hours", artist="Fixture Newsroom", album="Fixture Report", year="2025",
          comment="Short CBR fixture.", genre="Podcast", track="7/9"),
     ("image/jpeg", 320, 240), [], "MPEG-1 CBR 64k mono, ID3v2.3 with APIC JPEG 320x240, LAME Info frame"),
    ("mp3_vbr_xing.mp3", "ok", NO_TAGS, None, [], "MPEG-1 32 kHz VBR -V8 with Xing + LAME tag"),
    ("mp3_vbr_noxing.mp3", "ok", NO_TAGS, None, [], "MPEG-1 32 kHz VBR -V8 without a Xing frame (lame -t): frames must be counted"),
    ("mp3_mpeg2_22k_mono.mp3", "ok", NO_TAGS, None, [], "MPEG-2 Layer III 22.05 kHz mono CBR 32k with Info frame"),
    ("mp3_mpeg25_11k_noxing.mp3", "ok", NO_TAGS, None, [], "MPEG-2.5 Layer III 11.025 kHz mono, no Info frame"),
    ("mp3_id3v24_chapters.mp3", "ok",
     tags(title="Chapters — Día", artist="Fixture Newsroom", year="2025-06-01", track="2"), None,
     [dict(start_ms=0, end_ms=4000, title="Ferry"), dict(start_ms=4000, end_ms=9000, title="Buses"),
      dict(start_ms=9000, end_ms=14500, title="Weather")],
     "ID3v2.4 UTF-8 with CHAP/CTOC stored out of time order"),
    ("mp3_noxing_apev2_id3v1.mp3", "ok",
     tags(title="V1 Title", artist="V1 Artist", album="V1 Album", year="2019", comment="v1 comment",
          genre="Speech", track="4"), None, [],
     "no Xing; APEv2 tag then ID3v1.1 at the end (genre byte 101)"),
    ("mp3_junk_between_frames.mp3", "ok", NO_TAGS, None, [], "700 bytes of junk after the 10th frame, fake sync words in it"),
    ("mp3_truncated_last_frame.mp3", "ok", NO_TAGS, None, [], "last frame cut in half"),
    ("m4a_faststart_cover.m4a", "ok",
     tags(title="Theater Night", artist="Fixture Newsroom", album="Fixture Report", year="2025",
          comment="AAC fixture.", genre="Podcast", track="3/9"),
     ("image/png", 200, 100), [], "AAC-LC, moov before mdat, iTunes tags, covr PNG 200x100"),
    ("m4a_moov_at_end.m4a", "ok",
     tags(title="Theater Night", artist="Fixture Newsroom", album="Fixture Report", year="2025",
          comment="AAC fixture.", genre="Podcast", track="3/9"), None, [], "AAC-LC, moov after mdat"),
    ("m4a_renamed.mp3", "ok",
     tags(title="Theater Night", artist="Fixture Newsroom", album="Fixture Report", year="2025",
          comment="AAC fixture.", genre="Podcast", track="3/9"), None, [], "an M4A named .mp3"),
    ("m4a_fragmented.m4a", "ok",
     tags(title="Theater Night", artist="Fixture Newsroom", album="Fixture Report", year="2025",
          comment="AAC fixture.", genre="Podcast", track="3/9"), None, [],
     "fragmented MP4 (empty moov, moof/trun per second), no edit list"),
    ("m4a_chapters.m4a", "ok", tags(title="Chapter Fixture", artist="Fixture Newsroom"), None,
     [dict(start_ms=0, end_ms=4200, title="Opening"), dict(start_ms=4200, end_ms=9100, title="Middle part"),
      dict(start_ms=9100, end_ms=14000, title="Sign-off")],
     "AAC mono, QuickTime chapter track + Nero chpl"),
    ("aac_adts.aac", "ok", NO_TAGS, None, [], "raw AAC-LC in ADTS frames, no container"),
    ("m4a_alac.m4a", "ok", NO_TAGS, None, [], "ALAC in MP4, 8 kHz mono, 2 s"),
    ("mp2_layer2.mp2", "ok", NO_TAGS, None, [], "MPEG-1 Layer II, no tags"),
    ("vorbis.ogg", "ok",
     tags(title="Vorbis Fixture", artist="Fixture Newsroom", album="Fixture Report", year="2025-02-03",
          comment="Vorbis fixture.", genre="Podcast", track="5"), None, [], "Ogg Vorbis q2"),
    ("ogg_theora_vorbis.ogg", "ok", NO_TAGS, None, [], "Ogg with a Theora video stream first, then Vorbis"),
    ("opus.opus", "ok",
     tags(title="Opus Fixture", artist="Fixture Newsroom", album="Fixture Report", year="2025",
          comment="Opus fixture.", genre="Podcast", track="6"),
     ("image/jpeg", 320, 240), [], "Ogg Opus 32k, pre-skip, METADATA_BLOCK_PICTURE"),
    ("ogg_chained.opus", "ok", NO_TAGS, None, [],
     "chained Ogg: two Opus links (1.5 s, then 2.25 s) one after another, as cat makes; the duration is their sum"),
    ("flac_picture.flac", "ok",
     tags(title="FLAC Fixture", artist="Fixture Newsroom", album="Fixture Report", year="2025",
          comment="FLAC fixture.", genre="Podcast", track="8"),
     ("image/jpeg", 320, 240), [], "FLAC 1 s mono with Vorbis comments and PICTURE"),
    ("wav_pcm16_mono.wav", "ok", NO_TAGS, None, [], "WAV PCM 16-bit mono 8 kHz"),
    ("aiff_pcm16.aiff", "ok", NO_TAGS, None, [], "AIFF PCM 16-bit mono 8 kHz"),
    ("wav_info_tags.wav", "ok",
     tags(title="Wave Fixture", artist="Fixture Newsroom", year="2025", comment="WAV fixture.", genre="Podcast"),
     None, [], "WAV with a LIST/INFO chunk"),
    ("not_audio.png", "reject", NO_TAGS, None, None, "a PNG image"),
    ("text_as.mp3", "reject", NO_TAGS, None, None, "a text file named .mp3"),
    ("zero_bytes.mp3", "reject", NO_TAGS, None, None, "empty file"),
    ("video_no_audio.mp4", "reject", NO_TAGS, None, None, "an MP4 video with no audio track"),
]


def ffprobe(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", path],
                         capture_output=True, text=True)
    if out.returncode != 0:
        return None
    return json.loads(out.stdout)


def decoded(path, rate, channels):
    pcm = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-map", "0:a:0", "-f", "s16le",
                          "-acodec", "pcm_s16le", "-"], capture_output=True, check=True).stdout
    samples = len(pcm) // (2 * channels)
    return samples, round(samples * 1000 / rate)


out = []
for name, expect, tg, art, chapters, notes in FILES:
    data = open(name, "rb").read()
    e = dict(file=name, container=None, codec=None, sample_rate=None, channels=None, bitrate_mode=None,
             duration_ms=None, decoded_duration_ms=None, size_bytes=len(data),
             sha256=hashlib.sha256(data).hexdigest(), tags=tg, has_artwork=art is not None,
             artwork_mime=art and art[0], artwork_width=art and art[1], artwork_height=art and art[2],
             chapters=chapters, expect=expect, notes=notes)
    if expect == "ok":
        p = ffprobe(name)
        a = [s for s in p["streams"] if s["codec_type"] == "audio"][0]
        rate, ch = int(a["sample_rate"]), int(a["channels"])
        fmt = p["format"]["format_name"]
        e["container"] = {"mp3": "mp3", "ogg": "ogg", "flac": "flac", "wav": "wav", "aac": "aac", "aiff": "aiff"}.get(fmt, "mp4")
        e["codec"] = a["codec_name"]
        e["sample_rate"], e["channels"] = rate, ch
        e["bitrate_mode"] = {"flac": "lossless", "pcm_s16le": "lossless", "pcm_s16be": "lossless", "alac": "lossless"}.get(a["codec_name"],
                                                                            "vbr" if "vbr" in name else "cbr")
        if "duration" in p["format"]:
            e["duration_ms"] = round(float(p["format"]["duration"]) * 1000)
        e["decoded_samples"], e["decoded_duration_ms"] = decoded(name, rate, ch)
    else:
        e["container"] = {"png": "png", "mp3": "text", "mp4": "video"}.get(name.rsplit(".", 1)[1]) if data else None
    out.append(e)

with open("manifest.json", "w") as f:
    json.dump(out, f, indent=2, ensure_ascii=False)
    f.write("\n")
print("wrote manifest.json:", len(out), "files,", sum(e["size_bytes"] for e in out), "bytes")

// onair dashboard: copy boxes, artwork preview, confirmations and resumable
// uploads (tus 1.0) with a real progress bar. No framework, no build step.
"use strict";

const csrf = () => document.querySelector('meta[name="csrf-token"]').content;

function fmtBytes(n) {
  if (n < 1000) return n + " B";
  const u = ["kB", "MB", "GB", "TB"];
  let i = -1;
  do { n /= 1000; i++; } while (n >= 1000 && i < u.length - 1);
  return n.toFixed(1) + " " + u[i];
}

function fmtTime(s) {
  if (!isFinite(s) || s < 0) return "–";
  s = Math.round(s);
  const m = Math.floor(s / 60), h = Math.floor(m / 60);
  if (h) return h + " h " + (m % 60) + " min left";
  if (m) return m + " min " + (s % 60) + " s left";
  return s + " s left";
}

// Copy boxes.
document.addEventListener("click", async (ev) => {
  const btn = ev.target.closest("[data-copy]");
  if (!btn) return;
  const field = btn.parentElement.querySelector("input, textarea");
  try {
    await navigator.clipboard.writeText(field.value);
  } catch (e) {
    field.select();
    document.execCommand("copy");
  }
  const old = btn.textContent;
  btn.textContent = "Copied";
  setTimeout(() => { btn.textContent = old; }, 1500);
});

// Forms that ask before doing something that cannot be undone.
document.addEventListener("submit", (ev) => {
  const msg = ev.target.dataset.confirm;
  if (msg && !confirm(msg)) ev.preventDefault();
});

// Artwork preview with the feed check's rules: square JPEG or PNG, 1400-3000 px.
document.querySelectorAll("[data-artwork]").forEach((input) => {
  const box = input.closest("form");
  const img = box.querySelector("[data-artwork-preview]");
  const note = box.querySelector("[data-artwork-note]");
  input.addEventListener("change", () => {
    const f = input.files[0];
    if (!f) return;
    const url = URL.createObjectURL(f);
    img.onload = () => {
      const w = img.naturalWidth, h = img.naturalHeight, problems = [];
      if (!["image/jpeg", "image/png"].includes(f.type)) problems.push("it must be JPEG or PNG");
      if (w !== h) problems.push("it must be square");
      if (w < 1400 || w > 3000 || h < 1400 || h > 3000) problems.push("it must be 1400–3000 pixels on each side");
      note.textContent = w + "×" + h + " " + (f.type || "unknown type") + (problems.length ? ": " + problems.join("; ") : ": looks good");
      note.className = problems.length ? "error" : "hint";
    };
    img.src = url;
    img.hidden = false;
  });
});

// SHA256 hashes incrementally, so a large file is read in slices instead
// of whole into memory, and it works where crypto.subtle does not (a
// dashboard on plain http).
const K256 = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);

class SHA256 {
  constructor() {
    this.h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    this.w = new Uint32Array(64);
    this.buf = new Uint8Array(64);
    this.bufLen = 0;
    this.len = 0;
  }
  update(data) {
    let i = 0;
    this.len += data.length;
    if (this.bufLen > 0) {
      i = Math.min(64 - this.bufLen, data.length);
      this.buf.set(data.subarray(0, i), this.bufLen);
      this.bufLen += i;
      if (this.bufLen < 64) return;
      this.block(this.buf, 0);
      this.bufLen = 0;
    }
    for (; i + 64 <= data.length; i += 64) this.block(data, i);
    if (i < data.length) {
      this.buf.set(data.subarray(i), 0);
      this.bufLen = data.length - i;
    }
  }
  block(p, o) {
    const w = this.w, H = this.h;
    for (let t = 0; t < 16; t++, o += 4) w[t] = (p[o] << 24) | (p[o + 1] << 16) | (p[o + 2] << 8) | p[o + 3];
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15], y = w[t - 2];
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
    }
    let a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
    for (let t = 0; t < 64; t++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K256[t] + w[t]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    H[0] += a; H[1] += b; H[2] += c; H[3] += d; H[4] += e; H[5] += f; H[6] += g; H[7] += h;
  }
  hex() {
    const bits = this.len * 8;
    const tail = new Uint8Array(this.bufLen < 56 ? 64 : 128);
    tail.set(this.buf.subarray(0, this.bufLen));
    tail[this.bufLen] = 0x80;
    const n = tail.length;
    const hi = Math.floor(bits / 0x100000000), lo = bits >>> 0;
    for (let i = 0; i < 4; i++) {
      tail[n - 8 + i] = (hi >>> (24 - 8 * i)) & 0xff;
      tail[n - 4 + i] = (lo >>> (24 - 8 * i)) & 0xff;
    }
    for (let o = 0; o < n; o += 64) this.block(tail, o);
    return Array.from(this.h, (x) => x.toString(16).padStart(8, "0")).join("");
  }
}
window.onairSHA256 = SHA256; // for the browser tests

// sha256Hex hashes a File slice by slice, reporting the share done.
async function sha256Hex(file, onProgress) {
  const sha = new SHA256();
  const step = 4 * 1024 * 1024;
  for (let off = 0; off < file.size; off += step) {
    sha.update(new Uint8Array(await file.slice(off, off + step).arrayBuffer()));
    onProgress(Math.min(off + step, file.size) / file.size);
  }
  return sha.hex();
}

function b64(s) { return btoa(unescape(encodeURIComponent(s))); }

// request sends one tus request; body may be a Blob, onProgress gets bytes sent.
function request(method, url, headers, body, onProgress) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open(method, url);
    x.setRequestHeader("Tus-Resumable", "1.0.0");
    x.setRequestHeader("X-CSRF-Token", csrf());
    for (const [k, v] of Object.entries(headers)) x.setRequestHeader(k, v);
    if (onProgress) x.upload.onprogress = (e) => onProgress(e.loaded);
    x.onload = () => resolve(x);
    x.onerror = () => reject(new Error("network"));
    x.onabort = () => reject(new Error("network"));
    x.send(body || null);
  });
}

function apiError(x) {
  try { return JSON.parse(x.responseText).error.message; } catch (e) { return "the server answered " + x.status; }
}

const CHUNK = 8 * 1024 * 1024;

// Upload sends file resumably and resolves with the server's answer (the
// episode). The upload's address is kept in localStorage, so even a reload
// resumes instead of starting over.
async function tusUpload(file, meta, endpoint, ui) {
  ui.phase("Computing the file's checksum…");
  meta.sha256 = await sha256Hex(file, (f) => ui.phase("Computing the file's checksum… " + Math.floor(f * 100) + "%"));
  meta.filename = file.name;
  const key = "onair-upload:" + [meta.show || meta.episode, file.name, file.size, file.lastModified, meta.sha256].join(":");
  let url = localStorage.getItem(key);
  let offset = 0;
  const finished = (x) => { localStorage.removeItem(key); return JSON.parse(x.responseText); };

  async function resumeOffset() {
    const h = await request("HEAD", url, {});
    if (h.status === 200) return parseInt(h.getResponseHeader("Upload-Offset"), 10);
    const g = await request("GET", url, {});
    if (g.status === 200) {
      const r = JSON.parse(g.responseText);
      if (r.id && r.title) return { done: r };
    }
    return null;
  }

  if (url) {
    try {
      const o = await resumeOffset();
      if (o && o.done) { localStorage.removeItem(key); return o.done; }
      if (o === null) url = null; else offset = o;
    } catch (e) { url = null; }
  }
  if (!url) {
    const md = Object.entries(meta).filter(([, v]) => v).map(([k, v]) => k + " " + b64(String(v))).join(",");
    const x = await request("POST", endpoint, { "Upload-Length": String(file.size), "Upload-Metadata": md });
    if (x.status !== 201) throw new Error(apiError(x));
    url = new URL(x.getResponseHeader("Location"), location.href).href;
    localStorage.setItem(key, url);
  }
  ui.phase("Uploading…");
  ui.start(offset);
  let failures = 0;
  while (true) {
    try {
      const end = Math.min(offset + CHUNK, file.size);
      if (end === file.size) ui.phase("Uploading the last part; the server checks and probes the file when it is in…");
      const x = await request("PATCH", url, { "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream" },
        file.slice(offset, end), (n) => ui.progress(offset + n));
      if (x.status === 200) { ui.progress(file.size); return finished(x); }
      if (x.status === 204) {
        offset = parseInt(x.getResponseHeader("Upload-Offset"), 10);
        ui.progress(offset);
        failures = 0;
        continue;
      }
      if (x.status === 409 || x.status === 423 || x.status >= 500 || x.responseText.includes("ERR_UPLOAD_INTERRUPTED")) throw new Error("retry");
      localStorage.removeItem(key);
      throw new Error(apiError(x));
    } catch (e) {
      if (e.message !== "network" && e.message !== "retry") throw e;
      failures++;
      if (failures > 20) throw new Error("the connection keeps failing; try again later (the upload will resume)");
      ui.phase("Connection lost; resuming…");
      await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** failures, 15000)));
      try {
        const o = await resumeOffset();
        if (o && o.done) { localStorage.removeItem(key); return o.done; }
        if (o === null) { localStorage.removeItem(key); throw new Error("the server lost the upload; start again"); }
        offset = o;
        ui.phase("Uploading…");
      } catch (e2) { if (e2.message !== "network") throw e2; }
    }
  }
}

// progressUI drives the bar: bytes sent, percent, speed over the last few
// seconds, and time left.
function progressUI(root, total) {
  const box = root.querySelector("[data-progress]");
  const bar = box.querySelector(".bar");
  const fill = bar.firstElementChild;
  const stat = (k) => box.querySelector('[data-stat="' + k + '"]');
  let samples = [];
  box.hidden = false;
  return {
    phase(t) { stat("phase").textContent = t; },
    start(offset) { samples = [[performance.now(), offset]]; this.progress(offset); },
    progress(sent) {
      const pct = total ? Math.floor((sent / total) * 100) : 100;
      fill.style.width = pct + "%";
      bar.setAttribute("aria-valuenow", String(pct));
      stat("percent").textContent = pct + "%";
      stat("bytes").textContent = fmtBytes(sent) + " of " + fmtBytes(total);
      if (sent >= total) this.phase("All bytes sent: the server checks the checksum and probes the file…");
      const now = performance.now();
      samples.push([now, sent]);
      while (samples.length > 2 && now - samples[0][0] > 5000) samples.shift();
      const [t0, b0] = samples[0];
      const dt = (now - t0) / 1000;
      if (dt > 0.2) {
        const speed = (sent - b0) / dt;
        stat("speed").textContent = fmtBytes(speed) + "/s";
        stat("eta").textContent = sent >= total ? "done" : fmtTime((total - sent) / speed);
      }
    },
  };
}

document.querySelectorAll("[data-upload]").forEach((drop) => {
  const root = drop.parentElement;
  const input = drop.querySelector("[data-file]");
  const errBox = root.querySelector("[data-error]");
  let busy = false;
  async function go(file) {
    if (busy || !file) return;
    busy = true;
    errBox.hidden = true;
    const ui = progressUI(root, file.size);
    const meta = drop.dataset.episode ? { episode: drop.dataset.episode } : { show: drop.dataset.show, status: "draft" };
    try {
      const ep = await tusUpload(file, meta, drop.dataset.endpoint, ui);
      ui.phase("Upload complete: " + ep.duration + " of audio, checked and probed. Opening the episode…");
      root.dataset.done = ep.id;
      setTimeout(() => location.assign("/admin/episodes/" + ep.id + "?ok=uploaded"), 1200);
    } catch (e) {
      errBox.textContent = "Upload failed: " + e.message;
      errBox.hidden = false;
      busy = false;
    }
  }
  input.addEventListener("change", () => go(input.files[0]));
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    go(e.dataTransfer.files[0]);
  });
});

// An import's page reloads itself while the import runs.
document.addEventListener("DOMContentLoaded", () => {
  const el = document.querySelector("[data-refresh]");
  if (el) setTimeout(() => location.reload(), Number(el.dataset.refresh) || 2000);
});

// Chapter editor: "⏱" takes the start from the audio player's position;
// "Add a row" adds an empty row (the form works without either).
function chapterClock(s) {
  const ms = Math.round(s * 1000), sec = Math.floor(ms / 1000);
  const two = (n) => (n < 10 ? "0" : "") + n;
  let out = sec >= 3600 ? Math.floor(sec / 3600) + ":" + two(Math.floor(sec / 60) % 60) + ":" + two(sec % 60)
    : Math.floor(sec / 60) + ":" + two(sec % 60);
  if (ms % 1000) out += "." + String(1000 + (ms % 1000)).slice(1);
  return out;
}
document.addEventListener("click", (ev) => {
  const use = ev.target.closest("[data-use-position]");
  if (use) {
    const audio = document.querySelector("audio.listen");
    const input = use.parentElement.querySelector('input[name="start"]');
    if (audio && input) { input.value = chapterClock(audio.currentTime); input.focus(); }
    return;
  }
  const add = ev.target.closest("[data-add-chapter]");
  if (add) {
    const body = add.closest("form").querySelector("tbody");
    const rows = body.querySelectorAll("[data-chapter-row]");
    const row = rows[rows.length - 1].cloneNode(true);
    const n = rows.length;
    row.querySelectorAll("input, select").forEach((el) => {
      if (el.type === "checkbox") { el.checked = false; el.value = String(n); } else el.value = "";
      el.setAttribute("aria-label", (el.getAttribute("aria-label") || "").replace(/Chapter \d+/, "Chapter " + (n + 1)).replace(/chapter \d+/, "chapter " + (n + 1)));
    });
    body.appendChild(row);
    row.querySelector('input[name="start"]').focus();
  }
});

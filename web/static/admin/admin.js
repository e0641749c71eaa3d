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

async function sha256Hex(file) {
  const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
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
  meta.sha256 = await sha256Hex(file);
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

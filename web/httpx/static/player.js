// onair embeddable player: custom controls over one <audio>. Without this
// file the native <audio controls> shows instead, and works.
(function () {
  "use strict";

  // fmt writes seconds as M:SS under an hour and H:MM:SS from an hour,
  // rounded down, exactly like formatDuration in web/format.go.
  function fmt(s) {
    s = Math.floor(+s);
    if (!(s > 0) || !isFinite(s)) s = 0;
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, x = s % 60;
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return h ? h + ":" + two(m) + ":" + two(x) : m + ":" + two(x);
  }
  // spoken writes seconds as a screen reader should say them: "3 minutes
  // 12 seconds", exactly like SpokenDuration in web/httpx/format.go.
  function spoken(s) {
    s = Math.floor(+s);
    if (!(s > 0) || !isFinite(s)) s = 0;
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, x = s % 60, out = [];
    function unit(n, w) { out.push(n + " " + w + (n === 1 ? "" : "s")); }
    if (h) unit(h, "hour");
    if (m) unit(m, "minute");
    if (x || !out.length) unit(x, "second");
    return out.join(" ");
  }
  window.onair = { fmt: fmt, spoken: spoken };

  var root = document.querySelector(".pl");
  if (!root) return;
  function $(sel, el) { return (el || root).querySelector(sel); }
  function $$(sel, el) { return Array.prototype.slice.call((el || document).querySelectorAll(sel)); }
  function on(el, ev, f) { el.addEventListener(ev, f); }

  var a = $("audio"), pos = $(".pos"), cur = $(".cur"), tot = $(".tot"), played = $(".played"),
    buf = $(".buf"), play = $(".play"), mute = $(".mute"), vol = $(".vol"), rate = $(".rate"),
    chapBtn = $(".chap"), shrBtn = $(".shr"), chaps = $(".chaps"), share = $(".share"),
    shu = $(".shu"), tcb = $(".tcb"), atv = $(".atv"), msg = $(".msg"), dl = $(".dl"), et = $(".et");
  var ccBtn = $(".cc"), trBtn = $(".trb"), trs = $(".trs"), cap = $(".cap");
  var trURL = root.getAttribute("data-transcript"), cues = null, cueAt = -1, captions = false;
  var total = +root.getAttribute("data-duration") || 0;
  var pending = +root.getAttribute("data-start") || 0; // where to start once loaded.
  var url = root.getAttribute("data-url"), title = et.textContent, dragging = false;
  a.controls = false;
  function now() { return a.readyState ? a.currentTime : pending; }
  function clamp(t) { return Math.max(0, total ? Math.min(t, total) : t); }
  function seek(t) {
    t = clamp(t);
    if (a.readyState) a.currentTime = t; else pending = t;
    show(t);
  }
  function seekBy(d) { seek(now() + d); }
  function toggle() {
    if (a.paused) {
      var p = a.play();
      if (p && p.catch) p.catch(function (e) { if (e.name !== "AbortError") say("Cannot play: " + e.message); });
    } else a.pause();
  }
  function say(t) { msg.textContent = t; if (t) root.title = t; }

  // The seek bar is a div with role=slider rather than <input type=range>:
  // Chromium does not pass a range input's aria-valuetext on to screen
  // readers, which then say "192" instead of "3 minutes 12 seconds of ...".
  function mark(t) {
    var p = (total ? Math.min(100, t / total * 100) : 0) + "%";
    cur.textContent = fmt(t);
    played.style.width = p;
    pos.style.setProperty("--p", p);
    pos.setAttribute("aria-valuemax", String(Math.floor(total)));
    pos.setAttribute("aria-valuenow", String(Math.floor(t)));
    pos.setAttribute("aria-valuetext", spoken(t) + " of " + spoken(total));
  }
  function show(t) {
    if (!dragging) mark(t);
    var cm = null;
    $$("[data-seek]", chaps).forEach(function (b) { if (+b.getAttribute("data-seek") <= t) cm = b; });
    $$("[data-seek]", chaps).forEach(function (b) {
      if (b === cm) b.setAttribute("aria-current", "true"); else b.removeAttribute("aria-current");
    });
    showCue(t);
  }

  // Transcript: the cues come from the episode's JSON transcript, loaded
  // the first time captions or the transcript panel are asked for. The
  // caption line shows the cue being said; the panel marks it and keeps it
  // in view.
  function loadCues(then) {
    if (cues) { then(); return; }
    if (!trURL || !window.fetch) return;
    fetch(trURL).then(function (r) { return r.json(); }).then(function (doc) {
      cues = (doc.segments || []).map(function (s) {
        return { s: +s.startTime || 0, e: +s.endTime || 0, sp: s.speaker || "", tx: s.body || "" };
      });
      var ol = $("ol", trs);
      ol.textContent = "";
      cues.forEach(function (c) {
        var li = document.createElement("li"), b = document.createElement("button"), at = document.createElement("span");
        b.type = "button";
        b.setAttribute("data-seek", c.s);
        at.className = "at";
        at.textContent = fmt(c.s);
        b.appendChild(at);
        if (c.sp) { var sp = document.createElement("b"); sp.textContent = c.sp + ": "; b.appendChild(sp); }
        b.appendChild(document.createTextNode(c.tx));
        li.appendChild(b);
        ol.appendChild(li);
      });
      cueAt = -1;
      showCue(now());
      then();
    }, function () { say("The transcript cannot be loaded."); });
  }
  function showCue(t) {
    if (!cues) return;
    var i = -1;
    for (var j = 0; j < cues.length && cues[j].s <= t; j++) i = j;
    var c = i >= 0 && t < cues[i].e + 0.05 ? cues[i] : null;
    if (captions) {
      cap.textContent = c ? (c.sp ? c.sp + ": " : "") + c.tx : "";
      cap.hidden = !c;
    }
    if (i === cueAt) return;
    cueAt = i;
    var bs = $$("[data-seek]", trs);
    bs.forEach(function (b, k) { if (k === i) b.setAttribute("aria-current", "true"); else b.removeAttribute("aria-current"); });
    if (i >= 0 && !trs.hidden && bs[i].scrollIntoView) bs[i].scrollIntoView({ block: "nearest" });
  }
  function setCaptions(onOff) {
    captions = onOff;
    ccBtn.setAttribute("aria-pressed", String(onOff));
    if (!onOff) { cap.hidden = true; cap.textContent = ""; return; }
    loadCues(function () { cueAt = -1; showCue(now()); });
  }
  function showBuffered() {
    var b = a.buffered, end = 0, t = a.currentTime;
    for (var i = 0; i < b.length; i++) if (b.start(i) <= t + 1) end = b.end(i);
    buf.style.width = (total ? Math.min(100, end / total * 100) : 0) + "%";
  }
  function setIcon(btn, id, label) {
    btn.querySelector("use").setAttribute("href", "#i-" + id);
    if (label) btn.setAttribute("aria-label", label);
  }

  show(pending);

  on(a, "loadedmetadata", function () {
    if (!total && isFinite(a.duration)) { total = a.duration; tot.textContent = fmt(total); }
    if (pending) { a.currentTime = pending; pending = 0; }
  });
  on(a, "timeupdate", function () { show(a.currentTime); showBuffered(); });
  on(a, "progress", showBuffered);
  on(a, "play", function () { setIcon(play, "pause", "Pause"); say(""); });
  on(a, "pause", function () { setIcon(play, "play", "Play"); });
  on(a, "error", function () { root.classList.add("err"); say("This episode cannot be played here. Try the download."); });
  on(a, "volumechange", function () {
    var off = a.muted || a.volume === 0;
    setIcon(mute, off ? "mute" : "vol"); // a toggle keeps its name; aria-pressed says the state
    mute.setAttribute("aria-pressed", String(a.muted));
    if (!a.muted) vol.value = Math.round(a.volume * 100);
    vol.style.setProperty("--v", (off ? 0 : a.volume * 100) + "%");
  });
  on(a, "ratechange", function () { rate.value = String(a.playbackRate); });

  on(play, "click", toggle);
  on($(".back"), "click", function () { seekBy(-15); });
  on($(".fwd"), "click", function () { seekBy(30); });
  // Pointer on the seek bar: press, drag, release seeks there.
  var bar = $(".bar"), dragAt = 0;
  function at(e) {
    var r = bar.getBoundingClientRect();
    return r.width ? Math.max(0, Math.min(1, (e.clientX - r.left) / r.width)) * total : 0;
  }
  on(bar, "pointerdown", function (e) {
    if (!total || e.button) return;
    dragging = true;
    dragAt = at(e);
    mark(dragAt);
    if (bar.setPointerCapture) bar.setPointerCapture(e.pointerId);
    e.preventDefault();
    pos.focus();
  });
  on(bar, "pointermove", function (e) { if (dragging) { dragAt = at(e); mark(dragAt); } });
  function drop() { if (dragging) { dragging = false; seek(dragAt); } }
  on(bar, "pointerup", drop);
  on(bar, "pointercancel", drop);
  on(mute, "click", function () { a.muted = !a.muted; });
  on(vol, "input", function () { a.volume = +vol.value / 100; a.muted = +vol.value === 0; });
  on(rate, "change", function () { a.defaultPlaybackRate = a.playbackRate = +rate.value; });

  // Panels: chapters and share cover the player; Escape closes them.
  var opener = null;
  function open(panel, btn) {
    close();
    panel.hidden = false;
    btn.setAttribute("aria-expanded", "true");
    opener = btn;
    var f = panel.querySelector("[aria-current]") || panel.querySelector("input, button:not(.close), a") || panel.querySelector("button");
    if (f) f.focus();
  }
  function close() {
    [chaps, share, trs].forEach(function (p) { p.hidden = true; });
    [chapBtn, shrBtn, trBtn].forEach(function (b) { b.setAttribute("aria-expanded", "false"); });
    if (opener) { opener.focus(); opener = null; }
  }
  $$(".close", root).forEach(function (b) { on(b, "click", close); });
  on(chapBtn, "click", function () { chaps.hidden ? open(chaps, chapBtn) : close(); });
  on(chaps, "click", function (e) {
    var b = e.target.closest("[data-seek]");
    if (!b) return;
    seek(+b.getAttribute("data-seek"));
    if (a.paused) toggle();
    close();
  });

  on(ccBtn, "click", function () { setCaptions(!captions); });
  on(trBtn, "click", function () {
    if (!trs.hidden) { close(); return; }
    loadCues(function () { open(trs, trBtn); cueAt = -1; showCue(now()); });
  });
  // A cue seeks and plays; the panel stays open, following playback.
  on(trs, "click", function (e) {
    var b = e.target.closest("[data-seek]");
    if (!b) return;
    seek(+b.getAttribute("data-seek"));
    if (a.paused) toggle();
  });

  function shareURL() {
    var t = Math.floor(now());
    return tcb.checked && t > 0 ? url + "?t=" + t : url;
  }
  function updateShare() {
    var u = shareURL();
    shu.value = u;
    atv.textContent = fmt(now());
    $$("[data-pat]", share).forEach(function (l) {
      l.href = l.getAttribute("data-pat").replace("{u}", encodeURIComponent(u)).replace("{t}", encodeURIComponent(title));
    });
  }
  on(shrBtn, "click", function () { if (share.hidden) { updateShare(); open(share, shrBtn); } else close(); });
  on(tcb, "change", updateShare);
  on($(".copy", share), "click", function () {
    function done(ok) { say(ok ? "Link copied" : "Press Ctrl+C to copy the link"); }
    shu.select();
    if (navigator.clipboard) navigator.clipboard.writeText(shu.value).then(function () { done(true); }, function () { done(document.execCommand("copy")); });
    else done(document.execCommand("copy"));
  });

  // Keyboard: space or k plays and pauses, arrows seek 5 s, j and l skip
  // back 15 s and ahead 30 s (as the buttons do), m mutes, Escape closes a
  // panel. Keys typed into a control are left to that control.
  on(document, "keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target, tag = t.tagName, k = e.key;
    var field = tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA";
    if (k === "Escape") { if (!chaps.hidden || !share.hidden || !trs.hidden) close(); return; }
    if (k === " " && (field || tag === "BUTTON" || tag === "A")) return;
    if ((k === "ArrowLeft" || k === "ArrowRight") && field) return;
    if (field && t.type !== "range") return;
    if (t === pos && (k === "Home" || k === "End" || k === "PageUp" || k === "PageDown")) {
      if (k === "Home") seek(0); else if (k === "End") seek(total); else seekBy(k === "PageUp" ? 30 : -15);
      e.preventDefault();
      return;
    }
    if (k === " " || k === "k" || k === "K") toggle();
    else if (k === "ArrowLeft") seekBy(-5);
    else if (k === "ArrowRight") seekBy(5);
    else if (k === "j" || k === "J") seekBy(-15);
    else if (k === "l" || k === "L") seekBy(30);
    else if (k === "m" || k === "M") a.muted = !a.muted;
    else if ((k === "c" || k === "C") && !ccBtn.hidden) setCaptions(!captions);
    else return;
    e.preventDefault();
  });

  // Playlist: the list's episodes share this one player.
  var items = $$(".list .it");
  function load(it) {
    items.forEach(function (x) {
      x.classList.toggle("on", x === it);
      if (x === it) x.setAttribute("aria-current", "true"); else x.removeAttribute("aria-current");
    });
    url = it.href;
    title = it.getAttribute("data-title");
    total = +it.getAttribute("data-dur") || 0;
    pending = 0;
    a.src = it.getAttribute("data-src");
    a.defaultPlaybackRate = a.playbackRate = +rate.value;
    tot.textContent = fmt(total);
    et.textContent = title;
    $(".sub time").textContent = it.getAttribute("data-date");
    et.href = $(".art").href = url;
    dl.href = it.getAttribute("data-dl");
    var img = $(".art img"), art = it.getAttribute("data-art");
    if (img && art) img.src = art;
    var ol = $("ol", chaps), list = JSON.parse(it.getAttribute("data-chapters") || "[]");
    ol.textContent = "";
    list.forEach(function (c) {
      var li = document.createElement("li"), b = document.createElement("button"), at = document.createElement("span");
      b.type = "button";
      b.setAttribute("data-seek", c[0]);
      at.className = "at";
      at.textContent = fmt(c[0]);
      b.appendChild(at);
      b.appendChild(document.createTextNode(" " + c[1]));
      li.appendChild(b);
      ol.appendChild(li);
    });
    chapBtn.hidden = !list.length;
    trURL = it.getAttribute("data-transcript") || "";
    cues = null;
    cueAt = -1;
    $("ol", trs).textContent = "";
    ccBtn.hidden = trBtn.hidden = !trURL;
    if (captions) setCaptions(!!trURL);
    root.classList.remove("err");
    buf.style.width = "0";
    show(0);
    toggle();
  }
  items.forEach(function (it, i) {
    on(it, "click", function (e) { e.preventDefault(); load(it); });
    on(it, "keydown", function (e) { if (e.key === " ") { e.preventDefault(); load(it); } });
  });
  on(a, "ended", function () {
    var i = items.indexOf($(".list .it.on", document));
    if (i >= 0 && i + 1 < items.length) load(items[i + 1]);
  });
})();

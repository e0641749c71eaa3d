// onair pages: small enhancements; every page works without this file.
(function () {
  "use strict";
  // Copy buttons: data-copy names the input whose value is copied.
  document.querySelectorAll("[data-copy]").forEach(function (b) {
    b.addEventListener("click", function () {
      var input = document.getElementById(b.getAttribute("data-copy"));
      var status = b.parentNode.querySelector(".copied");
      function done(ok) { if (status) status.textContent = ok ? "Copied" : "Press Ctrl+C to copy"; }
      input.select();
      if (navigator.clipboard) {
        navigator.clipboard.writeText(input.value).then(function () { done(true); }, function () { done(document.execCommand("copy")); });
      } else {
        done(document.execCommand("copy"));
      }
    });
  });
  // Episode page: chapter links seek the player instead of reloading, and
  // the current chapter is marked.
  var audio = document.getElementById("audio");
  if (!audio) return;
  // Chapter and transcript time links seek the player; each list marks
  // its current entry (aria-current; the transcript's paragraph gets
  // class "now") as playback goes on.
  var groups = [".chapters", ".transcript"].map(function (sel) {
    return Array.prototype.slice.call(document.querySelectorAll(sel + " [data-seek]"));
  });
  groups.forEach(function (links) {
    links.forEach(function (a) {
      a.addEventListener("click", function (e) {
        e.preventDefault();
        audio.currentTime = +a.getAttribute("data-seek");
        var p = audio.play();
        if (p && p.catch) p.catch(function () {});
      });
    });
  });
  // Share at a time: with the box ticked, the link and the share buttons
  // carry ?t= of where the listener is now.
  var tcb = document.getElementById("share-t"), at = document.getElementById("share-at"),
    link = document.getElementById("ep-url");
  function clock(s) {
    s = Math.floor(s);
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = s % 60;
    return (h ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (sec < 10 ? "0" : "") + sec;
  }
  function updateShare() {
    if (!tcb || !link) return;
    var t = Math.floor(audio.currentTime || 0), u = link.getAttribute("data-url");
    if (tcb.checked && t > 0) u += "?t=" + t;
    at.textContent = clock(t);
    link.value = u;
    document.querySelectorAll(".share [data-pat]").forEach(function (a) {
      a.href = a.getAttribute("data-pat").replace("{u}", encodeURIComponent(u)).replace("{t}", encodeURIComponent(link.getAttribute("data-title")));
    });
  }
  if (tcb) tcb.addEventListener("change", updateShare);
  audio.addEventListener("pause", updateShare);
  audio.addEventListener("seeked", updateShare);
  audio.addEventListener("timeupdate", function () {
    if (tcb && !audio.paused && Math.floor(audio.currentTime) % 5 === 0) updateShare();
  });
  var body = document.querySelector(".tr-body");
  audio.addEventListener("timeupdate", function () {
    groups.forEach(function (links, g) {
      var cur = null;
      links.forEach(function (a) { if (+a.getAttribute("data-seek") <= audio.currentTime + 0.001) cur = a; });
      links.forEach(function (a) {
        var on = a === cur, was = a.hasAttribute("aria-current");
        if (on) a.setAttribute("aria-current", "true"); else a.removeAttribute("aria-current");
        if (g === 1) {
          a.parentNode.classList.toggle("now", on);
          if (on && !was && body) {
            var p = a.parentNode;
            if (p.offsetTop < body.scrollTop || p.offsetTop + p.offsetHeight > body.scrollTop + body.clientHeight) {
              body.scrollTop = p.offsetTop;
            }
          }
        }
      });
    });
  });
})();

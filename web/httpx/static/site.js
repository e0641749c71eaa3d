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
  var links = document.querySelectorAll("[data-seek]");
  links.forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      audio.currentTime = +a.getAttribute("data-seek");
      audio.play();
    });
  });
  audio.addEventListener("timeupdate", function () {
    var cur = null;
    links.forEach(function (a) { if (+a.getAttribute("data-seek") <= audio.currentTime) cur = a; });
    links.forEach(function (a) { if (a === cur) a.setAttribute("aria-current", "true"); else a.removeAttribute("aria-current"); });
  });
})();

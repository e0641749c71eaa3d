package web

// The page-side halves of TestAccessibility's checks beyond axe. Each is
// one expression that returns the problems it finds as strings.

// a11yHelpersJS defines what the checks share: which elements are
// controls, whether one is shown, a short name for messages.
const a11yHelpersJS = `
const controls = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
const shown = (el) => !el.disabled && !el.closest("[hidden], [inert], [aria-hidden=true]") &&
  el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
const label = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
  (typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\s+/).join(".") : "") +
  (el.name ? "[name=" + el.name + "]" : "") + (el.textContent.trim() ? ' "' + el.textContent.trim().slice(0, 30) + '"' : "");
const clips = (a, scrollOK) => {
  const s = getComputedStyle(a);
  const x = s.overflowX !== "visible" && !(scrollOK && (s.overflowX === "auto" || s.overflowX === "scroll"));
  const y = s.overflowY !== "visible" && !(scrollOK && (s.overflowY === "auto" || s.overflowY === "scroll"));
  return {x, y};
};
const inner = (a) => { const r = a.getBoundingClientRect();
  return {l: r.left + a.clientLeft, t: r.top + a.clientTop, r: r.left + a.clientLeft + a.clientWidth, b: r.top + a.clientTop + a.clientHeight}; };
// lum is a CSS colour's relative luminance: rgb() and color(srgb ...), as
// computed styles write them; ratio the contrast of two; bgOf the colour
// behind an element (the first ancestor's opaque background).
const lum = (c) => { const s = c.startsWith("color(srgb") ? 1 : 255;
  const m = c.replace(/^[^(]*\(\s*(srgb\s+)?/, "").match(/[\d.]+/g).slice(0, 3).map(v => { v = v / s; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]; };
const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
const bgOf = (el) => { for (let a = el; a; a = a.parentElement) { const c = getComputedStyle(a).backgroundColor;
  if (c && c !== "transparent" && !/[,\/] 0\)$/.test(c)) return c; } return "rgb(255, 255, 255)"; };
// cutBy returns the ancestor that cuts box off, if any.
const cutBy = (el, box, scrollOK) => {
  for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
    const c = clips(a, scrollOK);
    if (!c.x && !c.y) continue;
    const i = inner(a);
    if ((c.x && (box.l < i.l - 0.5 || box.r > i.r + 0.5)) || (c.y && (box.t < i.t - 0.5 || box.b > i.b + 0.5))) return a;
  }
  return null;
};
`

// focusJS focuses every control of the page (after a real Tab key, so the
// browser is in keyboard mode) and reports those without a focus ring that
// can be seen: none, thinner than 2 px, under 3:1 against the background,
// or cut off by a box around it.
const focusJS = `(() => {` + a11yHelpersJS + `
  const bad = [];
  for (const el of document.querySelectorAll(controls)) {
    if (!shown(el)) continue;
    el.focus();
    if (document.activeElement !== el) continue; // not focusable after all
    if (!el.matches(":focus-visible")) { bad.push(label(el) + ": focused from the keyboard but not :focus-visible"); continue; }
    const cs = getComputedStyle(el), w = parseFloat(cs.outlineWidth) || 0;
    if (cs.outlineStyle === "none" || w < 2) { bad.push(label(el) + ": no focus ring (outline " + cs.outlineStyle + " " + cs.outlineWidth + ")"); continue; }
    const bg = bgOf(el.parentElement || el);
    if (ratio(cs.outlineColor, bg) < 3) bad.push(label(el) + ": focus ring " + cs.outlineColor + " on " + bg + " is under 3:1");
    const e = Math.max(0, w + (parseFloat(cs.outlineOffset) || 0)), r = el.getBoundingClientRect();
    const a = cutBy(el, {l: r.left - e, t: r.top - e, r: r.right + e, b: r.bottom + e}, true);
    if (a) bad.push(label(el) + ": focus ring cut off by " + label(a).slice(0, 40));
  }
  if (document.activeElement) document.activeElement.blur();
  return bad;
})()`

// reflowJS reports what breaks reflow (WCAG 1.4.10) at the viewport's
// width: a page wider than the viewport, and controls outside it or cut
// off by a box around them.
const reflowJS = `(() => {` + a11yHelpersJS + `
  const bad = [], W = document.documentElement.clientWidth, H = innerHeight, sw = document.documentElement.scrollWidth;
  if (sw > W + 1) {
    // Name the innermost elements that stick out.
    // (or whose text sticks out of them).
    const out = [...document.body.querySelectorAll("*")].filter(el => !el.closest(".skip, select, textarea") && (el.getBoundingClientRect().right > W + 1 ||
      (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && getComputedStyle(el).overflowX === "visible")));
    const leaves = out.filter(el => !out.some(o => o !== el && el.contains(o))).slice(0, 3).map(label);
    bad.push("the page scrolls sideways: " + sw + " px wide in " + W + " (" + leaves.join(", ") + ")");
  }
  for (const el of document.querySelectorAll(controls)) {
    if (!shown(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.right <= 0) continue; // off-screen until focused, as a skip link is
    if (r.left < -0.5 || r.right > W + 0.5) { bad.push(label(el) + " is cut off: " + Math.round(r.left) + " to " + Math.round(r.right) + " px of " + W); continue; }
    const a = cutBy(el, {l: r.left, t: r.top, r: r.right, b: r.bottom}, true);
    if (a) bad.push(label(el) + " is cut off by " + label(a).slice(0, 40));
  }
  return bad;
})()`

// Body map of runmuscles: every catalogue muscle on a front and a back view.
// Shared by the explorer's stride view and the atlas's map (prepended to their modules, so it
// exports nothing; every top-level name starts with "bm" or "createBodyMap").
// The payload comes from runmuscles.bodymap.map_payload; activation from the caller, per instant.
// Rule (the same as runmuscles.bodymap.map_state): only a muscle with a curve in this data set is
// filled, on the recorded (right) side, with the colour table at its level now; a muscle known
// from a published window is hatched and lit only inside the window; anything else is outlined.

const BM_SVG = "http://www.w3.org/2000/svg";
const BM_REGIONS = ["trunk", "shoulder", "arm", "hip", "thigh", "shank", "foot"];

function bmEl(tag, attrs = {}, parent = null, text = null, ns = BM_SVG) {
  const node = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== null) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

const bmHtml = (tag, attrs, parent, text = null) => bmEl(tag, attrs, parent, text, null);
const bmPct = (v) => `${Math.round(v * 100)} %`;

// parent: where the drawing goes; footer (default: below the drawing): where its readout and key go.
function createBodyMap(parent, { onSelect = null, idPrefix = "rm-bm", footer = null } = {}) {
  const root = bmHtml("figure", { class: "rm-bm", "data-testid": "rm-bodymap" }, parent);
  const svg = bmEl("svg", { class: "rm-bm-svg", role: "group", "data-testid": "rm-bodymap-svg",
    "aria-label": "Body map, front and back: muscles coloured by activation now" }, root);
  const below = footer || root;
  const readout = bmHtml("p", { class: "rm-bm-readout", "data-testid": "rm-bodymap-readout", "aria-hidden": "true" }, below);
  const legend = bmHtml("div", { class: "rm-bm-legend", "aria-hidden": "true" }, below);
  const summary = bmHtml("div", { class: "rm-sr-only", "data-testid": "rm-bodymap-summary" }, root);

  let map = null;
  let shapes = []; // {muscle, view, side, node, title}
  let current = null; // last draw arguments
  let hovered = null;
  const hatch = `${idPrefix}-hatch`, hatchOn = `${idPrefix}-hatch-on`;

  function labelFor(id, side, st) {
    const m = map.muscles[id];
    const sideWord = side === "r" ? "right" : "left";
    if (m.style === "data" && side === "l") return m.left_note;
    let text = m.style === "data" ? `${m.name} (${sideWord}): ${st.level === null ? "" : `${bmPct(st.level)} of its own peak now, `}${m.note.slice(m.name.length + 2)}`
      : m.style === "literature" ? `${m.note}; ${st.active ? "inside its published window now" : "outside its published window now"}`
      : m.note;
    if (m.where) text += ` (${m.where})`;
    return text;
  }

  function stateOf(id) {
    const m = map.muscles[id];
    const { act, lut, percent, threshold } = current;
    if (m.style === "data" && act[id]) {
      const level = act[id][percent];
      return { level, fill: lut[Math.max(0, Math.min(100, Math.round(level * 100)))], active: level >= threshold };
    }
    if (m.style === "literature") return { level: null, fill: null, active: m.windows.some(([a, b]) => percent >= a && percent <= b) };
    return { level: null, fill: null, active: false };
  }

  function build(payload) {
    map = payload;
    clearTimeout(wordsTimer);
    svg.textContent = "";
    shapes = [];
    const [x, y, w, h] = map.viewbox;
    svg.setAttribute("viewBox", `${x} ${y} ${w} ${h}`);
    const defs = bmEl("defs", {}, svg);
    for (const [id, cls] of [[hatch, "rm-bm-hatch-line"], [hatchOn, "rm-bm-hatch-line-on"]]) {
      const pat = bmEl("pattern", { id, width: "12", height: "12", patternUnits: "userSpaceOnUse",
        patternTransform: "rotate(45)" }, defs);
      bmEl("rect", { width: "12", height: "12", class: `${cls}-bg` }, pat);
      bmEl("line", { x1: "0", y1: "0", x2: "0", y2: "12", class: cls }, pat);
    }
    const focusable = new Set();
    for (const view of map.views) {
      const g = bmEl("g", { class: "rm-bm-view", transform: `translate(${view.dx},0)`, "data-view": view.id }, svg);
      bmEl("text", { x: 0, y: -28, class: "rm-bm-view-label" }, g, view.label);
      for (const s of view.sides) {
        const t = bmEl("text", { x: s.x, y: -28, class: "rm-bm-side-label" }, g, s.text);
        bmEl("title", {}, t, `body's ${s.title} side`);
      }
      bmEl("path", { d: view.outline, class: "rm-bm-outline" }, g);
      for (const d of view.details) bmEl("path", { d, class: "rm-bm-detail" }, g);
      const muscles = bmEl("g", { class: "rm-bm-muscles" }, g);
      for (const s of map.shapes.filter((sh) => sh.view === view.id)) {
        const m = map.muscles[s.muscle];
        const style = m.style === "data" && s.side === "l" ? "unrecorded" : m.style;
        const node = bmEl("path", { d: s.d, class: `rm-bm-muscle rm-bm-${style}`, "data-muscle": s.muscle,
          "data-view": s.view, "data-side": s.side, "data-style": style }, muscles);
        if (style === "literature") node.setAttribute("fill", `url(#${hatch})`);
        else if (style !== "data") node.setAttribute("fill", "transparent");
        // one keyboard stop per muscle: its right side on the first view that shows it
        if (s.side === "r" && !focusable.has(s.muscle)) {
          focusable.add(s.muscle);
          node.setAttribute("tabindex", "0");
          node.setAttribute("role", "button");
        }
        const title = bmEl("title", {}, node);
        const shape = { muscle: s.muscle, view: s.view, side: s.side, style, node, title, fill: null };
        shapes.push(shape);
        const show = () => { hovered = shape; showReadout(); };
        const hide = () => { if (hovered === shape) { hovered = null; showReadout(); } };
        node.addEventListener("mouseenter", show);
        node.addEventListener("mouseleave", hide);
        node.addEventListener("focus", show);
        node.addEventListener("blur", hide);
        node.addEventListener("click", () => onSelect && onSelect(s.muscle));
        node.addEventListener("keydown", (e) => {
          if (e.key === "Enter" || e.key === " ") { e.preventDefault(); e.stopPropagation(); if (onSelect) onSelect(s.muscle); }
        });
      }
    }
    buildLegend();
  }

  function buildLegend() {
    legend.textContent = "";
    const who = map.source_evidence === "reconstructed" ? "reconstructed curve" : "measured EMG";
    const keys = [["rm-bm-key-data", `filled: ${who} now (${map.source}, right leg)`],
      ["rm-bm-key-lit", "hatched: published timing only; bright inside its window"],
      ["rm-bm-key-none", "outline: no data here (hover or focus to see why)"]];
    for (const [cls, text] of keys) bmHtml("span", { class: `rm-bm-key ${cls}` }, legend, text);
  }

  function showReadout() {
    if (!map || !current) return;
    const shape = hovered || shapes.find((s) => s.muscle === current.selected && s.side === "r");
    readout.textContent = shape ? labelFor(shape.muscle, shape.side, stateOf(shape.muscle)) : "";
  }

  // Colours change at once; the words (tooltips, aria-labels, readout, screen-reader summary) follow
  // once the instant has settled for WORDS_DELAY_MS, so playing and scrubbing redraw colours alone.
  const WORDS_DELAY_MS = 120;
  let wordsTimer = null;

  function draw(args) {
    if (!map) return;
    current = args;
    for (const s of shapes) {
      if (s.style === "data" || s.style === "literature") {
        const st = stateOf(s.muscle);
        const fill = s.style === "data" ? st.fill : `url(#${st.active ? hatchOn : hatch})`;
        if (fill !== s.fill) {
          s.fill = fill;
          s.node.setAttribute("fill", fill);
          s.node.classList.toggle("rm-bm-active", st.active);
        }
        if (s.style === "data") s.node.dataset.level = st.level.toFixed(3);
      }
      const selected = s.muscle === args.selected;
      if (selected !== s.node.classList.contains("rm-bm-selected")) {
        s.node.classList.toggle("rm-bm-selected", selected);
        if (selected) s.node.parentNode.appendChild(s.node); // on top of its neighbours
      }
    }
    root.dataset.percent = String(args.percent);
    clearTimeout(wordsTimer);
    wordsTimer = setTimeout(words, WORDS_DELAY_MS);
  }

  function words() {
    if (!map || !current) return;
    const states = {};
    for (const id of Object.keys(map.muscles)) states[id] = stateOf(id);
    for (const s of shapes) {
      if (s.title.textContent && s.style !== "data" && s.style !== "literature") continue;
      const label = labelFor(s.muscle, s.side, states[s.muscle]);
      s.title.textContent = label;
      if (s.node.hasAttribute("tabindex")) s.node.setAttribute("aria-label", label);
    }
    showReadout();
    describe(states);
    root.dataset.words = String(current.percent);
  }

  function describe(states) {
    summary.textContent = "";
    bmHtml("p", {}, summary, `Body map at ${current.percent} % of the stride (${map.source}; right leg recorded).`);
    const list = bmHtml("ul", {}, summary);
    for (const region of BM_REGIONS) {
      const ids = Object.keys(map.muscles).filter((id) => map.muscles[id].region === region);
      if (!ids.length) continue;
      const parts = [];
      const none = [];
      for (const id of ids) {
        const m = map.muscles[id], st = states[id];
        if (m.style === "data") parts.push(`${m.name} ${bmPct(st.level)}${st.active ? " (active)" : ""}`);
        else if (m.style === "literature") parts.push(`${m.name}: ${st.active ? "inside" : "outside"} its published window`);
        else none.push(m.name);
      }
      if (none.length) parts.push(`no data here: ${none.join(", ")}`);
      bmHtml("li", { "data-region": region }, list, `${region[0].toUpperCase()}${region.slice(1)}: ${parts.join("; ")}.`);
    }
  }

  return { root, build, draw };
}

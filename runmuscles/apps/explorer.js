// Stride view of the runmuscles gait-cycle explorer.
// Receives the whole stride once (model "data") and draws every instant in the browser:
// runner with muscle paths, phase ribbon, "active now" list, heatmap and one muscle's curve.
// Scrubbing and playing never wait for the kernel; "percent" is synced back when it settles.

const SVG = "http://www.w3.org/2000/svg";
const SPEEDS = [0.1, 0.25, 0.5, 1];
// Ribbon labels for phases too narrow for their full name.
const SHORT = { loading_response: "Loading", mid_stance: "Mid", terminal_stance: "Terminal", pre_swing: "Pre",
  propulsion: "Push", initial_swing: "Initial", mid_swing: "Mid", terminal_swing: "Terminal" };

function svg(tag, attrs = {}, parent = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function html(tag, attrs = {}, parent = null, text = null) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== null) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

const pct = (v) => `${Math.round(v * 100)} %`;

// ---------- guards: the model's values are checked before anything is drawn ----------
const finite = (v) => typeof v === "number" && Number.isFinite(v);
const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));

// A payload is drawn only when it has every part the view uses, with 101 points per curve.
function validPayload(d) {
  if (!d || typeof d !== "object") return false;
  const ok101 = (a) => Array.isArray(a) && a.length === 101 && a.every(finite);
  return Array.isArray(d.muscles) && d.muscles.length > 0 && d.act && d.sd
    && d.muscles.every((m) => m && typeof m.id === "string" && ok101(d.act[m.id]) && ok101(d.sd[m.id]))
    && Array.isArray(d.phases) && d.phases.length > 0
    && d.phases.every((ph) => finite(ph.start) && finite(ph.end))
    && d.events && finite(d.events.toe_off) && finite(d.stride_time_s) && d.stride_time_s > 0
    && Array.isArray(d.lut) && d.lut.length === 101
    && d.body && Array.isArray(d.body.frames) && d.body.frames.length === 101 && Array.isArray(d.jumps);
}

function render({ model, el }) {
  const root = html("div", { class: "rm-explorer", "data-testid": "rm-explorer", tabindex: "-1" }, el);

  // ---------- header and controls ----------
  const header = html("div", { class: "rm-header" }, root);
  const title = html("div", { class: "rm-title" }, header);
  const gaitLabel = html("span", { class: "rm-gait" }, title);
  const percentLabel = html("span", { class: "rm-percent", "data-testid": "rm-percent" }, title);
  const phaseLabel = html("span", { class: "rm-phase", "data-testid": "rm-phase" }, title);
  const supportLabel = html("span", { class: "rm-support", "data-testid": "rm-support" }, title);

  const controls = html("div", { class: "rm-controls" }, root);
  const play = html("button", { class: "rm-button rm-play", "data-testid": "rm-play", type: "button",
    "aria-label": "Play", title: "Play / pause (space)" }, controls, "▶ Play");
  const back = html("button", { class: "rm-button", type: "button", "aria-label": "Step back 1 %",
    title: "Step back 1 % (←)" }, controls, "◀");
  const slider = html("input", { type: "range", min: "0", max: "100", step: "1", value: "0",
    class: "rm-slider", "data-testid": "rm-slider", "aria-label": "Instant of the stride, % of the gait cycle" }, controls);
  const fwd = html("button", { class: "rm-button", type: "button", "aria-label": "Step forward 1 %",
    title: "Step forward 1 % (→)" }, controls, "▶");
  const speed = html("select", { class: "rm-speed", "aria-label": "Playback speed", title: "Playback speed" }, controls);
  for (const s of SPEEDS) html("option", { value: String(s) }, speed, s === 1 ? "real time" : `${s}× speed`);
  const jumps = html("div", { class: "rm-jumps", role: "group", "aria-label": "Jump to a phase" }, controls);

  // ---------- main grid ----------
  const grid = html("div", { class: "rm-grid" }, root);
  const stage = html("div", { class: "rm-stage" }, grid);
  const stageRow = html("div", { class: "rm-stage-row" }, stage);
  const runner = svg("svg", { class: "rm-runner", "data-testid": "rm-runner", role: "img",
    "aria-label": "Side view of the runner with muscles coloured by activation" }, stageRow);
  const caption = html("p", { class: "rm-caption", "aria-hidden": "true", "data-testid": "rm-caption" }, stage);
  const bodyMap = createBodyMap(stageRow, { onSelect: (id) => select(id), footer: stage });

  const side = html("div", { class: "rm-side" }, grid);
  const ribbon = svg("svg", { class: "rm-ribbon", "data-testid": "rm-ribbon", viewBox: "0 0 1000 86",
    preserveAspectRatio: "xMidYMid meet", role: "img", "aria-label": "Phases of the gait cycle" }, side);
  const phaseText = html("p", { class: "rm-phase-text", "data-testid": "rm-phase-text" }, side);
  const activeHead = html("h3", { class: "rm-active-head" }, side);
  const activeList = html("ol", { class: "rm-active", "data-testid": "rm-active" }, side);

  const bottom = html("div", { class: "rm-bottom" }, root);
  const heat = svg("svg", { class: "rm-heatmap", "data-testid": "rm-heatmap", role: "img",
    "aria-label": "Activation of every measured muscle over the gait cycle" }, bottom);
  const curve = svg("svg", { class: "rm-curve", "data-testid": "rm-curve", role: "img" }, bottom);

  const legend = html("div", { class: "rm-legend" }, root);
  const live = html("div", { class: "rm-sr-only", role: "status", "aria-live": "polite", "data-testid": "rm-summary" }, root);

  // ---------- state ----------
  let data = null;
  const getPercent = () => { const p = model.get("percent"); return finite(p) ? clamp(Math.round(p), 0, 100) : null; };
  let threshold = 0.3; // last valid threshold received
  const getThreshold = () => { const t = model.get("threshold"); if (finite(t)) threshold = clamp(t, 0, 1); return threshold; };
  const getSpeed = () => { const v = model.get("speed"); return finite(v) && v > 0 ? clamp(v, 0.05, 4) : 0.25; };
  // a muscle with a curve here, or one the body map knows (drawn with its window or the reason it has none)
  const getSelected = () => {
    const id = model.get("selected");
    return data && typeof id === "string" && (data.act[id] || (data.map && data.map.muscles[id])) ? id : null;
  };
  let percent = getPercent() || 0;
  let playing = false;
  let rafId = null;
  let lastTime = null;
  let position = percent; // fractional percent while playing
  let syncTimer = null;
  let liveTimer = null;
  let parts = null; // handles of the drawn elements for fast updates

  const phaseAt = (p) => data.phases.find((ph) => p >= ph.start && p < ph.end) || data.phases[data.phases.length - 1];
  const lut = (v) => data.lut[finite(v) ? clamp(Math.round(v * 100), 0, 100) : 0];

  function inWindows(windows, p) {
    return windows.some(([a, b]) => p >= a && p <= b);
  }

  // ---------- building (once per payload) ----------
  function buildRunner() {
    runner.textContent = "";
    const b = data.body;
    const [x0, y0, x1, y1] = b.bbox;
    const pad = 0.06;
    runner.setAttribute("viewBox", `${x0 - pad} ${-(y1 + pad)} ${x1 - x0 + 2 * pad} ${y1 - y0 + 2 * pad}`);
    svg("line", { x1: x0 - pad, x2: x1 + pad, y1: 0, y2: 0, class: "rm-ground" }, runner);
    const flip = svg("g", { transform: "scale(1,-1)" }, runner);
    const far = svg("g", { class: "rm-far" }, flip);
    const musclesFar = svg("g", {}, flip);
    const near = svg("g", { class: "rm-near" }, flip);
    const musclesNear = svg("g", {}, flip);
    const index = Object.fromEntries(b.joints.map((name, k) => [name, k]));
    const segs = b.segments.map(([a, c, sideName]) => {
      const group = sideName === "l" ? far : near;
      return { a: index[a], c: index[c], node: svg("line", { class: `rm-bone rm-bone-${sideName}` }, group) };
    });
    const head = svg("circle", { r: b.head_radius, class: "rm-head" }, near);
    const paths = [];
    for (const key of Object.keys(b.frames[0].muscles)) {
      const id = key.slice(0, -2);
      const sideName = key.slice(-1);
      const how = data.drawn[id] || { style: "none", name: id };
      const group = sideName === "l" ? musclesFar : musclesNear;
      const node = svg("polyline", { class: `rm-muscle rm-${how.style} rm-side-${sideName}`,
        "data-muscle": id, "data-side": sideName }, group);
      const tip = svg("title", {}, node);
      tip.textContent = how.style === "data" ? how.name
        : how.style === "literature" ? `${how.name}: published timing only (no EMG here)`
        : `${how.name}: no running EMG in this data set`;
      node.addEventListener("click", () => { if (how.style === "data" || (data.map && data.map.muscles[id])) select(id); });
      paths.push({ key, id, side: sideName, style: how.style, windows: how.windows || [], node });
    }
    return { segs, head, paths, index };
  }

  function buildRibbon() {
    ribbon.textContent = "";
    const defs = svg("defs", {}, ribbon);
    const pat = svg("pattern", { id: "rm-float", width: "10", height: "10", patternUnits: "userSpaceOnUse",
      patternTransform: "rotate(45)" }, defs);
    svg("rect", { width: "10", height: "10", class: "rm-float-bg" }, pat);
    svg("line", { x1: "0", y1: "0", x2: "0", y2: "10", class: "rm-float-line" }, pat);
    data.phases.forEach((ph, k) => {
      const x = ph.start * 10, w = (ph.end - ph.start) * 10;
      const float = ph.support.startsWith("float");
      const rect = svg("rect", { x, y: 22, width: w, height: 40,
        class: `rm-band rm-band-${ph.start < data.events.toe_off ? "stance" : "swing"} ${k % 2 ? "rm-odd" : ""}`,
        fill: float ? "url(#rm-float)" : "" }, ribbon);
      const tip = svg("title", {}, rect);
      tip.textContent = `${ph.name}: ${ph.start.toFixed(0)}–${ph.end.toFixed(0)} %${float ? " (float)" : ""}`;
      const label = [ph.name, SHORT[ph.id] || ""].find((text) => text && text.length * 10.5 + 8 < w);
      if (label) {
        const t = svg("text", { x: x + w / 2, y: 48, class: "rm-band-label" }, ribbon);
        t.textContent = label;
      }
      // boundary tick: solid = measured event, dashed = convention
      if (k > 0) svg("line", { x1: x, x2: x, y1: 16, y2: 68,
        class: ph.start_measured ? "rm-tick" : "rm-tick rm-tick-convention" }, ribbon);
    });
    const to = data.events.toe_off * 10;
    const toLabel = svg("text", { x: to, y: 84, class: "rm-event-label" }, ribbon);
    toLabel.textContent = `toe-off ${data.events.toe_off.toFixed(0)} %`;
    const st = svg("text", { x: 4, y: 14, class: "rm-ribbon-note" }, ribbon);
    st.textContent = "stance";
    const sw = svg("text", { x: to + 4, y: 14, class: "rm-ribbon-note" }, ribbon);
    sw.textContent = "swing";
    return svg("path", { class: "rm-cursor-tri", "data-testid": "rm-ribbon-cursor" }, ribbon);
  }

  function buildHeatmap() {
    heat.textContent = "";
    const rows = data.muscles;
    const left = 190, top = 22, cellH = 22, width = 101 * 5;
    const h = top + rows.length * cellH + 24;
    heat.setAttribute("viewBox", `0 0 ${left + width + 8} ${h}`);
    data.phases.forEach((ph) => {
      const band = svg("rect", { x: left + ph.start * 5, y: 4, width: (ph.end - ph.start) * 5, height: 14,
        class: `rm-hband ${ph.support.startsWith("float") ? "rm-hband-float" : ""}` }, heat);
      const tip = svg("title", {}, band);
      tip.textContent = ph.name;
    });
    const labels = [];
    rows.forEach((m, r) => {
      const y = top + r * cellH;
      const label = svg("text", { x: left - 8, y: y + cellH * 0.7, class: "rm-hlabel", "data-muscle": m.id }, heat);
      label.textContent = m.name;
      label.addEventListener("click", () => select(m.id));
      labels.push(label);
      const values = data.act[m.id];
      for (let p = 0; p <= 100; p++) {
        svg("rect", { x: left + p * 5, y, width: 5.4, height: cellH - 2, fill: lut(values[p]) }, heat);
      }
      const hit = svg("rect", { x: left, y, width, height: cellH, class: "rm-hrow" }, heat);
      hit.addEventListener("click", () => select(m.id));
    });
    const axisY = top + rows.length * cellH + 16;
    for (const p of [0, 25, 50, 75, 100]) {
      const t = svg("text", { x: left + p * 5 + 2.5, y: axisY, class: "rm-axis" }, heat);
      t.textContent = `${p} %`;
    }
    const toX = left + data.events.toe_off * 5 + 2.5;
    svg("line", { x1: toX, x2: toX, y1: top - 2, y2: top + rows.length * cellH, class: "rm-toe-line" }, heat);
    const cursor = svg("rect", { y: top - 3, width: 5.4, height: rows.length * cellH + 4, class: "rm-hcursor",
      "data-testid": "rm-heatmap-cursor" }, heat);
    return { cursor, labels, left };
  }

  function buildCurve() {
    curve.textContent = "";
    curve.setAttribute("viewBox", "0 0 560 300");
    const g = { left: 52, right: 540, top: 36, bottom: 262 };
    const X = (p) => g.left + (p / 100) * (g.right - g.left);
    const Y = (v) => g.bottom - v * (g.bottom - g.top);
    data.phases.forEach((ph, k) => {
      svg("rect", { x: X(ph.start), y: g.top, width: X(ph.end) - X(ph.start), height: g.bottom - g.top,
        class: `rm-cband ${k % 2 ? "rm-odd" : ""} ${ph.support.startsWith("float") ? "rm-cband-float" : ""}` }, curve);
    });
    for (const v of [0, 0.5, 1]) {
      svg("line", { x1: g.left, x2: g.right, y1: Y(v), y2: Y(v), class: "rm-grid-line" }, curve);
      const t = svg("text", { x: g.left - 8, y: Y(v) + 5, class: "rm-axis rm-axis-y" }, curve);
      t.textContent = v.toFixed(1);
    }
    for (const p of [0, 50, 100]) {
      const t = svg("text", { x: X(p), y: g.bottom + 22, class: "rm-axis" }, curve);
      t.textContent = `${p} %`;
    }
    svg("line", { x1: X(data.events.toe_off), x2: X(data.events.toe_off), y1: g.top, y2: g.bottom, class: "rm-toe-line" }, curve);
    const windows = svg("g", {}, curve);
    const band = svg("path", { class: "rm-sd-band" }, curve);
    const line = svg("polyline", { class: "rm-mean-line" }, curve);
    const thr = svg("line", { x1: g.left, x2: g.right, class: "rm-threshold" }, curve);
    const cursor = svg("line", { y1: g.top, y2: g.bottom, class: "rm-ccursor" }, curve);
    const dot = svg("circle", { r: 7, class: "rm-cdot" }, curve);
    const heading = svg("text", { x: g.left, y: 22, class: "rm-curve-title" }, curve);
    const note = svg("text", { x: (g.left + g.right) / 2, y: (g.top + g.bottom) / 2 - 10, class: "rm-curve-note",
      "data-testid": "rm-curve-note" }, curve);
    return { g, X, Y, windows, band, line, thr, cursor, dot, heading, note };
  }

  function buildJumps() {
    jumps.textContent = "";
    html("span", { class: "rm-jumps-label" }, jumps, "Jump to:");
    data.jumps.forEach((j, k) => {
      const b = html("button", { class: "rm-button rm-jump", type: "button", "data-testid": `rm-jump-${k + 1}`,
        title: `${j.label} (${j.percent} %) — key ${k + 1}` }, jumps, j.label);
      b.addEventListener("click", () => { stop(); setPercent(j.percent, true); });
    });
  }

  function buildLegend() {
    legend.textContent = "";
    const scale = html("div", { class: "rm-scale" }, legend);
    html("span", {}, scale, "0");
    const bar = html("span", { class: "rm-scale-bar" }, scale);
    bar.style.background = `linear-gradient(to right, ${data.lut.filter((_, k) => k % 10 === 0).join(",")})`;
    html("span", {}, scale, "1.0 = the muscle's own peak in this activity (not maximal effort; muscles are not comparable in amplitude)");
    const keys = html("div", { class: "rm-keys" }, legend);
    html("span", { class: "rm-key rm-key-data" }, keys, `coloured: EMG (${data.evidence})`);
    html("span", { class: "rm-key rm-key-lit" }, keys, "dashed: published timing only");
    html("span", { class: "rm-key rm-key-none" }, keys, "grey: no running EMG here");
    html("span", { class: "rm-key rm-key-thr" }, keys, "orange dashes on the curve: active threshold");
    html("span", { class: "rm-key rm-key-tick" }, keys, "ribbon ticks: solid = measured event, dashed = convention");
    html("span", { class: "rm-key rm-key-map" }, keys, "body map: only the recorded (right) leg is coloured; the left is outlined");
    const src = html("p", { class: "rm-source", "data-testid": "rm-source" }, legend);
    const speed = data.speed ? `, ${data.speed}` : "";
    src.textContent = `Data: ${data.source_label} — ${data.who}${speed}, ${data.evidence}. ${data.citation}`;
  }

  // The kernel sends the payload as one binary buffer of UTF-8 JSON ("payload"); the static site's page
  // model holds the object itself ("data"). Bytes that are not JSON count as a broken payload.
  function receivedPayload() {
    const raw = model.get("payload");
    if (raw && typeof raw.byteLength === "number") {
      if (raw.byteLength === 0) return {};
      try {
        return JSON.parse(new TextDecoder().decode(raw));
      } catch (e) {
        return { unreadable: true };
      }
    }
    return model.get("data");
  }

  function rebuild() {
    const received = receivedPayload();
    if (!validPayload(received)) {
      if (received && Object.keys(received).length) root.dataset.invalid = "true"; // keep what is drawn
      return;
    }
    delete root.dataset.invalid;
    data = received;
    gaitLabel.textContent = data.gait_label;
    const r = buildRunner();
    const cursorTri = buildRibbon();
    const h = buildHeatmap();
    const c = buildCurve();
    buildJumps();
    buildLegend();
    if (data.map) bodyMap.build(data.map);
    parts = { ...r, cursorTri, heat: h, curve: c };
    root.dataset.gait = data.gait;
    root.dataset.source = data.source;
    root.dataset.toeOff = String(data.events.toe_off);
    drawCurve();
    draw(percent);
  }

  // ---------- drawing (every instant) ----------
  function drawCurve() {
    const c = parts.curve;
    const id = getSelected();
    if (!id) return;
    const mean = data.act[id], sd = data.sd[id];
    c.windows.textContent = "";
    c.note.textContent = "";
    c.dot.style.display = mean ? "" : "none";
    c.thr.style.display = mean ? "" : "none";
    parts.heat.labels.forEach((label) => label.classList.toggle("rm-selected", label.dataset.muscle === id));
    if (!mean) {
      // a muscle without a curve in this data set (chosen on the body map): its windows or why there is none
      const info = data.map && data.map.muscles[id];
      c.band.setAttribute("d", "");
      c.line.setAttribute("points", "");
      if (!info) return;
      for (const [a, b] of info.windows) {
        svg("rect", { x: c.X(a), y: c.g.top, width: c.X(b) - c.X(a), height: c.g.bottom - c.g.top, class: "rm-cwindow" }, c.windows);
      }
      c.heading.textContent = info.style === "literature" ? `${info.name}: published window only, no curve` : `${info.name}: no curve here`;
      const reason = info.note.slice(info.name.length + 2).split(/; |, (?=no EMG)/);
      reason.forEach((line, k) => {
        svg("tspan", { x: (c.g.left + c.g.right) / 2, dy: k ? "1.4em" : "0" }, c.note).textContent = line;
      });
      curve.setAttribute("aria-label", info.note);
      return;
    }
    const upper = mean.map((v, p) => `${c.X(p).toFixed(1)},${c.Y(Math.min(1.25, v + sd[p])).toFixed(1)}`);
    const lower = mean.map((v, p) => `${c.X(p).toFixed(1)},${c.Y(Math.max(0, v - sd[p])).toFixed(1)}`).reverse();
    c.band.setAttribute("d", `M${upper.join("L")}L${lower.join("L")}Z`);
    c.line.setAttribute("points", mean.map((v, p) => `${c.X(p).toFixed(1)},${c.Y(v).toFixed(1)}`).join(" "));
    const thr = getThreshold();
    c.thr.setAttribute("y1", c.Y(thr));
    c.thr.setAttribute("y2", c.Y(thr));
    const m = data.muscles.find((row) => row.id === id);
    const spread = data.evidence === "reconstructed" ? "± SD across people" : data.strides > 1 ? "± SD across strides" : "single stride: no spread";
    c.heading.textContent = `${m.name}: mean ${spread}`;
    curve.setAttribute("aria-label", `Activation of ${m.name} over the gait cycle; peak at ${m.peak} %`);
  }

  function draw(p) {
    if (!parts) return;
    const frame = data.body.frames[p];
    const J = frame.joints;
    for (const s of parts.segs) {
      s.node.setAttribute("x1", J[2 * s.a]); s.node.setAttribute("y1", J[2 * s.a + 1]);
      s.node.setAttribute("x2", J[2 * s.c]); s.node.setAttribute("y2", J[2 * s.c + 1]);
    }
    const hk = parts.index.head;
    parts.head.setAttribute("cx", J[2 * hk]); parts.head.setAttribute("cy", J[2 * hk + 1]);
    for (const m of parts.paths) {
      const pts = frame.muscles[m.key];
      let coords = "";
      for (let k = 0; k < pts.length; k += 2) coords += `${pts[k]},${pts[k + 1]} `;
      m.node.setAttribute("points", coords);
      if (m.style === "data" && m.side === "r") {
        const v = data.act[m.id][p];
        m.node.setAttribute("stroke", lut(v));
        m.node.setAttribute("stroke-width", (0.008 + 0.026 * v).toFixed(4));
        m.node.dataset.level = v.toFixed(3);
      } else if (m.style === "literature" && m.side === "r") {
        m.node.classList.toggle("rm-in-window", inWindows(m.windows, p));
      }
    }
    // texts
    const ph = phaseAt(p);
    percentLabel.textContent = `${p} % of the stride`;
    phaseLabel.textContent = ph.name;
    supportLabel.textContent = ph.support;
    phaseText.textContent = ph.description;
    slider.value = String(p);
    slider.setAttribute("aria-valuetext", `${p} %, ${ph.name}, ${ph.support}`);
    // cursors
    const x = p * 10 + 0;
    parts.cursorTri.setAttribute("d", `M${x - 9},0 L${x + 9},0 L${x},16 Z M${x - 1.5},16 h3 v52 h-3 Z`);
    parts.heat.cursor.setAttribute("x", parts.heat.left + p * 5);
    const c = parts.curve;
    const id = getSelected();
    const v = id && data.act[id] ? data.act[id][p] : 0;
    c.cursor.setAttribute("x1", c.X(p)); c.cursor.setAttribute("x2", c.X(p));
    c.dot.setAttribute("cx", c.X(p)); c.dot.setAttribute("cy", c.Y(v));
    bodyMap.draw({ act: data.act, lut: data.lut, percent: p, threshold: getThreshold(), selected: id });
    drawActive(p, ph);
  }

  function drawActive(p, ph) {
    const thr = getThreshold();
    const rows = data.muscles
      .map((m) => ({ m, v: data.act[m.id][p] }))
      .filter((r) => r.v >= thr)
      .sort((a, b) => b.v - a.v);
    activeHead.textContent = `Active now (≥ ${Math.round(thr * 100)} % of own peak): ${rows.length} of ${data.muscles.length} measured`;
    activeList.textContent = "";
    for (const { m, v } of rows) {
      const li = html("li", { class: "rm-active-row", "data-muscle": m.id }, activeList);
      const name = html("button", { class: "rm-active-name", type: "button", title: "Show its curve" }, li, m.name);
      name.addEventListener("click", () => select(m.id));
      const bar = html("span", { class: "rm-level" }, li);
      const fill = html("span", { class: "rm-level-fill" }, bar);
      fill.style.width = `${Math.round(v * 100)}%`;
      fill.style.background = lut(v);
      html("span", { class: "rm-level-text" }, li, pct(v));
      html("span", { class: `rm-badge rm-badge-${m.evidence}` }, li, m.evidence);
      const role = m.roles[ph.id] || (m.actions.length ? `Actions: ${m.actions.join(", ")}` : "");
      html("span", { class: "rm-role" }, li, role);
    }
    if (!rows.length) html("li", { class: "rm-active-none" }, activeList, "No measured muscle is above the threshold at this instant.");
    const top = rows.slice(0, 4).map(({ m, v }) => `${m.name} ${pct(v)}`).join(", ");
    caption.textContent = `${data.gait_label}, ${p} % of the stride — ${ph.name} (${ph.support}). ${rows.length ? `Most active: ${top}.` : "No measured muscle above the threshold."}`;
    if (!playing) {
      clearTimeout(liveTimer);
      liveTimer = setTimeout(() => { live.textContent = caption.textContent; }, 250);
    }
  }

  // ---------- interaction ----------
  function setPercent(p, sync) {
    percent = Math.max(0, Math.min(100, Math.round(p)));
    position = percent;
    draw(percent);
    if (sync) {
      clearTimeout(syncTimer);
      syncTimer = setTimeout(() => { model.set("percent", percent); model.save_changes(); }, 150);
    }
  }

  function select(id) {
    model.set("selected", id);
    model.save_changes();
    drawCurve();
    draw(percent);
  }

  function tick(now) {
    if (!playing) return;
    if (lastTime !== null) {
      const cycleMs = (data.stride_time_s * 1000) / getSpeed();
      position = (position + ((now - lastTime) / cycleMs) * 100) % 101;
      const p = Math.floor(position) % 101;
      if (p !== percent) { percent = p; draw(p); }
    }
    lastTime = now;
    rafId = requestAnimationFrame(tick);
  }

  function start() {
    if (playing || !data) return;
    playing = true;
    lastTime = null;
    position = percent;
    play.textContent = "❚❚ Pause";
    play.setAttribute("aria-label", "Pause");
    root.dataset.playing = "true";
    rafId = requestAnimationFrame(tick);
  }

  function stop() {
    if (!playing) return;
    playing = false;
    cancelAnimationFrame(rafId);
    play.textContent = "▶ Play";
    play.setAttribute("aria-label", "Play");
    root.dataset.playing = "false";
    setPercent(percent, true);
  }

  play.addEventListener("click", () => (playing ? stop() : start()));
  back.addEventListener("click", () => { stop(); setPercent(percent === 0 ? 100 : percent - 1, true); });
  fwd.addEventListener("click", () => { stop(); setPercent(percent === 100 ? 0 : percent + 1, true); });
  slider.addEventListener("input", () => { stop(); setPercent(Number(slider.value), true); });
  speed.value = String(getSpeed());
  speed.addEventListener("change", () => { model.set("speed", Number(speed.value)); model.save_changes(); });
  root.addEventListener("keydown", (e) => {
    if (e.target.tagName === "SELECT") return;
    if (e.key === " " || e.key === "k") {
      if (e.target.tagName === "BUTTON" && e.key === " ") return;
      e.preventDefault();
      playing ? stop() : start();
    } else if (/^[1-6]$/.test(e.key) && data && data.jumps[Number(e.key) - 1]) {
      stop();
      setPercent(data.jumps[Number(e.key) - 1].percent, true);
    } else if (e.target !== slider && (e.key === "ArrowRight" || e.key === "ArrowLeft")) {
      e.preventDefault();
      stop();
      setPercent((percent + (e.key === "ArrowRight" ? 1 : 100)) % 101, true);
    }
  });

  const onData = () => { stop(); rebuild(); };
  const onPercent = () => { const p = getPercent(); if (p !== null && p !== percent) { stop(); setPercent(p, false); } };
  const onThreshold = () => { if (parts) { drawCurve(); draw(percent); } };
  const onSelected = () => { if (parts) { drawCurve(); draw(percent); } };
  const onPlaying = () => (model.get("playing") === true ? start() : stop());
  model.on("change:payload", onData);
  model.on("change:data", onData);
  model.on("change:percent", onPercent);
  model.on("change:threshold", onThreshold);
  model.on("change:selected", onSelected);
  model.on("change:playing", onPlaying);
  rebuild();

  return () => {
    cancelAnimationFrame(rafId);
    clearTimeout(syncTimer);
    clearTimeout(liveTimer);
    model.off("change:payload", onData);
    model.off("change:data", onData);
    model.off("change:percent", onPercent);
    model.off("change:threshold", onThreshold);
    model.off("change:selected", onSelected);
    model.off("change:playing", onPlaying);
  };
}

export default { render };

// Shared by the pages that draw plotly figures. Each page's data file sets window.RM_DATA, whose
// "figures" are plotly figures as JSON (their templates stored once, in "templates"); plotly.js
// itself is assets/plotly.min.js, loaded once per page and cached by the browser across pages.
(function () {
  "use strict";
  const CONFIG = { displaylogo: false, responsive: true };

  function fail(text) {
    const main = document.getElementById("main");
    const p = document.createElement("p");
    p.className = "rm-error";
    p.setAttribute("role", "alert");
    p.textContent = text;
    main.insertBefore(p, main.children[1] || null);
  }

  const data = window.RM_DATA;
  if (!window.Plotly) fail("The plotting library (assets/plotly.min.js) did not load: copy the whole site folder, not only this page.");
  if (!data) fail("This page's data (the data/ folder) did not load: copy the whole site folder, not only this page.");

  function figure(index) {
    const f = data.figures[index];
    const layout = structuredClone(f.layout);
    if (f.template !== undefined) layout.template = structuredClone(data.templates[f.template]);
    return { data: structuredClone(f.data), layout, title: f.title };
  }

  // Draw figure number `index` into a <figure> element; `caption` says where its text alternative is.
  function plot(holder, index, caption) {
    let area = holder.querySelector(".plot-area");
    let cap = holder.querySelector("figcaption");
    if (!area) {
      area = document.createElement("div");
      area.className = "plot-area";
      holder.appendChild(area);
      cap = document.createElement("figcaption");
      cap.className = "rm-sr-only";
      holder.appendChild(cap);
    }
    const f = figure(index);
    holder.setAttribute("aria-label", `Chart: ${f.title || "figure"}`);
    holder.dataset.figure = String(index);
    cap.textContent = `Chart: ${f.title || "figure"}.${caption ? " " + caption : ""}`;
    if (window.Plotly) return window.Plotly.react(area, f.data, f.layout, CONFIG);
    return Promise.resolve();
  }

  function options(select, pairs, value) {
    select.textContent = "";
    for (const [label, key] of pairs) {
      const o = document.createElement("option");
      o.value = key;
      o.textContent = label;
      select.appendChild(o);
    }
    if (value !== undefined) select.value = value;
  }

  window.RM = { data, plot, options, fail };
})();

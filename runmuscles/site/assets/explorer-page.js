// The gait-cycle explorer with no kernel. The page inlines the dashboard's own stride view
// (runmuscles/apps/explorer.js, an anywidget module) and this script plays the kernel's part: a small
// model with the widget's state (get/set/on/off/save_changes), fed with payloads the package exported,
// and plain HTML controls that do what the dashboard's ipywidgets do (gait, data set, "active"
// threshold, curve). Payloads other than the first are loaded with a <script> element on demand,
// which works from file:// as well as over http.
(function () {
  "use strict";
  performance.mark("rm-page-script");
  const index = window.RM_EXPLORER_INDEX;
  const payloads = (window.RM_EXPLORER = window.RM_EXPLORER || {});
  const view = window.runmusclesStrideView;
  const message = document.getElementById("rm-message");
  if (!index || !view) {
    message.textContent = "The explorer's files did not load: copy the whole site folder (assets/ and data/ too), not only this page.";
    return;
  }

  // Backbone-like, as anywidget's model: set() fires "change:<name>" for each value that changed.
  function makeModel(state) {
    const handlers = {};
    const fire = (names) => {
      for (const n of names) for (const h of (handlers["change:" + n] || []).slice()) h();
    };
    return {
      get: (name) => state[name],
      set(name, value) {
        const values = typeof name === "object" ? name : { [name]: value };
        const changed = Object.keys(values).filter((k) => state[k] !== values[k]);
        Object.assign(state, values);
        fire(changed);
      },
      on(event, handler) { (handlers[event] = handlers[event] || []).push(handler); },
      off(event, handler) { handlers[event] = (handlers[event] || []).filter((h) => h !== handler); },
      save_changes() {},
    };
  }

  function load(key) {
    if (payloads[key]) return Promise.resolve(payloads[key]);
    if (!index.files[key]) return Promise.reject(new Error(`no exported data for ${key}`));
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = index.files[key];
      script.onload = () => (payloads[key] ? resolve(payloads[key]) : reject(new Error(`${script.src} holds no data`)));
      script.onerror = () => reject(new Error(`${index.files[key]} did not load`));
      document.head.appendChild(script);
    });
  }

  function fillOptions(select, pairs, value) {
    select.textContent = "";
    for (const [label, key] of pairs) {
      const option = document.createElement("option");
      option.value = key;
      option.textContent = label;
      select.appendChild(option);
    }
    select.value = value;
  }

  const gaitButtons = [...document.querySelectorAll(".rm-gait-button")];
  const source = document.getElementById("rm-source");
  const threshold = document.getElementById("rm-threshold");
  const thresholdValue = document.getElementById("rm-threshold-value");
  const muscle = document.getElementById("rm-muscle");

  let gait = index.gaits[0][0];
  let request = 0; // the latest load wins when several overlap
  const model = makeModel({ data: {}, percent: 0, threshold: index.threshold, selected: "", playing: false, speed: 0.25 });

  // As GaitExplorer._load: keep the curve shown when the new data set has that muscle.
  function show(payload, wanted) {
    const ids = payload.muscles.map((m) => m.id);
    const current = model.get("selected");
    const keep = ids.includes(wanted) ? wanted : ids.includes(current) ? current : ids[ids.length - 1];
    model.set({ data: payload, selected: keep });
    fillOptions(muscle, payload.muscles.map((m) => [m.name, m.id]), keep);
  }

  function choose(gaitName, sourceId) {
    const key = `${gaitName}/${sourceId}`;
    const mine = ++request;
    load(key).then(
      (payload) => {
        if (mine !== request) return;
        message.textContent = "";
        show(payload);
      },
      (error) => {
        if (mine === request) message.textContent = `Could not load ${gaitName} / ${sourceId}: ${error.message}`;
      },
    );
  }

  function showThreshold() {
    const v = Math.round(model.get("threshold") * 100);
    threshold.value = String(v);
    thresholdValue.textContent = `${v} %`;
    threshold.setAttribute("aria-valuetext", `${v} % of each muscle's own peak`);
  }

  // ---------- first view ----------
  fillOptions(source, index.options[gait], index.defaults[gait]);
  show(payloads[`${gait}/${index.defaults[gait]}`], index.muscle);
  showThreshold();
  view.render({ model, el: document.getElementById("rm-view") });
  performance.mark("rm-rendered");

  // ---------- controls -> model ----------
  for (const button of gaitButtons) {
    button.addEventListener("click", () => {
      const chosen = button.dataset.gait;
      if (chosen === gait) return;
      gait = chosen;
      for (const b of gaitButtons) b.setAttribute("aria-pressed", String(b === button));
      fillOptions(source, index.options[gait], index.defaults[gait]);
      choose(gait, source.value);
    });
  }
  source.addEventListener("change", () => choose(gait, source.value));
  threshold.addEventListener("input", () => {
    model.set("threshold", Number(threshold.value) / 100);
    showThreshold();
  });
  muscle.addEventListener("change", () => model.set("selected", muscle.value));
  // ---------- model -> controls (a muscle clicked in the view) ----------
  model.on("change:selected", () => { if (muscle.value !== model.get("selected")) muscle.value = model.get("selected"); });
})();

// The body map on its own (the muscle atlas): one instant, the selected muscle highlighted,
// a click on a muscle sets "selected". Drawing code: bodymap.js, prepended to this module.

function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "rm-bm-stage";
  root.setAttribute("data-testid", "rm-bodymap-view");
  el.appendChild(root);
  const caption = document.createElement("p");
  caption.className = "rm-bm-caption";
  caption.setAttribute("data-testid", "rm-bodymap-caption");
  root.appendChild(caption);
  const map = createBodyMap(root, {
    idPrefix: "rm-bmv",
    onSelect: (id) => { model.set("selected", id); model.save_changes(); },
  });

  function redraw() {
    const data = model.get("data");
    if (!data || !data.map) return;
    caption.textContent = model.get("caption");
    map.draw({ act: data.act, lut: data.lut, percent: model.get("percent"), threshold: data.threshold,
      selected: model.get("selected") });
  }
  function rebuild() {
    const data = model.get("data");
    if (!data || !data.map) return;
    map.build(data.map);
    redraw();
  }
  model.on("change:data", rebuild);
  model.on("change:percent", redraw);
  model.on("change:selected", redraw);
  model.on("change:caption", redraw);
  rebuild();
  return () => {
    model.off("change:data", rebuild);
    model.off("change:percent", redraw);
    model.off("change:selected", redraw);
    model.off("change:caption", redraw);
  };
}

export default { render };

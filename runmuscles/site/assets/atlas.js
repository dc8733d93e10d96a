// Muscle atlas page: find a muscle by a name, a group word or part of a name, then read its card.
// Cards and figures were computed by the package for every muscle and running data set.
(function () {
  "use strict";
  const { data, plot, options } = window.RM;
  if (!data) return;
  const $ = (id) => document.getElementById(id);
  const search = $("atlas-search");
  const muscle = $("atlas-muscle");
  const source = $("atlas-source");
  const message = $("atlas-message");
  const allMuscles = data.muscles.map(([id, name]) => [name, id]);
  const names = Object.fromEntries(data.muscles);

  for (const label of data.labels) {
    const o = document.createElement("option");
    o.value = label;
    $("atlas-labels").appendChild(o);
  }

  function render(mid, sid) {
    const entry = data.cards[`${mid}|${sid || ""}`];
    $("atlas-card").innerHTML = entry.card;
    plot($("atlas-body"), entry.body, `Where the ${names[mid].toLowerCase()} is on the runner; the card below describes it in words.`);
    plot($("atlas-curve"), entry.curve, "Its activation over the running cycle; the card below gives its phases and evidence in words.");
    document.body.dataset.muscle = mid;
  }

  function showSelected() {
    const have = data.sources[muscle.value];
    if (have.length) {
      options(source, have, have[0][1]);
      source.disabled = have.length === 1;
    } else {
      options(source, [["no running data for this muscle", ""]], "");
      source.disabled = true;
    }
    render(muscle.value, source.value);
  }

  // Exact words were looked up by the package (runmuscles.atlas.find_muscles); other text matches parts of them.
  function find(text) {
    const q = text.trim().toLowerCase();
    if (!q) return { kind: "all", muscles: data.muscles.map(([id]) => id), message: "" };
    if (data.lookups[q]) return data.lookups[q];
    const found = [];
    for (const [label, hit] of Object.entries(data.lookups)) {
      if (label.includes(q)) for (const m of hit.muscles) if (!found.includes(m)) found.push(m);
    }
    if (!found.length) return { kind: "none", muscles: [], message: `No muscle or group matches \u201c${text.trim()}\u201d: pick a name from the suggestions or the Muscle menu.` };
    return { kind: "partial", muscles: found, message: `\u201c${text.trim()}\u201d matches ${found.length} muscle${found.length === 1 ? "" : "s"}: pick one below.` };
  }

  search.addEventListener("change", () => {
    const hit = find(search.value);
    message.textContent = hit.kind === "muscle" ? "" : hit.message;
    if (!hit.muscles.length) return;
    options(muscle, hit.muscles.map((m) => [names[m], m]), hit.muscles[0]);
    showSelected();
  });
  muscle.addEventListener("change", showSelected);
  source.addEventListener("change", () => render(muscle.value, source.value));

  options(muscle, allMuscles, data.first);
  showSelected();
})();

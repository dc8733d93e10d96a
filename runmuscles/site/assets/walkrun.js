// Walk vs run page: one muscle at a time in both gaits, at the default "active" threshold.
// Views and sentences were made by the dashboard's own app for every pairing of data sets and muscle.
(function () {
  "use strict";
  const { data, plot, options } = window.RM;
  if (!data) return;
  const $ = (id) => document.getElementById(id);
  const pairing = $("wr-pairing");
  const muscle = $("wr-muscle");
  const people = $("wr-people");

  $("wr-honesty").innerHTML = data.honesty;
  $("wr-threshold").textContent = `Active \u2265 ${Math.round(data.threshold * 100)} % of each muscle's own peak (another threshold: in the Voil\u00e0 dashboard).`;

  // The faint per-person (or per-stride) traces are named "<Gait>: each of N ...".
  function showPeople() {
    const area = $("wr-curves").querySelector(".plot-area");
    if (!area || !area.data || !window.Plotly) return;
    const idx = area.data.map((t, k) => (/: each of /.test(t.name || "") ? k : -1)).filter((k) => k >= 0);
    window.Plotly.restyle(area, { visible: people.checked }, idx);
  }

  function drawMuscle() {
    const entry = data.per_pairing[pairing.value].per_muscle[muscle.value];
    $("wr-message").innerHTML = entry.message || "";
    if (entry.message) return;
    $("wr-text").innerHTML = entry.text;
    plot($("wr-curves"), entry.curves, "The paragraph below the chart says the same in words.").then(showPeople);
    plot($("wr-peaks"), entry.peaks, "Peak timing per person; the paragraph above gives the median and middle half.");
    plot($("wr-shift"), entry.shift, "Each muscle's peak in walking and in running.");
    document.body.dataset.muscle = muscle.value;
  }

  function drawPairing() {
    const entry = data.per_pairing[pairing.value];
    const keep = entry.muscles.some(([, id]) => id === muscle.value) ? muscle.value : entry.first;
    options(muscle, entry.muscles, keep);
    $("wr-summary").innerHTML = entry.summary;
    plot($("wr-ribbons"), entry.ribbons, "Phases of both gaits; the summary above gives the stance, double-support and float shares.");
    plot($("wr-strides"), entry.strides, "Cadence and stride time of each person or stride; the summary above gives the means.");
    drawMuscle();
  }

  options(pairing, data.pairings.map(([key, label]) => [label, key]), data.first);
  pairing.addEventListener("change", drawPairing);
  muscle.addEventListener("change", drawMuscle);
  people.addEventListener("change", showPeople);
  drawPairing();
})();

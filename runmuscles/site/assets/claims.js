// Claims vs evidence page: every claim with its verdict; pick one for its explanation, rule and plot.
(function () {
  "use strict";
  const { data, plot, options } = window.RM;
  if (!data) return;
  const $ = (id) => document.getElementById(id);
  const claim = $("claims-claim");
  $("claims-overview").innerHTML = data.overview;

  function show() {
    const c = data.claims.find((x) => String(x.number) === claim.value);
    $("claims-detail").innerHTML = c.detail;
    $("claims-rule").innerHTML = c.rule;
    plot($("claims-figure"), c.figure, "The explanation above and the rule below say what it shows.");
    document.body.dataset.claim = String(c.number);
  }

  options(claim, data.claims.map((c) => [c.label, String(c.number)]), String(data.claims[0].number));
  claim.addEventListener("change", show);
  show();
})();

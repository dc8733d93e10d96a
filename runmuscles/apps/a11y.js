// Accessible names for the ipywidgets sliders of one dashboard (see a11y.py).
// ipywidgets draws a slider's description as a <label> beside a noUiSlider whose handles (role="slider")
// have no name: each handle gets aria-label from that label (its tooltip if set, else its text), and a
// range slider's two handles say which end they move.

function labelOf(handle) {
  for (let node = handle.parentElement; node; node = node.parentElement) {
    const label = [...node.children].find((c) => c.classList.contains("widget-label"));
    if (label) return label;
    if (node.classList.contains("jp-OutputArea-output")) return null;
  }
  return null;
}

function nameHandles(root) {
  for (const handle of root.querySelectorAll(".noUi-handle")) {
    const label = labelOf(handle);
    const text = label && (label.title || label.textContent || "").trim();
    if (!text) continue;
    const handles = handle.closest(".noUi-base")?.querySelectorAll(".noUi-handle").length ?? 1;
    const end = handles > 1 ? (handle.classList.contains("noUi-handle-upper") ? ", upper end" : ", lower end") : "";
    if (handle.getAttribute("aria-label") !== text + end) handle.setAttribute("aria-label", text + end);
  }
}

export default {
  render({ el }) {
    const scope = () => el.closest(".jp-OutputArea-output") || el.closest(".jp-Cell") || document.body;
    const observer = new MutationObserver(() => nameHandles(scope()));
    const start = () => {
      nameHandles(scope());
      observer.observe(scope(), { childList: true, subtree: true });
    };
    // The view is attached to the page after render() returns.
    requestAnimationFrame(start);
    return () => observer.disconnect();
  },
};

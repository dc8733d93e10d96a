// Renders runmuscles/apps/explorer.js against a minimal DOM and a fake widget model, then sends the
// view the values a hostile or broken page could put in the model. Prints a JSON report.
// Usage: node explorer_guard.mjs <explorer.js> <payload.json>
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

class FakeNode {
  constructor(tag) {
    this.tagName = tag.toUpperCase();
    this.children = [];
    this.attrs = {};
    this.dataset = {};
    this.style = {};
    this.listeners = {};
    this.text = "";
    const names = new Set();
    this.classList = {
      toggle(n, on) { if (on === undefined ? !names.has(n) : on) names.add(n); else names.delete(n); },
      add(...n) { n.forEach((x) => names.add(x)); },
      remove(...n) { n.forEach((x) => names.delete(x)); },
      contains(n) { return names.has(n); },
    };
  }
  setAttribute(k, v) { this.attrs[k] = String(v); }
  getAttribute(k) { return this.attrs[k]; }
  hasAttribute(k) { return k in this.attrs; }
  removeAttribute(k) { delete this.attrs[k]; }
  insertBefore(c, ref) {
    this.appendChild(c);
    const at = ref ? this.children.indexOf(ref) : -1;
    if (at >= 0) { this.children.pop(); this.children.splice(at, 0, c); }
    return c;
  }
  removeChild(c) { this.children = this.children.filter((x) => x !== c); c.parentNode = null; return c; }
  remove() { if (this.parentNode) this.parentNode.removeChild(this); }
  get firstChild() { return this.children[0] || null; }
  replaceChildren(...c) { this.children = []; c.forEach((x) => this.appendChild(x)); }
  focus() {}
  blur() {}
  appendChild(c) {
    if (c.parentNode) c.parentNode.children = c.parentNode.children.filter((x) => x !== c);
    c.parentNode = this;
    this.children.push(c);
    return c;
  }
  addEventListener(type, f) { (this.listeners[type] ||= []).push(f); }
  set textContent(v) { this.text = String(v); if (v === "") this.children = []; }
  get textContent() { return this.text; }
  set value(v) { this.attrs.value = String(v); }
  get value() { return this.attrs.value; }
}
globalThis.document = { createElementNS: (ns, t) => new FakeNode(t), createElement: (t) => new FakeNode(t) };
globalThis.requestAnimationFrame = (f) => setTimeout(() => f(performance.now()), 5);
globalThis.cancelAnimationFrame = (id) => clearTimeout(id);

const [file, payloadFile] = process.argv.slice(2);
const payload = JSON.parse(readFileSync(payloadFile, "utf-8"));
// as the kernel sends it: UTF-8 JSON in one binary buffer, which the widget manager hands over as a DataView
const bytes = (text) => new DataView(new TextEncoder().encode(text).buffer);
const state = { payload: bytes(JSON.stringify(payload)), percent: 0, threshold: 0.3, selected: "soleus", playing: false, speed: 0.25 };
const handlers = {};
const model = {
  get: (k) => state[k],
  set: (k, v) => { state[k] = v; },
  save_changes() {},
  on: (ev, f) => { (handlers[ev] ||= []).push(f); },
  off() {},
};
const send = (k, v) => { state[k] = v; for (const f of handlers[`change:${k}`] || []) f(); };

function walk(node, out) {
  for (const [k, v] of Object.entries(node.attrs)) out.push(`${k}=${v}`);
  for (const [k, v] of Object.entries(node.style)) out.push(`style.${k}=${v}`);
  out.push(node.text);
  for (const c of node.children) walk(c, out);
  return out;
}
const find = (node, testid) => {
  if (node.attrs["data-testid"] === testid) return node;
  for (const c of node.children) { const hit = find(c, testid); if (hit) return hit; }
  return null;
};
const bad = (el) => walk(el, []).filter((s) => /NaN|undefined|Infinity/.test(s));

const { default: widget } = await import(pathToFileURL(file).href);
const el = new FakeNode("div");
const report = { cases: [] };
widget.render({ model, el });
report.initial = { bad: bad(el), percent: find(el, "rm-percent").text };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const cases = [
  ["percent", 37], ["percent", NaN], ["percent", "abc"], ["percent", 1e9], ["percent", null], ["percent", -4],
  ["threshold", NaN], ["threshold", 1e9], ["threshold", -5], ["threshold", "x"],
  ["selected", "not_a_muscle"], ["selected", 42], ["selected", "<img src=x onerror=alert(1)>"],
  ["speed", -1], ["speed", NaN], ["speed", 0],
  ["payload", bytes(JSON.stringify({ muscles: "garbage" }))], ["payload", bytes("{not json")], ["payload", null],
  ["payload", bytes(JSON.stringify({ ...payload, act: {} }))], ["payload", bytes("")],
  ["playing", "yes"], ["playing", true],
];
for (const [k, v] of cases) {
  let error = null;
  try { send(k, v); await sleep(30); } catch (e) { error = String(e); }
  report.cases.push({ key: k, value: String(v), error, bad: bad(el).slice(0, 3), percent: find(el, "rm-percent").text,
                      source: find(el, "rm-source").text.slice(0, 40) });
}
send("playing", false);
console.log(JSON.stringify(report));
process.exit(0);

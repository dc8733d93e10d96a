"""Write the suite as a static site: plain HTML, JS and CSS that need no Python and no server to view.

Every page's data is computed here, at export time, by the same functions the dashboards use
(:func:`runmuscles.apps.explorer.explorer_payload`, the atlas, walk-vs-run and claims figure
builders, :func:`runmuscles.quiz.make_questions`) and written next to the page as a ``.js`` file
that sets a global; the pages read it through ``<script src>``, which works from ``file://``
(where ``fetch()`` of a local file is refused) and from any static host. The explorer page runs
the dashboard's own stride view (``runmuscles/apps/explorer.js``) through a small model shim that
stands in for the kernel. plotly.js is copied once from the installed plotly package and shared
by the pages that draw plotly figures.

What needs a Python kernel (the EMG lab's filters, uploading recordings, changing the "active"
threshold of the walk-vs-run comparison, strength for runners) is not in the site; each page says
where to find it.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from runmuscles.site import export_site
>>> out = Path(tempfile.mkdtemp()) / "site"
>>> written = export_site(out)
>>> (out / "index.html").is_file(), (out / "assets" / "plotly.min.js") in written
(True, True)
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from string import Template
from typing import Any

import plotly
import plotly.io as pio

from .. import __version__, activation, atlas, compare, muscles
from ..quiz import make_questions
from ..style import GAIT_LABEL

__all__ = [
    "NEEDS_PYTHON",
    "PAGES",
    "QUIZ_LENGTH",
    "QUIZ_ROUNDS",
    "Page",
    "atlas_data",
    "claims_data",
    "explorer_data",
    "export_site",
    "plotly_js_path",
    "quiz_data",
    "site_size",
    "walkrun_data",
]

#: Rounds of quiz questions written into the site (one seed each); "New questions" cycles through them.
QUIZ_ROUNDS = 30
#: Questions per round (as in the dashboard).
QUIZ_LENGTH = 8


@dataclass(frozen=True)
class Page:
    """One page of the site: its file, its title in the navigation, and what it is for."""

    file: str
    title: str
    blurb: str


#: The pages, in navigation order.
PAGES = (
    Page("index.html", "Contents", "What the site is, how to use it, and what it leaves out."),
    Page("explorer.html", "Gait-cycle explorer",
         "Play or scrub one stride: phase, runner pose, active muscles and what they do."),
    Page("atlas.html", "Muscle atlas",
         "One card per muscle: where it is, what it does, its curve with spread, the evidence."),
    Page("walk-vs-run.html", "Walk vs run",
         "Stance share, float phases, burst timing and cadence, walking against running."),
    Page("claims.html", "Claims vs evidence",
         "Nine popular claims about running muscles, each with a verdict and the plot that decides it."),
    Page("quiz.html", "Self-check quiz", "Questions generated from the data, with immediate feedback."),
)

#: Labels of the explorer's gait buttons (as in the dashboard).
GAIT_BUTTON = {"run": "Run", "walk": "Walk"}

#: What the dashboards do that this site cannot (it needs a Python kernel), for the pages' notes.
NEEDS_PYTHON = (
    "From EMG to activation: the processing lab's filters and uploads of your own recordings",
    "Strength for runners: exercises mapped to muscles and stride phases",
    "Walk vs run at an \u201cactive\u201d threshold of your choice (this site shows it at the default, "
    f"{round(activation.DEFAULT_THRESHOLD * 100)} % of each muscle's own peak; the explorer's threshold works here)",
)


def _asset(name: str) -> str:
    return (files("runmuscles") / "site" / "assets" / name).read_text(encoding="utf-8")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


# --------------------------------------------------------------------------- figures


class _Figures:
    """Plotly figures of one page as plain JSON, with their (large, repeated) templates stored once."""

    def __init__(self) -> None:
        self.figures: list[dict[str, Any]] = []
        self.templates: list[dict[str, Any]] = []
        self._template_index: dict[str, int] = {}

    def add(self, figure) -> int:
        """Store a figure; return its index in :attr:`figures`."""
        fig = json.loads(pio.to_json(figure, validate=False))
        layout = fig.setdefault("layout", {})
        template = layout.pop("template", None)
        if template is not None:
            key = hashlib.sha1(json.dumps(template, sort_keys=True).encode()).hexdigest()
            if key not in self._template_index:
                self._template_index[key] = len(self.templates)
                self.templates.append(template)
            fig["template"] = self._template_index[key]
        title = layout.get("title", {})
        fig["title"] = _plain(title.get("text", "") if isinstance(title, dict) else str(title))
        self.figures.append(fig)
        return len(self.figures) - 1

    def json(self) -> dict[str, Any]:
        return {"figures": self.figures, "templates": self.templates}


def _plain(text: str) -> str:
    """Figure title without plotly's HTML tags (for text alternatives)."""
    return re.sub(r"<[^>]+>", " ", text or "").replace("  ", " ").strip()


# --------------------------------------------------------------------------- page data


def explorer_data() -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Index of the explorer page and the payload of every gait and data set.

    Returns
    -------
    index : dict
        ``gaits`` (id, label), ``options`` per gait (label, source id, as the dashboard's menu),
        ``defaults`` (default source per gait), ``threshold`` (default, 0..1), ``files``
        (``"gait/source"`` -> data file), ``muscle`` (first curve shown).
    payloads : dict
        ``"gait/source"`` -> :func:`runmuscles.apps.explorer.explorer_payload`.
    """
    from ..apps.explorer import GaitExplorer, explorer_payload

    index: dict[str, Any] = {
        "gaits": [[g, GAIT_LABEL[g], GAIT_BUTTON[g]] for g in ("run", "walk")],
        "options": {},
        "defaults": {},
        "threshold": activation.DEFAULT_THRESHOLD,
        "files": {},
        "muscle": "soleus",
    }
    payloads = {}
    for g in ("run", "walk"):
        index["options"][g] = [list(o) for o in GaitExplorer._source_options(g)]
        index["defaults"][g] = activation.default_source(g)
        for _, source in index["options"][g]:
            key = f"{g}/{source}"
            payloads[key] = explorer_payload(g, source)
            index["files"][key] = f"data/explorer-{g}-{source}.js"
    return index, payloads


def atlas_data() -> dict[str, Any]:
    """Every muscle's card (text and two figures) for each running data set that has it, and the search words."""
    from ..apps.atlas import _short, atlas_figures

    figures = _Figures()
    catalogue = muscles.load_muscles()
    cards: dict[str, Any] = {}
    sources: dict[str, list[list[str]]] = {}
    for mid in catalogue.index:
        have = atlas.run_sources_for(mid)
        sources[mid] = [[_short(s), s] for s in have]
        for source in have or [None]:
            body_fig, curve_fig = atlas_figures(mid, source)
            cards[f"{mid}|{source or ''}"] = {
                "body": figures.add(body_fig),
                "curve": figures.add(curve_fig),
                "card": atlas.muscle_card_html(mid, source),
            }
    lookups = {}
    for label in atlas.search_labels():
        found = atlas.find_muscles(label)
        lookups[label.casefold()] = {"kind": found.kind, "muscles": list(found.muscles), "message": found.message}
    return {
        "muscles": [[m, catalogue.loc[m, "name"]] for m in catalogue.index],
        "labels": atlas.search_labels(),
        "lookups": lookups,
        "sources": sources,
        "cards": cards,
        "first": "soleus",
        **figures.json(),
    }


def walkrun_data() -> dict[str, Any]:
    """Walk vs run at the default threshold: per pairing its summary and figures, per muscle its views and text.

    The views come from the dashboard's own app (:class:`runmuscles.apps.walkrun.WalkRunComparison`),
    driven through its controls, so the page shows what the dashboard shows.
    """
    from ..apps.walkrun import WalkRunComparison

    figures = _Figures()
    app = WalkRunComparison()
    out: dict[str, Any] = {
        "threshold": app.threshold.value,
        "pairings": [[key, label] for key, (_, _, label) in compare.PAIRINGS.items()],
        "first": app.pairing.value,
        "honesty": app.honesty.value,
        "per_pairing": {},
    }
    for key, _ in out["pairings"]:
        app.pairing.value = key
        entry: dict[str, Any] = {
            "summary": app.summary.value,
            "ribbons": figures.add(app.ribbons.figure),
            "strides": figures.add(app.strides.figure),
            "muscles": [list(o) for o in app.muscle.options],
            "first": app.muscle.value,
            "per_muscle": {},
        }
        for _, mid in app.muscle.options:
            app.muscle.value = mid
            if app.message.value:  # the app could not compute this comparison: say so on the page too
                entry["per_muscle"][mid] = {"message": app.message.value}
                continue
            entry["per_muscle"][mid] = {
                "curves": figures.add(app.curves.figure),
                "peaks": figures.add(app.peaks.figure),
                "shift": figures.add(app.shift.figure),
                "text": app.muscle_text.value,
            }
        out["per_pairing"][key] = entry
    out.update(figures.json())
    return out


def claims_data() -> dict[str, Any]:
    """The overview table and, per claim, its text, rule, sources and deciding figure (from the dashboard's app)."""
    from ..apps.claims import ClaimsBrowser

    figures = _Figures()
    app = ClaimsBrowser()
    claims = []
    for label, number in app.claim.options:
        app.claim.value = number
        claims.append(
            {"number": number, "label": label, "detail": app.detail.value, "rule": app.rule.value,
             "figure": figures.add(app.view.figure)}
        )
    return {"overview": app.overview.value, "claims": claims, **figures.json()}


def quiz_data(rounds: int = QUIZ_ROUNDS, n: int = QUIZ_LENGTH) -> dict[str, Any]:
    """``rounds`` rounds of ``n`` questions (seeds 0, 1, ...) from :func:`runmuscles.quiz.make_questions`."""
    return {
        "rounds": [
            [{"prompt": q.prompt, "options": list(q.options), "answer": q.answer, "explanation": q.explanation}
             for q in make_questions(seed, n)]
            for seed in range(rounds)
        ]
    }


# --------------------------------------------------------------------------- HTML


def _nav(current: str) -> str:
    items = []
    for page in PAGES:
        here = ' aria-current="page"' if page.file == current else ""
        items.append(f'<li><a href="{page.file}"{here}>{_e(page.title)}</a></li>')
    return "\n".join(items)


def _citations() -> str:
    listing = activation.list_sources().drop_duplicates("source")
    rows = []
    for _, row in listing.iterrows():
        rows.append(
            f'<li data-source="{_e(row["source"])}"><b>{_e(row["source"])}</b>: {_e(row["citation"])} '
            f"doi:{_e(row['doi'])}</li>"
        )
    return "\n".join(rows)


def _data_note() -> str:
    """Where the curves come from, by kind of evidence, with the pipeline's filter settings."""
    from ..emg import DEFAULT_SETTINGS as env

    listing = activation.list_sources().drop_duplicates("source")
    by_kind = {k: ", ".join(part["source"]) for k, part in listing.groupby("evidence", sort=False)}
    parts = []
    if "measured" in by_kind:
        parts.append(
            f"measured ({_e(by_kind['measured'])}): raw surface EMG processed by the runmuscles package "
            f"(band-pass {env.band_low_hz:g}\u2013{env.band_high_hz:g} Hz, full-wave rectification, "
            f"{env.envelope_hz:g} Hz low-pass, each stride time-normalised to 0\u2013100 % of the gait cycle, "
            "averaged and scaled to each muscle's own peak)"
        )
    if "reconstructed" in by_kind:
        parts.append(
            f"reconstructed ({_e(by_kind['reconstructed'])}): envelopes rebuilt from each person's muscle-synergy "
            "factorisation (see its citation), not recorded envelopes"
        )
    return f"<p>Curves by kind of evidence: {'; '.join(parts)}. When you use them, cite:</p>"


def _needs_python() -> str:
    items = "".join(f"<li>{_e(x)}</li>" for x in NEEDS_PYTHON)
    return (
        '<section class="needs-python" aria-labelledby="needs-python-title">'
        '<h2 id="needs-python-title">Not in this static site</h2>'
        "<p>These need a running Python and are in the full suite: start it with <code>./run.sh</code> "
        "(the Voil\u00e0 dashboards) or open the notebooks in <code>notebooks/</code> with JupyterLab "
        "(on your laptop, on Binder or on a JupyterHub).</p>"
        f"<ul>{items}</ul></section>"
    )


def _page_html(page: Page, body: str, scripts: str, head: str = "") -> str:
    return Template(_asset("page.html")).substitute(
        title=_e(page.title),
        page=page.file.removesuffix(".html"),
        nav=_nav(page.file),
        body=body,
        scripts=scripts,
        head=head,
        citations=_citations(),
        data_note=_data_note(),
        needs_python=_needs_python(),
        version=_e(__version__),
    )


def _index_body() -> str:
    cards = "".join(
        f'<li><a href="{p.file}">{_e(p.title)}</a> \u2014 {_e(p.blurb)}</li>' for p in PAGES if p.file != "index.html"
    )
    return (
        '<p class="lead">Which muscles are working right now, in this instant of the running stride \u2014 and how '
        "do we know? Every curve here comes from real EMG processed by the runmuscles package; muscles without "
        "running EMG are shown with their evidence level, never with an invented curve.</p>"
        f'<h2>Pages</h2><ul class="page-list">{cards}</ul>'
        "<h2>How to use it</h2><p>Everything works with the keyboard: Tab moves between controls; in the explorer "
        "\u2190 and \u2192 step the stride by 1 %, space plays and pauses, and the keys 1\u20136 jump to a phase. "
        "This site needs no server: open <code>index.html</code> from a folder, or put the folder on any web "
        "space. It loads nothing from other sites.</p>"
    )


def _script(src: str) -> str:
    return f'<script src="{src}" defer></script>'


def _data_js(target: str, value: Any) -> str:
    """A script that assigns ``value`` to the JavaScript ``target`` (e.g. ``window.RM_DATA``).

    The value is written as a JSON string handed to ``JSON.parse``, which browsers parse markedly
    faster than the same data as an object literal; ASCII-only, so any charset reads it.
    """
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=True)
    literal = text.replace("\\", "\\\\").replace("'", "\\'")
    return f"{target} = JSON.parse('{literal}');\n"


def _explorer_page(index: dict[str, Any]) -> str:
    gait_buttons = "".join(
        f'<button type="button" class="rm-gait-button" data-gait="{g}" aria-pressed="{str(g == "run").lower()}">'
        f"{_e(label)}</button>"
        for g, _, label in index["gaits"]
    )
    body = (
        '<p class="lead">Play or scrub one stride and see which muscles work, and how we know. '
        "Keys: \u2190 \u2192 step 1 %, space play/pause, 1\u20136 jump to a phase.</p>"
        '<div class="rm-explorer-app static-explorer">'
        '<div class="rm-toolbar" role="group" aria-label="What to show">'
        f'<div class="field"><span class="field-label" id="gait-label">Gait</span>'
        f'<span class="toggle" role="group" aria-labelledby="gait-label">{gait_buttons}</span></div>'
        '<div class="field"><label for="rm-source">Data</label><select id="rm-source" data-testid="rm-source-select">'
        "</select></div>"
        '<div class="field"><label for="rm-threshold">Active \u2265</label>'
        '<input id="rm-threshold" type="range" min="10" max="90" step="5" data-testid="rm-threshold-input">'
        '<output for="rm-threshold" id="rm-threshold-value"></output></div>'
        '<div class="field"><label for="rm-muscle">Curve</label><select id="rm-muscle" data-testid="rm-muscle-select">'
        "</select></div></div>"
        '<div id="rm-message" class="rm-message" role="status"></div>'
        '<div id="rm-view"></div>'
        '<noscript><p class="rm-error">The explorer needs JavaScript.</p></noscript>'
        "</div>"
    )
    # The dashboard's ES module, inlined (a module file cannot be imported from file://); it hands
    # its render() to the page script below, which plays the kernel's part.
    from ..apps.explorer import view_script

    module = f'<script type="module">\n{view_script()}\nwindow.runmusclesStrideView = {{ render }};\n</script>'
    default = f"{index['gaits'][0][0]}/{index['defaults'][index['gaits'][0][0]]}"
    scripts = "\n".join(
        [_script("data/explorer.js"), _script(index["files"][default]), module, _script("assets/explorer-page.js")]
    )
    head = '<link rel="stylesheet" href="assets/explorer.css">'
    return _page_html(PAGES[1], body, scripts, head)


def _plot_page(page: Page, body: str, data_file: str, page_script: str) -> str:
    scripts = "\n".join(
        [_script("assets/plotly.min.js"), _script(data_file), _script("assets/site.js"), _script(page_script)]
    )
    return _page_html(page, body, scripts)


_ATLAS_BODY = (
    '<p class="lead">Find a muscle by any name \u2014 its name, an everyday word (\u201cquads\u201d, '
    "\u201ctwins\u201d, \u201ccalves\u201d, \u201chip flexors\u201d) or part of a name \u2014 and read its card.</p>"
    '<div class="toolbar" role="group" aria-label="Choose a muscle">'
    '<div class="field"><label for="atlas-search">Find a muscle</label>'
    '<input id="atlas-search" type="search" list="atlas-labels" autocomplete="off" '
    'placeholder="soleus, quads, twins, calves, hip flexors \u2026"><datalist id="atlas-labels"></datalist></div>'
    '<div class="field"><label for="atlas-muscle">Muscle</label><select id="atlas-muscle"></select></div>'
    '<div class="field"><label for="atlas-source">Data set</label><select id="atlas-source"></select></div></div>'
    '<p id="atlas-message" class="message" role="status"></p>'
    '<div class="figures"><figure id="atlas-body" class="plot plot-small" data-testid="plot"></figure>'
    '<figure id="atlas-curve" class="plot" data-testid="plot"></figure></div>'
    '<div id="atlas-card" class="card" data-testid="atlas-card"></div>'
)

_WALKRUN_BODY = (
    '<p class="lead">What changes from walking to running: stance shrinks, float phases appear, bursts move.</p>'
    '<div class="toolbar" role="group" aria-label="What to compare">'
    '<div class="field"><label for="wr-pairing">Data</label><select id="wr-pairing"></select></div>'
    '<div class="field"><label for="wr-muscle">Muscle</label><select id="wr-muscle"></select></div>'
    '<div class="field"><input id="wr-people" type="checkbox" checked>'
    '<label for="wr-people">Each person\u2019s curve</label></div>'
    '<p class="field note" id="wr-threshold"></p></div>'
    '<div id="wr-message" class="message" role="status"></div>'
    '<div id="wr-summary" class="text"></div>'
    '<figure id="wr-ribbons" class="plot" data-testid="plot"></figure>'
    '<figure id="wr-curves" class="plot" data-testid="plot"></figure>'
    '<div id="wr-text" class="text"></div>'
    '<figure id="wr-peaks" class="plot" data-testid="plot"></figure>'
    '<div id="wr-honesty" class="text"></div>'
    '<div class="figures"><figure id="wr-shift" class="plot" data-testid="plot"></figure>'
    '<figure id="wr-strides" class="plot" data-testid="plot"></figure></div>'
)

_CLAIMS_BODY = (
    '<p class="lead">Popular articles make claims about the muscles of running. Each is checked against the '
    "data with a stated rule.</p>"
    '<div id="claims-overview" class="text"></div>'
    '<div class="toolbar"><div class="field field-wide"><label for="claims-claim">Claim</label>'
    '<select id="claims-claim"></select></div></div>'
    '<div id="claims-detail" class="text"></div>'
    '<figure id="claims-figure" class="plot" data-testid="plot"></figure>'
    '<div id="claims-rule" class="text"></div>'
)

_QUIZ_BODY = (
    '<p class="lead">Questions generated from the data, with immediate feedback. No accounts: '
    "your score lives in this page only.</p>"
    '<div class="quiz" data-testid="quiz"><div class="quiz-head"><span id="quiz-progress"></span>'
    '<span id="quiz-score" aria-live="polite"></span></div>'
    '<fieldset class="quiz-question"><legend id="quiz-prompt" class="quiz-prompt"></legend>'
    '<div id="quiz-options" class="quiz-options"></div></fieldset>'
    '<div id="quiz-feedback" class="quiz-feedback" role="status"></div>'
    '<div class="quiz-buttons"><button type="button" id="quiz-next" class="primary">Next question \u2192</button>'
    '<button type="button" id="quiz-new">New questions \u21bb</button></div></div>'
)

#: Static assets copied as they are: (package folder, file) -> path in the site.
_COPIED = {
    ("site/assets", "site.css"): "assets/site.css",
    ("site/assets", "site.js"): "assets/site.js",
    ("site/assets", "explorer-page.js"): "assets/explorer-page.js",
    ("site/assets", "atlas.js"): "assets/atlas.js",
    ("site/assets", "walkrun.js"): "assets/walkrun.js",
    ("site/assets", "claims.js"): "assets/claims.js",
    ("site/assets", "quiz.js"): "assets/quiz.js",
}


def _without_event_loop(build):
    """Run ``build()`` in a thread of its own, where no event loop runs.

    The builders drive the dashboards' apps and read their views at once; inside a running event loop
    (a kernel, or a caller's test driver) the apps would coalesce the changes onto that loop instead.
    """
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(build).result()


def plotly_js_path() -> Path:
    """The minified plotly.js bundled with the installed plotly package."""
    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise FileNotFoundError(
            f"plotly.min.js is not where the plotly package keeps it ({path}); reinstall plotly (pip install plotly)"
        )
    return path


def export_site(directory: str | Path) -> list[Path]:
    """Write the static site into ``directory`` (created if needed; files of an earlier export are replaced).

    Parameters
    ----------
    directory : str or path
        Output folder. Open ``directory/index.html`` in a browser, or copy the folder to a web space.

    Returns
    -------
    list of pathlib.Path
        Every file written.

    Raises
    ------
    NotADirectoryError
        When ``directory`` exists and is a file.
    """
    root = Path(directory)
    if root.exists() and not root.is_dir():
        raise NotADirectoryError(f"{root} is a file; give a folder to write the site into")
    written: list[Path] = []

    def write(rel: str, text: str) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)

    for (folder, name), rel in _COPIED.items():
        write(rel, (files("runmuscles").joinpath(*folder.split("/")) / name).read_text(encoding="utf-8"))
    from ..apps.explorer import view_style

    write("assets/explorer.css", view_style())
    plotly_target = root / "assets" / "plotly.min.js"
    plotly_target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(plotly_js_path(), plotly_target)
    written.append(plotly_target)

    index, payloads = explorer_data()
    write("data/explorer.js", _data_js("window.RM_EXPLORER_INDEX", index))
    for key, payload in payloads.items():
        write(index["files"][key], _data_js(f"(window.RM_EXPLORER = window.RM_EXPLORER || {{}})[{json.dumps(key)}]", payload))
    write("data/atlas.js", _data_js("window.RM_DATA", _without_event_loop(atlas_data)))
    write("data/walk-vs-run.js", _data_js("window.RM_DATA", _without_event_loop(walkrun_data)))
    write("data/claims.js", _data_js("window.RM_DATA", _without_event_loop(claims_data)))
    write("data/quiz.js", _data_js("window.RM_DATA", quiz_data()))

    write(".nojekyll", "")  # GitHub Pages: publish the folder as it is, without a Jekyll build
    write("index.html", _page_html(PAGES[0], _index_body(), ""))
    write("explorer.html", _explorer_page(index))
    write("atlas.html", _plot_page(PAGES[2], _ATLAS_BODY, "data/atlas.js", "assets/atlas.js"))
    write("walk-vs-run.html", _plot_page(PAGES[3], _WALKRUN_BODY, "data/walk-vs-run.js", "assets/walkrun.js"))
    write("claims.html", _plot_page(PAGES[4], _CLAIMS_BODY, "data/claims.js", "assets/claims.js"))
    quiz_scripts = "\n".join([_script("data/quiz.js"), _script("assets/quiz.js")])
    write("quiz.html", _page_html(PAGES[5], _QUIZ_BODY, quiz_scripts))
    return written


def site_size(directory: str | Path) -> int:
    """Total size [bytes] of every file under ``directory``."""
    return sum(p.stat().st_size for p in Path(directory).rglob("*") if p.is_file())

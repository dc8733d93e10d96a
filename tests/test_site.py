"""The static site written by ``runmuscles export``: complete, self-contained, small, and true to the data."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import runmuscles
from runmuscles.cli import main
from runmuscles.site.export import PAGES, plotly_js_path, site_size

#: Budget for the whole site [bytes].
MAX_SITE_BYTES = 15 * 2**20
#: Namespace names that look like URLs but are never requested (SVG elements are created in this namespace).
NAMESPACES = ("http://www.w3.org/2000/svg",)
URL = re.compile(r"https?://[^\s\"'<>()\\]+")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A site exported with the console command into a fresh folder."""
    out = tmp_path_factory.mktemp("export") / "site"
    assert main(["export", str(out)]) == 0
    return out


class _Links(HTMLParser):
    """Collects what a page refers to, its <html lang>, <title> and <nav> links."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.nav: list[str] = []
        self.lang = None
        self.title = ""
        self._in_title = self._in_nav = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "title":
            self._in_title = True
        if tag == "nav":
            self._in_nav = True
        for key in ("src", "href"):
            if a.get(key):
                self.refs.append(a[key])
                if self._in_nav and tag == "a":
                    self.nav.append(a[key])

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag == "nav":
            self._in_nav = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _data(path: Path) -> dict:
    """The value a data script assigns: ``<target> = JSON.parse('<JSON, with \\ and ' escaped>');``."""
    text = path.read_text(encoding="utf-8")
    found = re.fullmatch(r"(window\.\w+|\(window\.\w+ = window\.\w+ \|\| \{\}\)\[\"[^\"]+\"\]) = "
                         r"JSON\.parse\('(.*)'\);\n", text, flags=re.S)
    assert found, path
    return json.loads(re.sub(r"\\(.)", r"\1", found.group(2)))


def test_every_page_is_written_with_lang_title_nav_and_citations(site):
    citations = runmuscles.list_sources().drop_duplicates("source")["citation"]
    for page in PAGES:
        path = site / page.file
        assert path.is_file(), page.file
        parsed = _parse(path)
        assert parsed.lang == "en"
        assert page.title in parsed.title
        assert set(parsed.nav) == {p.file for p in PAGES}, page.file
        text = path.read_text(encoding="utf-8")
        for citation in citations:
            assert citation.replace("'", "&#x27;") in text or citation in text, (page.file, citation[:40])
        assert "Not in this static site" in text and "./run.sh" in text  # where to find what needs Python


def test_every_reference_is_a_relative_file_of_the_site(site):
    """No absolute paths (a project site on GitHub Pages lives under a sub-path) and nothing outside the folder."""
    for page in PAGES:
        for ref in _parse(site / page.file).refs:
            parts = urlsplit(ref)
            if not parts.path and parts.fragment:  # a link within the page
                continue
            assert not parts.scheme and not parts.netloc and not ref.startswith("/"), (page.file, ref)
            target = (site / parts.path).resolve()
            assert target.is_file() and site.resolve() in target.parents, (page.file, ref)


def test_size_within_budget_and_plotly_written_once(site):
    assert site_size(site) <= MAX_SITE_BYTES
    bundles = list(site.rglob("plotly*.js"))
    assert bundles == [site / "assets" / "plotly.min.js"]
    assert bundles[0].read_bytes() == plotly_js_path().read_bytes()
    signature = plotly_js_path().read_text(encoding="utf-8")[:200]
    others = [p for p in site.rglob("*") if p.is_file() and p != bundles[0]]
    assert not [p for p in others if signature in p.read_text(encoding="utf-8")]
    # the plotly pages share the one copy; the explorer and quiz do not load it at all
    uses = {p.file for p in PAGES if "assets/plotly.min.js" in _parse(site / p.file).refs}
    assert uses == {"atlas.html", "walk-vs-run.html", "claims.html"}


def test_no_url_of_another_origin_outside_plotly(site):
    for path in site.rglob("*"):
        if not path.is_file() or path.name == "plotly.min.js":
            continue
        urls = set(URL.findall(path.read_text(encoding="utf-8"))) - set(NAMESPACES)
        assert not urls, (path.relative_to(site), sorted(urls)[:5])


def test_no_fetch_of_local_files(site):
    """Browsers refuse fetch()/XMLHttpRequest of file:// URLs; data must come through <script> elements."""
    for path in (site / "assets").glob("*.js"):
        if path.name == "plotly.min.js":
            continue
        text = path.read_text(encoding="utf-8")
        assert "fetch(" not in text and "XMLHttpRequest" not in text, path.name


def test_explorer_runs_the_dashboards_own_module(site):
    from importlib.resources import files

    from runmuscles.apps.explorer import VIEW_SCRIPTS, VIEW_STYLES

    page = (site / "explorer.html").read_text(encoding="utf-8")
    for name in VIEW_SCRIPTS:  # the widget's own files, as the dashboard loads them
        assert (files("runmuscles") / "apps" / name).read_text(encoding="utf-8") in page
    css = "".join((files("runmuscles") / "apps" / n).read_text(encoding="utf-8") for n in VIEW_STYLES)
    assert (site / "assets" / "explorer.css").read_text(encoding="utf-8") == css


def test_explorer_data_for_every_gait_and_data_set(site):
    index = _data(site / "data" / "explorer.js")
    assert index["threshold"] == runmuscles.DEFAULT_THRESHOLD
    for gait in runmuscles.GAITS:
        assert index["defaults"][gait] == runmuscles.DEFAULT_SOURCES[gait]
        assert [sid for _, sid in index["options"][gait]] == list(runmuscles.sources_for(gait))
        for source in runmuscles.sources_for(gait):
            payload = _data(site / index["files"][f"{gait}/{source}"])
            assert payload["gait"] == gait and payload["source"] == source
            toe_off = runmuscles.load_events(gait, source).loc["toe_off", "percent"]
            assert payload["events"]["toe_off"] == pytest.approx(toe_off, abs=0.05)
            table = runmuscles.load_activation(gait, source)
            assert set(payload["act"]) == set(table.columns)
            for muscle in table.columns:
                assert payload["act"][muscle] == pytest.approx(table[muscle].tolist(), abs=5.01e-4)  # 3 decimals


def test_atlas_has_a_card_for_every_muscle(site):
    data = _data(site / "data" / "atlas.js")
    catalogue = runmuscles.load_muscles()
    assert [m for m, _ in data["muscles"]] == list(catalogue.index)
    for muscle in catalogue.index:
        keys = [k for k in data["cards"] if k.split("|")[0] == muscle]
        assert keys, muscle
        for key in keys:
            card = data["cards"][key]
            assert catalogue.loc[muscle, "name"] in card["card"]
            assert 0 <= card["body"] < len(data["figures"]) and 0 <= card["curve"] < len(data["figures"])
    quads = data["lookups"]["quads"]["muscles"]
    assert set(quads) == {"rectus_femoris", "vastus_lateralis", "vastus_medialis", "vastus_intermedius"}


def test_walk_vs_run_covers_every_pairing_and_muscle(site):
    from runmuscles import compare

    data = _data(site / "data" / "walk-vs-run.js")
    assert [k for k, _ in data["pairings"]] == list(compare.PAIRINGS)
    for key in compare.PAIRINGS:
        entry = data["per_pairing"][key]
        assert [m for _, m in entry["muscles"]] == compare.common_muscles(key)
        for muscle in compare.common_muscles(key):
            shown = entry["per_muscle"][muscle]
            assert "curves" in shown, (key, muscle, shown.get("message"))
            peak = compare.timing_shift(muscle, key, data["threshold"]).loc["run", "peak"]
            assert f"<b>{peak:.0f} %</b> of the running cycle" in shown["text"]


def test_claims_and_quiz(site):
    from runmuscles.claims import assess_claim

    claims = _data(site / "data" / "claims.js")
    assert [c["number"] for c in claims["claims"]] == list(range(1, 10))
    for c in claims["claims"]:
        assert f">{assess_claim(c['number']).verdict}</span>" in c["detail"]
    quiz = _data(site / "data" / "quiz.js")
    assert len(quiz["rounds"]) >= 10
    for round_ in quiz["rounds"]:
        for q in round_:
            assert 0 <= q["answer"] < len(q["options"]) and q["prompt"] and q["explanation"]


def test_export_into_a_file_says_so_without_a_traceback(tmp_path, capsys):
    target = tmp_path / "not-a-folder"
    target.write_text("x")
    assert main(["export", str(target)]) == 1
    out = capsys.readouterr().out
    assert "is a file" in out and "Traceback" not in out

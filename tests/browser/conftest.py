"""Fixtures that serve the notebooks with Voilà and drive them in a real Chromium (Playwright, sync API).

Fixtures and functions for browser tests of the dashboards:

* ``voila_server`` (one per test run): ``runmuscles serve notebooks/`` (Voilà with the suite's configuration), on
  a free loopback port. ``voila_server.url`` ends with ``/``; ``voila_server.log()`` returns its output so far.
* ``browser`` (one per test run): a headless Chromium (see :func:`find_chromium`).
* ``dashboard`` (factory): ``dashboard("01-gait-cycle-explorer.ipynb")`` opens the notebook's dashboard in
  a fresh browser context, waits until Voilà has executed it and its widgets are drawn, and returns a
  :class:`LoadedDashboard` (``.page`` is the Playwright page). Requests that would leave the machine are
  aborted and recorded; ``.assert_clean()`` fails on any of them, on console errors and on page errors.
* ``voila_launcher`` (factory): more Voilà servers, e.g. with other options; ``kernel_id_of(page)``.
* :func:`read_marks` (also a fixture of that name) reads the ``performance.now()`` times recorded in the page by :data:`MARKS_SCRIPT`
  (first appearance of each ``[data-testid]`` element, last DOM mutation) and by ``performance.mark``.

Environment variables:

* ``RUNMUSCLES_CHROMIUM``: path of the Chromium/Chrome executable to use.
* ``RUNMUSCLES_NOTEBOOK_DIR``: serve this folder instead of the repository's ``notebooks/``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from runmuscles.testing import VoilaServer as _VoilaServer

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = Path(os.environ.get("RUNMUSCLES_NOTEBOOK_DIR", REPO / "notebooks")).resolve()
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
#: Seconds to wait for a dashboard to execute and draw (a cold kernel on a busy 2-core machine is slow).
RENDER_TIMEOUT_S = 90

#: Installed with ``context.add_init_script``: records in ``window.__rmMarks`` the ``performance.now()`` at
#: which each ``[data-testid]`` element first appears (``"testid:<name>"``), and in ``window.__rmLastMutation``
#: the time of the latest DOM mutation (used to wait until the page has settled).
MARKS_SCRIPT = """
(() => {
  window.__rmMarks = window.__rmMarks || {};
  window.__rmLastMutation = performance.now();
  const seen = (node) => {
    if (node.nodeType !== 1) return;
    const found = node.matches('[data-testid]') ? [node] : [];
    found.push(...node.querySelectorAll('[data-testid]'));
    for (const el of found) {
      const key = 'testid:' + el.getAttribute('data-testid');
      if (!(key in window.__rmMarks)) window.__rmMarks[key] = performance.now();
    }
  };
  const observer = new MutationObserver((records) => {
    window.__rmLastMutation = performance.now();
    for (const r of records) for (const n of r.addedNodes) seen(n);
  });
  const start = () => observer.observe(document, {subtree: true, childList: true, attributes: true,
                                                  characterData: true});
  start();
})();
"""

#: True once Voilà has executed every cell (the page is complete), shown the cells and every output area
#: has content (a widget view is drawn).
RENDERED_JS = """
() => {
  // 'complete': Voilà has streamed the whole page, i.e. executed every cell (tree pages have no cells).
  if (document.readyState !== 'complete' || document.getElementById('loading')) return false;
  const cells = document.getElementById('rendered_cells');
  if (cells && cells.style.display === 'none') return false;
  const outputs = [...document.querySelectorAll('.jp-OutputArea-output')];
  return outputs.every(o => o.childElementCount > 0 || o.textContent.trim() !== '');
}
"""

#: Console warnings that fail a page: a widget or extension loaded against a version its page does not provide.
FAILING_WARNINGS = ("Unsatisfied version",)

#: Text that betrays a failed cell on a dashboard (Voilà replaces tracebacks by its own message).
ERROR_MARKERS = ("Traceback (most recent call last)", "There was an error when executing cell")


# ----------------------------------------------------------------------------------------------------
# Chromium


# ----------------------------------------------------------------------------------------------------
# Voilà server




class VoilaServer(_VoilaServer):
    """:class:`runmuscles.testing.VoilaServer` started from this repository's root."""

    def __init__(self, target: Path, extra_args: list[str] | None = None, log_path: Path | None = None):
        super().__init__(target, REPO, extra_args, log_path)


# ----------------------------------------------------------------------------------------------------
# Pages


def is_loopback(url: str) -> bool:
    """True for URLs that stay on this machine (loopback hosts, ``data:``/``blob:``/``about:``)."""
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about", "chrome-extension"}:
        return True
    return parts.hostname in LOOPBACK_HOSTS or (parts.hostname or "").startswith("127.")


@dataclass
class LoadedDashboard:
    """A dashboard page, with what it tried to fetch from outside and what it complained about."""

    name: str
    page: object
    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    console_warnings: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def error_text(self) -> list[str]:
        """Output areas showing a Python error (stderr / error outputs, or a traceback anywhere)."""
        found = self.page.evaluate(
            """(markers) => {
              const bad = [...document.querySelectorAll(
                '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], ' +
                '.jp-OutputArea-output.jp-mod-error, .jp-RenderedText[data-mime-type*="stderr"]')]
                .map(e => e.innerText.trim()).filter(Boolean);
              const text = document.body.innerText;
              for (const m of markers) if (text.includes(m)) bad.push('page text contains: ' + m);
              return bad;
            }""",
            list(ERROR_MARKERS),
        )
        return found

    def problems(self) -> list[str]:
        problems = [f"external request: {u}" for u in self.external_requests]
        problems += [f"console error: {m}" for m in self.console_errors]
        problems += [
            f"console warning: {m}" for m in self.console_warnings if any(w in m for w in FAILING_WARNINGS)
        ]
        problems += [f"page error: {m}" for m in self.page_errors]
        problems += [f"error output: {m[:500]}" for m in self.error_text()]
        return problems

    def assert_clean(self) -> None:
        """Fail if the page reached outside, logged an error, or shows a Python error."""
        problems = self.problems()
        assert not problems, f"{self.name}:\n" + "\n".join(problems)

    def screenshot(self, path: Path | None = None) -> Path:
        """Full-page screenshot, by default ``test-artifacts/screenshots/<notebook>.png``."""
        path = path or SCREENSHOTS / f"{Path(self.name).stem}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=True)
        return path


def open_page(context, url: str, name: str, timeout_s: float = RENDER_TIMEOUT_S) -> LoadedDashboard:
    """Open ``url`` in ``context`` (routing external requests to abort) and wait until it has rendered."""
    page = context.new_page()
    loaded = LoadedDashboard(name=name, page=page)

    def route(route):
        url = route.request.url
        if is_loopback(url):
            route.continue_()
        else:
            loaded.external_requests.append(url)
            route.abort()

    page.route("**/*", route)
    def console(message):
        if message.type == "error":
            loaded.console_errors.append(message.text)
        elif message.type == "warning":
            loaded.console_warnings.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda e: loaded.page_errors.append(str(e)))
    page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
    wait_until_rendered(page, timeout_s)
    return loaded


def wait_until_rendered(page, timeout_s: float = RENDER_TIMEOUT_S, quiet_ms: float = 500) -> None:
    """Wait until Voilà has executed the notebook, every output is drawn and the DOM has been still for
    ``quiet_ms`` (needs :data:`MARKS_SCRIPT`, which the ``dashboard`` fixture installs)."""
    page.wait_for_function(RENDERED_JS, timeout=timeout_s * 1000, polling=100)
    page.wait_for_function(
        "(quiet) => performance.now() - (window.__rmLastMutation ?? 0) > quiet",
        arg=quiet_ms,
        timeout=timeout_s * 1000,
        polling=100,
    )


def read_marks(page) -> dict[str, float]:
    """``performance.now()`` marks of the page in ms: :data:`MARKS_SCRIPT`'s ``testid:*`` entries and every
    ``performance.mark(name)`` the page made (a name marked several times keeps its latest time)."""
    return page.evaluate(
        """() => {
          const out = {...(window.__rmMarks || {})};
          for (const m of performance.getEntriesByType('mark')) out[m.name] = m.startTime;
          return out;
        }"""
    )


def kernel_id_of(page) -> str:
    """The id of the kernel a Voilà page is connected to."""
    return json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]


# ----------------------------------------------------------------------------------------------------
# Fixtures


def notebook_names() -> list[str]:
    """Every notebook served, as a path relative to the served folder (collected at import time)."""
    return sorted(p.relative_to(NOTEBOOK_DIR).as_posix() for p in NOTEBOOK_DIR.glob("*.ipynb"))


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory):
    """``runmuscles serve`` on the notebooks folder (tree mode) with the shipped configuration, but no
    kernel cap: a session of tests opens far more pages than the cap allows, faster than closed pages
    free their kernels. ``test_reliability.py`` tests the cap on servers of its own."""
    log_path = tmp_path_factory.mktemp("voila") / "voila.log"
    server = VoilaServer(NOTEBOOK_DIR, ["--max-kernels=0"], log_path=log_path)
    try:
        server.start()
    except RuntimeError as error:
        pytest.fail(str(error))
    yield server
    server.stop()


@pytest.fixture
def dashboard(browser, voila_server):
    """Factory: ``dashboard(notebook, init_script=None, viewport=None, server=None)`` -> :class:`LoadedDashboard`.

    Each call opens a fresh browser context. ``notebook`` is a path relative to the served folder ("" for
    the notebook list); ``init_script`` is extra JavaScript run before the page's own (e.g. more marks);
    ``server`` defaults to ``voila_server``. On failure the Voilà log is attached to the report.
    """
    contexts = []

    def load(
        notebook: str = "", init_script: str | None = None, viewport=None, server: VoilaServer | None = None
    ) -> LoadedDashboard:
        server = server or voila_server
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
        contexts.append(context)
        context.add_init_script(MARKS_SCRIPT)
        if init_script:
            context.add_init_script(init_script)
        url = server.render_url(notebook) if notebook else server.url
        try:
            return open_page(context, url, notebook or "notebook-list")
        except Exception as error:
            raise AssertionError(
                f"{notebook or url} did not render: {error}\n--- Voilà log ---\n{server.log()[-5000:]}"
            ) from error

    yield load
    for context in contexts:
        # close each page as a browser tab closes (beforeunload runs), so the page frees its kernel and
        # a long session of tests stays under the server's kernel cap
        for page in context.pages:
            try:
                page.close(run_before_unload=True)
            except Exception:  # noqa: BLE001 -- the page may already be gone
                pass
        context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Attach the tail of the Voilà log to the report of a failed test that used the server."""
    outcome = yield
    report = outcome.get_result()
    server = getattr(item, "funcargs", {}).get("voila_server")
    if report.when == "call" and report.failed and isinstance(server, VoilaServer):
        report.sections.append(("Voilà log (last 5000 characters)", server.log()[-5000:]))


@pytest.fixture(name="read_marks")
def read_marks_fixture():
    """The :func:`read_marks` function (``read_marks(page) -> {name: ms}``), for tests in other modules."""
    return read_marks


@pytest.fixture
def voila_launcher(tmp_path):
    """Factory: ``voila_launcher(target, extra_args=[]) -> VoilaServer`` (started; stopped at teardown).

    For tests that need their own server, e.g. with shorter culling times than the shipped ones.
    """
    servers = []

    def launch(target, extra_args=None) -> VoilaServer:
        server = VoilaServer(Path(target), extra_args, log_path=tmp_path / f"voila-{len(servers)}.log")
        servers.append(server)
        return server.start()

    yield launch
    for server in servers:
        server.stop()


# ----------------------------------------------------------------------------------------------------
# Accessibility (axe-core from npm: ``npm ci`` in the repository root, which ./test.sh runs)

AXE_SCRIPT = REPO / "node_modules" / "axe-core" / "axe.min.js"
#: The rule sets of WCAG 2.1 levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

AXE_RUN_JS = """
async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ') + ' | ' + (n.failureSummary || '').replace(/\\s+/g, ' ')),
  }));
}
"""


@dataclass
class AxeReport:
    """The WCAG 2.1 A/AA violations axe-core found on one page (``violations``: rule id, help, nodes)."""

    page: str
    violations: list[dict]

    @property
    def nodes(self) -> int:
        return sum(len(v["nodes"]) for v in self.violations)

    def summary(self) -> str:
        return f"{self.page}: {len(self.violations)} violations ({self.nodes} elements)"

    def details(self) -> str:
        lines = [self.summary()]
        for v in self.violations:
            lines.append(f"  {v['id']} ({v['impact']}): {v['help']}")
            lines += [f"    {n[:300]}" for n in v["nodes"][:10]]
        return "\n".join(lines)


AXE_REPORTS = pytest.StashKey[list]()


@pytest.fixture(scope="session")
def axe_reports(request) -> list[AxeReport]:
    """Every :class:`AxeReport` of the run (printed by :func:`pytest_terminal_summary`)."""
    return request.config.stash.setdefault(AXE_REPORTS, [])


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Print the axe-core violation counts per page at the end of the run."""
    reports = config.stash.get(AXE_REPORTS, [])
    if reports:
        terminalreporter.write_sep("-", "axe-core, WCAG 2.1 A/AA violations per page")
        for report in reports:
            terminalreporter.write_line(report.summary())


@pytest.fixture
def axe_audit(axe_reports):
    """Function: ``axe_audit(loaded) -> AxeReport`` runs axe-core on a :class:`LoadedDashboard`'s page."""
    if not AXE_SCRIPT.is_file():
        pytest.fail(f"axe-core is not installed ({AXE_SCRIPT} is missing): run `npm ci` in the repository root "
                    "(./test.sh does when npm is on the PATH)")

    def audit(loaded: LoadedDashboard) -> AxeReport:
        loaded.page.add_script_tag(path=str(AXE_SCRIPT))
        report = AxeReport(loaded.name, loaded.page.evaluate(AXE_RUN_JS, AXE_TAGS))
        axe_reports.append(report)
        path = ARTIFACTS / "axe" / f"{Path(loaded.name).stem}.txt"  # test-artifacts/axe/<page>.txt
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(report.details() + "\n", encoding="utf-8")
        return report

    return audit

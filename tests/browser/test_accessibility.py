"""Every dashboard and the notebook list pass axe-core's WCAG 2.1 A/AA rules, and every control is named.

axe-core comes from npm (``package.json``; ``./test.sh`` runs ``npm ci``). The counts per page are printed at
the end of the test run ("axe-core, WCAG 2.1 A/AA violations per page").
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted(p.name for p in Path(os.environ.get(
    "RUNMUSCLES_NOTEBOOK_DIR", Path(__file__).parents[2] / "notebooks")).glob("*.ipynb"))

#: Controls a keyboard or screen-reader user operates, with the accessible name the browser computes for them.
CONTROLS_JS = """
() => [...document.querySelectorAll(
    'input:not([type=hidden]), select, textarea, button, [role=slider], [role=button], [role=checkbox], ' +
    '[role=tab], [role=combobox], [role=listbox], a[href]')]
  .filter(el => el.offsetParent !== null && !el.closest('[aria-hidden=true]'))
  .map(el => ({
    what: el.tagName.toLowerCase() + (el.getAttribute('role') ? '[role=' + el.getAttribute('role') + ']' : '') +
          (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').slice(0, 2).join('.') : ''),
    tabindex: el.tabIndex,
    disabled: el.disabled === true || el.getAttribute('aria-disabled') === 'true',
    name: (el.getAttribute('aria-label') || (el.labels && [...el.labels].map(l => l.innerText).join(' ')) ||
           (el.getAttribute('aria-labelledby') || '').split(' ').map(id => document.getElementById(id))
             .filter(Boolean).map(e => e.innerText).join(' ') ||
           el.getAttribute('title') || el.innerText || el.value || '').trim(),
  }))
"""


@pytest.mark.parametrize("notebook", [*NOTEBOOKS, ""], ids=[*NOTEBOOKS, "notebook-list"])
def test_page_has_no_wcag_violations_and_every_control_is_named(dashboard, axe_audit, notebook):
    loaded = dashboard(notebook)
    report = axe_audit(loaded)
    assert not report.violations, report.details()
    controls = loaded.page.evaluate(CONTROLS_JS)
    unreachable = [c for c in controls if c["tabindex"] < 0 and not c["disabled"]]
    unnamed = [c for c in controls if not c["name"]]
    assert not unreachable, f"{loaded.name}: controls out of the keyboard's reach: {unreachable}"
    assert not unnamed, f"{loaded.name}: controls without a name for a screen reader: {unnamed}"

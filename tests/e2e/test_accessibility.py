"""axe-core (WCAG 2.0/2.1 A and AA) and the site's own structure rules on every page in every state.

The pages are listed in tests/e2e/pages.py. The goal is zero violations: fix the templates or
CSS, never exclude a rule. The test prints the URLs it covered.
"""

from __future__ import annotations

import pytest

from tests.browser import AXE_TAGS, AXE_TAGS_ADMIN
from tests.e2e.pages import PAGES
from tests.harness_report import record
from tests.world import ROLES, build_world

pytestmark = pytest.mark.browser

# One h1, a skip link to <main> that comes first in the tab order, the four landmarks, no positive
# tabindex (it would break the focus order), every visible control labelled, and every field in
# error tied to its message with aria-describedby and listed in the summary at the top of the form.
STRUCTURE_JS = """
() => {
  const problems = [];
  const h1s = document.querySelectorAll('h1');
  if (h1s.length !== 1) problems.push(`${h1s.length} <h1> elements`);
  const focusable = [...document.querySelectorAll('a[href], button, input, select, textarea')]
    .filter(el => el.type !== 'hidden' && !el.disabled);
  const skip = focusable[0];
  if (!skip || skip.getAttribute('href') !== '#main' || !document.getElementById('main'))
    problems.push('the first focusable element is not a skip link to #main');
  for (const sel of ['header', 'nav', 'main', 'footer'])
    if (!document.querySelector(sel)) problems.push(`no <${sel}> landmark`);
  if (document.querySelectorAll('main').length !== 1) problems.push('not exactly one <main>');
  for (const el of document.querySelectorAll('[tabindex]'))
    if (parseInt(el.getAttribute('tabindex'), 10) > 0) problems.push(`positive tabindex on ${el.outerHTML.slice(0, 60)}`);
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (['hidden', 'submit', 'button'].includes(el.type)) continue;
    if (!el.labels || el.labels.length === 0) problems.push(`unlabelled ${el.name}`);
  }
  const invalid = document.querySelectorAll('[aria-invalid="true"], .is-invalid');
  const summary = document.getElementById('form-errors');
  if (invalid.length && !summary) problems.push('fields in error but no error summary');
  for (const el of invalid) {
    const ids = (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
    const text = ids.map(id => (document.getElementById(id) || {}).textContent || '').join(' ');
    if (!ids.length || !text.trim()) problems.push(`${el.name} in error without aria-describedby to its message`);
    if (el.getAttribute('aria-invalid') !== 'true') problems.push(`${el.name} in error without aria-invalid`);
    // A group of choices is linked once, at its first choice.
    const target = ['radio', 'checkbox'].includes(el.type) ? document.querySelector(`[name="${el.name}"]`) : el;
    if (summary && target.id && !summary.querySelector(`a[href="#${target.id}"]`)) problems.push(`${el.name} missing from the error summary`);
  }
  return problems;
}
"""


# Each role's pages in runs of at most PAGES_PER_TEST, one test a run, so that parallel workers
# share the sweep evenly; within a run the pages are visited in the table's order.
PAGES_PER_TEST = 6
SWEEP = [
    pytest.param(role, start, id=f"{role}-{start // PAGES_PER_TEST + 1}")
    for role in ROLES
    for start in range(0, sum(p.role == role for p in PAGES), PAGES_PER_TEST)
]


@pytest.mark.parametrize(("role", "start"), SWEEP)
def test_every_page_has_no_accessibility_violations(
    role, start, transactional_db, open_page, axe_check
):
    # Logged-out pages include page 2 of the directory: only they need the extra communities.
    world = build_world(directory_pages=2 if role == "anonymous" else 1)
    pages = [p for p in PAGES if p.role == role][start : start + PAGES_PER_TEST]
    page = open_page(world.users[role], bypass_csp=True)
    problems = []
    for entry in pages:
        response = page.goto(entry.path(world))
        # The page-state the row names, not an error page standing in for it.
        assert response is not None and response.status == entry.status, (
            f"{entry.label}: HTTP {response and response.status}, expected {entry.status}"
        )
        if entry.action:
            entry.action(page, world)
            page.wait_for_load_state()
        assert page.locator("h1").all_inner_texts() == [entry.h1], f"{entry.label} ({page.url})"
        record("axe-checked pages", line=f"{role:12} {entry.label:40} {page.url}")
        found = axe_check(page, AXE_TAGS_ADMIN if entry.admin else AXE_TAGS)
        if not entry.admin:
            found += [f"structure: {p}" for p in page.evaluate(STRUCTURE_JS)]
        problems += [f"{entry.label} ({page.url}): {p}" for p in found]
    assert problems == [], "\n".join(problems)

"""The reading sections: typeset math, the real source, the runner, one live state."""

import ast
import io
import math
import re
import tokenize
from pathlib import Path

import numpy as np
import pytest
from core import kl
from harness import P, oracle, reveal, scipy_kl, slider, wait_until_ready
from playwright.sync_api import expect
from scipy.special import rel_entr

ROOT = Path(__file__).resolve().parents[2]
KL_PY = ROOT / "py" / "core" / "kl.py"


def oracle_lines(weights):
    p, q = np.array(P), np.array(weights) / np.sum(weights)
    forward, backward = oracle(weights)
    h_p = -(p * np.log(p)).sum()
    h_pq = -(p * np.log(q)).sum()
    return [f"{forward:.4f}", f"{backward:.4f}", f"{h_pq:.4f}", f"{h_p + forward:.4f}"]


def text_of(page, selector):
    # textContent, not innerText: sections off screen (content-visibility) have no innerText.
    return " ".join(page.locator(selector).first.text_content().split())


@pytest.fixture
def prose_page(page, base_url):
    """The page with Python held back: prose and MathML only, loaded in a moment."""
    page.route("**/pyodide.asm.wasm", lambda route: None)
    page.goto(base_url)
    return page


def test_math_is_typeset_mathml_and_no_raw_latex_is_visible(ready_page):
    page = ready_page
    assert page.locator("#math math").count() >= 12
    for eq in ("eq-definition", "eq-expectation", "eq-gibbs", "eq-jensen", "eq-cross-entropy",
               "eq-pointwise", "eq-mle", "eq-continuous", "eq-worked"):  # fmt: skip
        expect(page.locator(f"math#{eq}")).to_be_visible()
    text = page.locator("body").inner_text()
    for raw in ("\\frac", "\\sum", "\\log", "\\mathbb", "$$", "\\(", "\\[", "\\KL", "^{", "_{"):
        assert raw not in text, raw


def test_math_and_prose_are_readable_before_python_loads(page, base_url):
    page.route("**/pyodide.asm.wasm", lambda route: None)  # hold Python back
    page.goto(base_url)
    expect(page.locator("math#eq-definition")).to_be_visible()
    expect(page.get_by_text("expected regret")).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text("loading")
    expect(slider(page, "x1")).to_be_disabled()


def shown_function_sources():
    """kl_terms, kl, entropy and cross_entropy as Python's ast cuts them from kl.py."""
    source = KL_PY.read_text(encoding="utf-8")
    names = ("kl_terms", "kl", "entropy", "cross_entropy")
    return [
        ast.get_source_segment(source, node)
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef) and node.name in names
    ]


def test_code_shows_the_four_functions_and_the_whole_file_one_click_away(ready_page):
    page = ready_page
    code = page.locator("#code")
    functions = page.get_by_label("The functions kl_terms, kl, entropy and cross_entropy")
    whole = page.get_by_label("Source of py/core/kl.py")
    functions.scroll_into_view_if_needed()
    expect(functions).to_be_visible()
    sources = shown_function_sources()
    assert len(sources) == 4
    assert functions.text_content() == "\n\n\n".join(sources)
    for name in ("kl_terms(p, q)", "kl(p, q)", "entropy(p)", "cross_entropy(p, q)"):
        expect(functions).to_contain_text(f"def {name}:")
    expect(code.get_by_text("def report(p, q):")).to_be_hidden()
    expect(whole).to_be_hidden()
    code.get_by_text("Show the whole kl.py").click()
    expect(whole).to_be_visible()
    expect(code.get_by_text("def report(p, q):")).to_be_visible()
    assert whole.text_content() == KL_PY.read_text(encoding="utf-8")
    # Highlighted without any network: keywords, strings and comments get classes.
    assert whole.locator(".tok-keyword").count() > 20
    assert functions.locator(".tok-string").count() > 5
    expect(page.locator("#kl-file-line-1")).to_be_visible()


def multi_line_string_parts(source):
    """{line number: the part of that line inside a string token spanning several lines}."""
    lines = source.splitlines()
    parts = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        (first, col0), (last, col1) = tok.start, tok.end
        if tok.type != tokenize.STRING or first == last:
            continue
        for n in range(first, last + 1):
            begin = col0 if n == first else 0
            end = col1 if n == last else len(lines[n - 1])
            parts[n] = lines[n - 1][begin:end]
    return parts


def test_multi_line_docstrings_are_coloured_on_every_line(ready_page):
    page = ready_page
    parts = multi_line_string_parts(KL_PY.read_text(encoding="utf-8"))
    assert len(parts) > 40  # the module docstring and every function's docstring
    page.locator("#code").get_by_text("Show the whole kl.py").click()
    shown = page.locator("#kl-source").evaluate(
        """(pre, numbers) => numbers.map(
               n => [...pre.querySelectorAll(`#kl-file-line-${n} .tok-string`)]
                        .map(s => s.textContent).join(""))""",
        sorted(parts),
    )
    assert dict(zip(sorted(parts), shown, strict=True)) == parts
    # And the colour is really applied on a line in the middle of a docstring.
    page.locator("#kl-source").scroll_into_view_if_needed()
    middle = sorted(n for n in parts if parts[n].strip())[len(parts) // 2]
    colours = page.locator(f"#kl-file-line-{middle}").evaluate(
        """line => [getComputedStyle(line).color,
                    getComputedStyle(line.querySelector('.tok-string')).color]"""
    )
    assert colours[0] != colours[1]


def test_runner_prints_the_four_values_for_the_default_state(ready_page):
    ready_page.get_by_role("button", name="Run the worked example").click()
    output = ready_page.locator("#code-output")
    for value in oracle_lines((0.80, 0.15, 0.04, 0.01)):
        expect(output).to_contain_text(value)
    expect(output).to_contain_text("ran in your browser")


def test_runner_follows_the_demo_once_revealed(ready_page):
    page = ready_page
    weights = (0.35, 0.15, 0.10, 0.40)
    page.get_by_role("button", name="Extra mass where p is small").click()
    output = page.locator("#code-output")
    # Before the reveal the runner still shows the last revealed state.
    expect(output).to_contain_text(oracle_lines((0.80, 0.15, 0.04, 0.01))[0])
    reveal(page)
    page.get_by_role("button", name="Run the worked example").click()
    for value in oracle_lines(weights):
        expect(output).to_contain_text(value)


def test_support_failure_prints_inf_and_names_the_outcome(ready_page):
    ready_page.get_by_role("button", name="Run the support failure").click()
    output = ready_page.locator("#code-output")
    expect(output).to_contain_text(re.compile(r"KL\(p \|\| q\)\s+inf"))
    expect(output).to_contain_text("q(x3) = 0 where p(x3) = 0.15")
    expect(output).to_contain_text(re.compile(r"KL\(q \|\| p\)\s+0\.1762"))


def test_worked_line_and_extra_nats_follow_the_last_revealed_state(ready_page):
    page = ready_page
    total, extra = page.locator("#w-total"), page.locator("#extra-nats")
    expect(total).to_have_text("0.2004")
    expect(extra).to_have_text("0.2004")
    page.get_by_role("button", name="Miss a data mode").click()
    expect(total).to_have_text("0.2004")  # the round is still open
    reveal(page)
    expect(total).to_have_text(oracle_lines((0.70, 0.25, 0.002, 0.048))[0])
    expect(extra).to_have_text(oracle_lines((0.70, 0.25, 0.002, 0.048))[0])
    expect(page.locator("#wq-x3")).to_have_text("0.0020")


@pytest.mark.parametrize(
    "weights", [(0.80, 0.15, 0.04, 0.01), (0.35, 0.15, 0.10, 0.40), (0.11, 0.05, 0.03, 0.01)]
)
def test_worked_line_subtracts_negative_terms_and_never_shows_minus_zero(page, base_url, weights):
    page.goto(base_url + "#q=" + ",".join(map(str, weights)))
    wait_until_ready(page)
    reveal(page, "Neither dominates")
    q = np.array(weights) / np.sum(weights)
    terms = rel_entr(P, q)
    for n, term in enumerate(terms, start=1):
        magnitude = f"{abs(term):.4f}"
        if n == 1:
            negative = term < 0 and magnitude != "0.0000"
            expect(page.locator("#wv-x1")).to_have_text(("−" if negative else "") + magnitude)
        else:
            sign = "−" if term < 0 and magnitude != "0.0000" else "+"
            expect(page.locator(f"#wop-x{n}")).to_have_text(sign)
            expect(page.locator(f"#wv-x{n}")).to_have_text(magnitude)
    expect(page.locator("#w-total")).to_have_text(f"{max(terms.sum(), 0.0):.4f}")
    assert "(" not in text_of(page, "#wv-x1") and "−0.0000" not in text_of(page, "#eq-worked")


def test_focusing_an_outcome_highlights_its_term_in_the_worked_formula(ready_page):
    page = ready_page
    slider(page, "x2").focus()
    expect(page.locator('#eq-worked .is-focus[data-outcome="x2"]')).to_have_count(2)
    expect(page.locator("#eq-worked .is-focus")).to_have_count(2)


def test_notation_switch_relabels_the_demo_and_the_formulas(ready_page):
    page = ready_page
    caption = page.locator("#demo figcaption").first
    expect(caption).to_contain_text("the model")
    page.get_by_role("radio", name=re.compile("^Policy")).check()
    expect(caption).to_contain_text("the new policy")
    expect(caption).to_contain_text("the reference policy")
    expect(page.locator(".reading-now")).to_contain_text("p is the reference policy")
    page.get_by_role("radio", name=re.compile("^Supervised")).check()
    expect(caption).to_contain_text("the data distribution")


def test_next_edge_appears_only_after_a_prediction(ready_page):
    page = ready_page
    edge = page.get_by_text("Cross-entropy loss and maximum likelihood.")
    expect(edge).to_be_hidden()
    # The locked note is among the contract's details, folded until asked for.
    page.locator("#contract").get_by_text("Prerequisites, reading order, next edge").click()
    expect(page.get_by_text("Make one prediction in the")).to_be_visible()
    reveal(page)
    expect(edge).to_be_visible()
    expect(page.get_by_text("Make one prediction in the")).to_be_hidden()


def test_structure_navigation_marks_the_current_stage(ready_page):
    page = ready_page
    nav = page.get_by_role("navigation", name="Concept structure")
    page.locator("#math-title").scroll_into_view_if_needed()
    page.mouse.wheel(0, 200)
    expect(nav.locator("[aria-current=step]")).to_have_count(1)
    expect(nav.locator("[aria-current=step]")).to_contain_text("Math")
    page.locator("#demo-title").scroll_into_view_if_needed()
    page.mouse.wheel(0, 200)
    expect(nav.locator("[aria-current=step]")).to_contain_text("Interactive demo")


def test_header_badge_and_summary(ready_page):
    page = ready_page
    expect(page.get_by_text("Information Theory").first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("reviewed in part"))).to_be_visible()
    expect(page.locator("header").get_by_text("may be AI-assisted")).to_be_visible()
    expect(page.locator("#claim-text")).to_contain_text("directional expected log-probability")


# ---- statements in the prose: each corrected one is there, the old false one is gone ----


def test_mass_off_p_support_is_paid_for_by_the_outcomes_p_produces(prose_page):
    text = text_of(prose_page, "#off-support")
    p, q = (0.5, 0.5, 0.0), (0.05, 0.05, 0.9)
    share = math.fsum(qx for px, qx in zip(p, q, strict=True) if px > 0)
    divergence = scipy_kl(p, q)
    assert divergence >= -math.log(share) - 1e-12  # the bound the sentence states
    assert divergence == pytest.approx(kl.kl(p, q), abs=1e-12)
    assert f"only {share:g} of q is left" in text
    assert f"KL(p‖q) = {divergence:.3f} nats" in text
    assert "barely notices" not in text_of(prose_page, "#intuition")


def test_the_three_uses_name_their_direction_and_vi_is_not_overstated(prose_page):
    intuition = text_of(prose_page, "#intuition")
    assert "Three guises of one direction" not in intuition
    for direction in ("KL(data‖model)", "KL(π‖πref)", "KL(q‖p)"):
        assert direction in intuition
    vi = text_of(prose_page, "#guise-vi")
    assert "minimizes only KL(q‖p)" in vi
    assert (
        "modes far apart" in vi and "when the modes are close it can still spread over both" in vi
    )
    assert "blurring the modes" in vi and "not what standard variational inference minimizes" in vi
    assert "cover all of them" not in intuition
    # The code-length reading is about ideal lengths.
    assert "An ideal code" in intuition and "whole bits" in intuition


def test_math_states_sign_and_equality_conditions_exactly(prose_page):
    math_text = text_of(prose_page, "#math")
    assert "negative wherever q(x) > p(x)." not in math_text
    assert "negative exactly where q(x) > p(x) > 0" in math_text
    assert "where p(x) = 0 it is 0" in math_text
    assert "up to outcomes of probability zero" not in math_text
    equality = text_of(prose_page, "#equality-meaning")
    assert f"≈ {scipy_kl((1, 0), (0.9, 0.1)):.3f} nats" in equality
    assert "at every outcome" in equality and "belongs to densities" in equality
    assert "of q from p" not in math_text and "from q to p" not in math_text


def test_jensen_proof_covers_a_zero_q_and_proves_the_equality_case(prose_page):
    page = prose_page
    proof = text_of(page, "#jensen-setup")
    assert "If q(x) = 0 for some x in S" in proof and "nothing left to prove" in proof
    equality = text_of(page, "#equality-case")
    for step in ("strictly concave", "q(x) = c·p(x)", "q(S) = 1, so c = 1", "q(x) = 0 = p(x)"):
        assert step in equality, step
    termwise = text_of(page, "#termwise-proof")
    assert "log t ≤ t − 1" in termwise and "equality only at t = 1" in termwise
    for eq in ("eq-jensen", "eq-termwise", "eq-termwise-sum"):
        expect(page.locator(f"math#{eq}")).to_be_visible()
    assert "1−q(S)" in text_of(page, "#eq-termwise-sum").replace(" ", "")
    assert "KL(p‖q) ≥ −log q(S) ≥ 0" in text_of(page, "#math")
    # The lower bound p - q the proof sums really holds, on random states.
    rng = np.random.default_rng(5)
    for _ in range(200):
        p, q = rng.dirichlet(np.ones(5)), rng.dirichlet(np.ones(5))
        assert np.all(rel_entr(p, q) >= p - q - 1e-15)


def test_directions_can_coincide_and_the_sentence_says_so(prose_page):
    text = text_of(prose_page, "#asymmetry-text")
    p, q = (0.3, 0.7), (0.7, 0.3)
    assert scipy_kl(p, q) == pytest.approx(scipy_kl(q, p), abs=1e-15)
    assert f"≈ {scipy_kl(p, q):.3f} nats" in text
    assert "usually differ" in text and "so the two numbers differ;" not in text


def test_infinite_kl_on_a_countable_space_needs_no_zero_in_q(prose_page):
    text = text_of(prose_page, "#countable-infinity")
    assert "p(n) = 6/(π²n²)" in text and "q(n) = 2−n" in text
    # n times the n-th term tends to 6 ln 2 / pi^2, so the terms behave like a harmonic series.
    n = np.array([1e3, 1e5, 1e7])
    p = 6 / (np.pi**2 * n**2)
    scaled = n * p * (np.log(p) + n * np.log(2))  # log p - log q, with log q = -n log 2
    error = np.abs(scaled / (6 * np.log(2) / np.pi**2) - 1)
    assert np.all(np.diff(error) < 0) and error[-1] < 1e-4
    assert math.fsum(6 / (math.pi**2 * k**2) for k in range(1, 200_000)) == pytest.approx(1, 1e-5)


def test_cross_entropy_conventions_finiteness_and_the_empirical_form(prose_page):
    page = prose_page
    conventions = text_of(page, "#entropy-conventions")
    assert "0 log 0 = 0" in conventions and "0 · log q(x) = 0" in conventions
    assert "H(p, q) = +∞" in conventions
    assert "H(p) to be finite" in text_of(page, "#entropy-finite")
    empirical = page.locator("math#eq-empirical")
    expect(empirical).to_be_visible()
    assert empirical.locator("mfrac").first.text_content() == "1N"
    assert "log" in empirical.text_content() and "xi" in empirical.text_content()
    assert "argmax" in text_of(page, "#eq-mle").replace(" ", "").replace("\u2009", "")


def test_continuous_form_uses_a_reference_measure_and_absolute_continuity(prose_page):
    page = prose_page
    formula = page.locator("math#eq-continuous").text_content()
    assert formula.endswith("dμ(x)")
    text = text_of(page, "#continuous-text")
    assert "P ≪ Q" in text and "can be negative" in text
    assert "−log 2" in text  # uniform density on an interval of length 1/2
    assert math.log(0.5) == pytest.approx(-math.log(2))


def test_source_card_claims_only_what_chapter_3_covers_and_cites_fig_3_6(prose_page):
    card = text_of(prose_page, "#source")
    assert "KL divergence as relative entropy" not in card
    assert "does not use the name “relative entropy”" in card
    assert "Fig. 3.6" in card and "blurs the modes" in card
    not_covered = text_of(prose_page, "#source-not-covered")
    for outside in ("§5.5", "chapter 19", "alignment", "proofs"):
        assert outside in not_covered, outside


def test_badge_and_review_scope_count_the_same_reviewed_statements(prose_page):
    page = prose_page
    badge = text_of(page, ".badge")
    m = re.search(r"reviewed in part: (\d) of its (\d) statements", badge)
    assert m, badge
    clauses = page.locator("#claim-review .clause")
    reviewed = page.locator('#claim-review .clause[data-reviewed="true"]')
    assert (int(m.group(1)), int(m.group(2))) == (reviewed.count(), clauses.count())
    for n in range(clauses.count()):
        clause = clauses.nth(n)
        verdict = "not reviewed" if clause.get_attribute("data-reviewed") == "false" else "reviewed"
        assert f": {verdict}" in " ".join(clause.text_content().split())
    unreviewed = " ".join(
        page.locator('#claim-review .clause[data-reviewed="false"]').all_text_contents()
    )
    for use in ("variational inference", "alignment"):
        assert use in unreviewed and use.split()[0] in badge.replace("-", " ")
    assert "1/1 claims reviewed" not in badge


@pytest.mark.browser_context(viewport={"width": 375, "height": 800})
def test_at_375_px_every_equation_fits_its_column_and_nothing_scrolls_sideways(ready_page):
    page = ready_page
    page.locator("#math").scroll_into_view_if_needed()
    page.evaluate("document.fonts.ready.then(() => true)")
    equations = page.locator("math")
    assert equations.count() == (ROOT / "index.html").read_text(encoding="utf-8").count("<math")
    for n in range(equations.count()):
        equation = equations.nth(n)
        # Off-screen sections are not laid out (content-visibility: auto): scroll first.
        equation.scroll_into_view_if_needed()
        box = equation.evaluate(
            """m => {
                const own = m.getBoundingClientRect();
                const column = m.parentElement.getBoundingClientRect();
                const style = getComputedStyle(m.parentElement);
                let left = own.left, right = own.right;
                for (const d of m.querySelectorAll('*')) {
                    const r = d.getBoundingClientRect();
                    if (r.width === 0) continue;
                    left = Math.min(left, r.left);
                    right = Math.max(right, r.right);
                }
                return {id: m.id, ink: [left, right], own: [own.left, own.right],
                        column: [column.left + parseFloat(style.paddingLeft),
                                 column.right - parseFloat(style.paddingRight)],
                        scroll: m.scrollWidth - m.clientWidth};
            }"""
        )
        assert box["ink"][0] >= box["column"][0] - 0.5, box
        assert box["ink"][1] <= box["column"][1] + 0.5, box
        assert box["scroll"] <= 0, box
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")

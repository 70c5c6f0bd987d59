"""The demo's pictures, used as a learner uses them: dragging a q bar, the log-ratio strip,
and the blow-up plot of both directions as q(x3) → 0, each checked against SciPy."""

import math
import random
import re

import numpy as np
import pytest
from harness import (
    OUTCOMES,
    P,
    Q,
    legible_chart_text,
    oracle,
    reveal,
    shown,
    slider,
    type_weights,
)
from playwright.sync_api import expect
from scipy.optimize import minimize_scalar
from scipy.special import rel_entr

# The bars' geometry (py/panels/demo_charts.py): the 0..1 scale spans 160 px above a base
# 182 px from the chart's top, one viewBox unit to one CSS pixel.
BAR_BASE, BAR_SPAN = 182, 160
STEP = 0.001


def handle(page, outcome):
    return page.locator(f'#bars g[data-outcome="{outcome}"] .handle')


def y_for_share(page, share):
    """The viewport y at which the bars chart draws ``share``."""
    box = page.locator("#bars").bounding_box()
    scale = box["height"] / float(page.locator("#bars").get_attribute("viewBox").split()[3])
    return box["y"] + (BAR_BASE - share * BAR_SPAN) * scale


def expected_weight(weights, index, share):
    """The weight giving outcome ``index`` that share of q, the others held (by hand, not
    the page's code): w / (w + S) = share, on the sliders' 0.001 grid, within 0.001..1."""
    others = sum(w for i, w in enumerate(weights) if i != index)
    wanted = share * others / (1 - share)
    return min(max(round(wanted / STEP) * STEP, 0.001), 1.0)


def near(weight):
    """A slider value within one step of ``weight`` (the pointer lands within a pixel)."""
    values = {f"{round(weight + k * STEP, 3):g}" for k in (-1, 0, 1)}
    return re.compile("^(" + "|".join(re.escape(v) for v in values) + ")$")


def weights_shown(page):
    return [float(slider(page, x).input_value()) for x in OUTCOMES]


def grab_and_move(page, outcome, y):
    box = handle(page, outcome).bounding_box()
    x = box["x"] + box["width"] / 2
    page.mouse.move(x, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(x, (box["y"] + y) / 2, steps=3)
    page.mouse.move(x, y, steps=3)
    page.mouse.up()


def check_totals(page, weights):
    forward, backward = oracle(weights)
    expect(page.locator("#total-pq")).to_have_text(shown(forward))
    expect(page.locator("#total-qp")).to_have_text(shown(backward))


def test_dragging_the_top_of_a_q_bar_sets_its_weight_slider_box_and_totals(ready_page):
    page = ready_page
    reveal(page)
    page.locator("#bars").scroll_into_view_if_needed()
    grab_and_move(page, "x3", y_for_share(page, 0.30))
    want = expected_weight(Q, 2, 0.30)
    expect(slider(page, "x3")).to_have_value(near(want))
    got = weights_shown(page)[2]
    expect(page.get_by_role("textbox", name="Exact weight of x3")).to_have_value(f"{got:g}")
    weights = [*Q[:2], got, Q[3]]
    expect(page.locator("#q-x3")).to_have_text(f"q(x3) = {got / sum(weights):.1%}")
    check_totals(page, weights)


@pytest.mark.browser_context(has_touch=True)
def test_a_touch_drag_moves_the_bar_and_the_page_does_not_scroll(ready_page):
    page = ready_page
    reveal(page)
    page.locator("#bars").scroll_into_view_if_needed()
    scrolled = page.evaluate("window.scrollY")
    box = handle(page, "x2").bounding_box()
    x, y0 = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    y1 = y_for_share(page, 0.5)
    cdp = page.context.new_cdp_session(page)
    touch_drag(cdp, x, y0, y1)
    want = expected_weight(Q, 1, 0.5)
    expect(slider(page, "x2")).to_have_value(near(want))
    got = weights_shown(page)[1]
    assert page.evaluate("window.scrollY") == scrolled  # the drag moved the bar, not the page
    check_totals(page, [Q[0], got, *Q[2:]])
    # A touch that starts on the chart but off a handle still scrolls the page.
    label = page.locator('#bars g[data-outcome="x1"] .label').bounding_box()
    # The finger ends near the viewport's top: the page scrolls by more than the chart's top
    # lies below it (the label is 200 px down the chart), wherever the scroll left the chart.
    touch_drag(cdp, label["x"], label["y"], 10)
    expect(page.locator("#bars")).not_to_be_in_viewport(ratio=1)
    assert page.evaluate("window.scrollY") > scrolled


def touch_drag(cdp, x, y0, y1, steps=5):
    """A one-finger drag from (x, y0) to (x, y1), as a touch screen sends it."""
    send = cdp.send
    send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y0}]})
    for k in range(1, steps + 1):
        y = y0 + (y1 - y0) * k / steps
        send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
    send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_a_drag_cannot_push_a_weight_outside_the_limits(ready_page):
    page = ready_page
    reveal(page)
    page.locator("#bars").scroll_into_view_if_needed()
    top = page.locator("#bars").bounding_box()["y"]
    grab_and_move(page, "x4", top - 150)  # far above the chart: more than 100%
    expect(slider(page, "x4")).to_have_value("1")
    grab_and_move(page, "x1", y_for_share(page, 0) + 200)  # far below the axis: less than 0%
    expect(slider(page, "x1")).to_have_value("0.001")
    expect(page.get_by_role("textbox", name="Exact weight of x1")).to_have_value("0.001")
    check_totals(page, [0.001, Q[1], Q[2], 1.0])


def log_ratio_text(x):
    return f"{x:.2f}".replace("-", "−")


def test_the_strip_shows_log_p_over_q_from_scipy_for_random_q(ready_page):
    page = ready_page
    rng = random.Random(16)
    strip = page.locator("#bars .ratio")
    for _ in range(5):
        weights = [rng.randint(1, 1000) / 1000 for _ in OUTCOMES]
        type_weights(page, weights)
        q = np.asarray(weights) / np.sum(weights)
        # rel_entr(p, q) = p·log(p/q), so log p/q is rel_entr divided by p.
        ratios = rel_entr(np.asarray(P), q) / np.asarray(P)
        expect(strip).to_have_text([log_ratio_text(r) for r in ratios])
        # The bar of each ratio hangs above the line where p is larger, below where q is.
        negatives = page.locator("#bars .ratio-bar.negative")
        expect(negatives).to_have_count(int(np.sum(ratios < 0)))


def plot(page):
    return page.get_by_role("img", name=re.compile(r"KL\(p‖q\) and KL\(q‖p\) in nats against"))


def test_the_blow_up_plot_waits_for_the_reveal_then_follows_q3(ready_page):
    page = ready_page
    figure = page.locator("#blowup")
    expect(figure.get_by_text("Once you reveal the totals")).to_be_visible()
    expect(plot(page)).to_be_hidden()  # it would give the round's answer away
    reveal(page)
    expect(plot(page)).to_be_visible()
    rng = random.Random(3)
    for w3 in ["0.001", "0.02", "0.5", "1"] + [str(rng.randint(1, 1000) / 1000) for _ in range(3)]:
        slider(page, "x3").fill(w3)
        weights = [Q[0], Q[1], float(w3), Q[3]]
        forward, backward = oracle(weights)
        q3 = float(w3) / sum(weights)
        # The text alternative says the current totals; the picture marks "your q" on both
        # curves at their height, and leaves the figures to the demo's totals line.
        expect(plot(page)).to_have_attribute(
            "aria-label",
            re.compile(re.escape(f"KL(p‖q) = {shown(forward)}, KL(q‖p) = {shown(backward)}.")),
        )
        svg = page.locator("#blowup svg")
        expect(svg.locator(".now-label")).to_have_text("your q")
        expect(svg.locator(".mark-value")).to_have_count(0)
        for key, value in (("pq", forward), ("qp", backward)):
            mark_y = float(svg.locator(f".mark-{key}").get_attribute("cy"))
            assert mark_y == pytest.approx(y_of(svg, value), abs=0.2)
        # The marker's line is where q(x3) is on the log axis.
        line_x = float(svg.locator(".now-line").get_attribute("x1"))
        assert line_x == pytest.approx(x_of(svg, q3), abs=0.1)
        # The sentence names x3's terms in each direction, from SciPy.
        p3 = P[2]
        term_pq = float(rel_entr(p3, q3))
        term_qp = float(rel_entr(q3, p3))
        why = page.locator("#blowup .blowup-why")
        expect(why).to_contain_text(f"now {shown(term_pq)} nats at q(x3) = ")
        expect(why).to_contain_text(f"(now {shown(term_qp)} nats) fades to 0")
        expect(why).to_contain_text("KL(p‖q) pays for a missing x3: p puts 15% on x3")
        # The dotted line stands at q(x3) = p(x3), and the sentence under the plot says
        # where each curve bottoms out: read off SciPy's search along the same curve.
        p_line = path_points(svg.locator(".p-line"))[0][0]
        assert p_line == pytest.approx(x_of(svg, p3), abs=0.1)
        expect(svg.locator(".p-label")).to_have_text("p(x3)")
        assert lowest_along(weights, "pq") == pytest.approx(p3, rel=1e-4)
        turn = page.locator("#blowup .blowup-turn")
        expect(turn).to_contain_text("is lowest exactly at the dotted line marked p(x3)")
        stated = re.search(r"KL\(q‖p\).*?lowest at q\(x3\) = (\d+\.\d)%", turn.text_content())
        assert float(stated.group(1)) / 100 == pytest.approx(
            lowest_along(weights, "qp"), abs=0.0005 + 1e-6
        )
    # A new round hides the plot again until its own reveal.
    page.get_by_role("button", name="New round").click()
    expect(plot(page)).to_be_hidden()


def lowest_along(weights, direction):
    """Where KL(p‖q_t) or KL(q_t‖p) is lowest as q(x3) = t moves, the other shares of q
    keeping their proportions: SciPy's bounded search in log t."""
    q = np.asarray(weights, dtype=float) / sum(weights)

    def total(log_t):
        t = math.exp(log_t)
        moved = np.array([x * (1 - t) / (1 - q[2]) for x in q])
        moved[2] = t
        pair = (P, moved) if direction == "pq" else (moved, P)
        return float(rel_entr(*pair).sum())

    found = minimize_scalar(total, bounds=(math.log(1e-9), math.log(0.999)), method="bounded",
                            options={"xatol": 1e-9})  # fmt: skip
    return math.exp(found.x)


def x_of(svg, value):
    """Where ``value`` sits on the plot's log x axis, read off two of its labelled ticks."""
    ticks = svg.locator(".x-ticks text")
    labels = ticks.all_text_contents()
    xs = [float(t.get_attribute("x")) for t in ticks.all()]
    values = [parse_tick(t) for t in labels]
    (a, xa), (b, xb) = (values[0], xs[0]), (values[-1], xs[-1])
    return xa + (math.log10(value) - math.log10(a)) * (xb - xa) / (math.log10(b) - math.log10(a))


def y_of(svg, value):
    """Where ``value`` sits on the plot's linear y axis, read off its lowest and highest
    labelled ticks (each label is drawn 4 px below its grid line's y)."""
    ticks = svg.locator(".y-ticks text")
    values = [float(t) for t in ticks.all_text_contents()]
    ys = [float(t.get_attribute("y")) - 4 for t in ticks.all()]
    (a, ya), (b, yb) = (values[0], ys[0]), (values[-1], ys[-1])
    return ya + (value - a) * (yb - ya) / (b - a)


def parse_tick(label):
    if label.startswith("10"):
        power = label[2:].translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-"))
        if power:
            return 10.0 ** int(power)
    return float(label)


def test_the_forward_curve_leaves_the_top_and_the_reverse_stays_inside(ready_page):
    page = ready_page
    reveal(page)
    svg = page.locator("#blowup svg")
    for w3 in ("0.04", "0.001"):
        slider(page, "x3").fill(w3)
        expect(svg.get_by_text("→ ∞ at q(x3) = 0")).to_be_visible()
        top = float(svg.locator(".now-line").get_attribute("y1"))
        bottom = float(svg.locator(".now-line").get_attribute("y2"))
        forward = path_points(svg.locator(".curve-path.curve-pq"))
        reverse = path_points(svg.locator(".curve-path.curve-qp"))
        # The forward curve starts on the chart's top edge: it has left the chart to the left.
        assert forward[0][1] == pytest.approx(top, abs=0.1)
        left_edge = min(x for x, _ in reverse)
        assert forward[0][0] > left_edge + 1
        # The reverse curve is drawn whole, from the left edge, never cut at the top.
        assert all(top <= y <= bottom for _, y in reverse)
        assert path_runs(svg.locator(".curve-path.curve-qp")) == 1


@pytest.mark.parametrize("width", [375, 1280])
def test_the_p3_label_stays_whole_and_clear_of_both_curves(ready_page, width):
    page = ready_page
    page.set_viewport_size({"width": width, "height": 800})
    reveal(page)
    svg = page.locator("#blowup svg")
    # The default q (curves low at p3: label at the top), then one that lifts the forward
    # curve to the top there (label at the bottom).
    for name, value in (("x4", "0.01"), ("x1", "0.001"), ("x2", "0.001"), ("x4", "1")):
        slider(page, name).fill(value)
        line_x = path_points(svg.locator(".p-line"))[0][0]
        label = svg.locator(".p-label").bounding_box()
        box = svg.bounding_box()
        assert box["x"] <= label["x"] and label["x"] + label["width"] <= box["x"] + box["width"]
        scale = box["width"] / float(svg.get_attribute("viewBox").split()[2])
        for key in ("pq", "qp"):
            points = path_points(svg.locator(f".curve-path.curve-{key}"))
            _, y_at = min(points, key=lambda point: abs(point[0] - line_x))
            crossing = box["y"] + y_at * scale
            gap = max(label["y"] - crossing, crossing - (label["y"] + label["height"]))
            assert gap >= 4, (name, value, key, label, crossing)


def path_points(path):
    d = path.get_attribute("d")
    return [tuple(map(float, pair.split(","))) for pair in re.findall(r"[-0-9.]+,[-0-9.]+", d)]


def path_runs(path):
    return path.get_attribute("d").count("M")


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("w3", ["0.04", "0.001"])
def test_picture_text_is_legible_unclipped_and_never_touches(ready_page, width, w3):
    page = ready_page
    page.set_viewport_size({"width": width, "height": 800})
    reveal(page)
    slider(page, "x3").fill(w3)
    texts = legible_chart_text(page, ("#bars", "#blowup svg"))
    wanted = {"log p/q", "→ ∞ at q(x3) = 0", "KL(p‖q)", "KL(q‖p)", "your q", "p(x3)"}
    assert wanted <= {t["text"] for t in texts}
    assert page.evaluate("document.documentElement.scrollWidth") <= width

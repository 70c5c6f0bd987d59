"""The browser's Python and CPython compute the same numbers, to 1e-12."""

import json
import math
import random

from core import kl


def random_distribution(rng, k, zeros):
    weights = [0.0 if zeros and rng.random() < 0.2 else rng.random() + 1e-9 for _ in range(k)]
    if sum(weights) == 0:
        weights[0] = 1.0
    total = sum(weights)
    return [w / total for w in weights]


def test_browser_python_agrees_with_cpython_on_random_pairs(ready_page):
    rng = random.Random(20261125)
    pairs = []
    for _ in range(250):
        k = rng.randint(1, 40)
        pairs.append((random_distribution(rng, k, zeros=True), random_distribution(rng, k, False)))
    browser = json.loads(
        ready_page.evaluate("pairs => window.klNotebook.evaluate(pairs)", json.dumps(pairs))
    )
    assert len(browser) == len(pairs)
    for (p, q), got in zip(pairs, browser, strict=True):
        expected = {
            "kl_pq": kl.kl(p, q),
            "kl_qp": kl.kl(q, p),
            "h_p": kl.entropy(p),
            "h_pq": kl.cross_entropy(p, q),
        }
        for key, value in expected.items():
            if math.isinf(value):
                assert math.isinf(got[key])
            else:
                assert math.isclose(got[key], value, rel_tol=1e-12, abs_tol=1e-12), (key, p, q)

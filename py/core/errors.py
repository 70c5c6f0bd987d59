"""The one exception for what a learner typed or chose.

A handler catches ``LearnerInputError`` and shows its message beside the control;
any other exception is a bug, and reaches the page's error alert (``dom.guarded``).
It is a ``ValueError``, like ``statistics.StatisticsError``, so callers that only
know "bad value" still catch it.
"""


class LearnerInputError(ValueError):
    """Input the learner can fix; the message says how, in plain words."""

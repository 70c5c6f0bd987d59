"""The one exception for what a learner typed or chose.

A handler catches ``LearnerInputError`` and shows its message beside the control;
any other exception is a bug, and reaches the page's error alert (``dom.guarded``).
It is a ``ValueError``, like ``statistics.StatisticsError``, so callers that only
know "bad value" still catch it.
"""


class LearnerInputError(ValueError):
    """Input the learner can fix; the message says how, in plain words."""


#: What a browser names the error when a storage write does not fit: the standard
#: DOMException name, and the one older Firefox releases throw.
QUOTA_ERROR_NAMES = frozenset({"QuotaExceededError", "NS_ERROR_DOM_QUOTA_REACHED"})


def is_quota_error(error):
    """Whether a storage write failed for lack of space, judged by the error's name.

    A browser's DOMException reaches Python with its ``name``; the message text
    differs between browsers and languages, so it is never read.

    >>> class DOMException(Exception):
    ...     name = "QuotaExceededError"
    >>> is_quota_error(DOMException("any words")), is_quota_error(RuntimeError("quota"))
    (True, False)
    """
    return getattr(error, "name", None) in QUOTA_ERROR_NAMES

"""The one exception for what a learner typed or chose.

A handler catches ``LearnerInputError`` and shows its message beside the control;
any other exception is a bug, and reaches the page's error alert (``dom.guarded``).
It is a ``ValueError``, like ``statistics.StatisticsError``, so callers that only
know "bad value" still catch it.
"""

import re


class LearnerInputError(ValueError):
    """Input the learner can fix; the message says how, in plain words."""


#: What a browser names the error when a storage write does not fit: the standard
#: DOMException name, and the one older Firefox releases throw.
QUOTA_ERROR_NAMES = frozenset({"QuotaExceededError", "NS_ERROR_DOM_QUOTA_REACHED"})

#: Pyodide turns a thrown value that is not an Error (Chromium's DOMException is not)
#: into an Error named "Error" whose message quotes the value as """Name: message""".
PYODIDE_WRAPPED = re.compile(r'was thrown as an error!.*?"""(\w+):', re.DOTALL)


def error_name(error):
    """The name of the browser error behind ``error``, even where Pyodide had to wrap it."""
    name = getattr(error, "name", None)
    if name == "Error":
        wrapped = PYODIDE_WRAPPED.search(str(error))
        if wrapped:
            return wrapped.group(1)
    return name


def is_quota_error(error):
    """Whether a storage write failed for lack of space, judged by the error's name.

    The message differs between browsers and languages, so it is never read; only
    the name, as the browser set it, counts.

    >>> class DOMException(Exception):
    ...     name = "QuotaExceededError"
    >>> is_quota_error(DOMException("any words")), is_quota_error(RuntimeError("quota"))
    (True, False)
    """
    return error_name(error) in QUOTA_ERROR_NAMES

"""Settings shared by every test directory."""

from hypothesis import settings

# Property tests check what is computed, not how fast: a busy CI machine must not turn
# a slow example into a failure.  Each test still sets its own number of examples.
settings.register_profile("kl", deadline=None)
settings.load_profile("kl")

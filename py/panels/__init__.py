"""The DOM panels: each binds one part of the page to the shared Notebook.

A panel reads the page and draws on it; what it computes comes from the module of the
same name in core/ (panels/demo.py draws core/state.py).
"""

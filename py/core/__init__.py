"""The page's pure Python: the math, the state and every sentence built from numbers.

Nothing here imports pyscript, pyodide or js, so all of it runs (and is tested) in
CPython exactly as it runs in the browser.  Each module's browser half, where it has
one, is the module of the same name in panels/.
"""

// Compiles a (trimmed) Pyodide stdlib zip to bytecode with Pyodide's own Python.
//   node runtime/compile_stdlib.mjs PYODIDE_DIR SOURCE_ZIP DEST_ZIP
//
// Pyodide ships its standard library as source, so every start compiles the ~150
// modules that Python, Pyodide and PyScript import before the page's code runs: about
// 2 s of CPU at each start on the benchmark machine.  Compiled once here instead, by
// the same interpreter the browser runs (same version, same magic number), each module
// is stored as `name.pyc` in place of `name.py`, which zipimport loads as it is.
//
// The bytecode is built as `python -OO` would (no docstrings, no asserts: about 15%
// fewer bytes) and is hash-based and unchecked, so nothing compares it with a source
// file that is not there.  Tracebacks through the stdlib keep their file names and line
// numbers; only the quoted source line is missing.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

const [pyodideDir, sourceZip, destZip] = process.argv.slice(2);
if (!destZip) {
  console.error("usage: node runtime/compile_stdlib.mjs PYODIDE_DIR SOURCE_ZIP DEST_ZIP");
  process.exit(2);
}

const { loadPyodide } = await import(path.resolve(pyodideDir, "pyodide.mjs"));
const pyodide = await loadPyodide({ indexURL: path.resolve(pyodideDir) + path.sep });
pyodide.FS.writeFile("/tmp/source.zip", await readFile(sourceZip));
pyodide.runPython(`
import importlib.util
import marshal
import sys
import zipfile

# Where the browser's Python finds the stdlib: compiled under that path, the modules'
# file names (tracebacks, __file__) read as if compiled from source there.
home = next(entry for entry in sys.path if entry.endswith(".zip"))
UNCHECKED_HASH = (0b01).to_bytes(4, "little")  # hash-based pyc, source never checked

with zipfile.ZipFile("/tmp/source.zip") as source, \\
        zipfile.ZipFile("/tmp/dest.zip", "w", zipfile.ZIP_DEFLATED) as dest:
    for info in source.infolist():
        data = source.read(info)
        if not info.filename.endswith(".py"):
            dest.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
            continue
        code = compile(data, f"{home}/{info.filename}", "exec", dont_inherit=True, optimize=2)
        pyc = (importlib.util.MAGIC_NUMBER + UNCHECKED_HASH
               + importlib.util.source_hash(data) + marshal.dumps(code))
        compiled = zipfile.ZipInfo(info.filename + "c", date_time=info.date_time)
        dest.writestr(compiled, pyc, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
`);
await writeFile(destZip, pyodide.FS.readFile("/tmp/dest.zip"));

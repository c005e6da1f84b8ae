"""The standard library's :func:`~dataclasses.dataclass`, its generated methods compiled once.

For every class it decorates, :func:`dataclasses.dataclass` writes the source of
``__init__``, ``__repr__``, ``__eq__``, ``__hash__`` (and ``__setattr__``/``__delattr__``
when frozen) and compiles each with :func:`exec`: about 1 ms a class on Python 3.11,
most of it compiling. The survey record alone has some thirty classes, so the
compiling was a fifth of ``sitesurvey check``'s start-up.

:func:`dataclass` here is that same decorator, except that while it runs, the source
that :mod:`dataclasses` passes to :func:`exec` is looked up in a cache of code objects
compiled from that exact source (``$XDG_CACHE_HOME/sitesurvey``: one file per Python
version and defining module, so a command loads only the entries of the modules it
imports; with the CRC-32 of its content, which finds damage (any burst of up to 32
bits surely, other damage all but surely) at a fraction of a SHA-256's cost: the file
is trusted as ``__pycache__`` is, against accident, not against its owner;
written atomically at exit when something new was compiled, with exactly the code
that process used for the module: a class that changed replaces its old entries
rather than adding to them, so the file a command loads never grows with stale code).
The class, its methods and their behaviour are those of
:func:`dataclasses.dataclass`: only the ``compile`` step is skipped, and any doubt
about the cache (missing, damaged, another Python) means compiling as the standard
library does. The cache lives in the user's own cache folder, trusted as the package's
other cache entries are (and as Python trusts its ``__pycache__``).

:func:`compiling_from_cache` is the hook itself: :mod:`sitesurvey._tuples` uses it for
the ``__new__`` that :func:`collections.namedtuple` compiles with :func:`eval`. The same
files keep the programs of regular expressions (:func:`compile_pattern`), which
:func:`re.compile` parses and compiles in Python.
"""

import _thread
import atexit
import dataclasses
import marshal
import os
import re
import sys
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import field
from types import CodeType, ModuleType
from typing import Any

__all__ = ["cache_file", "compile_pattern", "compiling_from_cache", "dataclass", "field"]

#: The cache's format; a new number ignores older files.
_FORMAT = 2  # 2: the content's CRC-32, not its SHA-256 (the record's file took 1.3 ms)
_codes: dict[str, dict[str, Any]] = {}  # module -> source -> code, loaded on first use
_used: dict[str, dict[str, Any]] = {}  # what this process executed, by module
_dirty: set[str] = set()  # modules whose classes needed code the cache did not hold
_module = ""  # the module of the class being made (under _lock)
_owner = -1  # the thread making it: another thread's dataclass compiles the plain way
_lock = _thread.RLock()  # one class at a time goes through the cache (nesting allowed)
_RE_KEY = "re\0"  # the key of a regular expression's program: "re\0<flags>\0<pattern>"


def cache_file(module: str) -> str | None:
    """The cache of compiled method code of ``module``'s classes for this Python, or
    ``None`` (no home directory)."""
    from sitesurvey._files import _cache_dir

    folder = _cache_dir()
    if folder is None or not all(part.isidentifier() for part in module.split(".")):
        return None
    tag = sys.implementation.cache_tag or sys.implementation.name
    name = f"dataclass-code-{module[:100]}-{tag}-{sys.hexversion:x}-O{sys.flags.optimize}.marshal"
    return os.path.join(folder, name)


def _load(module: str) -> dict[str, Any]:
    """The cached code objects of ``module`` by their source; empty when in any doubt."""
    path = cache_file(module)
    if path is None:
        return {}
    try:
        from sitesurvey._files import read_file

        raw = read_file(path, what="cache")
        version, hexversion, checksum, payload = marshal.loads(raw)
        if (
            version != _FORMAT
            or hexversion != sys.hexversion
            or not isinstance(payload, bytes)
            or checksum != zlib.crc32(payload)  # a damaged entry is never run
        ):
            return {}
        codes = marshal.loads(payload)
        if not isinstance(codes, dict) or not all(
            isinstance(k, str)
            and (isinstance(v, CodeType) or (k.startswith(_RE_KEY) and isinstance(v, tuple)))
            for k, v in codes.items()
        ):
            return {}
    except Exception:  # missing, truncated, foreign: compile instead
        return {}
    return codes


def _save() -> None:
    """Write the cache of each module whose classes compiled something new, or whose
    file held code none of them used (at exit)."""
    # a file holding code no class used (classes since changed) is written again too
    stale = {m for m, codes in _codes.items() if codes.keys() - _used.get(m, {}).keys()}
    for module in sorted(_dirty | stale):
        path = cache_file(module)
        if path is None:
            return
        # what this process used, not what the file held: entries of classes since
        # changed would otherwise pile up, and every command loads the whole file
        codes = _used.get(module, {})
        try:
            from sitesurvey._files import write_atomic

            payload = marshal.dumps(codes)
            entry = marshal.dumps((_FORMAT, sys.hexversion, zlib.crc32(payload), payload))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            write_atomic(path, entry, mode=0o600)
        except Exception:  # a read-only home, a full disk: no cache, nothing else changes
            pass


def _cache_of(module: str) -> dict[str, Any]:
    """The cache of ``module``, loaded on first use (under :data:`_lock`)."""
    codes = _codes.get(module)
    if codes is None:
        if not _codes:  # the first module this process takes from the cache
            atexit.register(_save)
        codes = _codes[module] = _load(module)
    return codes


def _code(source: str, mode: str) -> CodeType:
    """The code of ``source`` compiled in ``mode``, from the cache of the current module."""
    codes = _cache_of(_module)
    key = source if mode == "exec" else f"{mode}\0{source}"  # \0: in no source
    code = codes.get(key)
    if code is None:
        # dont_inherit: compiled as the standard library compiles it, not with this
        # module's flags
        code = compile(source, "<string>", mode, dont_inherit=True)
        _dirty.add(_module)
    _used.setdefault(_module, {})[key] = code
    return code


def _exec(source: Any, globals: Any = None, locals: Any = None, /) -> None:
    """:func:`exec` as :mod:`dataclasses` calls it, the code taken from the cache."""
    if not isinstance(source, str) or _thread.get_ident() != _owner:
        exec(source, globals, locals)
        return
    exec(_code(source, "exec"), globals, locals)


def _eval(source: Any, globals: Any = None, locals: Any = None, /) -> Any:
    """:func:`eval` as :func:`collections.namedtuple` calls it (its ``__new__``), the
    code taken from the cache."""
    if not isinstance(source, str) or _thread.get_ident() != _owner:
        return eval(source, globals, locals)
    return eval(_code(source, "eval"), globals, locals)


@contextmanager
def compiling_from_cache(module: str, namespace: ModuleType, name: str) -> Iterator[None]:
    """Within the block, ``namespace``'s calls of the builtin ``name`` (``"exec"`` or
    ``"eval"``) made in this thread take their code from the cache of ``module``.

    Parameters
    ----------
    module : str
        The module whose classes are being made (names the cache file).
    namespace : module
        The standard library module that compiles them (:mod:`dataclasses`,
        :mod:`collections`): its global ``name`` shadows the builtin meanwhile.
    name : {"exec", "eval"}
        The builtin it calls with the source.
    """
    global _module, _owner
    hook = {"exec": _exec, "eval": _eval}[name]
    with _lock:
        outer = _module, _owner, name in vars(namespace)
        _module, _owner = module, _thread.get_ident()
        setattr(namespace, name, hook)
        try:
            yield
        finally:
            _module, _owner, nested = outer
            if not nested:
                delattr(namespace, name)


def dataclass(cls: type | None = None, /, **options: Any) -> Any:
    """:func:`dataclasses.dataclass` with its generated methods' code cached.

    Parameters
    ----------
    cls : type, optional
        The class, when used as ``@dataclass`` without arguments.
    **options
        The options of :func:`dataclasses.dataclass` (``frozen``, ``slots`` …).

    Returns
    -------
    type or callable
        The data class, or the decorator that makes it.
    """

    def wrap(cls: type) -> type:
        with compiling_from_cache(str(cls.__module__), dataclasses, "exec"):
            return dataclasses.dataclass(cls, **options)

    decorate: Callable[[type], type] = wrap
    return decorate if cls is None else decorate(cls)


def _program(pattern: str, flags: int) -> tuple[Any, ...]:
    """What :func:`re.compile` hands to ``_sre.compile`` for ``pattern`` (its parse and
    compile steps, done as :mod:`re`'s compiler does them)."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # opcodes: an int subclass
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    flags = int(flags | parsed.state.flags)
    return flags, code, int(parsed.state.groups) - 1, groupindex, tuple(indexgroup)


def compile_pattern(module: str, pattern: str, flags: int = 0) -> re.Pattern[str]:
    """:func:`re.compile`, its compiled program taken from the cache of ``module``.

    :func:`re.compile` parses and compiles a pattern in Python (0.1-0.9 ms each for the
    patterns of the survey's reading, most for those with Unicode classes), then hands
    the program to the regular expression engine. Here that program is kept in
    ``module``'s cache of compiled class code: a second process only hands it over
    again. The pattern made is equal to :func:`re.compile`'s (``==`` compares the
    program): the program is cached only after checking that, and a cached program the
    engine refuses (damage its checksum missed) means compiling as :mod:`re` does.

    Parameters
    ----------
    module : str
        The module that defines the pattern (names the cache file).
    pattern : str
        The regular expression.
    flags : int
        Its flags (:data:`re.IGNORECASE` …).

    Returns
    -------
    re.Pattern
        The compiled pattern.
    """
    import _sre

    flags = int(flags)
    key = f"{_RE_KEY}{flags}\0{pattern}"
    with _lock:
        program = _cache_of(module).get(key)
        if program is not None:
            try:
                made: re.Pattern[str] = _sre.compile(pattern, *program)
            except Exception:  # a program the engine refuses: compile as re does
                program = None
        if program is None:
            made = re.compile(pattern, flags)
            try:
                program = _program(pattern, flags)
                if _sre.compile(pattern, *program) != made:  # not what re made: no cache
                    return made
            except Exception:  # a Python whose re works otherwise: no cache
                return made
            _dirty.add(module)
        _used.setdefault(module, {})[key] = program
        return made

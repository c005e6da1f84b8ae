"""``sitesurvey._dataclasses``: the standard dataclass, its methods' code compiled once."""

from __future__ import annotations

import dataclasses
import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sitesurvey import _dataclasses
from sitesurvey._dataclasses import dataclass, field


@pytest.fixture(autouse=True)
def _no_cache_entries_from_these_tests(monkeypatch):
    """The classes made here in the test process are not written to the user's cache."""
    monkeypatch.setattr(_dataclasses, "_dirty", set(_dataclasses._dirty))


# A class body and a name: made once by the standard decorator and once by ours.
_BODY = """
class Point:
    '''A point.'''

    x: float
    y: float | None = None
    tags: tuple[str, ...] = ()
    note: str = field(default="", compare=False)
"""


def _make(decorator, **options):
    namespace = {"field": field}
    exec(_BODY, namespace)
    return decorator(**options)(namespace["Point"])


@pytest.mark.parametrize(
    "options", [{}, {"frozen": True}, {"frozen": True, "slots": True}, {"eq": False}]
)
def test_a_class_behaves_as_the_standard_librarys(options):
    ours = _make(dataclass, **options)
    theirs = _make(dataclasses.dataclass, **options)
    assert str(inspect.signature(ours)) == str(inspect.signature(theirs))
    # compiled as dataclasses.py compiles it: no `from __future__ import annotations`
    assert ours.__init__.__annotations__ == theirs.__init__.__annotations__
    assert ours.__init__.__annotations__["return"] is None
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
        assert (name in vars(ours)) == (name in vars(theirs)), name
        if name in vars(ours) and vars(ours)[name] is not None:
            assert vars(ours)[name].__qualname__ == vars(theirs)[name].__qualname__
    assert hasattr(ours, "__slots__") == hasattr(theirs, "__slots__")
    a, b = ours(1.0, 2.0, ("x",), "n"), theirs(1.0, 2.0, ("x",), "n")
    assert repr(a).replace(ours.__qualname__, "P") == repr(b).replace(theirs.__qualname__, "P")
    assert [f.name for f in dataclasses.fields(a)] == [f.name for f in dataclasses.fields(b)]
    assert dataclasses.replace(a, y=3.0).y == 3.0
    if options.get("eq", True):
        assert a == ours(1.0, 2.0, ("x",), "other")  # note does not compare
    if options.get("frozen"):
        assert hash(a) == hash(ours(1.0, 2.0, ("x",), "n"))
        with pytest.raises(dataclasses.FrozenInstanceError):
            a.x = 2.0


def test_decorator_without_arguments():
    namespace = {"field": field}
    exec(_BODY, namespace)
    point = dataclass(namespace["Point"])
    assert point(1.0).y is None
    assert "exec" not in vars(dataclasses)  # the standard library is left as it was


def test_classes_made_at_once_in_threads_are_each_right():
    import threading

    made: dict[int, type] = {}

    def make(n: int) -> None:
        namespace: dict = {}
        exec(f"class C{n}:\n" + "".join(f"    f{i}: int = {i}\n" for i in range(n)), namespace)
        made[n] = dataclass(frozen=True)(namespace[f"C{n}"])

    threads = [threading.Thread(target=make, args=(n,)) for n in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for n, cls in made.items():
        assert [f.name for f in dataclasses.fields(cls)] == [f"f{i}" for i in range(n)]
        assert cls() == cls(*range(n))
    assert "exec" not in vars(dataclasses)


def test_a_dataclass_made_while_another_is_made():
    """A class made while another is being made (its base's __init_subclass__)."""

    class Base:
        def __init_subclass__(cls, **kwargs):
            super().__init_subclass__(**kwargs)
            Base.inner = dataclass(frozen=True)(type("Inner", (), {"__annotations__": {"a": int}}))

    class Outer(Base):
        b: int = 2

    outer = dataclass(slots=True)(Outer)  # slots: the class is made again, inside
    assert outer().b == 2 and Base.inner(1).a == 1
    assert "exec" not in vars(dataclasses)


def _run(code: str, cache_home) -> str:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    proc = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return proc.stdout.strip().splitlines()[-1]


_IMPORT_RECORD = (
    "from sitesurvey import _dataclasses\n"
    "import sitesurvey.survey.record as r\n"
    "dirty = 'sitesurvey.survey.record' in _dataclasses._dirty\n"
    "print(dirty, _dataclasses.cache_file('sitesurvey.survey.record'))\n"
)


def test_a_second_process_compiles_nothing(tmp_path):
    first = _run(_IMPORT_RECORD, tmp_path)
    assert first.startswith("True ")
    cache = first.split(" ", 1)[1]
    assert cache.startswith(str(tmp_path)) and os.path.isfile(cache)
    assert oct(os.stat(cache).st_mode & 0o777) == "0o600"
    assert _run(_IMPORT_RECORD, tmp_path) == first.replace("True", "False", 1)


@pytest.mark.parametrize("changed", [True, False])
def test_code_no_class_uses_any_more_is_dropped_from_the_cache(tmp_path, changed):
    import marshal
    import zlib

    cache = Path(_run(_IMPORT_RECORD, tmp_path).split(" ", 1)[1])
    version, hexversion, _, payload = marshal.loads(cache.read_bytes())
    codes = marshal.loads(payload)
    used = set(codes)
    # code of a class since changed (or removed) is in the file; its new code is not
    if changed:
        codes.pop(sorted(used)[0])
    codes["def __create_fn__():\n  def __init__(self): pass\n  return __init__"] = compile(
        "pass", "<string>", "exec"
    )
    payload = marshal.dumps(codes)
    cache.write_bytes(marshal.dumps((version, hexversion, zlib.crc32(payload), payload)))
    compiled = _run(_IMPORT_RECORD, tmp_path).split(" ", 1)[0]
    assert compiled == str(changed)
    _, _, _, payload = marshal.loads(cache.read_bytes())
    assert set(marshal.loads(payload)) == used  # and the stale entry is gone
    assert _run(_IMPORT_RECORD, tmp_path).startswith("False ")


@pytest.mark.parametrize(
    "damage", [b"", b"not marshal", b"\x00" * 64, "truncate", "foreign", "flipped"]
)
def test_a_damaged_cache_is_compiled_again_and_renewed(tmp_path, damage):
    cache = _run(_IMPORT_RECORD, tmp_path).split(" ", 1)[1]
    raw = Path(cache).read_bytes()
    if damage == "truncate":
        data = raw[: len(raw) // 2]
    elif damage == "flipped":  # one byte of the code changed: the checksum tells
        data = bytearray(raw)
        data[len(data) // 2] ^= 0x01
        data = bytes(data)
    elif damage == "foreign":
        import marshal

        data = marshal.dumps((1, sys.hexversion, {"def f(): pass": "not code"}))
    else:
        data = damage
    Path(cache).write_bytes(data)
    code = _IMPORT_RECORD + "print(r.Customer('n', 'p', 'a') == r.Customer('n', 'p', 'a'))\n"
    assert _run(code, tmp_path) == "True"
    assert _run(_IMPORT_RECORD, tmp_path).startswith("False ")  # renewed


def test_an_unwritable_cache_changes_nothing(tmp_path):
    home = tmp_path / "cache"
    home.write_text("a file where the cache folder would be", encoding="utf-8")
    code = _IMPORT_RECORD + "print(r.Customer('n', 'p', 'a').name)\n"
    assert _run(code, home) == "n"


def test_no_cache_folder_without_a_home(monkeypatch):
    monkeypatch.setattr("sitesurvey._files._cache_dir", lambda: None)
    assert _dataclasses.cache_file("sitesurvey.survey.record") is None


# ------------------------------------------------------------ regular expressions

_PATTERNS = [
    (r"[+-]?(?P<mantissa>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE](?P<exponent>[+-]?[0-9]+))?", 0),
    (r"[+-]?(?:nan|inf|infinity)\b", 2),  # re.IGNORECASE
    ("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]", 0),
    (r"^\s*([0-9]{1,2}):([0-9]{2})\s*[-–—~〜～至到]\s*$", 0),
    (r"(?x) (?P<a> a+ ) (?P=a) | b{2,}? (?!c)", 8),  # verbose, backreference; re.MULTILINE
    (r"(?i:x)[^\W\d]+", 0),
]


def _fresh(monkeypatch, tmp_path):
    monkeypatch.setattr("sitesurvey._files._cache_dir", lambda: str(tmp_path))
    for name in ("_codes", "_used"):
        monkeypatch.setattr(_dataclasses, name, {})


@pytest.mark.parametrize(("pattern", "flags"), _PATTERNS)
def test_a_pattern_from_its_cached_program_is_the_one_re_makes(
    monkeypatch, tmp_path, pattern, flags
):
    import re

    _fresh(monkeypatch, tmp_path)
    expected = re.compile(pattern, flags)
    first = _dataclasses.compile_pattern("tests.patterns", pattern, flags)
    assert "tests.patterns" in _dataclasses._dirty
    _dataclasses._dirty.clear()
    _dataclasses._codes["tests.patterns"] = dict(_dataclasses._used.pop("tests.patterns"))
    again = _dataclasses.compile_pattern("tests.patterns", pattern, flags)
    assert not _dataclasses._dirty  # from the cache: nothing compiled
    # equal patterns have the same flags, pattern text and compiled program
    assert first == again == expected
    assert (again.groups, again.groupindex, again.flags) == (
        expected.groups,
        expected.groupindex,
        expected.flags,
    )
    for text in ("5.5e3", "NaN", "aab", "10:00 - 12:00", "\ud800", "xÄb", ""):
        assert [m.span() for m in again.finditer(text)] == [
            m.span() for m in expected.finditer(text)
        ]


def test_a_program_the_engine_refuses_is_compiled_as_re_does(monkeypatch, tmp_path):
    _fresh(monkeypatch, tmp_path)
    key = "re\x000\x00[0-9]+"
    _dataclasses._codes["tests.patterns"] = {key: (32, [999, 1, 2], 0, {}, (None,))}
    made = _dataclasses.compile_pattern("tests.patterns", "[0-9]+")
    assert made.fullmatch("42") and "tests.patterns" in _dataclasses._dirty
    assert _dataclasses._used["tests.patterns"][key] != (32, [999, 1, 2], 0, {}, (None,))


_IMPORT_UNITS = (
    "from sitesurvey import _dataclasses\n"
    "import sitesurvey.units as u\n"
    "import sitesurvey.text\n"
    "print(sorted(m for m in _dataclasses._dirty if m in ('sitesurvey.units', 'sitesurvey.text')),"
    " bool(u._NUMBER_RE.fullmatch('5.5')))\n"
)


def test_a_second_process_compiles_no_pattern(tmp_path):
    assert _run(_IMPORT_UNITS, tmp_path) == "['sitesurvey.text', 'sitesurvey.units'] True"
    assert _run(_IMPORT_UNITS, tmp_path) == "[] True"

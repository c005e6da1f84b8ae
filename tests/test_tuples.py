"""``sitesurvey._tuples``: typing.NamedTuple's class syntax, annotations left unevaluated."""

from __future__ import annotations

import pickle
import typing

import pytest

from sitesurvey import _tuples
from sitesurvey._tuples import NamedTuple

# One class body, made once with typing.NamedTuple and once with ours.
_BODY = """
from __future__ import annotations

class Reading(NamedTuple):
    '''A reading.'''

    value: float
    unit: str | None
    tags: tuple[str, ...] = ()
    note: str = ""

    LIMIT = 3

    def doubled(self) -> float:
        return 2 * self.value

    @property
    def label(self) -> str:
        return f"{self.value} {self.unit}"
"""


def _make(base):
    namespace = {"NamedTuple": base, "__name__": "tests.tuples_example"}
    exec(_BODY, namespace)
    return namespace["Reading"]


def test_the_class_behaves_as_typing_namedtuple_makes_it():
    ours, theirs = _make(NamedTuple), _make(typing.NamedTuple)
    assert ours.__mro__[1:] == theirs.__mro__[1:] == (tuple, object)
    assert ours._fields == theirs._fields
    assert ours._field_defaults == theirs._field_defaults
    assert ours.__doc__ == theirs.__doc__ == "A reading."
    assert ours.__module__ == theirs.__module__ == "tests.tuples_example"
    a, b = ours(1.5, "A"), theirs(1.5, "A")
    assert tuple(a) == tuple(b) == (1.5, "A", (), "")
    assert repr(a) == repr(b)
    assert (a.doubled(), a.label, a.LIMIT) == (b.doubled(), b.label, b.LIMIT)
    assert a._replace(note="x") == b._replace(note="x")
    assert a._asdict() == b._asdict()
    assert ours._make([2, "V", (), ""]) == theirs._make([2, "V", (), ""])
    # the same names resolve to the same hints; ours keeps the annotations as written
    hints = {"float": float, "str": str}
    assert typing.get_type_hints(ours, localns=hints) == typing.get_type_hints(
        theirs, localns=hints
    )
    assert ours.__annotations__ == {
        "value": "float",
        "unit": "str | None",
        "tags": "tuple[str, ...]",
        "note": "str",
    }
    assert all(isinstance(t, typing.ForwardRef) for t in theirs.__annotations__.values())


def test_the_same_errors_as_typing_namedtuple():
    for base in (NamedTuple, typing.NamedTuple):
        with pytest.raises(TypeError, match="Non-default namedtuple field b cannot follow"):
            exec("class Bad(base):\n    a: int = 1\n    b: int", {"base": base})
        with pytest.raises(AttributeError, match="Cannot overwrite NamedTuple attribute _fields"):
            exec("class Bad(base):\n    a: int\n    _fields = ()", {"base": base})


def test_no_annotation_is_evaluated(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("an annotation was evaluated")

    monkeypatch.setattr(typing, "_type_check", refuse)
    made = _make(NamedTuple)
    assert made(1, None).value == 1
    with pytest.raises(AssertionError):
        _make(typing.NamedTuple)


def test_the_package_classes_are_made_here_and_pickle():
    from sitesurvey.results import Value
    from sitesurvey.sizing.table import Row

    assert type(NamedTuple).__name__ == "_NamedTupleMeta"
    assert Value.__annotations__ and all(isinstance(t, str) for t in Value.__annotations__.values())
    value = Value(1.0, "A")
    assert pickle.loads(pickle.dumps(value)) == value
    assert Row._fields[0] == "number"


def test_only_namedtuple_itself_is_a_base():
    class Mixin:
        pass

    with pytest.raises(TypeError, match="can only inherit from NamedTuple"):
        exec(
            "class Bad(NamedTuple, Mixin):\n    a: int", {"NamedTuple": NamedTuple, "Mixin": Mixin}
        )
    assert _tuples.__all__ == ["NamedTuple"]


_IMPORT_TABLE = (
    "import collections\n"
    "from sitesurvey import _dataclasses\n"
    "import sitesurvey.sizing.table as t\n"
    "codes = _dataclasses._used.get('sitesurvey.sizing.table', {})\n"
    "lambdas = sorted(k for k in codes if k.startswith('eval\\0lambda _cls'))\n"
    "row = t.Meter._make(range(len(t.Meter._fields)))\n"
    "print('sitesurvey.sizing.table' in _dataclasses._dirty, len(lambdas),\n"
    "      'eval' in vars(collections), tuple(row) == tuple(range(len(t.Meter._fields))))\n"
)


def test_the_compiled_new_comes_from_the_cache_in_a_second_process(tmp_path):
    """``namedtuple``'s ``__new__`` is compiled once (then read from the cache of compiled
    class code), and ``collections`` is left as it was."""
    import os
    import subprocess
    import sys

    def run() -> str:
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
        return subprocess.run(
            [sys.executable, "-c", _IMPORT_TABLE],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    first = run()
    compiled, count, hooked, made = first.split()
    assert (compiled, hooked, made) == ("True", "False", "True") and int(count) >= 5
    assert run() == f"False {count} False True"


def test_a_cached_new_behaves_as_a_compiled_one(tmp_path, monkeypatch):
    from sitesurvey import _dataclasses

    monkeypatch.setattr("sitesurvey._files._cache_dir", lambda: str(tmp_path))
    monkeypatch.setattr(_dataclasses, "_codes", {})
    monkeypatch.setattr(_dataclasses, "_used", {})
    monkeypatch.setattr(_dataclasses, "_dirty", set())
    namespace = {"NamedTuple": NamedTuple, "__name__": "tests.tuples_cached"}
    exec(_BODY, namespace)
    first = namespace["Reading"]
    _dataclasses._codes["tests.tuples_cached"] = dict(_dataclasses._used["tests.tuples_cached"])
    _dataclasses._dirty.clear()
    exec(_BODY, namespace)  # made again: this time from the code the first one compiled
    again = namespace["Reading"]
    assert not _dataclasses._dirty
    assert again(1.5, "A") == first(1.5, "A") == (1.5, "A", (), "")
    assert again(value=2, unit=None, note="n") == (2, None, (), "n")
    with pytest.raises(TypeError):
        again()

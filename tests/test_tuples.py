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

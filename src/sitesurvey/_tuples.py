"""The class syntax of :class:`typing.NamedTuple`, without evaluating its annotations.

``class Row(typing.NamedTuple)`` checks every field's annotation with
``typing._type_check``; in a module with ``from __future__ import annotations`` each
one is a string, turned into a :class:`typing.ForwardRef` by compiling it: about
0.3 ms a class against 0.1 ms for :func:`collections.namedtuple` alone. The package
has two dozen such classes on the path of ``sitesurvey check`` and ``size``.

``class Row(NamedTuple)`` with :data:`NamedTuple` from here makes the same class as
:class:`typing.NamedTuple` does on Python 3.11 (a :func:`collections.namedtuple`
with the class's defaults, docstring and methods; the same errors for a field
without a default after one with, or for overwriting ``_fields`` and the like),
except that ``__annotations__`` holds the annotations as written (strings) instead
of :class:`typing.ForwardRef` objects; :func:`typing.get_type_hints` resolves both
alike. Type checkers are told it is :class:`typing.NamedTuple` (see ``TYPE_CHECKING``
in the modules that use it). Generic named tuples are not supported.

The code of ``__new__``, which :func:`collections.namedtuple` compiles from source
with :func:`eval` (half its cost, 0.05 ms a class), is taken from the cache of
compiled class code of :mod:`sitesurvey._dataclasses`, as the data classes' methods are.
"""

from __future__ import annotations

import collections
from typing import Any

from sitesurvey._dataclasses import compiling_from_cache

__all__ = ["NamedTuple"]

# the names typing.NamedTuple refuses in a class body, and those it does not copy
_PROHIBITED = frozenset(
    {
        "__new__",
        "__init__",
        "__slots__",
        "__getnewargs__",
        "_fields",
        "_field_defaults",
        "_make",
        "_replace",
        "_asdict",
        "_source",
    }
)
_SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})


class _NamedTupleMeta(type):
    """Makes ``class X(NamedTuple): ...`` a :func:`collections.namedtuple` class."""

    def __new__(
        cls, typename: str, bases: tuple[type, ...], ns: dict[str, Any]
    ) -> Any:  # the named tuple class
        if bases != (NamedTuple,):
            raise TypeError("can only inherit from NamedTuple (and not from Generic here)")
        types: dict[str, Any] = ns.get("__annotations__", {})
        default_names: list[str] = []
        for name in types:
            if name in ns:
                default_names.append(name)
            elif default_names:
                raise TypeError(
                    f"Non-default namedtuple field {name} cannot follow default field"
                    f"{'s' if len(default_names) > 1 else ''} {', '.join(default_names)}"
                )
        # namedtuple compiles its __new__ from source with eval (about half of its
        # cost): the code comes from the package's cache of compiled class code
        with compiling_from_cache(ns["__module__"], collections, "eval"):
            made = collections.namedtuple(
                typename,
                list(types),
                defaults=[ns[name] for name in default_names],
                module=ns["__module__"],
            )
        made.__annotations__ = made.__new__.__annotations__ = dict(types)
        for key, value in ns.items():
            if key in _PROHIBITED:
                raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
            if key not in _SPECIAL and key not in made._fields:
                setattr(made, key, value)
        return made


#: Base class of a named tuple declared with class syntax (see the module docstring).
NamedTuple: Any = type.__new__(_NamedTupleMeta, "NamedTuple", (), {})

"""Modules a library imports at its own import but may never use, imported on first use.

WeasyPrint's ``pdf/fonts.py`` starts with ``from fontTools import subset`` and ``from
fontTools.varLib.instancer import instantiateVariableFont``. The first is used only
when ``libharfbuzz-subset`` is missing (HarfBuzz subsets the font otherwise), the
second only for a variable font; the sheet's font is neither. Importing them pulls in
most of fontTools (its OpenType tables, the variation library, lxml): some 0.1-0.2 s of
WeasyPrint's 0.5 s import, paid by every ``sitesurvey sheet`` (issue 15).

:func:`deferred` puts a :class:`DeferredModule` in :data:`sys.modules` under each name
while a block runs (WeasyPrint's import) and takes it out afterwards, so only the
references made inside the block see it; any later import gets the real module. The
stand-in is an ordinary module object: a function named in advance is a small function
that imports the real module and calls the real function; any other attribute read
from it imports the real module and reads it there. Dunder names are not forwarded, so
the import system's own questions (``__path__``, ``__spec__``) never import anything.
A module already imported, or of a package not installed, is not stood in for.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import sys
import types
from collections.abc import Callable, Iterator, Mapping
from typing import Any

__all__ = ["DeferredModule", "deferred"]


def _real(name: str) -> types.ModuleType:
    """The real module ``name``, imported now if need be (never its stand-in)."""
    if isinstance(sys.modules.get(name), DeferredModule):
        del sys.modules[name]
    return importlib.import_module(name)


def _forwarding(module: str, function: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(_real(module), function)(*args, **kwargs)

    call.__name__ = call.__qualname__ = function
    call.__doc__ = f"{module}.{function}, imported on its first call."
    return call


class DeferredModule(types.ModuleType):
    """Stands in for module ``name`` until something of it is used.

    Parameters
    ----------
    name : str
        The module's full name.
    functions : tuple of str
        Functions that code will take by name (``from name import function``): each is
        a forwarding function here, so taking it imports nothing.

    Examples
    --------
    >>> json_ = DeferredModule("json", functions=("dumps",))
    >>> json_.dumps([1])  # the real json.dumps, json imported on this call
    '[1]'
    >>> json_.loads("[2]")  # any other attribute is read from the real module
    [2]
    """

    def __init__(self, name: str, functions: tuple[str, ...] = ()) -> None:
        super().__init__(name, f"Stand-in for {name}, imported on first use.")
        for function in functions:
            setattr(self, function, _forwarding(name, function))

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__") and attribute.endswith("__"):
            raise AttributeError(attribute)
        return getattr(_real(self.__name__), attribute)


@contextlib.contextmanager
def deferred(modules: Mapping[str, tuple[str, ...]]) -> Iterator[None]:
    """Stand in for each of ``modules`` (name -> functions taken by name) while the
    block runs; the stand-ins are removed from :data:`sys.modules` at its end."""
    standing: list[str] = []
    for name, functions in modules.items():
        if name in sys.modules or not _installed(name):
            continue
        sys.modules[name] = DeferredModule(name, functions)
        standing.append(name)
    try:
        yield
    finally:
        for name in standing:
            if isinstance(sys.modules.get(name), DeferredModule):
                del sys.modules[name]


def _installed(name: str) -> bool:
    """Whether the distribution of ``name`` is installed, without importing anything of
    it (``find_spec`` of a submodule would import its parent packages)."""
    try:
        return importlib.util.find_spec(name.partition(".")[0]) is not None
    except (ImportError, ValueError):
        return False

"""Babel extraction for the rule modules: a rule's wording gets its rule ID as msgctxt.

A rule ID is written once, in its ``@rule("ID", title=...)`` decorator. The rule's title
and the messages its function makes with ``ctx.say("...")`` belong to that rule, so this
extractor gives them the decorator's ID as context, which Babel's Python extractor cannot
see. Every other marked call (``N_``, ``bi``, ``tr``, ``zh``, ``_``, ``pgettext``) is
extracted as Babel does, with a context given as a module-level string constant
resolved (``bi("...", SITE_WIRE)``). Used by ``babel.cfg`` and tests/test_i18n.py; a
development tool, never imported at run time.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

__all__ = ["extract_rules"]

_CONTEXT_CALLS = frozenset({"say"})


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _constants(tree: ast.Module) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in tree.body:
        target = value = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        if (
            isinstance(target, ast.Name)
            and isinstance(value, ast.Constant)
            and isinstance(value.value, str)
        ):
            found[target.id] = value.value
    return found


def _rule_id(function: ast.FunctionDef) -> tuple[str, ast.Call] | None:
    for decorator in function.decorator_list:
        if (
            isinstance(decorator, ast.Call)
            and _name(decorator.func) == "rule"
            and decorator.args
            and isinstance(decorator.args[0], ast.Constant)
        ):
            return str(decorator.args[0].value), decorator
    return None


def _literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _rule_messages(tree: ast.Module) -> Iterator[tuple[int, str, list[str | None], list[str]]]:
    owned: set[int] = set()
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef) or (found := _rule_id(function)) is None:
            continue
        rule_id, decorator = found
        for keyword in decorator.keywords:
            if keyword.arg == "title":
                yield keyword.value.lineno, "pgettext", [rule_id, _literal(keyword.value)], []
        for node in ast.walk(function):
            if isinstance(node, ast.Call) and _name(node.func) in _CONTEXT_CALLS and node.args:
                owned.add(id(node))
                yield node.lineno, "pgettext", [rule_id, _literal(node.args[0])], []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and _name(node.func) in _CONTEXT_CALLS
            and id(node) not in owned
        ):
            raise ValueError(f"line {node.lineno}: say() outside a @rule function")


def extract_rules(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str, list[str | None], list[str]]]:
    """Babel extraction method (``sitesurvey.rules._extract:extract_rules``).

    Yields
    ------
    tuple
        ``(lineno, funcname, messages, comments)`` as Babel's extractors do.
    """
    tree = ast.parse(fileobj.read())
    constants = _constants(tree)
    found = list(_rule_messages(tree))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _name(node.func) not in keywords:
            continue
        args: list[str | None] = []
        for arg in node.args:
            value = _literal(arg)
            if value is None and isinstance(arg, ast.Name):
                value = constants.get(arg.id)
            args.append(value)
        args += [None] * (3 - len(args))  # a context Babel's spec looks for, where not given
        found.append((node.lineno, _name(node.func) or "", args, []))
    yield from sorted(found, key=lambda item: item[0])

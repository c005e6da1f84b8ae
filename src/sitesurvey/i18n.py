"""Words in two languages: English message ids in the code, Chinese in a gettext catalog.

Every English text a user reads is a *message id* written where the text is made; its
Chinese lives in ``locale/zh/LC_MESSAGES/sitesurvey.po`` (compiled to the shipped
``sitesurvey.mo``), with the rule ID as ``msgctxt`` where a wording belongs to one rule.
This is how click, Sphinx and Jinja translate; Babel extracts and compiles the catalog
(a development tool only, see the README's Development section).

Placeholders carry bare numbers or words; the message carries the unit, so each
language spaces it its own way (``{wire} mm²``). A placeholder may be given a
:class:`~sitesurvey.results.Text` (a word in both languages): each language takes its own.

The catalog is opened on first use (about 1 ms), never on the ``size`` path in English:
there the results are built inside :func:`english_only`, where :func:`zh` gives the
English message id (gettext's own fallback) without opening the catalog.

Examples
--------
>>> from sitesurvey.i18n import bi, tr
>>> tr("pass", "zh")
'合格'
>>> status_word("not_checked", "zh")
'未检查'
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from sitesurvey.results import Text

if TYPE_CHECKING:
    import gettext

__all__ = [
    "DOMAIN",
    "LANGS",
    "N_",
    "STATUS_WORDS",
    "bi",
    "catalog",
    "english_only",
    "english_only_active",
    "locale_dir",
    "status_word",
    "tr",
    "zh",
]

#: The gettext domain of the package's messages.
DOMAIN = "sitesurvey"
#: The languages of every output: English (the message ids) and Chinese (the catalog).
LANGS = ("en", "zh")

_catalog: gettext.NullTranslations | None = None
#: Set inside :func:`english_only`: the Chinese is not wanted, so not looked up.
_ENGLISH_ONLY: ContextVar[bool] = ContextVar("sitesurvey_english_only", default=False)


def locale_dir() -> str:
    """The folder of the compiled catalogs (``sitesurvey/locale``)."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")


def catalog() -> gettext.NullTranslations:
    """The Chinese catalog, loaded on first use.

    Returns
    -------
    gettext.GNUTranslations
        Translations of the package's message ids into Chinese.

    Raises
    ------
    FileNotFoundError
        If the compiled catalog is missing from the installation (a broken install).
    """
    global _catalog
    if _catalog is None:
        # the file gettext.translation(DOMAIN, locale_dir(), ["zh"]) finds, opened as it
        # opens it: its search for the language's variants (zh_CN.eucCN, zh_CN …) imports
        # and asks :mod:`locale` (~1 ms of every command) for folders never shipped
        path = os.path.join(locale_dir(), "zh", "LC_MESSAGES", f"{DOMAIN}.mo")
        with open(path, "rb") as fp:
            _catalog = _cached_translations()(fp)
    return _catalog


def _cached_translations() -> type[gettext.GNUTranslations]:
    """:class:`gettext.GNUTranslations` whose parsed catalog is cached.

    Parsing the ``.mo`` file (in Python, message by message) took a few milliseconds of
    every command that speaks Chinese or builds results in both languages (``check``).
    Its content — the messages, the header and the plural rule — is cached as the
    package's data files are (:func:`sitesurvey._files.read_data_file`): under the
    SHA-256 of the file's bytes, used only when its checksum and content check out, so
    a new catalog is a new key. ``_parse`` is the hook :mod:`gettext` documents for
    this. A catalog with plural messages (tuple keys) is parsed each time.
    """
    import gettext
    import io

    from sitesurvey import _files

    class CachedTranslations(gettext.GNUTranslations):
        def _parse(self, fp: Any) -> None:
            raw = fp.read()
            sha256 = _files._sha256(raw)
            cache = _files._cache_file(getattr(fp, "name", DOMAIN + ".mo"), sha256)
            content = None if cache is None else _files._read_cache(cache, sha256)
            if content is not None and set(content) == {"messages", "info", "charset"}:
                self._catalog = dict(content["messages"])
                self._info = dict(content["info"])
                self._charset = content["charset"] or None
                self.plural = lambda n: int(n != 1)  # gettext's default, as in _parse
                if "plural-forms" in self._info:
                    plural = self._info["plural-forms"].split(";")[1].split("plural=")[1]
                    self.plural = gettext.c2py(plural)
                return
            super()._parse(io.BytesIO(raw))
            if cache is not None and all(isinstance(k, str) for k in self._catalog):
                content = {"messages": self._catalog, "info": self._info}
                _files._write_cache(cache, sha256, {**content, "charset": self._charset or ""})

    return CachedTranslations


def N_(msgid: str) -> str:  # noqa: N802 - the conventional gettext marker
    """Mark a message id for extraction where it is translated later (returns it as is)."""
    return msgid


#: The word for each status of a check (one word per status in each language).
STATUS_WORDS = {
    "pass": N_("pass"),
    "warn": N_("warn"),
    "fail": N_("fail"),
    "not_checked": N_("not checked"),
    "not_applicable": N_("does not apply"),
}


def status_word(status: str, lang: str) -> str:
    """The word for a check's status in ``lang`` (``"pass"`` → ``"合格"`` in Chinese)."""
    return tr(STATUS_WORDS[status], lang)


@contextmanager
def english_only() -> Iterator[None]:
    """Within the block, messages are made in English only; the catalog stays closed.

    :func:`zh` (and so :func:`bi`) gives the English message id, as gettext does
    without a catalog. For output that shows only English and never reads the Chinese
    (the ``size`` command's English text), so that it does not open the catalog.
    The setting is a :class:`~contextvars.ContextVar`: other threads are not affected.

    Examples
    --------
    >>> with english_only():
    ...     bi("pass")
    Text(en='pass', zh='pass')
    """
    token = _ENGLISH_ONLY.set(True)
    try:
        yield
    finally:
        _ENGLISH_ONLY.reset(token)


def english_only_active() -> bool:
    """Whether this is inside :func:`english_only` (in this thread or task)."""
    return _ENGLISH_ONLY.get()


def zh(msgid: str, context: str | None = None) -> str:
    """The Chinese of a message id (of ``context``, a rule ID, where given).

    A message missing from the catalog falls back to the English; the catalog tests
    make sure none is missing. Inside :func:`english_only` it is the English.
    """
    if _ENGLISH_ONLY.get():
        return msgid
    if context is None:
        return catalog().gettext(msgid)
    return catalog().pgettext(context, msgid)


def tr(msgid: str, lang: str, context: str | None = None) -> str:
    """The message in ``lang`` (``"en"`` or ``"zh"``)."""
    return zh(msgid, context) if lang == "zh" else msgid


def _field(value: Any, lang: str) -> Any:
    if isinstance(value, Text):
        return value.in_lang(lang)
    return value


def bi(msgid: str, context: str | None = None, /, **fields: Any) -> Text:
    """A message in both languages, with its placeholders filled.

    Parameters
    ----------
    msgid : str
        The English message, with ``{name}`` placeholders.
    context : str, optional
        The rule ID the wording belongs to (``msgctxt`` in the catalog).
    **fields
        Placeholder values: numbers already formatted, or :class:`Text` for words.

    Returns
    -------
    Text
        ``Text(en, zh)``.
    """
    en = msgid.format(**{k: _field(v, "en") for k, v in fields.items()}) if fields else msgid
    template = zh(msgid, context)
    cn = template.format(**{k: _field(v, "zh") for k, v in fields.items()}) if fields else template
    return Text(en, cn)

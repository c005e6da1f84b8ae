"""The sheet's HTML read into the element tree WeasyPrint lays out, by the XML parser.

WeasyPrint reads HTML with tinyhtml5, a pure-Python HTML5 parser: some 60 ms of a warm
render for the sheet's 30 kB (issue 15). ``sheet.html.j2`` is written as *polyglot*
markup (void elements closed with ``/>``, every ``<tr>`` inside an explicit ``<tbody>``
or ``<thead>``, no text outside ``<head>`` and ``<body>``), so the same text is also
well-formed XML, and the C parser behind :mod:`xml.etree.ElementTree` reads it in about
2 ms into the same tree.

"The same tree" is the contract, checked by ``tests/test_sheet_markup.py`` on rendered
sheets and on customer text drawn by hypothesis: tags (HTML elements without a
namespace, SVG elements in the SVG namespace, as WeasyPrint asks of tinyhtml5),
attributes, text and tails all equal. Where XML and HTML read a text differently the
XML parser either fails or could differ, and :func:`parse_sheet` then returns ``None``
so the caller lets WeasyPrint parse it as before:

* the text is not well-formed XML (a control character in a customer's note, say);
* a character or sequence that HTML treats specially and XML does not: a carriage
  return or a tab anywhere (XML folds them in attribute values), a NUL, a
  ``<!``/``<?`` other than the doctype (a comment, which XML drops), an ``&`` in a
  ``<style>`` or ``<script>`` (raw text to HTML, an entity to XML), or anything but
  whitespace after ``</html>`` (whitespace there HTML appends to the body's last text,
  and so does :func:`parse_sheet`);
* an element in another namespace than SVG, or an ``<svg>`` or ``<math>`` without its
  ``xmlns`` (HTML puts them in their namespace anyway, XML does not).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["SVG_NAMESPACE", "parse_sheet"]

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
#: How tinyhtml5 keeps an ``xmlns`` attribute on a foreign (SVG) element.
_XMLNS_ATTRIBUTE = "{http://www.w3.org/2000/xmlns/}xmlns"
_DOCTYPE = "<!DOCTYPE html>"
#: elements HTML puts in a foreign namespace, which XML does only when told (xmlns)
_FOREIGN = frozenset({"svg", "math"})
_SPACE = " \n\f"  # HTML's whitespace, less the tab and carriage return refused below
#: what HTML and XML read differently, or could: leave such a text to the HTML parser
_UNSAFE = re.compile(r"[\r\t\x00]|<[!?]|<(?:style|script)\b[^>]*>[^<]*&")


def parse_sheet(html: str) -> Any | None:
    """The element tree of the sheet's ``html``, or ``None`` to parse it as HTML.

    Parameters
    ----------
    html : str
        The HTML ``sheet.html.j2`` renders.

    Returns
    -------
    xml.etree.ElementTree.Element or None
        The ``<html>`` element, as ``tinyhtml5.parse(html,
        namespace_html_elements=False)`` gives it; ``None`` when the text is not the
        polyglot markup this reads (see the module's notes).

    Examples
    --------
    >>> root = parse_sheet('<!DOCTYPE html>\\n<html><head><title>t</title></head>'
    ...                    '<body><p>A &amp; B</p></body></html>')
    >>> root.find("body/p").text
    'A & B'
    >>> parse_sheet("<p>unclosed") is None
    True
    """
    import xml.etree.ElementTree as ET

    body = html.removeprefix(_DOCTYPE)
    trailing = body[len(body.rstrip(_SPACE)) :]
    if _UNSAFE.search(body) or not body.endswith("</html>", 0, len(body) - len(trailing)):
        return None
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return None
    if root.tag != "html" or [child.tag for child in root] != ["head", "body"]:
        return None
    if (root.text or "").strip() or (root[0].tail or "").strip():
        return None
    # tinyhtml5 drops whitespace between <html> and <head> and keeps an <svg>'s xmlns
    # attribute, which the XML parser reads as a namespace declaration
    root.text = None
    if trailing:  # HTML appends what follows </html> to the body's last text
        body_element = root[1]
        if len(body_element):
            body_element[-1].tail = (body_element[-1].tail or "") + trailing
        else:
            body_element.text = (body_element.text or "") + trailing
    svg = f"{{{SVG_NAMESPACE}}}svg"
    for element in root.iter():
        if element.tag == svg:
            element.set(_XMLNS_ATTRIBUTE, SVG_NAMESPACE)
        elif element.tag in _FOREIGN or (
            element.tag.startswith("{") and not element.tag.startswith(f"{{{SVG_NAMESPACE}}}")
        ):
            return None
    return root

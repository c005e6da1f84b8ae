"""The sheet's template (templates/sheet.html.j2, sheet.css) as laid out: the customer's
part (spec §6) on at most two A4 pages in both languages, with nothing a customer cannot
read; every signature on the page of its item; the technical annex headed on every page;
in English no table row split across pages and no number broken across lines.

Each PDF is rendered once per module (the renders dominate the time).
"""

from __future__ import annotations

import io
import re
import tomllib
from pathlib import Path

import pytest

from sitesurvey.sheet import render
from sitesurvey.sheet.context import document_id
from sitesurvey.survey import load_survey, parse_survey

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent
GOLDEN = ROOT / "golden" / "surveys"
EXAMPLE = ROOT.parent / "templates" / "survey-example.toml"

#: What a customer must never read (spec §6): rule IDs and check codes, file names,
#: hashes, command names, key paths, source clauses, formula symbols, words about the
#: software.
FORBIDDEN = {
    "rule ID": r"\b[A-Z]-[A-Z]+",
    "check code": r"ENG-",
    "file name": r"\.toml",
    "hash": r"sha256",
    "command": r"sitesurvey ",
    "key path": r"\b(?:site|existing|design)\.[a-z]",
    "source clause": r"§",
    "formula": r"\bI[zb]\b",
    "software": r"本项目",
}
#: Chinese text: a half-width mark after a Chinese character.
HALF_WIDTH_AFTER_CJK = r"[\u4e00-\u9fff][,:;()]"


def _png(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (width, height), 0).save(out, format="PNG")
    return out.getvalue()


#: Each signature point's image has its own size, so a page's images say which it holds.
SIZES = {"drilling": (301, 101), "meter": (302, 102), "final": (303, 103)}


def _passing_flat() -> dict:
    """The flat of `sitesurvey init --example`, as a real job (not marked example)."""
    raw = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    raw["example"] = False
    return raw


@pytest.fixture(scope="module")
def jobs() -> dict:
    return {
        "flat": parse_survey(_passing_flat(), source=EXAMPLE),
        "weak-flat": load_survey(GOLDEN / "weak-flat.toml"),
        "house-18kw": load_survey(GOLDEN / "house-18kw.toml"),
    }


@pytest.fixture(scope="module")
def customer_pdfs(jobs) -> dict:
    return {
        (name, lang): render.render_pdf(survey, lang=lang, customer_only=True)
        for name, survey in jobs.items()
        for lang in ("zh", "en")
    }


@pytest.fixture(scope="module")
def signed_raw(tmp_path_factory):
    """A flat with a meter change and an RCD to add, every signature point captured:
    the data and where it stands (the images beside it)."""
    folder = tmp_path_factory.mktemp("signed")
    for point, (w, h) in SIZES.items():
        (folder / f"{point}.png").write_bytes(_png(w, h))
    raw = _passing_flat()
    raw["existing"]["meter"]["marking"] = "5(20)A"
    raw["existing"]["rcd"] = False
    at = "2025-11-29T09:52:00+08:00"
    raw["signatures"] = {point: {"image": f"{point}.png", "captured_at": at} for point in SIZES} | {
        "consent": {"rcd": {"consent": "yes", "captured_at": at}}
    }
    (folder / "s.toml").write_text("", encoding="utf-8")
    return raw, folder / "s.toml"


@pytest.fixture(scope="module")
def signed(signed_raw):
    raw, source = signed_raw
    return parse_survey(raw, source=source)


@pytest.fixture(scope="module")
def signed_pdfs(signed) -> dict:
    return {lang: render.render_pdf(signed, lang=lang, customer_only=True) for lang in ("zh", "en")}


def _reader(pdf: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf))


def _body(page) -> str:
    """A page's text above the footer band (the footer prints the data hash on purpose:
    verify and the seal read it there)."""
    from sitesurvey.sheet.integrity import _FOOTER_BAND, _read_codes_as_two_bytes

    _read_codes_as_two_bytes(page.get("/Resources"))
    limit = float(page.mediabox.bottom) + _FOOTER_BAND * float(page.mediabox.height)
    parts: list[str] = []

    def visit(text, cm, tm, font, size):
        if tm[4] * cm[1] + tm[5] * cm[3] + cm[5] >= limit:
            parts.append(text)

    page.extract_text(visitor_text=visit)
    return "".join(parts)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("job", ["flat", "weak-flat", "house-18kw"])
def test_the_customer_part_fits_two_pages(customer_pdfs, job, lang):
    assert len(_reader(customer_pdfs[job, lang]).pages) <= 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_signed_flat_fits_two_pages(signed_pdfs, lang):
    assert len(_reader(signed_pdfs[lang]).pages) <= 2


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("job", ["flat", "weak-flat", "house-18kw"])
def test_the_customer_part_has_nothing_a_customer_cannot_read(customer_pdfs, job, lang):
    text = "\n".join(_body(p) for p in _reader(customer_pdfs[job, lang]).pages)
    assert len(text) > 500  # the text is really read
    found = {
        what: re.findall(pattern, text)
        for what, pattern in FORBIDDEN.items()
        if re.search(pattern, text)
    }
    assert not found
    if lang == "zh":
        assert not re.findall(HALF_WIDTH_AFTER_CJK, text)
        # one space between a number and its unit (a model "QX-55A" is a name, not a number)
        assert not re.search(r"(?<![\w.-])\d+(?:\.\d+)?(?:A|V|kW|mm²)(?!\w)", text)


def test_the_forbidden_list_catches_what_it_names():
    text = "依据:ENG-IN-IZ E-WIRE tariff.toml sha256 sitesurvey verify site.socket §3 Iz 本项目"
    assert all(re.search(p, text) for p in FORBIDDEN.values())
    assert not any(re.search(p, "空气开关 32 A，二极（保留）") for p in FORBIDDEN.values())
    assert re.search(HALF_WIDTH_AFTER_CJK, text)


def _images(page) -> set[tuple[int, int]]:
    return {(img.image.width, img.image.height) for img in page.images}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_signature_on_the_page_of_its_item(signed_pdfs, lang):
    pages = _reader(signed_pdfs[lang]).pages
    drawing = "钻孔位置及尺寸已向我说明" if lang == "zh" else "I agree to drilling there"
    meter = "5(20)A"
    accept = "用户验收" if lang == "zh" else "Customer's acceptance"
    where = {}
    for number, page in enumerate(pages):
        text, images = _body(page), _images(page)
        for point, marker in (("drilling", drawing), ("meter", meter), ("final", accept)):
            if marker in re.sub(r"\s+", " ", text):
                where[point] = (number, SIZES[point] in images)
    assert set(where) == set(SIZES)
    assert all(on_page for _, on_page in where.values()), where
    # the consent to the RCD is recorded as a yes, the date printed as a reader writes it
    text = "".join(_body(p) for p in pages)
    assert ("2025年11月29日 09:52" if lang == "zh" else "2025-11-29 09:52") in text


def test_a_draft_shows_no_captured_signature(signed, signed_raw):
    raw, source = signed_raw
    html = render.render_html(signed, lang="en")
    assert html.count("data:image/png;base64,") == 3
    # a failing design (wiring below 2.5 m) is the installer's to fix: a draft
    design = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))["design"]
    design["route"]["runs"][1]["height"] = "2.4 m"
    draft = parse_survey({**raw, "design": design}, source=source)
    assert draft.signatures.get("drilling") is not None
    html = render.render_html(draft, lang="en")
    assert "data:image/png" not in html and "DRAFT" in html


def test_signatures_do_not_change_the_document_id(signed, signed_raw, jobs):
    raw, source = signed_raw
    unsigned = parse_survey({k: v for k, v in raw.items() if k != "signatures"}, source=source)
    assert unsigned.signatures.points == () and signed.signatures.points
    assert document_id(signed) == document_id(unsigned)
    assert document_id(signed) in render.render_html(signed)
    assert document_id(jobs["flat"]) != document_id(unsigned)  # the ID follows the survey


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_annex_is_headed_on_every_page(jobs, customer_pdfs, lang):
    full = _reader(render.render_pdf(jobs["weak-flat"], lang=lang)).pages
    customer = len(_reader(customer_pdfs["weak-flat", lang]).pages)
    heading = "技术附页" if lang == "zh" else "Technical annex"
    assert len(full) > customer
    for number, page in enumerate(full):
        assert (heading in _body(page)) == (number >= customer), number


@pytest.fixture(scope="module")
def photographed(tmp_path_factory):
    """The flat with two photos (a JPEG and a PNG beside the survey): the survey and its
    full sheet in each language."""
    folder = tmp_path_factory.mktemp("photos")
    (folder / "meter-nameplate.jpg").write_bytes(b"\xff\xd8\xff\xe0 the meter's nameplate")
    (folder / "gauge.png").write_bytes(_png(40, 30))
    raw = _passing_flat()
    at = "2025-11-29T09:40:00+08:00"
    raw["photos"] = [
        {"subject": "meter", "image": "meter-nameplate.jpg", "taken_at": at, "note": "铭牌"},
        {"subject": "water_pressure", "image": "gauge.png"},
    ]
    survey = parse_survey(raw, source=folder / "s.toml")
    return survey, {lang: render.render_pdf(survey, lang=lang) for lang in ("zh", "en")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_photos_in_the_annex_and_not_in_the_customers_part(photographed, customer_pdfs, lang):
    """The annex lists each photo's subject, file and SHA-256; the customer's pages show
    neither; the PDF embeds no photo, and verify covers the photos' hashes."""
    from sitesurvey.sheet.integrity import verify_pdf

    survey, pdfs = photographed
    pages = _reader(pdfs[lang]).pages
    customer = len(_reader(customer_pdfs["flat", lang]).pages)
    shown = [re.sub(r"\s+", "", _body(page)) for page in pages]
    annex, customers = "".join(shown[customer:]), "".join(shown[:customer])
    words = ("电表铭牌", "水压表") if lang == "zh" else ("Meternameplate", "Waterpressuregauge")
    for word, photo in zip(words, survey.photos, strict=True):
        assert word in annex and photo.image in annex and photo.sha256 in annex
        assert photo.image not in customers and photo.sha256 not in customers
    assert not any(_images(page) & {(40, 30)} for page in pages)  # the photo is not embedded
    assert verify_pdf(pdfs[lang]).ok


# ---------------------------------------------------------- the English layout


def _layout(survey, lang: str = "en"):
    """The sheet laid out by WeasyPrint as the PDF is (pages of boxes)."""
    font_config, css = render._style(False)
    fetcher_cls, _ = render._fetcher_class()
    html = render.render_html(survey, lang=lang)
    document = render._html_document(html, fetcher_cls(render._assets()))
    return document.render(stylesheets=[css], font_config=font_config).pages


def _boxes(box):
    yield box
    if getattr(box, "is_header", False):  # a table's header rows repeat on each page
        return
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


@pytest.fixture(scope="module")
def english_layouts(jobs):
    return {name: _layout(survey) for name, survey in jobs.items()}


@pytest.mark.parametrize("job", ["flat", "weak-flat", "house-18kw"])
def test_no_table_row_split_across_pages(english_layouts, job):
    pages_of: dict[int, set[int]] = {}
    for number, page in enumerate(english_layouts[job]):
        for box in _boxes(page._page_box):
            element = getattr(box, "element", None)
            if element is not None and element.tag == "tr":
                pages_of.setdefault(id(element), set()).add(number)
    assert len(pages_of) > 30
    split = [pages for pages in pages_of.values() if len(pages) > 1]
    assert not split


@pytest.mark.parametrize("job", ["flat", "weak-flat", "house-18kw"])
def test_no_number_broken_across_lines(english_layouts, job):
    # (element, page) -> the lines it stands on (the running header repeats on each page)
    lines_of: dict[tuple[int, int], set[float]] = {}
    for number, page in enumerate(english_layouts[job]):
        for box in _boxes(page._page_box):
            element = getattr(box, "element", None)
            if (
                element is not None
                and "nb" in (element.get("class") or "").split()
                and type(box).__name__ in ("InlineBox", "TextBox")
            ):
                lines_of.setdefault((id(element), number), set()).add(round(box.position_y))
    assert len(lines_of) > 20
    broken = [lines for lines in lines_of.values() if len(lines) > 1]
    assert not broken

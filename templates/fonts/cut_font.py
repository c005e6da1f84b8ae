"""Make NotoSansSC-Sheet.otf, the cut of NotoSansSC-Regular.otf the design sheet uses.

Run from the repository:  python templates/fonts/cut_font.py  (needs fontTools, which
WeasyPrint depends on). Writes the font and NotoSansSC-Sheet.chars.txt, the characters
it has. The cut holds every character of GB2312 (the 6 763 common
hanzi, punctuation, Latin, Greek, Cyrillic, kana …), the Latin, punctuation and symbol
blocks below, and every character the sheet's template, stylesheet, tables, Chinese
catalog and source code contain; the font keeps only those of them it has. A sheet that
needs any other character is rendered with the full font (sitesurvey/sheet/render.py).
The output is the same bytes on every run (SOURCE_DATE_EPOCH fixes the head table's
date). See PROVENANCE.md.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
FULL = HERE / "NotoSansSC-Regular.otf"
CUT = HERE / "NotoSansSC-Sheet.otf"
#: every character the cut has, in code point order, on one line
LISTING = HERE / "NotoSansSC-Sheet.chars.txt"
#: Unicode blocks kept whole (where the font has them)
BLOCKS = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x024F),  # Latin-1 Supplement, Latin Extended-A and -B
    (0x2000, 0x22FF),  # punctuation, super/subscripts, currency, letterlike, arrows, math
    (0x2460, 0x27BF),  # enclosed alphanumerics, box drawing, shapes, symbols, dingbats
    (0x3000, 0x30FF),  # CJK symbols and punctuation, kana
    (0xFF00, 0xFFEF),  # full- and halfwidth forms
)
#: the files whose characters the sheet may print
SOURCES = (
    "templates/*.j2",
    "templates/*.css",
    "templates/*.toml",
    "tables/*.toml",
    "src/sitesurvey/locale/zh/LC_MESSAGES/*.po",
    "src/sitesurvey/**/*.py",
    "cli/*.py",
)


def characters() -> set[str]:
    """GB2312, the blocks and every character of the sources."""
    chars = {chr(c) for lo, hi in BLOCKS for c in range(lo, hi + 1)}
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes([hi, lo]).decode("gb2312"))
    for pattern in SOURCES:
        for path in sorted(REPO.glob(pattern)):
            chars |= set(path.read_text(encoding="utf-8"))
    return {c for c in chars if ord(c) >= 0x20 and not 0x7F <= ord(c) < 0xA0}


def main() -> None:
    """Cut the font to the characters, then list the characters the cut has."""
    import tempfile

    from fontTools.ttLib import TTFont

    with tempfile.TemporaryDirectory() as tmp:
        wanted = Path(tmp) / "characters.txt"
        wanted.write_text("".join(sorted(characters())), encoding="utf-8")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "fontTools.subset",
                str(FULL),
                f"--text-file={wanted}",
                f"--output-file={CUT}",
                "--layout-features=*",
                "--name-IDs=*",
                "--name-languages=*",
                "--notdef-outline",
            ],
            check=True,
            env={**os.environ, "SOURCE_DATE_EPOCH": "1796256000"},  # 2026-12-03 UTC
        )
    # what the sheet's renderer reads to know whether a sheet's text fits the cut
    with TTFont(CUT, lazy=True) as font:
        have = sorted(font.getBestCmap())
    LISTING.write_text("".join(map(chr, have)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

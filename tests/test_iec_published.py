"""IEC 60364-5-52:2009 figures typed from the published tables, through the public API.

Every ampacity cell of Tables B.52.2 (two loaded conductors) and B.52.4 (three loaded),
methods A1, A2, B1, B2 and C, and of Table B.52.10 (method E, two and three loaded), for
copper conductors with PVC insulation at 30 °C, 1.5-25 mm²; every PVC factor of Table
B.52.14 (ambient air 10-60 °C); and every factor of Table B.52.17 items 1 (bunched,
1-20 circuits), 2 (single layer on a wall) and 4 (single layer on a perforated tray).
Each is checked through :func:`sitesurvey.ampacity`,
:func:`sitesurvey.ambient_factor` or :func:`sitesurvey.grouping_factor`, one case per cell.

The expected figures below were TYPED into this file from the public transcriptions
listed here (the same ones named as ``checked`` in the provenance of
``tables/iec60364-5-52_*.toml``), not read from our data files: the other tests read
their expected values back from ``tables/``, so they cannot notice a changed figure; these
can. No copy of the standard itself was readable; see the provenance notes. When this
file was written every figure below was compared by eye with file ids 70219955117
(B.52.2/B.52.4 A1-C, B.52.14, B.52.17) and 52807688359 (B.52.10 E); all agree.

Tables B.52.2, B.52.4 and B.52.10 (current-carrying capacity):

- Edition: studylib.net/doc/26089519 (preview copy of the standard) shows 'IEC 60364-5-52
  Edition 3.0, IEC 60364-5-52:2009'.
- B.52.2 (two loaded) A1, A2, B1, B2, C, all 7 sizes, and B.52.4 (three loaded) A1, A2, B1, B2,
  C, all 7 sizes: public GitHub file 'QE Rekenmachine - module Elektriciteit'
  (reken-mod-elektriciteit.js, search-index file id 70219955117), whose header cites NBN HD
  60364-5-52 tables B.52.2-B.52.5; arrays pvc2/pvc3 match every value here.
- Same columns, all 7 sizes, confirmed again by a Brazilian cable-sizing script (search-index
  file id 9917338963; arrays tabelaCorrentes2Cond*/3Cond* for A1, A2, B1, B2, C PVC; ABNT NBR
  5410 carries the IEC 60364-5-52 figures): every value matches.
- A2, B2, C and E (two and three loaded), 1.5-16 mm² only: GitHub
  nic0michael/YouTube-Project-Docs,
  electrical/Previous_Pojects/Standard-electrical-wire-sizes.md (commit
  955439e9bb8d4df66936da39fa9f109b92ccf497), transcribing SANS 10142-1:2019 Table 6.3(a)
  multicore PVC: method 1 = our A2, method 2 = B2, method 3 = C, method 4/6 = E; all match. That
  file has no 25 mm² row.
- B1, C and E, two and three loaded, all 7 sizes: public TypeScript file with AMPACITY_A_30C
  (search-index file id 57110878379) and a Turkish calculator with kesit [1.5 ... 25] (file id
  71598626522); all match.
- E (B.52.10) two and three loaded, all 7 sizes: a Python file that labels its arrays 'B.52.10
  col 2' and 'B.52.10 col 3' (file id 52807688359), a German script (file id 58648095422) and a
  TypeScript table of three-loaded values (file id 69072509912); all match (22 ... 119 A two
  loaded, 18.5 ... 101 A three loaded).
- The lead's known figures all come out: B1 two loaded 17.5/24/32/41/57 A for 1.5/2.5/4/6/10
  mm², C two loaded 27 A (2.5) and 46 A (6), A1 three loaded 24 A (4 mm²).

Table B.52.14 (ambient temperature, PVC):

- All 11 PVC factors, 10-60 °C: public GitHub file 'QE Rekenmachine - module Elektriciteit'
  (search-index file id 70219955117), array KT.lucht.pvc, commented 'B.52.14 lucht'; every value
  matches.
- All 11 PVC factors, 10-60 °C: public Python file 'Europe Regional Electrical Adapter'
  (search-index file id 52992268293), PVC_CA_TEMPS / PVC_CA_FACTORS; every value matches.
- 35-60 °C (0.94, 0.87, 0.79, 0.71, 0.61, 0.50): scribd.com/document/324896274/App-1E-V2,
  'Correction factors for ambient temperature', row 'General purpose PVC 70 °C'; all match.
- 30-45 °C (1.00, 0.94, 0.87, 0.79): a Turkish cable-sizing calculator (search-index file id
  71598626522); all match.

Table B.52.17 item 1 (grouping, bunched):

- All 12 factors (1-20 circuits): public GitHub file 'QE Rekenmachine - module Elektriciteit'
  (search-index file id 70219955117), array KG, commented 'B.52.17, gebundeld in lucht/op
  wand/in buis'; every value matches.
- All 12 factors: public Python file 'Europe Regional Electrical Adapter' (search-index file id
  52992268293), CG_NUM / CG_TOUCH; every value matches.
- 1-7 circuits (1, 0.8, 0.7, 0.65, 0.6, 0.57, 0.54): a 'CableHub' TypeScript file (search-index
  file id 61378394820), circuitFactors; all match.
- 1-6 and 8 circuits (1.0, 0.80, 0.70, 0.65, 0.60, 0.57, 0.52): page
  18.169.192.3/cable-selection-calculation, table 'k2 (touching, in air)'; all match.
- 2-4 circuits (0.8, 0.7, 0.65): a Turkish cable-sizing calculator (search-index file id
  71598626522), non-tray branch; all match.
- Items 2 (single layer on wall, floor or unperforated tray) and 4 (single layer on a
  perforated horizontal or vertical tray), 1-9 circuits, no further reduction beyond nine:
  a Python LookupTable 'Reduction factors for unburied groups ... in a single layer or
  bundle' (search-index file id 38081313842), rows 2 and 4; a Brazilian NBR 5410 Tabela 42
  transcription (file id 56324243311, 'Camada unica sobre parede, piso, ou em bandeja nao
  perfurada' and 'Camada unica em bandeja perfurada'); a Dart cable calculator (file id
  69467221319, wallSingleLayer / perforatedTray); a French calculator (file id 59727291138,
  rowC / rowEF); every value matches in all four.
- 20 circuits bunched in air = 0.38: IET Engineering forum thread
  engx.theiet.org/f/wiring-and-regulations/32126 (quoting BS 7671 Table 4C1, which carries the
  same row); matches.
"""

from __future__ import annotations

import pytest

import sitesurvey

#: Cross-sections [mm²] of the rows of Tables B.52.2, B.52.4 and B.52.10 used here.
CROSS_SECTIONS = (1.5, 2.5, 4, 6, 10, 16, 25)

#: IEC 60364-5-52:2009 Table B.52.2: Iz [A], two loaded copper conductors, PVC, 30 °C,
#: one column per reference method, one value per entry of CROSS_SECTIONS.
TABLE_B_52_2 = {
    "A1": (14.5, 19.5, 26, 34, 46, 61, 80),
    "A2": (14, 18.5, 25, 32, 43, 57, 75),
    "B1": (17.5, 24, 32, 41, 57, 76, 101),
    "B2": (16.5, 23, 30, 38, 52, 69, 90),
    "C": (19.5, 27, 36, 46, 63, 85, 112),
}

#: IEC 60364-5-52:2009 Table B.52.4: Iz [A], three loaded copper conductors, PVC, 30 °C.
TABLE_B_52_4 = {
    "A1": (13.5, 18, 24, 31, 42, 56, 73),
    "A2": (13, 17.5, 23, 29, 39, 52, 68),
    "B1": (15.5, 21, 28, 36, 50, 68, 89),
    "B2": (15, 20, 27, 34, 46, 62, 80),
    "C": (17.5, 24, 32, 41, 57, 76, 96),
}

#: IEC 60364-5-52:2009 Table B.52.10, method E: Iz [A] by loaded conductors, copper, PVC.
TABLE_B_52_10_E = {
    2: (22, 30, 40, 51, 70, 94, 119),
    3: (18.5, 25, 34, 43, 60, 80, 101),
}

#: IEC 60364-5-52:2009 Table B.52.14, PVC column: ambient air temperature [°C] -> factor.
TABLE_B_52_14_PVC = {
    10: 1.22,
    15: 1.17,
    20: 1.12,
    25: 1.06,
    30: 1.00,
    35: 0.94,
    40: 0.87,
    45: 0.79,
    50: 0.71,
    55: 0.61,
    60: 0.50,
}

#: IEC 60364-5-52:2009 Table B.52.17, item 1 (bunched in air, on a surface, embedded or
#: enclosed): number of circuits -> factor.
TABLE_B_52_17_ITEM_1 = {
    1: 1.00,
    2: 0.80,
    3: 0.70,
    4: 0.65,
    5: 0.60,
    6: 0.57,
    7: 0.54,
    8: 0.52,
    9: 0.50,
    12: 0.45,
    16: 0.41,
    20: 0.38,
}


def _ampacity_cells():
    for table, loaded, columns in (
        ("B.52.2", 2, TABLE_B_52_2),
        ("B.52.4", 3, TABLE_B_52_4),
        ("B.52.10", 2, {"E": TABLE_B_52_10_E[2]}),
        ("B.52.10", 3, {"E": TABLE_B_52_10_E[3]}),
    ):
        for method, column in columns.items():
            assert len(column) == len(CROSS_SECTIONS)  # a typing slip, not a test result
            for size, amps in zip(CROSS_SECTIONS, column, strict=True):
                yield pytest.param(
                    method, loaded, size, amps, id=f"{table}-{method}-{loaded}loaded-{size}mm2"
                )


@pytest.mark.parametrize(
    ("method", "loaded", "cross_section", "published"), list(_ampacity_cells())
)
def test_ampacity_is_the_published_figure(method, loaded, cross_section, published):
    # 30 °C and a circuit alone: both factors are 1, so Iz is the table's cell itself.
    assert sitesurvey.ampacity(cross_section, method, loaded) == published


@pytest.mark.parametrize(
    ("ambient", "published"),
    [pytest.param(t, k, id=f"B.52.14-PVC-{t}C") for t, k in TABLE_B_52_14_PVC.items()],
)
def test_ambient_factor_is_the_published_figure(ambient, published):
    assert sitesurvey.ambient_factor(float(ambient)) == published


@pytest.mark.parametrize(
    ("circuits", "published"),
    [pytest.param(n, k, id=f"B.52.17-item1-{n}circuits") for n, k in TABLE_B_52_17_ITEM_1.items()],
)
def test_grouping_factor_is_the_published_figure(circuits, published):
    assert sitesurvey.grouping_factor(circuits) == published


#: IEC 60364-5-52:2009 Table B.52.17, item 2 (single layer on wall, floor or unperforated
#: tray) and item 4 (single layer on a perforated horizontal or vertical tray), 1-9
#: circuits; no further reduction beyond nine.
TABLE_B_52_17_ITEM_2 = (1.00, 0.85, 0.79, 0.75, 0.73, 0.72, 0.72, 0.71, 0.70)
TABLE_B_52_17_ITEM_4 = (1.00, 0.88, 0.82, 0.77, 0.75, 0.73, 0.73, 0.72, 0.72)


def _single_layer_cells():
    for arrangement, item, row in (
        ("wall", 2, TABLE_B_52_17_ITEM_2),
        ("tray", 4, TABLE_B_52_17_ITEM_4),
    ):
        for n, k in enumerate(row, 1):
            yield pytest.param(arrangement, n, k, id=f"B.52.17-item{item}-{n}circuits")
        for n in (12, 16, 20):  # "no further reduction factor for more than nine circuits"
            yield pytest.param(arrangement, n, row[-1], id=f"B.52.17-item{item}-{n}circuits")


@pytest.mark.parametrize(("arrangement", "circuits", "published"), list(_single_layer_cells()))
def test_single_layer_grouping_factor_is_the_published_figure(arrangement, circuits, published):
    assert sitesurvey.grouping_factor(circuits, arrangement) == published

#!/usr/bin/env python3
"""Scans made the way departments' scanners differ, from text-layer fixtures, for OCR tests on
forms the reader was not tuned on.
Usage: python3 scripts/scan-like.py OUTDIR [NAME...]   every SCANS entry (or those named): the
                                                       unseen set BENCHMARKS.md scores
       python3 scripts/scan-like.py --second OUTDIR     the SECOND set (14 files of 14 other
                                                       sources, made after the first was tuned on)
       python3 scripts/scan-like.py --third OUTDIR      the THIRD (8 more, made after the second
                                                       was tuned on, and read once)
       python3 scripts/scan-like.py --fourth OUTDIR     the FOURTH (10 more, made after the third
                                                       was tuned on)
       python3 scripts/scan-like.py --fifth OUTDIR      the FIFTH (10 more, with what scanners add
                                                       that no other set has: dark lid edges,
                                                       show-through, punch holes, 2° of skew)
       python3 scripts/scan-like.py --fixtures         FIXTURES into fixtures/scanned/office/
                                                       (npm test reads them; keep them few)

A second pipeline, independent of scripts/make-scanned.mjs (pdfjs + canvas + pdfkit): the page is
rendered by poppler (pdftoppm, grey), composed with numpy/PIL, and written by the PDF writer
below, so that neither the renderer nor the image wrapping is the reader's own.
Each SCANS entry picks a source (fixtures/variants/<source>.pdf + .json: the truth stays the
source's, renumbered to the pages kept) and what its scanner does:
  dpi 150-400; mode: 'rgb' / 'grey' JPEG, 'g4' (1-bit CCITT G4, office scanners' "document"
  mode) or 'flate1' (1-bit Flate); angle (deg); blur (px radius); speckle (dots per 10^4 px);
  jpeg quality; paper tone (grey, yellowish) and ink; faint (share of the toner printed);
  stamps (centres as shares of the page, red, multiplied, with lettering round the ring);
  strips (image strips per page); rotate90 (the image stored sideways, /Rotate 90 on the page);
  signature: a scanned signature page appended to the text-layer source; edges (mm of the
  scanner lid's dark band on the left, top, right, bottom); showthrough (how much of the other
  side's print shows, mirrored); holes (punch holes at the left margin).
Writes OUTDIR/<name>.pdf + <name>.json (truth) and OUTDIR/index.json. Seeded: the same
poppler/PIL/numpy give the same bytes. Needs poppler-utils, qpdf, python3-pil, python3-numpy
and a CJK TrueType font (fonts-wqy-zenhei) for the stamp's lettering.
"""
import io, json, math, os, subprocess, sys, tempfile, zlib
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VARIANTS = os.path.join(ROOT, 'fixtures', 'variants')
FONT = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc'

GREY_PAPER, YELLOW_PAPER, WHITE = (224, 221, 214), (236, 228, 196), (250, 250, 248)
SCANS = [
    dict(name='anhui-lo-grey-300', source='template-anhui-libreoffice', dpi=300, mode='grey', angle=-1.2, blur=0.7, speckle=3, jpeg=60, paper=GREY_PAPER, stamps=[(0.7, 0.22)], seed=11),
    dict(name='anhui-lo-g4-200', source='template-anhui-libreoffice', dpi=200, mode='g4', angle=0.6, blur=0.5, speckle=2, paper=WHITE, seed=12),
    dict(name='sichuan-raw-rgb-150', source='template-sichuan-raw', dpi=150, mode='rgb', angle=0.9, blur=0.4, speckle=2, jpeg=70, paper=YELLOW_PAPER, stamps=[(0.75, 0.45)], seed=13),
    dict(name='yunnan-g4-300', source='template-yunnan', dpi=300, mode='g4', angle=-0.4, blur=0.8, speckle=4, paper=WHITE, stamps=[(0.68, 0.3)], seed=14),
    dict(name='department-grey-400-faint', source='template-department', dpi=400, mode='grey', angle=1.5, blur=1.0, speckle=1, jpeg=50, paper=GREY_PAPER, faint=0.5, seed=15),
    dict(name='transfer-lo-rgb-200-strips', source='template-transfer-libreoffice', dpi=200, mode='rgb', angle=-0.8, blur=0.6, speckle=3, jpeg=40, paper=YELLOW_PAPER, stamps=[(0.3, 0.15), (0.8, 0.6)], strips=3, seed=16),
    dict(name='itext-flate1-300-rot90', source='itext-stsong', dpi=300, mode='flate1', angle=0.3, blur=0.6, speckle=3, paper=WHITE, rotate90=True, seed=17),
    dict(name='calc-grey-200-rot90', source='office-suite-calc', dpi=200, mode='grey', angle=-1.0, blur=0.5, speckle=2, jpeg=55, paper=GREY_PAPER, rotate90=True, stamps=[(0.72, 0.7)], seed=18),
    dict(name='fullwidth-landscape-rgb-200', source='fullwidth-digits', dpi=200, mode='rgb', angle=0.7, blur=0.6, speckle=2, jpeg=65, paper=GREY_PAPER, stamps=[(0.8, 0.35)], seed=19),
    dict(name='yuan-thousands-g4-150', source='yuan-thousands', dpi=150, mode='g4', angle=-0.5, blur=0.3, speckle=1, paper=WHITE, seed=20),
    dict(name='chromium-grey-250-faint', source='browser-chromium', dpi=250, mode='grey', angle=0.5, blur=0.7, speckle=2, jpeg=45, paper=YELLOW_PAPER, faint=0.6, stamps=[(0.7, 0.5)], seed=21),
    dict(name='reportlab-rgb-300', source='reportlab-all-seed', pages=[1, 2, 3], dpi=300, mode='rgb', angle=1.1, blur=0.9, speckle=5, jpeg=45, paper=GREY_PAPER, stamps=[(0.55, 0.3)], seed=22),
    dict(name='writer-font8-g4-300', source='writer-font8', pages=[1, 2], dpi=300, mode='g4', angle=0.8, blur=0.6, speckle=2, paper=WHITE, seed=23),
    dict(name='local-2023-signature', source='template-local-2023', signature=dict(dpi=200, mode='grey', angle=0.6, blur=0.5, speckle=2, jpeg=55, paper=GREY_PAPER), seed=24),
    # (also tried as fixtures) bitonal CCITT G4 at 300 dpi, a LibreOffice print (hairline rules), turned 1°
    dict(name='g4-300-anhui-libreoffice-p45', source='template-anhui-libreoffice', pages=[4, 5], dpi=300, mode='g4', angle=1.0, blur=0.6, speckle=2, paper=WHITE, seed=31),
    # (also tried as fixtures) grey JPEG stored sideways (/Rotate 90), yellowish paper, a seal with lettering over the indicators' 分值 and 得分
    dict(name='grey-rot90-yunnan-p1', source='template-yunnan', pages=[1], dpi=200, mode='grey', angle=-0.8, blur=0.5, speckle=2, jpeg=55, paper=YELLOW_PAPER, rotate90=True, stamps=[(0.78, 0.9)], seed=32),
    # (also tried as fixtures) bitonal CCITT G4 at 200 dpi (an office scanner's document mode), turned 0.7°, thousands separators
    dict(name='g4-200-yuan-thousands-p12', source='yuan-thousands', pages=[1, 2], dpi=200, mode='g4', angle=0.7, blur=0.5, speckle=2, paper=WHITE, seed=34),
    dict(name='level3-wrap-rgb-200-stamp-scores', source='level3-wrap-3-lines', dpi=200, mode='rgb', angle=-0.6, blur=0.5, speckle=2, jpeg=55, paper=GREY_PAPER, stamps=[(0.82, 0.55), (0.62, 0.2)], seed=25),
]

# a second set: other sources (two pages each) and other scanners' settings, made once the first
# set had been tuned on (BENCHMARKS.md, "A second set")
SECOND = [
    dict(name='h-sichuan-grey-300', source='template-sichuan', pages=[1, 2], dpi=300, mode='grey', angle=0.8, blur=0.8, speckle=2, jpeg=55, paper=GREY_PAPER, stamps=[(0.72, 0.4)], seed=41),
    dict(name='h-anhui-rgb-250', source='template-anhui', pages=[1, 2], dpi=250, mode='rgb', angle=-0.6, blur=0.6, speckle=3, jpeg=50, paper=YELLOW_PAPER, stamps=[(0.6, 0.25)], seed=42),
    dict(name='h-transfer-g4-300', source='template-transfer', pages=[1, 2], dpi=300, mode='g4', angle=0.4, blur=0.5, speckle=2, paper=WHITE, seed=43),
    dict(name='h-yunnan-lo-grey-200', source='template-yunnan-libreoffice', pages=[1, 2], dpi=200, mode='grey', angle=-1.3, blur=0.5, speckle=2, jpeg=60, paper=GREY_PAPER, seed=44),
    dict(name='h-dept-lo-rgb-300', source='template-department-libreoffice', pages=[1, 2], dpi=300, mode='rgb', angle=0.9, blur=0.7, speckle=2, jpeg=60, paper=WHITE, stamps=[(0.75, 0.7)], seed=45),
    dict(name='h-writer10-grey-250', source='writer-font10-top', pages=[1, 2], dpi=250, mode='grey', angle=0.3, blur=0.6, speckle=3, jpeg=50, paper=YELLOW_PAPER, seed=46),
    dict(name='h-closed-l3-grey-300', source='closed-split-level3', pages=[1, 2], dpi=300, mode='grey', angle=-0.7, blur=0.7, speckle=2, jpeg=55, paper=GREY_PAPER, faint=0.7, seed=47),
    dict(name='h-goals-split-g4-200', source='goals-split-rows', pages=[1, 2], dpi=200, mode='g4', angle=0.5, blur=0.4, speckle=1, paper=WHITE, seed=48),
    dict(name='h-abc-rgb-200', source='template-abc-suffixes', pages=[1, 2], dpi=200, mode='rgb', angle=1.0, blur=0.5, speckle=2, jpeg=55, paper=GREY_PAPER, stamps=[(0.8, 0.5)], seed=49),
    dict(name='h-cairo-grey-300', source='cairo-writer-html', pages=[1, 2], dpi=300, mode='grey', angle=-0.4, blur=0.9, speckle=4, jpeg=45, paper=WHITE, seed=50),
    dict(name='h-packed-grey-250', source='packed-chromium', pages=[1, 2], dpi=250, mode='grey', angle=0.6, blur=0.6, speckle=2, jpeg=55, paper=GREY_PAPER, seed=51),
    dict(name='h-nograde-flate1-300', source='no-grade-blank-total', pages=[1, 2], dpi=300, mode='flate1', angle=-0.5, blur=0.6, speckle=2, paper=WHITE, seed=52),
    dict(name='h-weights-rgb-300', source='level1-with-weights', pages=[1, 2], dpi=300, mode='rgb', angle=0.2, blur=0.7, speckle=2, jpeg=50, paper=YELLOW_PAPER, stamps=[(0.7, 0.3)], seed=53),
    dict(name='h-deviation-grey-200', source='deviation-split-rows', pages=[1, 2], dpi=200, mode='grey', angle=-0.9, blur=0.5, speckle=2, jpeg=50, paper=GREY_PAPER, stamps=[(0.65, 0.8)], seed=54),
]

# a third set: 8 more sources, made after the second had been tuned on (BENCHMARKS.md)
THIRD = [
    dict(name='t-sichuan-lo-grey-250', source='template-sichuan-libreoffice', pages=[1, 2], dpi=250, mode='grey', angle=-0.9, blur=0.7, speckle=2, jpeg=50, paper=YELLOW_PAPER, stamps=[(0.66, 0.35)], seed=61),
    dict(name='t-transfer-raw-rgb-300', source='template-transfer-raw', pages=[1, 2], dpi=300, mode='rgb', angle=0.6, blur=0.8, speckle=3, jpeg=55, paper=GREY_PAPER, stamps=[(0.3, 0.2)], seed=62),
    dict(name='t-dept-raw-g4-300', source='template-department-raw', pages=[1, 2], dpi=300, mode='g4', angle=-0.3, blur=0.5, speckle=2, paper=WHITE, seed=63),
    dict(name='t-anhui-raw-grey-200', source='template-anhui-raw', pages=[1, 2], dpi=200, mode='grey', angle=1.1, blur=0.5, speckle=2, jpeg=60, paper=GREY_PAPER, seed=64),
    dict(name='t-yunnan-split-rgb-250', source='template-yunnan-split-rows', pages=[1, 2], dpi=250, mode='rgb', angle=-0.5, blur=0.6, speckle=2, jpeg=50, paper=WHITE, stamps=[(0.75, 0.6)], seed=65),
    dict(name='t-thead-split-grey-300', source='browser-thead-split-rows', pages=[1, 2], dpi=300, mode='grey', angle=0.4, blur=0.9, speckle=3, jpeg=45, paper=YELLOW_PAPER, seed=66),
    dict(name='t-writer11-flate1-300', source='writer-font11-bottom', pages=[1, 2], dpi=300, mode='flate1', angle=0.7, blur=0.6, speckle=2, paper=WHITE, seed=67),
    dict(name='t-overdraw-rgb-200', source='overdraw-bold-all', pages=[1, 2], dpi=200, mode='rgb', angle=-1.2, blur=0.5, speckle=2, jpeg=60, paper=GREY_PAPER, stamps=[(0.6, 0.7)], seed=68),
]

# a fourth set: 10 more sources, made after the third had been tuned on (BENCHMARKS.md)
FOURTH = [
    dict(name='f-funds-split-grey-300', source='closed-funds-split', pages=[1, 2], dpi=300, mode='grey', angle=0.5, blur=0.8, speckle=2, jpeg=50, paper=GREY_PAPER, stamps=[(0.7, 0.3)], seed=71),
    dict(name='f-repeat-header-rgb-250', source='repeat-header', pages=[1, 2], dpi=250, mode='rgb', angle=-0.7, blur=0.6, speckle=3, jpeg=55, paper=YELLOW_PAPER, seed=72),
    dict(name='f-yunnan-raw-grey-200', source='template-yunnan-raw', pages=[1, 2], dpi=200, mode='grey', angle=0.9, blur=0.5, speckle=2, jpeg=55, paper=GREY_PAPER, stamps=[(0.62, 0.55)], seed=73),
    dict(name='f-year-spaced-g4-300', source='template-year-spaced', pages=[1, 2], dpi=300, mode='g4', angle=-0.6, blur=0.6, speckle=2, paper=WHITE, seed=74),
    dict(name='f-split-in-row-grey-250', source='reportlab-split-in-row', pages=[1, 2], dpi=250, mode='grey', angle=1.0, blur=0.7, speckle=2, jpeg=45, paper=WHITE, stamps=[(0.8, 0.45)], seed=75),
    dict(name='f-writer-html-rgb-200', source='writer-html-all', pages=[1, 2], dpi=200, mode='rgb', angle=-0.4, blur=0.5, speckle=2, jpeg=60, paper=GREY_PAPER, seed=76),
    dict(name='f-kangxi-grey-300', source='kangxi-compat-ideographs', pages=[1, 2], dpi=300, mode='grey', angle=0.3, blur=0.9, speckle=3, jpeg=50, paper=YELLOW_PAPER, faint=0.7, seed=77),
    dict(name='f-cropbox-rgb-250', source='cropbox', pages=[1, 2], dpi=250, mode='rgb', angle=-1.1, blur=0.6, speckle=2, jpeg=50, paper=WHITE, stamps=[(0.5, 0.8)], seed=78),
    dict(name='f-closed-before-flate1-300', source='closed-before-seed', pages=[1, 2], dpi=300, mode='flate1', angle=0.6, blur=0.5, speckle=2, paper=WHITE, seed=79),
    dict(name='f-words-space-grey-200', source='words-space-items', pages=[1, 2], dpi=200, mode='grey', angle=-0.8, blur=0.6, speckle=2, jpeg=55, paper=GREY_PAPER, stamps=[(0.7, 0.65)], seed=80),
]

# a fifth set: 10 more sources, and what scanners add that the other sets lack (the lid's dark
# band at the edges, the other side's print showing through, punch holes, 2° of skew), made after
# the fourth had been tuned on
FIFTH = [
    dict(name='v-a3-grey-200-edges', source='a3', pages=[1, 2], dpi=200, mode='grey', angle=0.6, blur=0.6, speckle=2, jpeg=55, paper=GREY_PAPER, edges=(6, 4, 0, 9), seed=81),
    dict(name='v-cairo-shared-rgb-250-through', source='cairo-closed-shared', pages=[1, 2], dpi=250, mode='rgb', angle=-0.8, blur=0.6, speckle=2, jpeg=50, paper=WHITE, showthrough=0.12, stamps=[(0.72, 0.45)], seed=82),
    dict(name='v-clip-lo-grey-300-holes', source='clip-libreoffice', pages=[1, 2], dpi=300, mode='grey', angle=0.4, blur=0.8, speckle=2, jpeg=50, paper=YELLOW_PAPER, holes=True, edges=(3, 0, 0, 0), seed=83),
    dict(name='v-after-g4-300-skew2', source='closed-after-all-seed', pages=[1, 2], dpi=300, mode='g4', angle=2.0, blur=0.5, speckle=2, paper=WHITE, seed=84),
    dict(name='v-repeat-grey-150', source='closed-repeat-all-seed', pages=[1, 2], dpi=150, mode='grey', angle=-1.0, blur=0.4, speckle=2, jpeg=45, paper=GREY_PAPER, stamps=[(0.6, 0.6)], seed=85),
    dict(name='v-glyphs-space-rgb-200-through', source='glyphs-space-items', pages=[1, 2], dpi=200, mode='rgb', angle=1.3, blur=0.5, speckle=3, jpeg=55, paper=YELLOW_PAPER, showthrough=0.15, seed=86),
    dict(name='v-goals-moved-grey-250-edges', source='goals-row-moved', pages=[1, 2, 3], dpi=250, mode='grey', angle=-1.6, blur=0.7, speckle=2, jpeg=50, paper=WHITE, edges=(0, 7, 5, 0), stamps=[(0.75, 0.3)], seed=87),
    dict(name='v-landscape-flate1-250-holes', source='landscape-rotate90', pages=[1, 2], dpi=250, mode='flate1', angle=0.7, blur=0.5, speckle=2, paper=WHITE, holes=True, seed=88),
    dict(name='v-letter-grey-200-skew2', source='letter-rotate270', pages=[1, 2], dpi=200, mode='grey', angle=-2.0, blur=0.5, speckle=2, jpeg=55, paper=GREY_PAPER, seed=89),
    dict(name='v-fakebold-rgb-300-edges', source='words-fakebold-offset', pages=[1, 2], dpi=300, mode='rgb', angle=0.9, blur=0.8, speckle=2, jpeg=50, paper=GREY_PAPER, edges=(5, 5, 5, 5), stamps=[(0.7, 0.7)], seed=90),
]

# committed fixtures: a few pages each, kept small (test time is ~2.5 s an OCR page)
FIXTURES = [
    # a scanned signature page after a text-layer report
    dict(name='signature-page-local-2023', source='template-local-2023', signature=dict(dpi=150, mode='grey', angle=0.6, blur=0.5, speckle=2, jpeg=50, paper=GREY_PAPER), seed=33),
    # the scanner lid's dark band along three edges, two punch holes, 1.4° of skew
    dict(name='lid-edges-holes', source='level1-with-weights', pages=[3], dpi=200, mode='grey', angle=1.4, blur=0.5, speckle=2, jpeg=55, paper=GREY_PAPER, edges=(5, 6, 0, 8), holes=True, seed=36),
    # a seal scanned in grey (no colour to tell it by) over the indicator table's header and some
    # of its values: into fixtures/scanned/seal/ (ocr.test.ts reads it apart: values under a seal
    # may come out wrong, flagged)
    dict(name='grey-seal-over-header', dir='seal', source='closed-funds-split', pages=[1, 2], dpi=200, mode='grey', angle=0.5, blur=0.6, speckle=2, jpeg=55, paper=GREY_PAPER, stamps=[(0.7, 0.3)], seed=35),
]


def render(pdf, page, dpi, tmp):
    """The page rendered upright in grey, 0 (ink) .. 1 (paper)."""
    out = os.path.join(tmp, f'p{page}')
    subprocess.run(['pdftoppm', '-r', str(dpi), '-gray', '-f', str(page), '-l', str(page), '-singlefile', pdf, out], check=True)
    with Image.open(out + '.pgm') as im:
        return np.asarray(im, dtype=np.float32) / 255


def stamp_layer(h, w, dpi, centres, rng):
    """Where a red round seal covers the page, 0..1: ring, inner ring, star, lettering."""
    layer = Image.new('L', (w, h), 0)
    d = ImageDraw.Draw(layer)
    font = ImageFont.truetype(FONT, int(0.16 * dpi))
    for fx, fy in centres:
        cx, cy, r = w * fx, h * fy, 0.8 * dpi
        d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=230, width=max(2, int(0.04 * dpi)))
        star = [(cx + (0.3 if k % 2 == 0 else 0.12) * r * math.cos(-math.pi / 2 + k * math.pi / 5),
                 cy + (0.3 if k % 2 == 0 else 0.12) * r * math.sin(-math.pi / 2 + k * math.pi / 5)) for k in range(10)]
        d.polygon(star, fill=220)
        # the unit's name round the upper arc, each character turned to face outwards
        name = '某某区财政局绩效评价专用章'
        for k, ch in enumerate(name):
            a = math.pi * (1.1 + 0.8 * k / (len(name) - 1))
            g = Image.new('L', (int(0.2 * dpi),) * 2, 0)
            ImageDraw.Draw(g).text((0.02 * dpi, 0), ch, fill=220, font=font)
            g = g.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
            x, y = cx + 0.68 * r * math.cos(a) - g.width / 2, cy + 0.68 * r * math.sin(a) - g.height / 2
            layer.paste(Image.new('L', g.size, 255), (int(x), int(y)), g)
        d.text((cx - 0.4 * r, cy + 0.4 * r), '2024年3月', fill=200, font=font)
    a = np.asarray(layer, dtype=np.float32) / 255
    # ink unevenly taken up by the seal
    return a * (0.65 + 0.35 * rng.random(a.shape, dtype=np.float32))


def scanner(grey, s, rng):
    """What the scanner makes of a printed page: an image in the profile's mode (PIL)."""
    h, w = grey.shape
    dpi = s['dpi']
    cover = 1 - grey
    if s.get('faint'):
        # toner running low: lighter print, unevenly
        low = np.asarray(Image.fromarray((rng.random((h // 64 + 1, w // 64 + 1)) * 255).astype(np.uint8)).resize((w, h), Image.BILINEAR), dtype=np.float32) / 255
        cover = cover * (s['faint'] * (0.8 + 0.4 * low))
    paper = np.array(s['paper'], dtype=np.float32)
    # a paper tone darker towards one corner
    shade = 1 - 0.05 * (np.linspace(0, 1, w)[None, :] + np.linspace(0, 1, h)[:, None]) / 2
    ink = np.array(s.get('ink', (28, 28, 36)), dtype=np.float32)
    if s.get('showthrough'):
        # the other side's print, mirrored, blurred by the paper, a light grey under this side's
        back = np.asarray(Image.fromarray((cover[:, ::-1] * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(dpi / 100)), dtype=np.float32) / 255
        cover = 1 - (1 - cover) * (1 - s['showthrough'] * back)
    rgb = paper[None, None, :] * shade[..., None] * (1 - cover[..., None]) + ink * cover[..., None]
    if s.get('holes'):
        # two punch holes at the left margin: the dark lid seen through them
        for fy in (0.3, 0.7):
            cy, cx, r = h * fy, 12 / 25.4 * dpi, 3 / 25.4 * dpi
            yy, xx = np.ogrid[:h, :w]
            rgb[(yy - cy) ** 2 + (xx - cx) ** 2 <= r * r] = (38, 38, 40)
    if s.get('stamps'):
        a = stamp_layer(h, w, dpi, s['stamps'], rng)[..., None]
        red = np.array((205, 35, 45), dtype=np.float32) / 255
        rgb = rgb * (1 - a + a * red)
    im = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), 'RGB')
    im = im.rotate(s['angle'], resample=Image.BICUBIC, fillcolor=tuple(int(v) for v in paper))
    px = np.asarray(im).copy()
    if s.get('edges'):
        # the scanner lid's dark band where the sheet did not reach, its inner edge uneven
        for side, mm in enumerate(s['edges']):
            if not mm:
                continue
            n = h if side in (0, 2) else w
            depth = (mm / 25.4 * dpi * (0.7 + 0.6 * np.interp(np.arange(n), np.linspace(0, n, 9), rng.random(9)))).astype(int)
            for k in range(n):
                d = depth[k]
                if side == 0:
                    px[k, :d] = 30
                elif side == 2:
                    px[k, w - d:] = 30
                elif side == 1:
                    px[:d, k] = 30
                else:
                    px[h - d:, k] = 30
    n = int(h * w * s['speckle'] / 1e4)
    ys, xs = rng.integers(0, h, n), rng.integers(0, w, n)
    px[ys, xs] = np.where(rng.random(n)[:, None] < 0.6, rng.integers(40, 140, (n, 1)), 250)
    im = Image.fromarray(px, 'RGB').filter(ImageFilter.GaussianBlur(s['blur']))
    if s['mode'] == 'grey':
        return im.convert('L')
    if s['mode'] in ('g4', 'flate1'):
        # a fixed threshold, as a document-mode scanner does (set light enough to keep hairlines)
        g = np.asarray(im.convert('L'))
        return Image.fromarray(((g > 175) * 255).astype(np.uint8), 'L').convert('1', dither=Image.Dither.NONE)
    return im


def image_object(im, s):
    """An image XObject's dictionary entries and stream bytes."""
    w, h = im.size
    if im.mode == '1':
        if s['mode'] == 'g4':
            buf = io.BytesIO()
            im.save(buf, 'TIFF', compression='group4', strip_size=math.ceil(w / 8) * h)
            with Image.open(io.BytesIO(buf.getvalue())) as t:
                off, count = t.tag_v2[273][0], t.tag_v2[279][0]
            data = buf.getvalue()[off:off + count]
            return f'/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns {w} /Rows {h} /BlackIs1 true >>', data
        bits = np.packbits(np.asarray(im, dtype=np.uint8), axis=1).tobytes()
        return '/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode', zlib.compress(bits, 9)
    buf = io.BytesIO()
    im.save(buf, 'JPEG', quality=s.get('jpeg', 60))
    return f"/ColorSpace /{'DeviceGray' if im.mode == 'L' else 'DeviceRGB'} /BitsPerComponent 8 /Filter /DCTDecode", buf.getvalue()


def write_pdf(path, pages, s):
    """pages: (image, dpi). Each page its image in `strips` horizontal strips; rotate90: stored sideways with /Rotate 90."""
    objs = []

    def add(body):
        objs.append(body)
        return len(objs)

    add(b'<< /Type /Catalog /Pages 2 0 R >>')
    add(None)
    kids = []
    for im, dpi in pages:
        if s.get('rotate90'):
            # shown turned 90° clockwise: stored turned 90° counter-clockwise
            im = im.transpose(Image.Transpose.ROTATE_90)
        w, h = im.size
        wpt, hpt = w * 72 / dpi, h * 72 / dpi
        n = s.get('strips', 1)
        cuts = [round(h * k / n) for k in range(n + 1)]
        content, xobjs = [], []
        for k in range(n):
            part = im.crop((0, cuts[k], w, cuts[k + 1]))
            entries, data = image_object(part, s)
            ref = add(f'<< /Type /XObject /Subtype /Image /Width {w} /Height {part.height} {entries} /Length {len(data)} >>\nstream\n'.encode() + data + b'\nendstream')
            xobjs.append(f'/Im{k} {ref} 0 R')
            y = hpt - cuts[k + 1] * 72 / dpi
            content.append(f'q {wpt:.3f} 0 0 {part.height * 72 / dpi:.3f} 0 {y:.3f} cm /Im{k} Do Q')
        stream = '\n'.join(content).encode()
        c = add(f'<< /Length {len(stream)} >>\nstream\n'.encode() + stream + b'\nendstream')
        rot = ' /Rotate 90' if s.get('rotate90') else ''
        kids.append(add(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {wpt:.3f} {hpt:.3f}]{rot} /Resources << /XObject << {' '.join(xobjs)} >> >> /Contents {c} 0 R >>".encode()))
    objs[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    out = bytearray(b'%PDF-1.5\n%\xe2\xe3\xcf\xd3\n')
    offsets = []
    for k, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f'{k} 0 obj\n'.encode() + body + b'\nendobj\n'
    xref = len(out)
    out += f'xref\n0 {len(objs) + 1}\n0000000000 65535 f \n'.encode()
    out += ''.join(f'{o:010d} 00000 n \n' for o in offsets).encode()
    out += f'trailer\n<< /Size {len(objs) + 1} /Root 1 0 R /Info << /Producer (scanner) >> >>\nstartxref\n{xref}\n%%EOF\n'.encode()
    with open(path, 'wb') as f:
        f.write(out)


def signature_page(s, rng):
    """A scanned sign-off page: lines of text, signatures, a seal; no table."""
    dpi = s['dpi']
    w, h = int(8.27 * dpi), int(11.69 * dpi)
    im = Image.new('L', (w, h), 255)
    d = ImageDraw.Draw(im)
    font = ImageFont.truetype(FONT, int(0.17 * dpi))
    lines = ['单位负责人：', '财务负责人：', '填报人：', '联系电话：', '填报日期：2024年3月15日']
    for k, t in enumerate(lines):
        d.text((1.2 * dpi, (2 + 0.8 * k) * dpi), t, fill=0, font=font)
    for k in range(3):
        # a signature: a few strokes
        y = (2.1 + 0.8 * k) * dpi
        pts = [(3 * dpi + j * 0.08 * dpi, y + 0.12 * dpi * math.sin(j * 1.3 + k)) for j in range(16)]
        d.line(pts, fill=30, width=max(2, int(0.012 * dpi)))
    grey = np.asarray(im, dtype=np.float32) / 255
    return scanner(grey, {**s, 'stamps': [(0.62, 0.28)]}, rng)


def forms_on(truth, pages):
    """The source's forms wholly on `pages`, renumbered."""
    return [{**f, 'pages': [pages.index(p) + 1 for p in f['pages']]} for f in truth if all(p in pages for p in f['pages'])]


def main():
    fixtures = sys.argv[1:2] == ['--fixtures']
    named = {'--second': SECOND, '--third': THIRD, '--fourth': FOURTH, '--fifth': FIFTH}.get(sys.argv[1] if len(sys.argv) > 1 else '')
    args = sys.argv[2:] if named else sys.argv[1:]
    out = os.path.join(ROOT, 'fixtures', 'scanned', 'office') if fixtures else args[0] if args else os.path.join(tempfile.gettempdir(), 'office-scans')
    only = set() if fixtures else set(args[1:])
    if fixtures:
        # each fixture's folder (office/, or its 'dir') with its own index
        for d in sorted({s.get('dir', 'office') for s in FIXTURES}):
            write_set([s for s in FIXTURES if s.get('dir', 'office') == d], os.path.join(ROOT, 'fixtures', 'scanned', d), set())
    else:
        write_set(named or SCANS, out, only)


def write_set(scans, out, only):
    os.makedirs(out, exist_ok=True)
    index_path = os.path.join(out, 'index.json')
    index = json.load(open(index_path)) if os.path.exists(index_path) and only else []
    for s in scans:
        if only and s['name'] not in only:
            continue
        rng = np.random.default_rng(s['seed'])
        src = os.path.join(VARIANTS, s['source'] + '.pdf')
        truth = json.load(open(os.path.join(VARIANTS, s['source'] + '.json')))
        count = int(next(l.split()[-1] for l in subprocess.run(['pdfinfo', src], capture_output=True, text=True).stdout.splitlines() if l.startswith('Pages:')))
        dst = os.path.join(out, s['name'] + '.pdf')
        with tempfile.TemporaryDirectory() as tmp:
            if s.get('signature'):
                sig = {**s['signature']}
                page = os.path.join(tmp, 'sig.pdf')
                write_pdf(page, [(signature_page(sig, rng), sig['dpi'])], sig)
                subprocess.run(['qpdf', '--empty', '--deterministic-id', '--pages', src, '1-z', page, '1', '--', dst], check=True)
                # its sign-off lines (单位负责人：…) are notes under the last form, which so ends there
                forms = [*truth[:-1], {**truth[-1], 'pages': truth[-1]['pages'] + [count + 1]}]
                scanned, kept = [count + 1], count + 1
            else:
                kept_pages = s.get('pages') or list(range(1, count + 1))
                images = [(scanner(render(src, p, s['dpi'], tmp), s, rng), s['dpi']) for p in kept_pages]
                write_pdf(dst, images, s)
                forms, scanned, kept = forms_on(truth, kept_pages), list(range(1, len(kept_pages) + 1)), len(kept_pages)
        with open(os.path.join(out, s['name'] + '.json'), 'w') as f:
            json.dump(forms, f, ensure_ascii=False, indent=2)
            f.write('\n')
        index = [e for e in index if e['name'] != s['name']]
        index.append({'name': s['name'], 'source': s['source'], 'dpi': s.get('dpi', s.get('signature', {}).get('dpi')), 'mode': s.get('mode', s.get('signature', {}).get('mode')), 'scannedPages': scanned, 'pageCount': kept})
        print(f"{s['name']}.pdf: {kept} pages, {os.path.getsize(dst) // 1024} KB")
    with open(index_path, 'w') as f:
        json.dump(index, f, ensure_ascii=False, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()

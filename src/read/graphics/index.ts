// Walks a pdfjs operator list with a graphics-state stack (save/restore, cm, form XObjects,
// clips, text state) to collect ruling segments (stroked lines and thin filled rectangles) and
// every glyph drawn, with its exact position and whether the clip lets it show. One handler per
// operator (as pdf.js's evaluator), over three small state classes.
import type { Segment } from '../../geometry/index.js';
import { ReadError } from '../../model/errors.js';
import { MAX_SAVE_DEPTH, READ_SETTINGS, type ReadSettings } from '../settings.js';
import type { Glyphs } from './glyphs.js';
import { PathCollector } from './paths.js';
import { IDENTITY, StateStack, type Matrix } from './state.js';
import { TextWalker, type FontLookup } from './text.js';

export { Glyphs } from './glyphs.js';
export type { FontLookup } from './text.js';

export interface PageGraphics {
  segments: Segment[];
  /** visible glyphs in drawing order */
  glyphs: Glyphs;
  drawsText: boolean;
  drawsImages: boolean;
  /** glyphs counted by the way their line runs on the page: right, down, left, up */
  runs: [number, number, number, number];
}

type Args = any[]; // operator arguments, as pdfjs lists them
type Handler = (args: Args) => void;

const isMatrix = (v: unknown): v is ArrayLike<number> => Array.isArray(v) || ArrayBuffer.isView(v);

/** Operators that paint an image: a page of only these is a scan. */
const IMAGE_OPS = [
  'paintImageXObject', 'paintInlineImageXObject', 'paintImageMaskXObject', 'paintImageXObjectRepeat',
  'paintImageMaskXObjectRepeat', 'paintSolidColorImageMask', 'paintInlineImageXObjectGroup', 'paintImageMaskXObjectGroup',
];

export function readPageGraphics(
  OPS: Record<string, number>,
  fnArray: number[],
  argsArray: unknown[],
  viewportTransform: Matrix,
  width: number,
  height: number,
  fonts: FontLookup,
  settings: ReadSettings = READ_SETTINGS,
): PageGraphics {
  const state = new StateStack(viewportTransform);
  const paths = new PathCollector(OPS, state, settings);
  const text = new TextWalker(state, fonts, width, height, settings);
  let drawsImages = false;
  let formDepth = 0;
  let saves = 0;

  const handlers: Record<string, Handler> = {
    save: () => {
      // pdfjs stops a page's operator list past this depth and closes what is open: the page is cut short
      if (++saves > MAX_SAVE_DEPTH) throw new ReadError(`more than ${MAX_SAVE_DEPTH} nested q (save) operators`, undefined, 'corrupt');
      state.save();
    },
    restore: () => {
      if (saves > 0) saves--;
      state.restore();
    },
    transform: (args) => state.transform(args as number[]),
    paintFormXObjectBegin: (args) => {
      if (++formDepth > settings.maxFormDepth) {
        throw new ReadError(`form XObjects nested more than ${settings.maxFormDepth} deep`, undefined, 'corrupt');
      }
      state.save();
      if (isMatrix(args?.[0])) state.transform(args[0]);
      if (args?.[1]) state.clipToUserBox(args[1]);
    },
    paintFormXObjectEnd: () => {
      formDepth--;
      state.restore();
    },
    clip: () => void (paths.pendingClip = true),
    eoClip: () => void (paths.pendingClip = true),
    constructPath: (args) => paths.constructPath(args[0], (args[1]?.[0] as ArrayLike<number> | null) ?? null),
    setStrokeRGBColor: (args) => void (state.gs.strokeVisible = paths.isVisibleColor(args[0])),
    setFillRGBColor: (args) => void (state.gs.fillVisible = paths.isVisibleColor(args[0])),
    beginText: () => text.setMatrix(IDENTITY),
    setFont: (args) => text.setFont(String(args[0]), Number(args[1])),
    setTextMatrix: (args) => text.setMatrix(isMatrix(args[0]) ? args[0] : args),
    moveText: (args) => text.moveText(args[0], args[1]),
    setLeadingMoveText: (args) => {
      state.gs.text.leading = -args[1];
      text.moveText(args[0], args[1]);
    },
    nextLine: () => text.nextLine(),
    setLeading: (args) => void (state.gs.text.leading = args[0]),
    setCharSpacing: (args) => void (state.gs.text.charSpacing = args[0]),
    setWordSpacing: (args) => void (state.gs.text.wordSpacing = args[0]),
    setHScale: (args) => void (state.gs.text.hScale = args[0] / 100),
    setTextRise: (args) => void (state.gs.text.rise = args[0]),
    showText: (args) => text.showText(args[0]),
    showSpacedText: (args) => text.showText(args[0]),
    nextLineShowText: (args) => {
      text.nextLine();
      text.showText(args[0]);
    },
    nextLineSetSpacingShowText: (args) => {
      state.gs.text.wordSpacing = args[0];
      state.gs.text.charSpacing = args[1];
      text.nextLine();
      text.showText(args[2]);
    },
  };
  for (const op of IMAGE_OPS) handlers[op] = () => void (drawsImages = true);

  // operator number -> handler: one array lookup per operator
  const byCode: (Handler | undefined)[] = [];
  for (const [name, handler] of Object.entries(handlers)) if (OPS[name] !== undefined) byCode[OPS[name]] = handler;

  for (let i = 0; i < fnArray.length; i++) byCode[fnArray[i]]?.(argsArray[i] as Args);
  return { segments: paths.segments, glyphs: text.glyphs, drawsText: text.drawsText, drawsImages, runs: text.runs };
}

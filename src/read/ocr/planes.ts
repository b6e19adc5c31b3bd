// The page image's planes (one byte a pixel, 8.7 MB each for an A4 page at 300 dpi), reused
// from page to page in the thread. Fresh planes for every page would be garbage as soon as the
// page is read, and V8 lets ~64 MB of typed arrays pile up before it collects: page after page
// added on top of the last. A page takes its planes here and gives them back when it is read.
import { OCR_SETTINGS } from './settings.js';

/** planes given back, all of one length (a page of another size drops them) */
const free = new Set<Uint8Array>();
/** planes taken and not given back yet: a page being made or read */
let lent = 0;
let idle: NodeJS.Timeout | undefined;

/** A plane of `length` bytes; what it holds is left from an earlier page (write every byte). */
export function takePlane(length: number): Uint8Array {
  lent++;
  clearTimeout(idle);
  const [plane] = free;
  if (!plane || plane.length !== length) return new Uint8Array(length);
  free.delete(plane);
  return plane;
}

/**
 * Give planes back for the next page to take. Once no page holds any for `keepMs`, they are let
 * go (the thread may read text-layer files for a long while after a scan); while a page is read
 * (seconds of OCR) the ones it gave back early wait for the next page.
 */
export function givePlanes(planes: Uint8Array[], keepMs = OCR_SETTINGS.keepPlanesMs): void {
  for (const plane of planes) {
    if (!plane.length) continue;
    lent--;
    const [other] = free;
    if (other && other.length !== plane.length) free.clear();
    free.add(plane);
  }
  if (lent > 0) return;
  lent = 0;
  clearTimeout(idle);
  idle = setTimeout(() => free.clear(), keepMs);
  idle.unref();
}

/** Bytes held by planes given back and not yet taken (for tests). */
export function freePlaneBytes(): number {
  let n = 0;
  for (const plane of free) n += plane.length;
  return n;
}

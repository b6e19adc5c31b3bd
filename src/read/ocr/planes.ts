// The page image's planes (one byte a pixel, 8.7 MB each for an A4 page at 300 dpi). A plane a
// page is done with goes to the next that page asks for (the faint rules' mask takes the
// colour's); once no page holds any, they are let go, to be collected before the next page's
// images are decoded (collect.ts): kept for it, they stacked under its decode, the peak.

/** planes given back while a page holds others, all of one length */
const free = new Set<Uint8Array>();
/** planes taken and not given back yet: a page being made or read */
let lent = 0;

/** A plane of `length` bytes; what it holds is left from before (write every byte). */
export function takePlane(length: number): Uint8Array {
  lent++;
  const [plane] = free;
  if (!plane || plane.length !== length) return new Uint8Array(length);
  free.delete(plane);
  return plane;
}

/** Give planes back: to the page's next plane taken, or, once no page holds any, let go. */
export function givePlanes(planes: Uint8Array[]): void {
  for (const plane of planes) {
    if (!plane.length) continue;
    lent--;
    const [other] = free;
    if (other && other.length !== plane.length) free.clear();
    free.add(plane);
  }
  if (lent > 0) return;
  lent = 0;
  free.clear();
}

/** Planes taken and not given back, and bytes of those given back and not taken again (for tests). */
export function planeCounts(): { lent: number; freeBytes: number } {
  let freeBytes = 0;
  for (const plane of free) freeBytes += plane.length;
  return { lent, freeBytes };
}

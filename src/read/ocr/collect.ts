// A full garbage collection, asked for at a scanned page's turns. V8 collects by its heap's
// growth, and counts the bytes behind typed arrays (a page's planes, pdfjs's decoded image and
// its decoder's buffers: tens of MB outside the heap) only loosely: they outlived their page and
// stacked under the next page's decode (the scanned fixtures in one batch peaked at 300–326 MB,
// 271–292 collected so). gc() is given to code only under --expose-gc; set at run time, the flag reaches
// the contexts made after it (as jest's leak detection does).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/** Collect the thread's garbage now. */
export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

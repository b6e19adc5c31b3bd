// The OCR engine failing on an image: the call rejects with a one-line ReadError, and nothing is
// thrown where no one can catch it (tesseract.js rethrows a failed job's error from its message
// handler unless given an errorHandler: a library caller's process died). The real engine.
import { afterAll, expect, it } from 'vitest';
import { ReadError } from '../src/model/errors.js';
import { closeOcr, recognize } from '../src/read/ocr/engine.js';

afterAll(() => closeOcr());

it('an image the engine cannot read: a ReadError for that call, and the engine reads on', async () => {
  const failed = await recognize(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])).catch((err: unknown) => err);
  expect(failed).toBeInstanceOf(ReadError);
  expect((failed as ReadError).message).toBe('scanned page: OCR failed: Error attempting to read image.');
  expect((failed as ReadError).code).toBe('no-text');
  // a blank 40×20 page image afterwards: read, nothing on it
  const blank = Buffer.concat([Buffer.from('P5\n40 20\n255\n', 'latin1'), Buffer.alloc(40 * 20, 255)]);
  expect(await recognize(blank)).toEqual([]);
}, 60_000);

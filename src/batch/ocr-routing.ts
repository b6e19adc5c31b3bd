// The pool's routing of scanned pages. The main thread grants the turn to hold a page image to
// one task at a time (POOL_SETTINGS.ocrPagesAtOnce), and only in one worker, the OCR worker (the
// first to ask; when it is gone, the next to), which runs the process's one OCR engine in its
// thread: another worker whose file needs the turn hands the file back, to be read again by the
// OCR worker, so the others never hold a page image's or an engine's memory. While the OCR worker
// reads, idle workers are let go.
import type { Worker } from 'node:worker_threads';
import type { PoolStats } from './pool.js';
import type { OcrReply } from './protocol.js';
import { POOL_SETTINGS } from './settings.js';

/** What routing needs of a pool's worker slot. */
export interface RoutedSlot {
  worker: Worker;
  ready: boolean;
  task?: unknown;
  timer?: NodeJS.Timeout;
  /** its task waits for, or holds, the turn to hold a page image */
  turn?: 'waiting' | 'held';
  /** its task was told to hand its file back (to the OCR worker) and is stopping */
  handing?: boolean;
  /** why the worker is going away, decided before its exit event */
  death?: { code: 'timeout' | 'memory' | 'crash' | 'stopped'; reason: string };
}

export class OcrRouting<Slot extends RoutedSlot, Task> {
  /** tasks waiting for the turn to hold a page image, in order */
  private readonly turnQueue: Slot[] = [];
  /** the one worker that reads scanned pages (none yet, or it is gone) */
  private ocrSlot: Slot | undefined;
  /** files handed back for it, in order: it takes them before the pool's queue */
  private readonly ocrQueue: Task[] = [];

  constructor(
    private readonly slots: ReadonlySet<Slot>,
    private readonly stats: Pick<PoolStats, 'ocrPages' | 'handedBack' | 'letGo'>,
    /** the slot's per-page time limit started again */
    private readonly startClock: (slot: Slot) => void,
  ) {}

  /** `slot`'s task asks for the turn: the first worker to ask is the OCR worker; another hands its file back to it. */
  ask(slot: Slot): void {
    if (this.ocrSlot && this.ocrSlot !== slot) return this.handBack(slot);
    this.ocrSlot = slot;
    this.askTurn(slot);
  }

  /**
   * A task asks for the turn to hold a page image: granted at once when no other task holds it
   * (POOL_SETTINGS.ocrPagesAtOnce), else in order. Its time limit does not run while it waits.
   */
  private askTurn(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.turn = 'waiting';
    this.turnQueue.push(slot);
    this.grantTurns();
  }

  /** The turn given back (asked for by `slot`'s task, which goes on or has ended). */
  endTurn(slot: Slot): void {
    if (!slot.turn) return;
    slot.turn = undefined;
    const k = this.turnQueue.indexOf(slot);
    if (k >= 0) this.turnQueue.splice(k, 1);
    this.grantTurns();
  }

  /** A worker other than the OCR worker asks for the turn: it is told to stop and hand its file back. */
  private handBack(slot: Slot): void {
    slot.handing = true;
    slot.worker.postMessage({ type: 'hand-back' } satisfies OcrReply);
  }

  /** A file handed back (or its worker gone as it did): it waits for the OCR worker. */
  handedBack(task: Task): void {
    this.ocrQueue.push(task);
    this.stats.handedBack++;
  }

  private grantTurns(): void {
    const held = () => [...this.slots].filter((s) => s.turn === 'held').length;
    while (this.turnQueue.length && held() < POOL_SETTINGS.ocrPagesAtOnce) {
      const slot = this.turnQueue.shift()!;
      slot.turn = 'held';
      this.stats.ocrPages = Math.max(this.stats.ocrPages, held());
      if (!slot.death) this.startClock(slot);
      slot.worker.postMessage({ type: 'turn' } satisfies OcrReply);
    }
  }

  /** For an idle worker: a file handed back goes to the OCR worker, or (it is gone) makes this one the OCR worker. */
  taskFor(slot: Slot): Task | undefined {
    if (!this.ocrQueue.length || (this.ocrSlot && this.ocrSlot !== slot)) return undefined;
    this.ocrSlot = slot;
    return this.ocrQueue.shift();
  }

  /**
   * While the OCR worker reads and no file waits for another worker, an idle one is let go (a
   * V8 and a pdfjs, ~35 MB of the process's peak beside a page image); one starts again when
   * files come (a folder still being walked).
   */
  letIdleGo(): void {
    if (!this.ocrSlot?.task) return;
    for (const slot of this.slots) {
      if (slot === this.ocrSlot || !slot.ready || slot.task || slot.death) continue;
      slot.death = { code: 'stopped', reason: 'let go while idle' };
      this.stats.letGo++;
      void slot.worker.terminate();
    }
  }

  /** Files handed back that need a new worker (none while the OCR worker lives: they wait for it). */
  get waiting(): number {
    return this.ocrSlot ? 0 : this.ocrQueue.length;
  }

  /** `slot`'s worker has exited: its turn goes to the next, and the next to ask is the OCR worker. */
  gone(slot: Slot): void {
    this.endTurn(slot);
    if (this.ocrSlot === slot) this.ocrSlot = undefined;
  }

  /** The files handed back, taken off (the pool is stopped, or broken). */
  drain(): Task[] {
    return this.ocrQueue.splice(0);
  }

  /** The pool is stopped: no turn is granted any more. */
  close(): void {
    this.turnQueue.length = 0;
  }
}

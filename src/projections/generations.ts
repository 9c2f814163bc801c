// Blue-green generations of a projection's documents. Generation 0 lives in the collection named after the
// projection, generation n in `{projection}.g{n}`. A pointer document (`$rebuilds/{projection}`) says which
// generation readers read (`live`) and, while a rebuild job runs, which other one writers keep up to date:
// - building: the job fills `next`; runners apply every event to `next` first, then to `live`;
// - retiring: readers have moved to the new `live`; runners still apply events to the `retired` one after it,
//   so a process whose cached pointer is a little old reads nothing older than before;
// - idle: `live` only.
// Writing the newer generation first keeps it at or ahead of the older one for every key, so a reader that
// moves from the old generation to the new one never sees a document go back. Processes cache the pointer
// for `cacheInMs`; the job waits longer than that (its settle time) between phases, so by the time it relies
// on every process knowing a phase, they all do.
import { isDocumentConflict } from '../stores/documents/documentStore.js';
import type { ProjectionDocumentStore } from './projection.js';

/** The collection holding the rebuild pointers and jobs. `$` keeps it apart from every projection name. */
export const REBUILDS_COLLECTION = '$rebuilds';

export interface GenerationPointer {
  live: number;
  phase: 'idle' | 'building' | 'retiring';
  /** building: the generation being built. */
  next?: number;
  /** retiring: the generation readers have just left. */
  retired?: number;
  /** The rebuild job driving the phase (building, retiring). */
  job?: string;
  /** The highest generation ever used: a new job builds the one after it, so it starts empty. */
  last: number;
}

export const INITIAL_POINTER: GenerationPointer = { live: 0, phase: 'idle', last: 0 };

export function generationCollection(projection: string, generation: number): string {
  return generation === 0 ? projection : `${projection}.g${generation}`;
}

export class Generations {
  private readonly cache = new Map<string, { pointer: GenerationPointer; at: number }>();

  constructor(
    private readonly documents: ProjectionDocumentStore,
    private readonly cacheInMs = 2_000,
  ) {}

  /** The pointer as stored now, with its ETag (undefined before the first rebuild). */
  async read(projection: string): Promise<{ pointer: GenerationPointer; etag?: string }> {
    const stored = await this.documents.get(REBUILDS_COLLECTION, projection);
    const pointer = (stored?.document.state as GenerationPointer | undefined) ?? INITIAL_POINTER;
    this.cache.set(projection, { pointer, at: performance.now() });
    return stored ? { pointer, etag: stored.etag } : { pointer };
  }

  /** The pointer as this process last read it, if that was within `cacheInMs`. */
  async current(projection: string): Promise<GenerationPointer> {
    const cached = this.cache.get(projection);
    if (cached && performance.now() - cached.at < this.cacheInMs) return cached.pointer;
    return (await this.read(projection)).pointer;
  }

  /** The collection readers read. */
  async liveCollection(projection: string): Promise<string> {
    return generationCollection(projection, (await this.current(projection)).live);
  }

  /** The collections writers apply events to, newer generation first, and the one readers read. */
  async targets(projection: string): Promise<{ write: string[]; live: string }> {
    const { live, phase, next, retired } = await this.current(projection);
    const order =
      phase === 'building' && next !== undefined
        ? [next, live]
        : phase === 'retiring' && retired !== undefined
          ? [live, retired]
          : [live];
    const write = order.map((generation) => generationCollection(projection, generation));
    return { write, live: generationCollection(projection, live) };
  }

  /**
   * Changes the pointer with `change` (undefined: leave it) under If-Match, reading again after a lost race;
   * returns the pointer as it then stands.
   */
  async update(
    projection: string,
    change: (pointer: GenerationPointer) => GenerationPointer | undefined,
  ): Promise<GenerationPointer> {
    for (;;) {
      const { pointer, etag } = await this.read(projection);
      const next = change(pointer);
      if (!next) return pointer;
      const document = { projection, key: projection, updatedAt: new Date().toISOString(), state: next };
      try {
        await this.documents.put(REBUILDS_COLLECTION, projection, document, { etag });
        this.cache.set(projection, { pointer: next, at: performance.now() });
        return next;
      } catch (error) {
        if (!isDocumentConflict(error)) throw error;
      }
    }
  }
}

// Snapshots as JSON files beside the Local File event store (`<folder>/<aggregateType>/<id>.json`), written
// to a temporary file and renamed, so a reader never sees half a snapshot.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StreamId } from '../eventStore.js';
import { encodeFileName } from '../fileNames.js';
import type { SnapshotStore } from './snapshotStore.js';

export class LocalFileSnapshotStore implements SnapshotStore {
  constructor(private readonly folder: string) {}

  async read(stream: StreamId): Promise<unknown> {
    try {
      return JSON.parse(await readFile(this.path(stream), 'utf8'));
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async write(stream: StreamId, document: unknown): Promise<void> {
    const path = this.path(stream);
    await mkdir(join(this.folder, stream.aggregateType), { recursive: true });
    const temporary = `${path}.${randomUUID()}.tmp`;
    await writeFile(temporary, JSON.stringify(document));
    await rename(temporary, path);
  }

  private path(stream: StreamId): string {
    return join(this.folder, stream.aggregateType, `${encodeFileName(stream.aggregateId)}.json`);
  }
}

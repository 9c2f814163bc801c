// Publish intents as small JSON files in a folder beside the Local File event store; written to a
// temporary name and renamed, so a reader never sees half an intent.
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PublishIntent, PublishIntentStore } from './publishIntentStore.js';

export class LocalFilePublishIntentStore implements PublishIntentStore {
  constructor(private readonly folder: string) {}

  async record(intent: PublishIntent): Promise<void> {
    await mkdir(this.folder, { recursive: true });
    const path = this.path(intent);
    await writeFile(`${path}.tmp`, JSON.stringify(intent));
    await rename(`${path}.tmp`, path);
  }

  async remove(intent: PublishIntent): Promise<void> {
    await unlink(this.path(intent)).catch((error: { code?: string }) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  async *pagesCreatedBefore(cutoff: Date, pageSize: number): AsyncIterable<PublishIntent[]> {
    let names: string[];
    try {
      names = (await readdir(this.folder)).filter((name) => name.endsWith('.json'));
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return;
      throw error;
    }
    const iso = cutoff.toISOString();
    let page: PublishIntent[] = [];
    for (const name of names) {
      const intent = await readFile(join(this.folder, name), 'utf8')
        .then((json) => JSON.parse(json) as PublishIntent)
        .catch(() => undefined); // removed meanwhile
      if (intent && intent.createdAt <= iso) page.push(intent);
      if (page.length >= pageSize) {
        yield page;
        page = [];
      }
    }
    if (page.length > 0) yield page;
  }

  private path(intent: PublishIntent): string {
    return join(this.folder, `${intent.id}.json`);
  }
}

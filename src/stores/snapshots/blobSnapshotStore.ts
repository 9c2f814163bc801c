// Snapshots as block blobs `<aggregateType>/<aggregateId>.json` in a container (default `snapshots`) of
// the same storage account as the event store. One request to read, one to replace.
import type { ContainerClient } from '@azure/storage-blob';
import { isRestError } from '../azureErrors.js';
import type { StreamId } from '../eventStore.js';
import type { SnapshotStore } from './snapshotStore.js';

export class BlobSnapshotStore implements SnapshotStore {
  private containerReady: Promise<unknown> | undefined;

  constructor(private readonly container: ContainerClient) {}

  async read(stream: StreamId): Promise<unknown> {
    try {
      // One GET (downloadToBuffer would first ask for the size with a HEAD).
      const response = await this.blob(stream).download();
      const chunks: Buffer[] = [];
      for await (const chunk of response.readableStreamBody ?? []) chunks.push(chunk as Buffer);
      return JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch (error) {
      if (isRestError(error, 404)) return undefined;
      throw error;
    }
  }

  async write(stream: StreamId, document: unknown): Promise<void> {
    const body = JSON.stringify(document);
    const upload = () =>
      this.blob(stream).upload(body, Buffer.byteLength(body), {
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
    try {
      await upload();
    } catch (error) {
      if (!isRestError(error, 404)) throw error;
      this.containerReady ??= this.container.createIfNotExists();
      await this.containerReady;
      await upload();
    }
  }

  private blob(stream: StreamId) {
    return this.container.getBlockBlobClient(`${stream.aggregateType}/${stream.aggregateId}.json`);
  }
}

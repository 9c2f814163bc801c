// Where stream files live: `{directory}/{aggregateType}/` in one share. The share and directories are created
// on first need (when a create reports them missing), not checked on every call.
import type { ShareClient, ShareDirectoryClient, ShareFileClient } from '@azure/storage-file-share';
import { isRestError } from '../azureErrors.js';
import type { StreamId } from '../eventStore.js';
import { streamFileName } from './streamFile.js';

export class StreamDirectories {
  private readonly base: string[];
  /** Creations under way, shared by concurrent callers that all found the same directory missing. */
  private readonly creating = new Map<string, Promise<void>>();

  constructor(
    readonly share: ShareClient,
    directory: string,
  ) {
    this.base = directory.split('/').filter((segment) => segment !== '');
  }

  /** The directory's path in the share, e.g. `streams/bank.account`. */
  path(aggregateType: string): string {
    return [...this.base, aggregateType].join('/');
  }

  directory(aggregateType: string): ShareDirectoryClient {
    return this.share.getDirectoryClient(this.path(aggregateType));
  }

  file(stream: StreamId): ShareFileClient {
    return this.directory(stream.aggregateType).getFileClient(streamFileName(stream.aggregateId));
  }

  /** Runs `operation`; if the share or a parent directory is missing (404), creates them and runs it again. */
  async withDirectories<T>(aggregateType: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (!isRestError(error, 404)) throw error;
    }
    await this.ensure(aggregateType);
    return operation();
  }

  private ensure(aggregateType: string): Promise<void> {
    const path = this.path(aggregateType);
    let creation = this.creating.get(path);
    if (!creation) {
      creation = this.create(aggregateType).finally(() => this.creating.delete(path));
      this.creating.set(path, creation);
    }
    return creation;
  }

  private async create(aggregateType: string): Promise<void> {
    const segments = [...this.base, aggregateType];
    const createDirectories = async () => {
      for (let depth = 1; depth <= segments.length; depth++) {
        await this.share.getDirectoryClient(segments.slice(0, depth).join('/')).createIfNotExists();
      }
    };
    try {
      await createDirectories();
    } catch (error) {
      // Only a missing share is created here: with a managed identity the data plane cannot create shares
      // (infra/ provisions it), so the share is never touched when it exists.
      if (!isRestError(error, 404)) throw error;
      await this.share.createIfNotExists();
      await createDirectories();
    }
  }
}

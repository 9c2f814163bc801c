// In-memory model of the File service: shares hold a tree of directories and files. It knows the
// service's structural rules (what exists, parents, emptiness); HTTP concerns live in the handlers.
import { randomUUID } from 'node:crypto';
import * as errors from '../errors.js';
import { SparseContent } from './sparseContent.js';

/** Metadata names keep the case the client sent; lookups on them are case-insensitive on Azure. */
export type Metadata = Record<string, string>;

/** Standard content headers stored with a file (`x-ms-content-type` → `Content-Type` on reads). */
export type ContentHeaders = Partial<Record<ContentHeaderName, string>>;
export type ContentHeaderName =
  | 'Content-Type'
  | 'Content-Encoding'
  | 'Content-Language'
  | 'Cache-Control'
  | 'Content-Disposition';

interface Stamped {
  etag: string;
  lastModified: Date;
}

interface Node extends Stamped {
  /** The name as created; the tree is keyed case-insensitively because Azure Files is. */
  name: string;
  id: string;
  created: Date;
  metadata: Metadata;
}

export interface StoredDirectory extends Node {
  kind: 'directory';
  children: Map<string, StoredEntry>;
}

export interface StoredFile extends Node {
  kind: 'file';
  content: SparseContent;
  contentHeaders: ContentHeaders;
  /** Leases on files are infinite, so a lease is just its id until released or broken. */
  leaseId: string | undefined;
}

export type StoredEntry = StoredDirectory | StoredFile;

export interface StoredShare extends Stamped {
  name: string;
  quotaGiB: number;
  metadata: Metadata;
  root: StoredDirectory;
}

/** A page of a directory listing; `nextMarker` is empty when there is nothing more. */
export interface ListingPage {
  entries: StoredEntry[];
  nextMarker: string;
}

let lastEtag = 0n;

/** A fresh, strictly increasing ETag in Azure's quoted hex style (100 ns ticks, like Azure's). */
export const nextEtag = (): string => {
  const now = BigInt(Date.now()) * 10_000n;
  lastEtag = now > lastEtag ? now : lastEtag + 1n;
  return `"0x${lastEtag.toString(16).toUpperCase()}"`;
};

/** Records a change: new ETag and Last-Modified. */
export const touch = (node: Stamped): void => {
  node.etag = nextEtag();
  node.lastModified = new Date();
};

const keyOf = (name: string) => name.toLowerCase();

const newNode = (name: string, metadata: Metadata): Node => {
  const now = new Date();
  return { name, id: randomUUID(), created: now, lastModified: now, etag: nextEtag(), metadata };
};

export class FilesModel {
  private readonly shares = new Map<string, StoredShare>();

  createShare(name: string, metadata: Metadata, quotaGiB: number): StoredShare {
    if (this.shares.has(name)) throw errors.shareAlreadyExists();
    const root: StoredDirectory = { ...newNode('', {}), kind: 'directory', children: new Map() };
    const share: StoredShare = { name, quotaGiB, metadata, root, etag: nextEtag(), lastModified: new Date() };
    this.shares.set(name, share);
    return share;
  }

  getShare(name: string): StoredShare {
    const share = this.shares.get(name);
    if (!share) throw errors.shareNotFound();
    return share;
  }

  deleteShare(name: string): void {
    if (!this.shares.delete(name)) throw errors.shareNotFound();
  }

  createDirectory(shareName: string, path: readonly string[], metadata: Metadata): StoredDirectory {
    const { parent, name, entry } = this.locate(shareName, path);
    if (entry)
      throw entry.kind === 'directory' ? errors.resourceAlreadyExists() : errors.resourceTypeMismatch();
    const directory: StoredDirectory = { ...newNode(name, metadata), kind: 'directory', children: new Map() };
    parent.children.set(keyOf(name), directory);
    return directory;
  }

  /** The directory at `path`; the empty path is the share's root directory. */
  getDirectory(shareName: string, path: readonly string[]): StoredDirectory {
    if (path.length === 0) return this.getShare(shareName).root;
    const { entry } = this.locate(shareName, path);
    if (entry?.kind !== 'directory') throw errors.resourceNotFound();
    return entry;
  }

  deleteDirectory(shareName: string, path: readonly string[]): void {
    if (path.length === 0) throw errors.invalidUri('The root directory cannot be deleted.');
    const { parent, name } = this.locate(shareName, path);
    const directory = this.getDirectory(shareName, path);
    if (directory.children.size > 0) throw errors.directoryNotEmpty();
    parent.children.delete(keyOf(name));
  }

  /** Creates the file, or replaces an existing one (Azure's Create File has no "if not exists"). */
  createFile(shareName: string, path: readonly string[], size: number, metadata: Metadata): StoredFile {
    const { parent, name, entry } = this.locate(shareName, path);
    if (entry?.kind === 'directory') throw errors.resourceTypeMismatch();
    const file: StoredFile = {
      ...newNode(entry?.name ?? name, metadata),
      kind: 'file',
      content: new SparseContent(size),
      contentHeaders: {},
      leaseId: entry?.leaseId, // a replaced file keeps its lease: the lease holder did the replace
    };
    if (entry) file.created = entry.created;
    parent.children.set(keyOf(name), file);
    return file;
  }

  /** The file at `path`, if the path exists; errors say which part is missing. */
  findFile(shareName: string, path: readonly string[]): StoredFile | undefined {
    const { entry } = this.locate(shareName, path);
    if (entry?.kind === 'directory') throw errors.resourceTypeMismatch();
    return entry;
  }

  getFile(shareName: string, path: readonly string[]): StoredFile {
    const file = this.findFile(shareName, path);
    if (!file) throw errors.resourceNotFound();
    return file;
  }

  deleteFile(shareName: string, path: readonly string[]): void {
    const { parent, name } = this.locate(shareName, path);
    parent.children.delete(keyOf(name));
  }

  /**
   * Rename File: moves a file to another path in the same share, keeping its content, metadata and lease.
   * An existing destination file is replaced only when asked; a change of case alone renames in place.
   */
  renameFile(
    shareName: string,
    source: readonly string[],
    destination: readonly string[],
    replaceIfExists: boolean,
  ): StoredFile {
    const from = this.locate(shareName, source);
    if (from.entry?.kind !== 'file')
      throw from.entry ? errors.resourceTypeMismatch() : errors.resourceNotFound();
    const file = from.entry;
    const to = this.locate(shareName, destination);
    if (to.entry !== undefined && to.entry !== file) {
      if (to.entry.kind === 'directory') throw errors.resourceTypeMismatch();
      if (!replaceIfExists) throw errors.resourceAlreadyExists();
    }
    from.parent.children.delete(keyOf(from.name));
    file.name = to.name;
    to.parent.children.set(keyOf(to.name), file);
    touch(file);
    return file;
  }

  /** Lists a directory in name order, Azure-style: `marker` is the first name of the next page. */
  list(directory: StoredDirectory, prefix: string, marker: string, maxResults: number): ListingPage {
    const lowerPrefix = keyOf(prefix);
    const lowerMarker = keyOf(marker);
    const matching = [...directory.children.entries()]
      .filter(([key]) => key.startsWith(lowerPrefix) && key >= lowerMarker)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, entry]) => entry);
    const entries = matching.slice(0, maxResults);
    return { entries, nextMarker: matching[maxResults]?.name ?? '' };
  }

  // Resolves the parent directory of `path` (which must name an entry, not the root).
  private locate(shareName: string, path: readonly string[]) {
    const share = this.getShare(shareName);
    const name = path.at(-1);
    if (name === undefined) throw errors.invalidUri('A file or directory name is required.');
    let parent = share.root;
    for (const segment of path.slice(0, -1)) {
      const next = parent.children.get(keyOf(segment));
      if (next?.kind !== 'directory') throw errors.parentNotFound();
      parent = next;
    }
    return { parent, name, entry: parent.children.get(keyOf(name)) };
  }
}

// Opens the Files emulator's persisted state (`--persist DIR` keeps it in DIR/files): takes the folder's
// lock, replays the journal into the model up to the last whole record (a record torn by a kill was never
// acknowledged, so it is cut off), and from then on records every change in the journal.
import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { applyChange } from '../model/changes.js';
import type { FilesModel } from '../model/filesModel.js';
import { decodeChange, headerBytes, readHeader } from './codec.js';
import { Journal, syncFolder } from './journal.js';

export interface PersistenceOptions {
  /** Compact the journal once it is past this many bytes (and twice the live data). Default 64 MiB. */
  compactAtBytes?: number;
}

export interface OpenJournal {
  journal: Journal;
  /** Closes the journal and releases the folder's lock. */
  close(): Promise<void>;
}

export const openJournal = (
  folder: string,
  model: FilesModel,
  options: PersistenceOptions = {},
): OpenJournal => {
  mkdirSync(folder, { recursive: true });
  const lock = takeLock(folder);
  const files = { folder, journal: join(folder, 'journal.log'), temporary: join(folder, 'journal.tmp') };
  // A checkpoint that was not renamed into place is unfinished; the journal beside it is whole.
  rmSync(files.temporary, { force: true });
  const size = replay(files.journal, model);
  const fd = openSync(files.journal, 'a');
  syncFolder(folder);
  const journal = new Journal(files, fd, size, model.state, options.compactAtBytes ?? 64 * 1024 * 1024);
  model.recordTo(journal);
  return {
    journal,
    close: async () => {
      await journal.close();
      rmSync(lock, { force: true });
    },
  };
};

/** Applies every whole record; cuts the file after the last one. Returns the journal's size. */
const replay = (path: string, model: FilesModel): number => {
  if (!existsSync(path)) return 0;
  const fd = openSync(path, 'r+');
  try {
    let offset = 0;
    for (;;) {
      const header = Buffer.alloc(headerBytes);
      if (readSync(fd, header, 0, headerBytes, offset) < headerBytes) break;
      const { jsonLength, payloadLength, checksum } = readHeader(header);
      const body = Buffer.alloc(jsonLength + payloadLength);
      if (readSync(fd, body, 0, body.length, offset + headerBytes) < body.length) break;
      const change = decodeChange({ jsonLength, payloadLength, checksum }, body);
      if (change === undefined) break;
      applyChange(model.state, change);
      offset += headerBytes + body.length;
    }
    ftruncateSync(fd, offset);
    fsyncSync(fd);
    return offset;
  } finally {
    closeSync(fd);
  }
};

// One emulator per folder: a second one appending to the same journal would corrupt it. The lock names
// its process, so a lock left by a killed emulator is taken over rather than blocking a restart.
const takeLock = (folder: string): string => {
  const lock = join(folder, 'lock');
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8'));
    if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid))
      throw new Error(`Azure Files emulator: ${folder} is in use by process ${pid}`);
  }
  writeFileSync(lock, String(process.pid));
  return lock;
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

// The stream file format: one line per command, holding the JSON array of that command's envelopes, so a
// reader sees all of a command's events or none. A crash (or a write still in progress) leaves a last line
// without its newline; readers ignore it and the next writer truncates it before appending.
import type { FileHandle } from 'node:fs/promises';
import type { EventEnvelope } from '../eventStore.js';

export interface StreamTail {
  /** Version of the last complete record, 0 when there is none. */
  version: number;
  /** Byte length of the complete records; anything after it is a torn write. */
  endOffset: number;
}

/** Finds the last complete record by reading backwards from the end in growing chunks. */
export async function readTail(file: FileHandle): Promise<StreamTail> {
  const { size } = await file.stat();
  let chunkSize = 64 * 1024;
  for (;;) {
    const start = Math.max(0, size - chunkSize);
    const buffer = Buffer.alloc(size - start);
    await file.read(buffer, 0, buffer.length, start);
    const lastNewline = buffer.lastIndexOf(0x0a);
    if (lastNewline < 0 && start === 0) return { version: 0, endOffset: 0 };
    if (lastNewline >= 0) {
      const previousNewline = buffer.lastIndexOf(0x0a, lastNewline - 1);
      if (previousNewline >= 0 || start === 0) {
        const line = buffer.subarray(previousNewline + 1, lastNewline).toString('utf8');
        const version = (JSON.parse(line) as EventEnvelope[]).at(-1)?.version ?? 0;
        return { version, endOffset: start + lastNewline + 1 };
      }
    }
    chunkSize *= 4;
  }
}

/** Parses the complete lines of a stream file into envelopes, oldest first. */
export function parseRecords(content: Buffer): EventEnvelope[] {
  const end = content.lastIndexOf(0x0a);
  if (end < 0) return [];
  return content
    .subarray(0, end)
    .toString('utf8')
    .split('\n')
    .flatMap((line) => JSON.parse(line) as EventEnvelope[]);
}

// The namespace the emulator starts with. In memory: what the options declare. With `persistFolder`: the
// journal in `persistFolder/servicebus/` replayed, the declared entities applied on top, the result written
// back as a compacted journal, and from then on every change appended to it before it is acknowledged.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceBusEmulatorOptions } from '../definitions.js';
import { declareEntities } from '../model/declare.js';
import { JournalSwitch } from '../model/journal.js';
import { Namespace } from '../model/namespace.js';
import { FileJournal } from './fileJournal.js';
import { parseJournal } from './records.js';
import { restoreNamespace } from './restore.js';
import { writeSnapshot } from './snapshot.js';

export const journalFile = 'journal.ndjson';

export async function openNamespace(
  options: ServiceBusEmulatorOptions,
): Promise<{ namespace: Namespace; closeJournal: () => Promise<void> }> {
  const journal = new JournalSwitch();
  const namespace = new Namespace(journal);
  if (!options.persistFolder) {
    declareEntities(namespace, options.queues ?? [], options.topics ?? []);
    return { namespace, closeJournal: async () => {} };
  }
  const folder = join(options.persistFolder, 'servicebus');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, journalFile);
  try {
    restoreNamespace(namespace, parseJournal(existsSync(path) ? readFileSync(path, 'utf8') : ''));
    declareEntities(namespace, options.queues ?? [], options.topics ?? []);
    await writeSnapshot(namespace, path);
  } catch (error) {
    namespace.close();
    throw error;
  }
  const file = await FileJournal.open(path);
  journal.target = file;
  return { namespace, closeJournal: () => file.close() };
}

// In-process CPU per command on the In-Memory store, no HTTP and no bus: the real pipeline (the bank account's
// deposit on a remembered aggregate, with reliable publishing to a publisher that only counts) in a loop. Run
// it under `node --cpu-prof` to see where the time goes: `npm run build && node --cpu-prof
// --cpu-prof-dir=/tmp/prof dist/bench/cpuPerCommand.js`.
import { CommandHandler } from '../src/commands/commandHandler.js';
import { CommandRegistry } from '../src/commands/registry.js';
import { bankAccount } from '../src/domain/bankAccount/index.js';
import type { EventPublisher } from '../src/messaging/publisher.js';
import { ReliablePublisher } from '../src/messaging/reliablePublisher.js';
import { InMemoryEventStore } from '../src/stores/inMemory/inMemoryEventStore.js';
import { InMemoryPublishIntentStore } from '../src/stores/intents/inMemoryPublishIntentStore.js';
import { deposit } from './ours.js';
import { type LatencySummary, round, summarize } from './stats.js';

export interface CpuPerCommandResult {
  commands: number;
  /** User + system CPU of the process per command, background publishing included (µs). */
  cpuPerCommandInMicroseconds: number;
  /** Wall time of `handle` per command. */
  latency: LatencySummary;
}

export async function measureCpuPerCommand(commands: number): Promise<CpuPerCommandResult> {
  let published = 0;
  const publisher: EventPublisher = {
    publish: async (events) => {
      published += events.length;
    },
    checkHealth: async () => {},
    close: async () => {},
  };
  const store = new InMemoryEventStore();
  const publication = new ReliablePublisher({ intents: new InMemoryPublishIntentStore(), publisher });
  const handler = new CommandHandler({
    registry: new CommandRegistry().register(bankAccount),
    storageFor: () => ({ store, idempotencyKeys: 100 }),
    retryLimit: 3,
    publication,
  });
  const id = 'cpu-account';
  await handler.handle({ ...deposit(id), commandName: 'open', payload: { owner: 'Bench' } });
  for (let index = 0; index < 2_000; index++) await handler.handle(deposit(id)); // warm-up (JIT)
  await publication.flush();
  const samples: number[] = [];
  const cpu = process.cpuUsage();
  for (let index = 0; index < commands; index++) {
    const started = performance.now();
    await handler.handle(deposit(id));
    samples.push(performance.now() - started);
    await publication.flush();
  }
  const used = process.cpuUsage(cpu);
  if (published < commands) throw new Error(`only ${published} of ${commands} events were published`);
  return {
    commands,
    cpuPerCommandInMicroseconds: round((used.user + used.system) / commands, 1),
    latency: summarize(samples),
  };
}

if (process.argv[1]?.endsWith('cpuPerCommand.js')) {
  const result = await measureCpuPerCommand(Number(process.argv[2] ?? 20_000));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

// Rebuild jobs in tests without the Service Bus queue: an in-process queue (duplicates by message id dropped,
// delays honoured) and a helper that starts a job and works its steps until it has finished.
import type { Application, QueuedWork, WorkQueue } from '../../src/application.js';
import type { RebuildJob } from '../../src/projections/index.js';

interface Pending {
  messageId: string;
  body: QueuedWork;
  dueAt: number;
}

export class InMemoryRebuildQueue implements WorkQueue {
  private readonly pending: Pending[] = [];
  private readonly seen = new Set<string>();

  async send(items: { messageId: string; body: QueuedWork }[], options: { delayInMs?: number } = {}) {
    for (const { messageId, body } of items) {
      if (this.seen.has(messageId)) continue;
      this.seen.add(messageId);
      this.pending.push({ messageId, body, dueAt: Date.now() + (options.delayInMs ?? 0) });
    }
  }

  get size(): number {
    return this.pending.length;
  }

  /** Works the steps as they fall due, `concurrency` at a time, until none is left. */
  async drain(work: (body: QueuedWork) => Promise<void>, concurrency = 4): Promise<void> {
    const running = new Set<Promise<void>>();
    while (this.pending.length > 0 || running.size > 0) {
      const due = this.pending.findIndex((item) => item.dueAt <= Date.now());
      if (due >= 0 && running.size < concurrency) {
        const [item] = this.pending.splice(due, 1);
        const task: Promise<void> = work((item as Pending).body).finally(() => running.delete(task));
        running.add(task);
        continue;
      }
      await Promise.race([...running, new Promise((resolve) => setTimeout(resolve, 10))]);
    }
  }
}

const queues = new WeakMap<Application, InMemoryRebuildQueue>();

export function rememberQueue(application: Application, queue: InMemoryRebuildQueue): void {
  queues.set(application, queue);
}

export function queueOf(application: Application): InMemoryRebuildQueue {
  const queue = queues.get(application);
  if (!queue) throw new Error('This application sends rebuild steps to Service Bus, not to a test queue');
  return queue;
}

/** Starts a rebuild of `projection`, works it to the end, and answers the finished job. */
export async function rebuildNow(application: Application, projection: string): Promise<RebuildJob> {
  const { rebuilds } = application.projections;
  const job = await rebuilds.start(projection);
  await queueOf(application).drain((body) => rebuilds.work(body));
  const finished = await rebuilds.get(projection, job.id);
  if (finished.phase !== 'finished') throw new Error(`Rebuild ${job.id} stopped at ${finished.phase}`);
  return finished;
}

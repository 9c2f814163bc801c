// Counting the storage requests one traced operation makes: the operation puts a counter in the active
// context (`countRequests`), and a pipeline policy on the Azure SDK clients (`countRequestPolicy`) adds
// one for each HTTP request (each retry too) sent within it.
import { type Context, context, createContextKey } from '@opentelemetry/api';

const REQUESTS = createContextKey('app.store.requests');

interface RequestCounter {
  count: number;
}

/** Runs `work` with a fresh request counter and reports what it counted (0 for a store with no HTTP), even on failure. */
export async function countRequests<T>(
  work: () => Promise<T>,
  report: (requests: number) => void,
): Promise<T> {
  const counter: RequestCounter = { count: 0 };
  const active: Context = context.active().setValue(REQUESTS, counter);
  try {
    return await context.with(active, work);
  } finally {
    report(counter.count);
  }
}

/** An Azure SDK pipeline policy (per retry) that counts requests in the active counter, if any. */
export const countRequestPolicy = {
  name: 'countRequests',
  sendRequest: <Request, Response>(request: Request, next: (request: Request) => Promise<Response>) => {
    const counter = context.active().getValue(REQUESTS) as RequestCounter | undefined;
    if (counter) counter.count++;
    return next(request);
  },
};

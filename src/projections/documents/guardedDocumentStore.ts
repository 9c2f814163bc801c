// The document store as the read side uses it: every call has a deadline, and a store that cannot be reached
// is reported as 503 store-unavailable (with Retry-After), as the event stores do, never as an internal error.
import { StoreUnavailableError } from '../../errors.js';
import { isUnavailable } from '../../stores/azureErrors.js';
import { withDeadline } from '../../stores/deadline.js';
import type { ProjectionDocumentStore } from './documentStore.js';

export function guardedDocumentStore(
  store: ProjectionDocumentStore,
  deadlineInMs: number,
): ProjectionDocumentStore {
  const what = `The ${store.name} projection store`;
  const guard = <T>(work: () => Promise<T>): Promise<T> =>
    withDeadline(what, deadlineInMs, async () => {
      try {
        return await work();
      } catch (error) {
        if (!isUnavailable(error) || error instanceof StoreUnavailableError) throw error;
        throw new StoreUnavailableError(`${what} is unavailable; retry the request.`, 5, { cause: error });
      }
    });
  return {
    name: store.name,
    get: (projection, key) => guard(() => store.get(projection, key)),
    put: (projection, key, document, options) => guard(() => store.put(projection, key, document, options)),
  };
}

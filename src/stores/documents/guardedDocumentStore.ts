// The document store as the read side uses it: every call has a deadline, and a store that cannot be reached
// is reported as 503 store-unavailable (with Retry-After), as the event stores do, never as an internal error.
import { StoreUnavailableError } from '../../errors.js';
import { isUnavailable } from '../azureErrors.js';
import { withDeadline } from '../deadline.js';
import type { DocumentStore } from './documentStore.js';

export function guardedDocumentStore<D>(store: DocumentStore<D>, deadlineInMs: number): DocumentStore<D> {
  const what = `The ${store.name} document store`;
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
    get: (collection, key) => guard(() => store.get(collection, key)),
    put: (collection, key, document, options) => guard(() => store.put(collection, key, document, options)),
    list: (collection, options) => guard(() => store.list(collection, options)),
    delete: (collection, key, options) => guard(() => store.delete(collection, key, options)),
  };
}

// Which failures of the workflow engine are worth another try: a store or the bus out of reach, or other writers
// winning too often. A command failing so is retried with backoff (then the instance is stuck); a message handler
// failing so retries within the invocation. Anything else (a bug, a crash) is not retried here: the message is
// given back and delivered again, and its handler finishes what was recorded.
import { isServiceBusError } from '@azure/service-bus';
import { ConcurrencyError, StoreUnavailableError } from '../errors.js';
import { isUnavailable } from '../stores/azureErrors.js';

export function isTransientWorkflowFailure(error: unknown): boolean {
  return (
    error instanceof StoreUnavailableError ||
    error instanceof ConcurrencyError ||
    isUnavailable(error) ||
    (isServiceBusError(error) && error.retryable)
  );
}

// Which failures of the projection runner are worth retrying: the stores could not be reached or did not
// answer, the event store has not (yet) got the events a message implies, or other writers kept winning the
// document's races. Anything else (a message that is not an event, a stream this code cannot read) fails the
// same way every time, so it is not retried: after the subscription's deliveries it is dead-lettered.
import { StoreUnavailableError } from '../errors.js';
import { isUnavailable } from '../stores/azureErrors.js';
import { TooManyConflictsError } from './documentUpdate.js';
import { MissingEventsError } from './projectionEvents.js';

export function isTransientProjectionFailure(error: unknown): boolean {
  return (
    error instanceof StoreUnavailableError ||
    error instanceof MissingEventsError ||
    error instanceof TooManyConflictsError ||
    isUnavailable(error)
  );
}

/** What `work` gives, or nothing when it failed transiently: for a poll that simply looks again later. */
export function unlessTransient<T>(work: Promise<T>): Promise<T | undefined> {
  return work.catch((error: unknown) => {
    if (!isTransientProjectionFailure(error)) throw error;
    return undefined;
  });
}

// A test-only aggregate, `test.emitter`, whose single command emits as many and as large events as asked,
// to exercise limits and transactions that the sample domains never reach.
import { z } from 'zod';
import type { AggregateDefinition, Command, DomainEvent } from '../../src/domain/decider.js';

type Emit = Command<'emit', { count: number; size: number }>;
type Emitted = DomainEvent<'Emitted', { n: number; text: string }>;

export interface EmitterState {
  emitted: number;
  /** Sum of the events' `n`, so two different histories rarely fold to the same state. */
  checksum: number;
}

export const emitter: AggregateDefinition<EmitterState, Emit, Emitted> = {
  type: 'test.emitter',
  commands: {
    emit: z.strictObject({
      count: z.number().int().min(0).max(500),
      size: z.number().int().min(0).default(0),
    }),
  },
  eventTypes: ['Emitted'],
  decider: {
    initialState: () => ({ emitted: 0, checksum: 0 }),
    decide: (command, state) =>
      Array.from({ length: command.data.count }, (_, index) => ({
        type: 'Emitted' as const,
        data: { n: state.emitted + index + 1, text: 'x'.repeat(command.data.size) },
      })),
    evolve: (state, event) => ({
      emitted: state.emitted + 1,
      checksum: (state.checksum * 31 + event.data.n) % 1_000_000_007,
    }),
  },
};

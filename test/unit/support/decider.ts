// Given / when / then for deciders: given past events, when a command (its payload parsed by the command's
// own zod schema, as the pipeline does), then the new events, a domain rejection, or "not found".
import { expect } from 'vitest';
import type { z } from 'zod';
import type { AggregateDefinition, Command, DomainEvent } from '../../../src/domain/decider.js';
import { AggregateNotFound, DomainRuleViolated } from '../../../src/domain/decider.js';
import { thrownBy } from './thrown.js';

export const NOW = '2026-01-01T12:00:00.000Z';

export interface DeciderThen<E> {
  then(expected: E[]): void;
  thenRejects(reason: string): void;
  thenNotFound(): void;
}

export function deciderSpec<S, C extends Command, E extends DomainEvent>(
  aggregate: AggregateDefinition<S, C, E>,
) {
  const { decider } = aggregate;
  return function given(events: E[]) {
    return {
      when(type: C['type'], payload: unknown = {}): DeciderThen<E> {
        const schema = aggregate.commands[type] as z.ZodType;
        const command = { type, data: schema.parse(payload), metadata: { now: NOW } } as C;
        const run = () => decider.decide(command, events.reduce(decider.evolve, decider.initialState()));
        return {
          // biome-ignore lint/suspicious/noThenProperty: given/when/then is the test's vocabulary; never awaited.
          then(expected) {
            expect(run()).toEqual(expected);
          },
          thenRejects(reason) {
            const error = thrownBy(run);
            expect(error).toBeInstanceOf(DomainRuleViolated);
            expect((error as DomainRuleViolated).reason).toBe(reason);
          },
          thenNotFound() {
            expect(thrownBy(run)).toBeInstanceOf(AggregateNotFound);
          },
        };
      },
    };
  };
}

// The bank sample through an application's command pipeline and stores, for the workflow tests: open and fund
// accounts, request and approve transfers, read balances and streams, wait for transfers to end.
import { randomUUID } from 'node:crypto';
import type { Application } from '../../src/application.js';
import { foldEvents } from '../../src/shared/catalogue.js';
import type { EventEnvelope } from '../../src/shared/envelope.js';

export const FINAL = ['completed', 'failed', 'expired'] as const;

export interface TransferState {
  status: string;
  from: string;
  to: string;
  amount: number;
  reason?: string;
}

export function bank(application: Application) {
  const send = (aggregateType: string, aggregateId: string, commandName: string, payload: unknown = {}) =>
    application.commands.handle({
      aggregateType,
      aggregateId,
      commandName,
      payload,
      causationId: randomUUID(),
      correlationId: randomUUID(),
    });
  const events = async (aggregateType: string, aggregateId: string): Promise<EventEnvelope[]> =>
    (await application.stores.forAggregateType(aggregateType).readStream({ aggregateType, aggregateId }))
      .events;
  const state = async <T>(aggregateType: string, aggregateId: string): Promise<T> => {
    const aggregate = application.registry.aggregate(aggregateType);
    return foldEvents(
      aggregate,
      aggregate.decider.initialState(),
      await events(aggregateType, aggregateId),
    ) as T;
  };
  const transfer = (id: string) => state<TransferState>('bank.transfer', id);
  return {
    send,
    events,
    transfer,
    async open(id: string, deposit = 0): Promise<void> {
      await send('bank.account', id, 'open', { owner: id });
      if (deposit > 0) await send('bank.account', id, 'deposit', { amount: deposit });
    },
    async openClosed(id: string): Promise<void> {
      await send('bank.account', id, 'open', { owner: id });
      await send('bank.account', id, 'close');
    },
    request: (id: string, from: string, to: string, amount: number) =>
      send('bank.transfer', id, 'request', { from, to, amount }),
    approve: (id: string) => send('bank.transfer', id, 'approve'),
    async balanceInCents(id: string): Promise<number> {
      return (await state<{ balanceInCents: number }>('bank.account', id)).balanceInCents;
    },
    /** Waits until every transfer has one of `statuses`; resolves with their states. */
    async waitFor(ids: string[], statuses: readonly string[] = FINAL, timeoutInMs = 20_000) {
      const deadline = Date.now() + timeoutInMs;
      for (;;) {
        const states = await Promise.all(ids.map(transfer));
        if (states.every(({ status }) => statuses.includes(status))) return states;
        if (Date.now() > deadline) {
          const waiting = ids.filter((_, index) => !statuses.includes(states[index]?.status ?? ''));
          throw new Error(`Transfers not ${statuses.join('/')} in ${timeoutInMs} ms: ${waiting.join(', ')}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}

// The rules of the `diary.item` sample aggregate.
import { isBefore } from '../dateTime.js';
import { AggregateNotFound, assertNever, DomainRuleViolated } from '../decider.js';
import type { DiaryItemCommand } from './commands.js';
import type { DiaryItemEvent } from './events.js';
import type { DiaryItemState } from './state.js';

export function decide(command: DiaryItemCommand, state: DiaryItemState): DiaryItemEvent[] {
  if (state.status === 'deleted')
    throw new DomainRuleViolated('item-deleted', 'The diary item has been deleted.');
  if (command.type === 'create') {
    if (state.status === 'active')
      throw new DomainRuleViolated('item-already-exists', 'The diary item already exists.');
    assertPeriod(command.data.from, command.data.to);
    return [{ type: 'ItemCreated', data: { ...command.data } }];
  }
  if (state.status === 'new') throw new AggregateNotFound('The diary item does not exist; create it first.');
  switch (command.type) {
    case 'rename':
      return [{ type: 'ItemRenamed', data: { title: command.data.title } }];
    case 'reschedule':
      assertPeriod(command.data.from, command.data.to);
      return [{ type: 'ItemRescheduled', data: { from: command.data.from, to: command.data.to } }];
    case 'delete':
      return [{ type: 'ItemDeleted', data: {} }];
    default:
      return assertNever(command);
  }
}

function assertPeriod(from: string, to: string): void {
  if (isBefore(to, from)) throw new DomainRuleViolated('invalid-period', '`to` must not be before `from`.');
}

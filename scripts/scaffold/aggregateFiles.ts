// The files of a new aggregate: a small, working decider to start from (create it, rename it), its
// given/when/then unit test, in the shape of the samples in src/domain/.
import type { AggregateNames } from './names.js';

export function aggregateFiles(n: AggregateNames): Record<string, string> {
  const folder = `src/domain/${n.camel}`;
  return {
    [`${folder}/commands.ts`]: `// Commands of the \`${n.type}\` aggregate and the schemas that validate their payloads.
import { z } from 'zod';
import type { Command } from '../decider.js';

const name = z.string().trim().min(1).max(200);

export const ${n.camel}Commands = {
  create: z.strictObject({ name }),
  rename: z.strictObject({ name }),
};

type Payload<Name extends keyof typeof ${n.camel}Commands> = z.output<(typeof ${n.camel}Commands)[Name]>;

export type ${n.pascal}Command = Command<'create', Payload<'create'>> | Command<'rename', Payload<'rename'>>;
`,
    [`${folder}/events.ts`]: `// Events of the \`${n.type}\` aggregate.
import type { DomainEvent } from '../decider.js';

export type ${n.noun}Created = DomainEvent<'${n.noun}Created', { name: string }>;
export type ${n.noun}Renamed = DomainEvent<'${n.noun}Renamed', { name: string }>;

export type ${n.pascal}Event = ${n.noun}Created | ${n.noun}Renamed;

export const ${n.camel}EventTypes = ['${n.noun}Created', '${n.noun}Renamed'] as const satisfies readonly ${n.pascal}Event['type'][];
`,
    [`${folder}/state.ts`]: `// The state of a \`${n.type}\`, folded from its events.
import { assertNever } from '../decider.js';
import type { ${n.pascal}Event } from './events.js';

export interface ${n.pascal}State {
  status: 'new' | 'created';
  name: string;
}

export function initialState(): ${n.pascal}State {
  return { status: 'new', name: '' };
}

export function evolve(state: ${n.pascal}State, event: ${n.pascal}Event): ${n.pascal}State {
  switch (event.type) {
    case '${n.noun}Created':
      return { status: 'created', name: event.data.name };
    case '${n.noun}Renamed':
      return { ...state, name: event.data.name };
    default:
      return assertNever(event);
  }
}
`,
    [`${folder}/decide.ts`]: `// The rules of the \`${n.type}\` aggregate.
import { AggregateNotFound, assertNever, DomainRuleViolated } from '../decider.js';
import type { ${n.pascal}Command } from './commands.js';
import type { ${n.pascal}Event } from './events.js';
import type { ${n.pascal}State } from './state.js';

export function decide(command: ${n.pascal}Command, state: ${n.pascal}State): ${n.pascal}Event[] {
  if (command.type === 'create') {
    if (state.status !== 'new') throw new DomainRuleViolated('${n.kebabNoun}-already-exists', 'It already exists.');
    return [{ type: '${n.noun}Created', data: { name: command.data.name } }];
  }
  if (state.status === 'new') throw new AggregateNotFound('It does not exist; create it first.');
  switch (command.type) {
    case 'rename':
      return [{ type: '${n.noun}Renamed', data: { name: command.data.name } }];
    default:
      return assertNever(command);
  }
}
`,
    [`${folder}/index.ts`]: `// The \`${n.type}\` aggregate: create it, rename it. Registered in src/domain/aggregates.ts.
import type { AggregateDefinition } from '../decider.js';
import { type ${n.pascal}Command, ${n.camel}Commands } from './commands.js';
import { decide } from './decide.js';
import { type ${n.pascal}Event, ${n.camel}EventTypes } from './events.js';
import { evolve, initialState, type ${n.pascal}State } from './state.js';

export type { ${n.pascal}Command } from './commands.js';
export type { ${n.pascal}Event } from './events.js';
export type { ${n.pascal}State } from './state.js';

export const ${n.camel}: AggregateDefinition<${n.pascal}State, ${n.pascal}Command, ${n.pascal}Event> = {
  type: '${n.type}',
  commands: ${n.camel}Commands,
  eventTypes: ${n.camel}EventTypes,
  decider: { initialState, decide, evolve },
};
`,
    [`test/unit/${n.camel}.test.ts`]: `// The ${n.type} decider: given past events, when a command, then events or a refusal.
import { describe, it } from 'vitest';
import { type ${n.pascal}Event, ${n.camel} } from '../../src/domain/${n.camel}/index.js';
import { deciderSpec } from './support/decider.js';

const given = deciderSpec(${n.camel});
const created: ${n.pascal}Event = { type: '${n.noun}Created', data: { name: 'First' } };

describe('${n.type}', () => {
  it('is created once', () => {
    given([]).when('create', { name: 'First' }).then([created]);
    given([created]).when('create', { name: 'Again' }).thenRejects('${n.kebabNoun}-already-exists');
  });

  it('is renamed once it exists', () => {
    given([created])
      .when('rename', { name: 'Second' })
      .then([{ type: '${n.noun}Renamed', data: { name: 'Second' } }]);
    given([]).when('rename', { name: 'Second' }).thenNotFound();
  });
});
`,
  };
}

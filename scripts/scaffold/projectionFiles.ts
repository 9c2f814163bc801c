// The files of a new projection: one document per aggregate of the type it follows, counting its events and
// keeping the last one's type and time (a starting point to edit), and its unit test.
import type { AggregateNames, ProjectionNames } from './names.js';

export function projectionFiles(p: ProjectionNames, a: AggregateNames): Record<string, string> {
  return {
    [`src/projections/samples/${p.camel}.ts`]: `// \`${p.name}\`: one document per ${a.type}, with how many events it has had and the last one's type and time.
// Registered in src/projections/index.ts.
import type { ${a.pascal}Event } from '../../domain/${a.camel}/index.js';
import { ${a.camel}EventTypes } from '../../domain/${a.camel}/events.js';
import type { PerAggregateProjection } from '../projection.js';

export interface ${p.pascal} {
  id: string;
  events: number;
  lastEventType: string;
  lastEventAt: string;
}

export const ${p.camel}: PerAggregateProjection<${p.pascal}, ${a.pascal}Event> = {
  kind: 'per-aggregate',
  name: '${p.name}',
  handles: { '${a.type}': ${a.camel}EventTypes },
  initialState: (id) => ({ id, events: 0, lastEventType: '', lastEventAt: '' }),
  apply: (state, event) => ({
    ...state,
    events: state.events + 1,
    lastEventType: event.type,
    lastEventAt: event.occurredAt,
  }),
};
`,
    [`test/unit/projections/${p.camel}.test.ts`]: `// The ${p.name} projection: events folded into its document, one per ${a.type}.
import { describe, expect, it } from 'vitest';
import type { ProjectionEvent } from '../../../src/projections/projection.js';
import { ${p.camel} } from '../../../src/projections/samples/${p.camel}.js';

const at = (n: number) => \`2026-01-0\${n}T12:00:00.000Z\`;
const event = (version: number, type: string): ProjectionEvent =>
  ({
    eventId: \`e-\${version}\`,
    aggregateType: '${a.type}',
    aggregateId: 'one',
    version,
    type,
    schemaVersion: 1,
    occurredAt: at(version),
    sequence: version,
    data: {},
    metadata: { correlationId: 'c', causationId: 'k', commandName: 'x' },
  }) as ProjectionEvent;

const eventTypes = Object.values(${p.camel}.handles)[0] ?? [];

describe('${p.name}', () => {
  it('counts the events and keeps the last one', () => {
    const events = eventTypes.map((type, index) => event(index + 1, type));
    const state = events.reduce(
      (folded, next) => ${p.camel}.apply(folded, next as never),
      ${p.camel}.initialState('one'),
    );
    expect(state).toEqual({
      id: 'one',
      events: events.length,
      lastEventType: events.at(-1)?.type,
      lastEventAt: events.at(-1)?.occurredAt,
    });
  });
});
`,
  };
}

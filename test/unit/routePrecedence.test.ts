// Issue 10 item 12: the local host tries routes in the Functions host's (ASP.NET's) order, so a literal
// segment beats a parameter in the same place.
import { describe, expect, it } from 'vitest';
import { orderByPrecedence } from '../../src/http/routeTemplates.js';

const names = (routes: { route: string }[]) => orderByPrecedence(routes).map(({ route }) => route);

describe('orderByPrecedence', () => {
  it('item 12: puts projections/{projection}/rebuild before projections/{projection}/{key}', () => {
    expect(
      names([
        { route: 'projections/{projection}/{key}' },
        { route: 'projections/{projection}' },
        { route: 'projections/{projection}/rebuild' },
      ]),
    ).toEqual([
      'projections/{projection}/rebuild',
      'projections/{projection}',
      'projections/{projection}/{key}',
    ]);
  });

  it('item 12: ranks more literal segments first, then fewer parameters', () => {
    expect(
      names([
        { route: 'streams/{aggregateType}/{aggregateId}' },
        { route: 'health' },
        { route: 'streams/{aggregateType}/{aggregateId}/state' },
        { route: 'commands/{aggregateType}/{aggregateId}/{commandName}' },
      ]),
    ).toEqual([
      'streams/{aggregateType}/{aggregateId}/state',
      'health',
      'streams/{aggregateType}/{aggregateId}',
      'commands/{aggregateType}/{aggregateId}/{commandName}',
    ]);
  });

  it('item 12: keeps the registration order of equal routes (a route and its method guard)', () => {
    const routes = [
      { name: 'postCommand', route: 'commands/{a}/{b}/{c}' },
      { name: 'postCommandMethodNotAllowed', route: 'commands/{a}/{b}/{c}' },
    ];
    expect(orderByPrecedence(routes)).toEqual(routes);
  });
});

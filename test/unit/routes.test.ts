// matchRoute: the local host's reading of Azure Functions route templates.
import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../src/http/routeTemplates.js';

const COMMANDS = 'commands/{aggregateType}/{aggregateId}/{commandName}';

describe('matchRoute', () => {
  it('matches literal and parameter segments', () => {
    expect(matchRoute(COMMANDS, 'commands/bank.account/acc-1/deposit')).toEqual({
      aggregateType: 'bank.account',
      aggregateId: 'acc-1',
      commandName: 'deposit',
    });
  });

  it('matches a template of literals only, with no parameters', () => {
    expect(matchRoute('health', 'health')).toEqual({});
  });

  it('ignores leading and trailing slashes', () => {
    expect(matchRoute('/streams/{id}/', '/streams/acc-1/')).toEqual({ id: 'acc-1' });
  });

  it('matches literal segments case-insensitively', () => {
    expect(matchRoute(COMMANDS, 'COMMANDS/bank.account/acc-1/deposit')).toMatchObject({
      aggregateId: 'acc-1',
    });
    expect(matchRoute('Streams/{id}/State', 'streams/x/STATE')).toEqual({ id: 'x' });
  });

  it('keeps the case of parameter values', () => {
    expect(matchRoute('streams/{id}', 'streams/AbC')).toEqual({ id: 'AbC' });
  });

  it('rejects a different literal segment', () => {
    expect(matchRoute(COMMANDS, 'queries/bank.account/acc-1/deposit')).toBeUndefined();
    expect(matchRoute('streams/{id}/state', 'streams/x/status')).toBeUndefined();
  });

  it('URL-decodes parameters', () => {
    expect(matchRoute('streams/{id}', 'streams/a%2Fb')).toEqual({ id: 'a/b' });
    expect(matchRoute('streams/{id}', 'streams/%2E%2E')).toEqual({ id: '..' });
    expect(matchRoute('streams/{id}', 'streams/x%40y.z')).toEqual({ id: 'x@y.z' });
  });

  it('keeps a parameter that is not valid percent-encoding as it came', () => {
    expect(matchRoute('streams/{id}', 'streams/100%')).toEqual({ id: '100%' });
  });

  it('returns undefined for too many segments', () => {
    expect(matchRoute(COMMANDS, 'commands/bank.account/acc-1/deposit/extra')).toBeUndefined();
  });

  it('returns undefined for too few segments', () => {
    expect(matchRoute(COMMANDS, 'commands/bank.account/acc-1')).toBeUndefined();
    expect(matchRoute('health', '')).toBeUndefined();
  });

  it('treats {x?} as optional', () => {
    expect(matchRoute('projections/{projection}/{key?}', 'projections/balances')).toEqual({
      projection: 'balances',
    });
    expect(matchRoute('projections/{projection}/{key?}', 'projections/balances/acc-1')).toEqual({
      projection: 'balances',
      key: 'acc-1',
    });
    expect(matchRoute('projections/{projection}/{key?}', 'projections/balances/acc-1/x')).toBeUndefined();
  });

  it('collects the rest of the path, decoded segment by segment, into a {*rest} catch-all', () => {
    expect(matchRoute('files/{*rest}', 'files/a/b%2Fc/d')).toEqual({ rest: 'a/b/c/d' });
    expect(matchRoute('files/{*rest}', 'files/one')).toEqual({ rest: 'one' });
  });

  it('gives an empty catch-all when nothing follows', () => {
    expect(matchRoute('files/{*rest}', 'files')).toEqual({ rest: '' });
  });

  it('accepts constraints such as {n:int} without enforcing them', () => {
    expect(matchRoute('items/{n:int}', 'items/abc')).toEqual({ n: 'abc' });
    expect(matchRoute('items/{n:int?}', 'items')).toEqual({});
  });
});

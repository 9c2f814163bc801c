// The command registry: exactly one handler per (aggregate type, command), and 404 codes for the rest.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CommandRegistry } from '../../src/commands/registry.js';
import { bankAccount } from '../../src/domain/bankAccount/index.js';
import type { AggregateDefinition } from '../../src/domain/decider.js';
import { NotFoundError } from '../../src/errors.js';
import { thrownBy } from './support/thrown.js';

function aggregate(type: string, commandNames: string[]): AggregateDefinition {
  return {
    type,
    commands: Object.fromEntries(commandNames.map((name) => [name, z.strictObject({})])),
    eventTypes: ['Happened'],
    decider: { initialState: () => ({}), decide: () => [], evolve: (state) => state },
  };
}

function expectNotFound(action: () => unknown, code: string) {
  const error = thrownBy(action);
  expect(error).toBeInstanceOf(NotFoundError);
  expect((error as NotFoundError).code).toBe(code);
  expect((error as NotFoundError).status).toBe(404);
}

describe('CommandRegistry', () => {
  it('finds a registered command with its aggregate and schema', () => {
    const registry = new CommandRegistry().register(bankAccount);
    const command = registry.command('bank.account', 'deposit');
    expect(command.aggregate).toBe(bankAccount);
    expect(command.commandName).toBe('deposit');
    expect(command.schema).toBe(bankAccount.commands.deposit);
    expect(registry.aggregate('bank.account')).toBe(bankAccount);
    expect(registry.aggregateTypes()).toEqual(['bank.account']);
  });

  it('throws at registration when the same aggregate is registered twice', () => {
    const registry = new CommandRegistry().register(bankAccount);
    expect(() => registry.register(bankAccount)).toThrow(/registered twice/);
  });

  it('throws at registration when another definition registers an existing (type, command) pair', () => {
    const registry = new CommandRegistry().register(bankAccount);
    expect(() => registry.register(aggregate('bank.account', ['audit', 'deposit']))).toThrow(
      /deposit of bank\.account is registered twice/,
    );
  });

  it('throws at registration when a second definition claims an already registered aggregate type', () => {
    // Two deciders folding one stream: commands of the first would run against a type whose
    // aggregate() is now the second, so the pair must be refused even with disjoint command names.
    const registry = new CommandRegistry().register(aggregate('fleet.vehicle', ['register']));
    expect(() => registry.register(aggregate('fleet.vehicle', ['record-mileage']))).toThrow();
  });

  it('lets different aggregate types use the same command name', () => {
    const registry = new CommandRegistry()
      .register(aggregate('fleet.vehicle', ['open']))
      .register(aggregate('sales.order', ['open']));
    expect(registry.command('fleet.vehicle', 'open').aggregate.type).toBe('fleet.vehicle');
    expect(registry.command('sales.order', 'open').aggregate.type).toBe('sales.order');
  });

  it('answers an unknown aggregate type with unknown-aggregate-type', () => {
    const registry = new CommandRegistry().register(bankAccount);
    expectNotFound(() => registry.aggregate('bank.acount'), 'unknown-aggregate-type');
    expectNotFound(() => registry.command('bank.acount', 'deposit'), 'unknown-aggregate-type');
  });

  it('answers an unknown command of a known type with unknown-command', () => {
    const registry = new CommandRegistry().register(bankAccount);
    expectNotFound(() => registry.command('bank.account', 'transfer'), 'unknown-command');
  });

  it('does not treat inherited object members as commands', () => {
    const registry = new CommandRegistry().register(bankAccount);
    expectNotFound(() => registry.command('bank.account', 'constructor'), 'unknown-command');
    expectNotFound(() => registry.aggregate('toString'), 'unknown-aggregate-type');
  });
});

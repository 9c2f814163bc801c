// The command registry: exactly one handler per (aggregate type, command name). Registering a pair twice
// is a start-up error, so two modules can never silently compete for the same command.
import type { z } from 'zod';
import type { AggregateDefinition } from '../domain/decider.js';
import { NotFoundError, quoteIdentifier } from '../errors.js';

export interface RegisteredCommand {
  aggregate: AggregateDefinition;
  commandName: string;
  schema: z.ZodType;
}

export class CommandRegistry {
  private readonly aggregates = new Map<string, AggregateDefinition>();
  private readonly commands = new Map<string, RegisteredCommand>();

  register(aggregate: AggregateDefinition): this {
    const commands = Object.entries<z.ZodType>(aggregate.commands);
    for (const [commandName] of commands) {
      if (this.commands.has(`${aggregate.type}/${commandName}`)) {
        throw new Error(
          `Command ${commandName} of ${aggregate.type} is registered twice; each command needs exactly one handler.`,
        );
      }
    }
    if (this.aggregates.has(aggregate.type)) {
      throw new Error(`Aggregate type ${aggregate.type} is registered twice; one decider owns each stream.`);
    }
    for (const [commandName, schema] of commands) {
      this.commands.set(`${aggregate.type}/${commandName}`, { aggregate, commandName, schema });
    }
    this.aggregates.set(aggregate.type, aggregate);
    return this;
  }

  aggregateTypes(): string[] {
    return [...this.aggregates.keys()];
  }

  aggregate(aggregateType: string): AggregateDefinition {
    const aggregate = this.aggregates.get(aggregateType);
    if (!aggregate) {
      throw new NotFoundError(
        'unknown-aggregate-type',
        `There is no aggregate type ${quoteIdentifier(aggregateType)} (known: ${this.aggregateTypes().join(', ')}).`,
      );
    }
    return aggregate;
  }

  command(aggregateType: string, commandName: string): RegisteredCommand {
    const aggregate = this.aggregate(aggregateType);
    const command = this.commands.get(`${aggregateType}/${commandName}`);
    if (!command) {
      throw new NotFoundError(
        'unknown-command',
        `${aggregateType} has no command ${quoteIdentifier(commandName)} (known: ${Object.keys(aggregate.commands).join(', ')}).`,
      );
    }
    return command;
  }
}

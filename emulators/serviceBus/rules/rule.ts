// One subscription rule, compiled: its filter (true, false, SQL or correlation) as a predicate over a
// message, and its SQL action (SET/REMOVE), if any, as a function that annotates the copy it produces.
// Compiling refuses what does not parse, so a bad rule fails when it is created, as on Service Bus.
import type { Message } from 'rhea';
import type { CorrelationFilterDefinition, RuleDefinition } from '../definitions.js';
import { readProperty, writeProperty } from './messageProperties.js';
import { evaluate, matchesSql } from './sqlEvaluator.js';
import { parseSqlAction, parseSqlFilter } from './sqlParser.js';

export interface CompiledRule {
  definition: RuleDefinition;
  matches(message: Message): boolean;
  /** Present when the rule has an action: the copy of the message this rule puts in the subscription. */
  apply?(message: Message): Message;
}

/** Throws (with the parser's message) when the filter or action does not parse. */
export function compileRule(definition: RuleDefinition): CompiledRule {
  const filter = definition.filter;
  let matches: (message: Message) => boolean;
  if ('sql' in filter) {
    const expression = parseSqlFilter(filter.sql);
    matches = (message) => matchesSql(expression, message);
  } else if ('correlation' in filter) {
    matches = correlationMatcher(filter.correlation);
  } else {
    const all = 'true' in filter;
    matches = () => all;
  }
  const action = definition.action?.sql?.trim() ? parseSqlAction(definition.action.sql) : [];
  if (action.length === 0) return { definition, matches };
  return {
    definition,
    matches,
    apply: (message) =>
      action.reduce(
        (changed, statement) =>
          writeProperty(
            changed,
            statement.property,
            statement.kind === 'set' ? (evaluate(statement.value, changed) ?? null) : undefined,
          ),
        message,
      ),
  };
}

/** Every property the correlation filter names must be equal; application properties by value and type. */
function correlationMatcher(filter: CorrelationFilterDefinition): (message: Message) => boolean {
  const system: [string, string][] = Object.entries({
    CorrelationId: filter.correlationId,
    MessageId: filter.messageId,
    To: filter.to,
    ReplyTo: filter.replyTo,
    Label: filter.subject ?? filter.label,
    SessionId: filter.sessionId,
    ReplyToSessionId: filter.replyToSessionId,
    ContentType: filter.contentType,
  }).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== null);
  const properties = Object.entries(filter.properties ?? {});
  return (message) =>
    system.every(([name, value]) => readProperty(message, { scope: 'sys', name }) === value) &&
    properties.every(([name, value]) => readProperty(message, { scope: 'user', name }) === value);
}

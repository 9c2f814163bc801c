// A subscription's rules and what they let in: a message enters the subscription if any rule matches; rules
// without an action together produce one copy, and each matching rule with an action one more copy,
// annotated by its action and carrying the rule's name in `RuleName` ("Topic filters and actions").
import type { Message } from 'rhea';
import { withApplicationProperties } from '../codec.js';
import { defaultRuleName, type RuleDefinition } from '../definitions.js';
import type { BrokerError } from '../errors.js';
import * as errors from '../errors.js';
import { type CompiledRule, compileRule } from './rule.js';

export const defaultRules = (): RuleDefinition[] => [{ name: defaultRuleName, filter: { true: true } }];

export class RuleSet {
  /** By name in lower case: rule names are case-insensitive. */
  private readonly rules = new Map<string, CompiledRule>();

  constructor(definitions: RuleDefinition[] = defaultRules()) {
    for (const definition of definitions) {
      const error = this.add(definition);
      if (error) throw new Error(`rule '${definition.name}': ${error.description}`);
    }
  }

  add(definition: RuleDefinition): BrokerError | undefined {
    const key = definition.name.toLowerCase();
    if (this.rules.has(key)) return errors.alreadyExists(`The rule '${definition.name}'`);
    const compiled = compile(definition);
    if ('condition' in compiled) return compiled;
    this.rules.set(key, compiled);
    return undefined;
  }

  /** Replaces a rule that exists (the administration API's update). */
  update(definition: RuleDefinition): BrokerError | undefined {
    const compiled = compile(definition);
    if ('condition' in compiled) return compiled;
    this.rules.set(definition.name.toLowerCase(), compiled);
    return undefined;
  }

  remove(name: string): boolean {
    return this.rules.delete(name.toLowerCase());
  }

  get(name: string): RuleDefinition | undefined {
    return this.rules.get(name.toLowerCase())?.definition;
  }

  list(): RuleDefinition[] {
    return [...this.rules.values()].map((rule) => rule.definition);
  }

  /** The copies of `message` this subscription receives: none when no rule matches. */
  route(message: Message): Message[] {
    const copies: Message[] = [];
    let plainMatch = false;
    for (const rule of this.rules.values()) {
      if (!rule.matches(message)) continue;
      if (!rule.apply) plainMatch = true;
      else copies.push(withApplicationProperties(rule.apply(message), { RuleName: rule.definition.name }));
    }
    return plainMatch ? [message, ...copies] : copies;
  }
}

function compile(definition: RuleDefinition): CompiledRule | BrokerError {
  try {
    return compileRule(definition);
  } catch (error) {
    return errors.badRequest(error instanceof Error ? error.message : String(error));
  }
}

// Evaluates a parsed SQL filter against a message with SQL's three-valued logic: a missing property is NULL,
// a comparison with NULL (or between values of different types) is unknown, and a filter matches only when
// its value is TRUE. Strings compare case-sensitively; numbers of any width compare by value.
import type { Message } from 'rhea';
import { readProperty } from './messageProperties.js';
import type { SqlExpression, SqlValue } from './sqlParser.js';

export function matchesSql(expression: SqlExpression, message: Message): boolean {
  return evaluate(expression, message) === true;
}

export function evaluate(expression: SqlExpression, message: Message): SqlValue {
  switch (expression.kind) {
    case 'literal':
      return expression.value;
    case 'property':
      return readProperty(message, expression.property) ?? null;
    case 'exists':
      return readProperty(message, expression.property) !== undefined;
    case 'not': {
      const value = evaluate(expression.operand, message);
      return typeof value === 'boolean' ? !value : null;
    }
    case 'negate': {
      const value = evaluate(expression.operand, message);
      return typeof value === 'number' ? -value : null;
    }
    case 'logical':
      return logical(expression.op, evaluate(expression.left, message), () =>
        evaluate(expression.right, message),
      );
    case 'compare':
      return compare(expression.op, evaluate(expression.left, message), evaluate(expression.right, message));
    case 'arithmetic':
      return arithmetic(
        expression.op,
        evaluate(expression.left, message),
        evaluate(expression.right, message),
      );
    case 'in': {
      const value = evaluate(expression.operand, message);
      if (value === null) return null;
      const found = expression.values.some(
        (candidate) => compare('=', value, evaluate(candidate, message)) === true,
      );
      return expression.negated ? !found : found;
    }
    case 'like': {
      const value = evaluate(expression.operand, message);
      if (typeof value !== 'string') return null;
      const found = likePattern(expression.pattern, expression.escape).test(value);
      return expression.negated ? !found : found;
    }
    case 'isNull': {
      const isNull = evaluate(expression.operand, message) === null;
      return expression.negated ? !isNull : isNull;
    }
  }
}

function logical(op: 'AND' | 'OR', left: SqlValue, right: () => SqlValue): SqlValue {
  const known = (value: SqlValue) => (typeof value === 'boolean' ? value : null);
  const a = known(left);
  if (op === 'AND' && a === false) return false;
  if (op === 'OR' && a === true) return true;
  const b = known(right());
  if (op === 'AND') return b === false ? false : a === null || b === null ? null : true;
  return b === true ? true : a === null || b === null ? null : false;
}

function compare(op: string, left: SqlValue, right: SqlValue): SqlValue {
  if (left === null || right === null || typeof left !== typeof right) return null;
  if (typeof left === 'boolean' && op !== '=' && op !== '<>') return null;
  const a = left as string | number;
  const b = right as string | number;
  switch (op) {
    case '=':
      return a === b;
    case '<>':
      return a !== b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    default:
      return a >= b;
  }
}

function arithmetic(op: string, left: SqlValue, right: SqlValue): SqlValue {
  if (op === '+' && typeof left === 'string' && typeof right === 'string') return left + right;
  if (typeof left !== 'number' || typeof right !== 'number') return null;
  switch (op) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      return right === 0 ? null : left / right;
    default:
      return right === 0 ? null : left % right;
  }
}

const patterns = new Map<string, RegExp>();

/** `%` any run of characters, `_` one character; the escape character makes the next one literal. */
function likePattern(pattern: string, escapeCharacter?: string): RegExp {
  const cacheKey = `${escapeCharacter ?? ''}\u0000${pattern}`;
  const cached = patterns.get(cacheKey);
  if (cached) return cached;
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const character = pattern[index] as string;
    if (character === escapeCharacter && index + 1 < pattern.length) {
      source += regexLiteral(pattern[++index] as string);
    } else if (character === '%') source += '[\\s\\S]*';
    else if (character === '_') source += '[\\s\\S]';
    else source += regexLiteral(character);
  }
  const compiled = new RegExp(`^${source}$`);
  patterns.set(cacheKey, compiled);
  return compiled;
}

const regexLiteral = (character: string) => character.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

// Tokens of the Service Bus SQL filter and action language: keywords (case-insensitive), identifiers (plain,
// or [delimited] with `]]` for a `]`), 'string' literals (with '' for a quote), numbers, and operators.

export type Token =
  | { kind: 'keyword'; value: string; at: number }
  | { kind: 'identifier'; value: string; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'number'; value: number; at: number }
  | { kind: 'operator'; value: string; at: number }
  | { kind: 'end'; at: number };

const keywords = new Set([
  'AND',
  'OR',
  'NOT',
  'IN',
  'LIKE',
  'ESCAPE',
  'IS',
  'NULL',
  'TRUE',
  'FALSE',
  'EXISTS',
  'SET',
  'REMOVE',
]);
const operators = ['<>', '!=', '<=', '>=', '=', '<', '>', '(', ')', ',', '+', '-', '*', '/', '%', '.', ';'];

export class SqlSyntaxError extends Error {}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  const fail = (what: string): never => {
    throw new SqlSyntaxError(`${what} at position ${at} of the SQL expression '${text}'`);
  };
  while (at < text.length) {
    const rest = text.slice(at);
    const space = /^\s+/.exec(rest);
    if (space) {
      at += space[0].length;
      continue;
    }
    const start = at;
    if (rest.startsWith("'")) {
      let value = '';
      at++;
      for (;;) {
        if (at >= text.length) fail('An unterminated string');
        if (text[at] === "'") {
          if (text[at + 1] !== "'") break;
          at++;
        }
        value += text[at];
        at++;
      }
      at++;
      tokens.push({ kind: 'string', value, at: start });
      continue;
    }
    if (rest.startsWith('[')) {
      let value = '';
      at++;
      for (;;) {
        if (at >= text.length) fail('An unterminated [identifier]');
        if (text[at] === ']') {
          if (text[at + 1] !== ']') break;
          at++;
        }
        value += text[at];
        at++;
      }
      at++;
      tokens.push({ kind: 'identifier', value, at: start });
      continue;
    }
    const number = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(rest);
    if (number) {
      at += number[0].length;
      tokens.push({ kind: 'number', value: Number(number[0]), at: start });
      continue;
    }
    const word = /^[A-Za-z_$@][A-Za-z0-9_$@]*/.exec(rest);
    if (word) {
      at += word[0].length;
      const upper = word[0].toUpperCase();
      tokens.push(
        keywords.has(upper) ? { kind: 'keyword', value: upper, at: start } : identifier(word[0], start),
      );
      continue;
    }
    const operator = operators.find((candidate) => rest.startsWith(candidate));
    if (!operator) fail(`An unexpected character '${rest[0]}'`);
    at += (operator as string).length;
    tokens.push({ kind: 'operator', value: operator as string, at: start });
  }
  tokens.push({ kind: 'end', at });
  return tokens;
}

const identifier = (value: string, at: number): Token => ({ kind: 'identifier', value, at });

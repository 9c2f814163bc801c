// A recursive-descent parser for the Service Bus SQL filter and action language (the SQL-92 subset of
// "SQLFilter syntax" and "SQLRuleAction syntax"). Hand-written because no maintained npm package parses this
// dialect (sys./user. scopes, [delimited] names, EXISTS(prop), LIKE … ESCAPE, SET/REMOVE actions); general
// SQL parsers (node-sql-parser, pgsql-ast-parser) would need a wrapping SELECT and still reject these forms.
import { SqlSyntaxError, type Token, tokenize } from './sqlLexer.js';

export type SqlValue = string | number | boolean | null;

export interface PropertyReference {
  scope: 'sys' | 'user';
  name: string;
}

export type SqlExpression =
  | { kind: 'literal'; value: SqlValue }
  | { kind: 'property'; property: PropertyReference }
  | { kind: 'not'; operand: SqlExpression }
  | { kind: 'negate'; operand: SqlExpression }
  | { kind: 'logical'; op: 'AND' | 'OR'; left: SqlExpression; right: SqlExpression }
  | { kind: 'compare'; op: string; left: SqlExpression; right: SqlExpression }
  | { kind: 'arithmetic'; op: string; left: SqlExpression; right: SqlExpression }
  | { kind: 'in'; operand: SqlExpression; values: SqlExpression[]; negated: boolean }
  | { kind: 'like'; operand: SqlExpression; pattern: string; escape?: string; negated: boolean }
  | { kind: 'isNull'; operand: SqlExpression; negated: boolean }
  | { kind: 'exists'; property: PropertyReference };

export type SqlStatement =
  | { kind: 'set'; property: PropertyReference; value: SqlExpression }
  | { kind: 'remove'; property: PropertyReference };

export { SqlSyntaxError };

export function parseSqlFilter(text: string): SqlExpression {
  const parser = new Parser(text);
  const expression = parser.orExpression();
  parser.expectEnd();
  return expression;
}

/** `SET a = expr; REMOVE b; …` */
export function parseSqlAction(text: string): SqlStatement[] {
  const parser = new Parser(text);
  const statements: SqlStatement[] = [];
  do {
    if (parser.atEnd()) break;
    statements.push(parser.statement());
  } while (parser.acceptOperator(';'));
  parser.expectEnd();
  return statements;
}

const comparisons = ['=', '<>', '!=', '<', '>', '<=', '>='];

class Parser {
  private readonly tokens: Token[];
  private index = 0;

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  statement(): SqlStatement {
    if (this.acceptKeyword('SET')) {
      const property = this.propertyReference();
      this.expectOperator('=');
      return { kind: 'set', property, value: this.orExpression() };
    }
    if (this.acceptKeyword('REMOVE')) return { kind: 'remove', property: this.propertyReference() };
    return this.fail('SET or REMOVE expected');
  }

  orExpression(): SqlExpression {
    let left = this.andExpression();
    while (this.acceptKeyword('OR')) left = { kind: 'logical', op: 'OR', left, right: this.andExpression() };
    return left;
  }

  atEnd(): boolean {
    return this.peek().kind === 'end';
  }

  expectEnd(): void {
    if (!this.atEnd()) this.fail('Unexpected text');
  }

  acceptOperator(value: string): boolean {
    const token = this.peek();
    if (token.kind !== 'operator' || token.value !== value) return false;
    this.index++;
    return true;
  }

  private andExpression(): SqlExpression {
    let left = this.notExpression();
    while (this.acceptKeyword('AND'))
      left = { kind: 'logical', op: 'AND', left, right: this.notExpression() };
    return left;
  }

  private notExpression(): SqlExpression {
    if (this.acceptKeyword('NOT')) return { kind: 'not', operand: this.notExpression() };
    return this.predicate();
  }

  private predicate(): SqlExpression {
    if (this.acceptKeyword('EXISTS')) {
      this.expectOperator('(');
      const property = this.propertyReference();
      this.expectOperator(')');
      return { kind: 'exists', property };
    }
    const left = this.additive();
    const token = this.peek();
    if (token.kind === 'operator' && comparisons.includes(token.value)) {
      this.index++;
      const op = token.value === '!=' ? '<>' : token.value;
      return { kind: 'compare', op, left, right: this.additive() };
    }
    if (this.acceptKeyword('IS')) {
      const negated = this.acceptKeyword('NOT');
      this.expectKeyword('NULL');
      return { kind: 'isNull', operand: left, negated };
    }
    const negated = this.acceptKeyword('NOT');
    if (this.acceptKeyword('IN')) {
      this.expectOperator('(');
      const values = [this.additive()];
      while (this.acceptOperator(',')) values.push(this.additive());
      this.expectOperator(')');
      return { kind: 'in', operand: left, values, negated };
    }
    if (this.acceptKeyword('LIKE')) {
      const pattern = this.stringLiteral();
      const escapeCharacter = this.acceptKeyword('ESCAPE') ? this.stringLiteral() : undefined;
      if (escapeCharacter !== undefined && escapeCharacter.length !== 1)
        this.fail('ESCAPE takes one character');
      return { kind: 'like', operand: left, pattern, escape: escapeCharacter, negated };
    }
    if (negated) this.fail('IN or LIKE expected after NOT');
    return left;
  }

  private additive(): SqlExpression {
    let left = this.multiplicative();
    for (;;) {
      const op = ['+', '-'].find((candidate) => this.acceptOperator(candidate));
      if (!op) return left;
      left = { kind: 'arithmetic', op, left, right: this.multiplicative() };
    }
  }

  private multiplicative(): SqlExpression {
    let left = this.unary();
    for (;;) {
      const op = ['*', '/', '%'].find((candidate) => this.acceptOperator(candidate));
      if (!op) return left;
      left = { kind: 'arithmetic', op, left, right: this.unary() };
    }
  }

  private unary(): SqlExpression {
    if (this.acceptOperator('-')) return { kind: 'negate', operand: this.unary() };
    if (this.acceptOperator('+')) return this.unary();
    return this.primary();
  }

  private primary(): SqlExpression {
    const token = this.peek();
    if (this.acceptOperator('(')) {
      const inner = this.orExpression();
      this.expectOperator(')');
      return inner;
    }
    if (token.kind === 'string' || token.kind === 'number') {
      this.index++;
      return { kind: 'literal', value: token.value };
    }
    if (token.kind === 'keyword' && ['TRUE', 'FALSE', 'NULL'].includes(token.value)) {
      this.index++;
      return { kind: 'literal', value: token.value === 'NULL' ? null : token.value === 'TRUE' };
    }
    if (token.kind === 'identifier') return { kind: 'property', property: this.propertyReference() };
    return this.fail('An expression expected');
  }

  private propertyReference(): PropertyReference {
    const first = this.identifier();
    const scope = first.toLowerCase();
    if ((scope === 'sys' || scope === 'user') && this.acceptOperator('.')) {
      return { scope, name: this.identifier() };
    }
    return { scope: 'user', name: first };
  }

  private identifier(): string {
    const token = this.peek();
    if (token.kind !== 'identifier') return this.fail('A property name expected');
    this.index++;
    return token.value;
  }

  private stringLiteral(): string {
    const token = this.peek();
    if (token.kind !== 'string') return this.fail('A quoted string expected');
    this.index++;
    return token.value;
  }

  private acceptKeyword(value: string): boolean {
    const token = this.peek();
    if (token.kind !== 'keyword' || token.value !== value) return false;
    this.index++;
    return true;
  }

  private expectKeyword(value: string): void {
    if (!this.acceptKeyword(value)) this.fail(`${value} expected`);
  }

  private expectOperator(value: string): void {
    if (!this.acceptOperator(value)) this.fail(`'${value}' expected`);
  }

  private peek(): Token {
    return this.tokens[this.index] ?? { kind: 'end', at: this.text.length };
  }

  private fail(what: string): never {
    throw new SqlSyntaxError(`${what} at position ${this.peek().at} of the SQL expression '${this.text}'`);
  }
}

// Issue 10 item 4: an amount is a whole number of cents, tested on the double each JSON number becomes.
import { describe, expect, it } from 'vitest';
import { amountSchema } from '../../src/domain/money.js';

const accepts = (value: number) => amountSchema.safeParse(value).success;

describe('amounts in whole cents', () => {
  it('item 4: refuses amounts that are not a whole number of cents, however close to one', () => {
    const amounts = [1e-9, 0.001, 0.005, 0.009999, 1.234, 10.0000001, 0.1 + 0.2, 0.01 + 1e-6];
    const verdicts = amounts.map((amount) => amountSchema.safeParse(amount).error?.issues[0]?.message);
    expect(verdicts).toEqual(amounts.map(() => 'must be a whole number of cents (at most 2 decimals)'));
  });

  it('item 4: draws the line at whole cents: 0.29 and 19.99 pass (their doubles are not n/100 exactly), 19.990000001 does not', () => {
    const verdicts = [
      0.01, 0.1, 0.29, 0.57, 1.15, 19.99, 1234.56, 999_999_999.99, 1e9, 0.295, 19.999, 19.990000001,
    ].map((amount) => [amount, accepts(amount)]);
    expect(verdicts).toEqual([
      [0.01, true],
      [0.1, true],
      [0.29, true],
      [0.57, true],
      [1.15, true],
      [19.99, true],
      [1234.56, true],
      [999_999_999.99, true],
      [1e9, true],
      [0.295, false],
      [19.999, false],
      [19.990000001, false],
    ]);
  });

  it('item 4: accepts every whole number of cents as JSON parses it, and refuses a ten-millionth of a cent beside each', () => {
    const wrong: string[] = [];
    const text = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
    for (let cents = 1; cents <= 10_000; cents++) {
      if (!accepts(JSON.parse(text(cents)) as number)) wrong.push(`refused ${text(cents)}`);
      const beside = (cents + 1e-7) / 100; // still a distinct double at this size
      if (accepts(beside)) wrong.push(`accepted ${beside}`);
    }
    for (let cents = 99_999_900_000; cents <= 100_000_000_000; cents++) {
      if (!accepts(JSON.parse(text(cents)) as number)) wrong.push(`refused ${text(cents)}`);
    }
    expect(wrong).toEqual([]);
  });
});

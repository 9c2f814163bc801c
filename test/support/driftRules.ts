// The drift checker's look at subscription rules: every subscription of the events topic, locally
// (src/local/serviceBusEntities.json) and in infra/ (read as text), has exactly the rule that takes live events
// and the replays meant for it (src/messaging/eventMessage.ts subscriptionFilter), so a replay to one
// subscription reaches no other.
import { stripComments, walk } from './infraText.js';

const SUBSCRIPTION = 'Microsoft.ServiceBus/namespaces/topics/subscriptions';
const RULE = `${SUBSCRIPTION}/rules`;

export interface RuleExpectation {
  name: string;
  /** The SQL filter of a subscription's rule. */
  filter(subscription: string): string;
}

interface LocalSubscriptions {
  topics: { subscriptions: { name: string; rules?: { name: string; filter?: { sql?: string } }[] }[] }[];
}

export function checkSubscriptionRules(
  local: LocalSubscriptions,
  infra: Record<string, string>,
  rule: RuleExpectation,
  /** Subscriptions with a rule of their own, by name locally and by the expression naming them in infra/. */
  except: { local: string[]; infra: string[] },
  report: (problem: string) => void,
) {
  for (const topic of local.topics) {
    for (const subscription of topic.subscriptions) {
      if (except.local.includes(subscription.name)) continue;
      const rules = subscription.rules ?? [];
      const sql = rule.filter(subscription.name);
      if (rules.length !== 1 || rules[0]?.name !== rule.name || rules[0]?.filter?.sql !== sql) {
        report(
          `src/local/serviceBusEntities.json: subscription "${subscription.name}" must have one rule, ${rule.name}, filtering "${sql}"`,
        );
      }
    }
  }
  const text = Object.values(infra).map(stripComments).join('\n');
  const rules = resources(text, RULE).map((found) => ({
    ...found,
    parent: /\bparent:\s*(\w+)/.exec(found.body)?.[1],
    name: /\bname:\s*'([^']*)'/.exec(found.body)?.[1],
    sql: /\bsqlExpression:\s*('(?:[^'\\]|\\.)*')/.exec(found.body)?.[1],
  }));
  for (const subscription of resources(text, SUBSCRIPTION)) {
    const named = subscription.item ?? /\bname:\s*(\w+)/.exec(subscription.body)?.[1];
    if (named && except.infra.includes(named)) continue;
    const found = rules.find(({ parent }) => parent === subscription.symbol);
    const variable = subscription.list ? found?.item : named;
    const expected = bicepString(rule.filter('\u0000')).replace('\u0000', `\${${variable}}`);
    const right =
      found?.name === rule.name &&
      found.sql === expected &&
      found.list === subscription.list &&
      /filterType:\s*'SqlFilter'/.test(found.body);
    if (!right) {
      report(
        `infra: subscription ${subscription.symbol} has no ${rule.name} rule filtering ${bicepString(rule.filter(`\${${named}}`))}`,
      );
    }
  }
}

/** Resources of a type: symbol, `[for item in list: …]` if any, and the body. */
function resources(text: string, type: string) {
  const head = new RegExp(
    `resource\\s+(\\w+)\\s+'${type.replaceAll('/', '\\/')}@[^']+'\\s*=\\s*(?:\\[\\s*for\\s+\\(?(\\w+)(?:\\s*,\\s*\\w+)?\\)?\\s+in\\s+(\\w+)\\s*:\\s*)?`,
    'g',
  );
  return [...text.matchAll(head)]
    .filter((match) => text[match.index + match[0].length] === '{')
    .map((match) => {
      const open = match.index + match[0].length;
      return {
        symbol: match[1],
        item: match[2],
        list: match[3],
        body: text.slice(open, walk(text, open) + 1),
      };
    });
}

function bicepString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

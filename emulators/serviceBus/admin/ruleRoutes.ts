// The administration API's rules: `{topic}/Subscriptions/{name}/Rules/` lists a subscription's rules and
// `.../Rules/{rule}` reads, creates (PUT), updates (PUT with If-Match: *) or deletes one.
import type { SubscriptionEntity } from '../model/entities.js';
import {
  type AdminRequest,
  type AdminResult,
  entity,
  fail,
  fromBrokerError,
  notFound,
} from './routeResults.js';
import { ruleFromXml, ruleToXml } from './ruleXml.js';

export function rule(request: AdminRequest, owner: SubscriptionEntity, name: string): AdminResult {
  const existing = owner.rules.get(name);
  const path = `${owner.topic.name}/Subscriptions/${owner.name}/Rules/${existing?.name ?? name}`;
  if (request.method === 'GET') {
    return existing
      ? {
          status: 200,
          entry: entity(path, 'RuleDescription', ruleToXml(existing, owner.createdAt), owner.updatedAt),
        }
      : notFound(`The rule '${name}'`);
  }
  if (request.method === 'DELETE')
    return owner.rules.remove(name) ? { status: 200 } : notFound(`The rule '${name}'`);
  if (request.method !== 'PUT' || request.entry?.kind !== 'RuleDescription') {
    return fail(400, 'Expected GET, DELETE, or PUT with a RuleDescription entry.');
  }
  const parsed = ruleFromXml(name, request.entry.fields);
  if ('error' in parsed) return fail(400, parsed.error);
  if (request.isUpdate && !existing) return notFound(`The rule '${name}'`);
  const error = request.isUpdate ? owner.rules.update(parsed) : owner.rules.add(parsed);
  if (error) return fromBrokerError(error);
  return {
    status: request.isUpdate ? 200 : 201,
    entry: entity(path, 'RuleDescription', ruleToXml(parsed, new Date()), new Date()),
  };
}

export const rulesOf = (owner: SubscriptionEntity) =>
  owner.rules
    .list()
    .map((definition) =>
      entity(
        `${owner.topic.name}/Subscriptions/${owner.name}/Rules/${definition.name}`,
        'RuleDescription',
        ruleToXml(definition, owner.createdAt),
        owner.updatedAt,
      ),
    );

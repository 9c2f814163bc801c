// The drift checker: what the code reads and names must be what local.settings.json, the local Service Bus
// entities, host.json and infra/ provide. No Bicep compiler runs here, so infra/ is read as text: `param` and
// `var` declarations (with main.parameters.json), module calls, resources (also `[for x in list: ...]`) and the
// Function App's one-line `{ name: ..., value: ... }` app settings. A plain name resolves through module
// parameters; any other expression counts as unknown.
import { parseConfigurationMap, settingsFor } from '../../src/config/configurationMap.js';
import { tableNameFor } from '../../src/stores/table/tableEventStore.js';
import { checkAuthentication } from './driftAuthentication.js';
import { checkSubscriptionRules, type RuleExpectation } from './driftRules.js';
import { entries, evaluate, type Infra, readInfra } from './infraText.js';

type ConfigurationMap = ReturnType<typeof parseConfigurationMap>;

/** One `app.<kind>(name, options)` call of a file in functions/. */
export interface Registration {
  kind: string;
  name: string;
  options: Record<string, unknown>;
}

export interface LocalTopic {
  name: string;
  duplicateDetectionWindowInMs?: number;
  subscriptions: {
    name: string;
    maxDeliveryCount?: number;
    rules?: { name: string; filter: { sql?: string } }[];
  }[];
}

export interface LocalQueue {
  name: string;
  maxDeliveryCount?: number;
  duplicateDetectionWindowInMs?: number;
}

export interface DriftInputs {
  /** The rule every subscription must have (name, and its SQL filter for a subscription) unless one below. */
  subscriptionRule: RuleExpectation;
  settingNames: readonly string[];
  serviceBusConnection: string;
  aggregateTypes: readonly string[];
  /** src/config/configurationMap.json as shipped (the checker applies the defaults). */
  configurationMap: unknown;
  registrations: Registration[];
  hostJson: { extensions?: { http?: { routePrefix?: string } } };
  localSettings: { Values?: Record<string, string> };
  serviceBusEntities: { topics: LocalTopic[]; queues?: LocalQueue[] };
  /** The SQL filter the code needs on a subscription, by the setting naming the subscription. */
  subscriptionFilters: Record<string, string>;
  /** infra/ files by path below infra/: main.bicep, main.parameters.json, modules/*.bicep. */
  infra: Record<string, string>;
}

export const HTTP_KINDS = new Set(['http', 'get', 'put', 'post', 'patch', 'deleteRequest']);
/** Optional locally: there the shipped configurationMap.json is the map, and a blank override means none. */
const OPTIONAL_LOCALLY = new Set(['ConfigurationMap']);
const IDENTITY_SETTINGS: Record<string, string[]> = {
  storage: ['accountName', 'credential', 'clientId'],
  serviceBus: ['fullyQualifiedNamespace', 'credential', 'clientId'],
};
const RESOURCE = {
  topic: 'Microsoft.ServiceBus/namespaces/topics',
  subscription: 'Microsoft.ServiceBus/namespaces/topics/subscriptions',
  rule: 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules',
  queue: 'Microsoft.ServiceBus/namespaces/queues',
  table: 'Microsoft.Storage/storageAccounts/tableServices/tables',
  'blob container': 'Microsoft.Storage/storageAccounts/blobServices/containers',
  'file share': 'Microsoft.Storage/storageAccounts/fileServices/shares',
};

/**
 * One side's settings and Service Bus entities: topic → its duplicate window and subscriptions' max delivery;
 * queue → its max delivery and duplicate window; subscription → the SQL filters of its rules.
 */
interface Side {
  where: string;
  settings: Map<string, string | undefined>;
  topics: Map<string, { windowInMs?: number; subscriptions: Map<string, number | undefined> }>;
  queues: Map<string, { maxDeliveryCount?: number | undefined; windowInMs?: number | undefined }>;
  rules: Map<string, (string | undefined)[]>;
}
type Report = (problem: string) => void;

/** Every mismatch found, each naming the side at fault; empty when nothing drifted. */
export function checkDrift(inputs: DriftInputs): string[] {
  const problems = new Set<string>();
  const report = (problem: string) => problems.add(problem);
  const infra = readInfra(inputs.infra);
  const [local, azure] = [localSide(inputs), azureSide(infra)];
  const triggers = inputs.registrations.filter(({ kind }) => !HTTP_KINDS.has(kind));
  const map = parseConfigurationMap(inputs.configurationMap, 'configurationMap.json', inputs.aggregateTypes);
  for (const [name, why] of requiredSettings(inputs.settingNames, triggers)) {
    const missingLocally = !OPTIONAL_LOCALLY.has(name) && !local.settings.get(name)?.trim();
    if (missingLocally) report(`local.settings.json: no "${name}" (${why})`);
    if (!azure.settings.has(name)) report(`infra: the Function App has no app setting "${name}" (${why})`);
  }
  for (const [name, { service, why }] of connections(inputs, map, triggers)) {
    if (!local.settings.get(name)?.trim()) report(`local.settings.json: no connection "${name}" (${why})`);
    if (azure.settings.has(name)) report(`infra: app setting "${name}" would hold a secret; use ${name}__…`);
    for (const suffix of IDENTITY_SETTINGS[service] ?? ['credential']) {
      if (!azure.settings.has(`${name}__${suffix}`))
        report(`infra: no app setting ${name}__${suffix} (${why})`);
    }
    const credential = azure.settings.get(`${name}__credential`);
    if (credential && credential !== 'managedidentity')
      report(`infra: ${name}__credential is "${credential}"`);
  }
  checkServiceBus(triggers, local, azure, report);
  checkQueues(triggers, local, azure, report);
  checkFilters(inputs.subscriptionFilters, local, azure, report);
  // A subscription named by one of those settings has its own rule, checked above; every other has the common one.
  const filteredElsewhere = Object.keys(inputs.subscriptionFilters);
  checkSubscriptionRules(
    inputs.serviceBusEntities,
    inputs.infra,
    inputs.subscriptionRule,
    {
      local: filteredElsewhere.map((setting) => local.settings.get(setting) ?? ''),
      // The Bicep parameter passing a setting's value is the setting's name in camel case.
      infra: filteredElsewhere.map((setting) => `${setting[0]?.toLowerCase()}${setting.slice(1)}`),
    },
    report,
  );
  const deployed = infra.configurationMap
    ? parseConfigurationMap(infra.configurationMap, 'parameter configurationMap', inputs.aggregateTypes)
    : map;
  for (const [kind, name, from] of storageNames(deployed, inputs.aggregateTypes)) {
    if (!infra.names(RESOURCE[kind]).includes(name))
      report(`infra: no ${kind} "${name}" (configuration map ${from})`);
  }
  const prefix = inputs.hostJson.extensions?.http?.routePrefix ?? 'api';
  const anonymous = inputs.registrations
    .filter(({ kind, options }) => HTTP_KINDS.has(kind) && (options.authLevel ?? 'anonymous') === 'anonymous')
    .filter(({ name }) => !name.endsWith('MethodNotAllowed'))
    .map(({ name, options }) => String(options.route ?? name));
  checkAuthentication(infra, anonymous, prefix, report);
  if (!infra.outputs.get('apiBaseUrl')?.endsWith(`/${prefix}'`)) {
    report(`infra: output apiBaseUrl does not end in "/${prefix}" (host.json extensions.http.routePrefix)`);
  }
  return [...problems];
}

function localSide({ localSettings, serviceBusEntities }: DriftInputs): Side {
  const topics = new Map(
    serviceBusEntities.topics.map(({ name, duplicateDetectionWindowInMs: windowInMs, subscriptions }) => {
      const byName = new Map(subscriptions.map(({ name, maxDeliveryCount }) => [name, maxDeliveryCount]));
      return [name, { windowInMs, subscriptions: byName }];
    }),
  );
  const settings = new Map(Object.entries(localSettings.Values ?? {}));
  const queues = new Map(
    (serviceBusEntities.queues ?? []).map(({ name, maxDeliveryCount, duplicateDetectionWindowInMs }) => [
      name,
      { maxDeliveryCount, windowInMs: duplicateDetectionWindowInMs },
    ]),
  );
  const rules = new Map(
    serviceBusEntities.topics.flatMap(({ subscriptions }) =>
      subscriptions.map(({ name, rules }) => [name, (rules ?? []).map(({ filter }) => filter.sql)] as const),
    ),
  );
  return { where: 'src/local/serviceBusEntities.json', settings, topics, queues, rules };
}

function azureSide(infra: Infra): Side {
  const subscriptions = new Map<string, number | undefined>();
  for (const { names, property } of infra.resources(RESOURCE.subscription)) {
    for (const name of names) subscriptions.set(name, Number(property('maxDeliveryCount')) || undefined);
  }
  const topics: Side['topics'] = new Map(); // one namespace, one topic: every subscription is on it
  for (const { names, property } of infra.resources(RESOURCE.topic)) {
    const window = /^PT(\d+)M$/.exec(property('duplicateDetectionHistoryTimeWindow') ?? '')?.[1];
    for (const name of names)
      topics.set(name, { windowInMs: Number(window) * 60_000 || undefined, subscriptions });
  }
  return { where: 'infra', settings: infra.appSettings, topics, ...azureQueuesAndRules(infra) };
}

function azureQueuesAndRules(infra: Infra): Pick<Side, 'queues' | 'rules'> {
  const queues: Side['queues'] = new Map();
  for (const { names, property } of infra.resources(RESOURCE.queue)) {
    const window = /^PT(\d+)M$/.exec(property('duplicateDetectionHistoryTimeWindow') ?? '')?.[1];
    const maxDeliveryCount = Number(property('maxDeliveryCount')) || undefined;
    for (const name of names)
      queues.set(name, { maxDeliveryCount, windowInMs: Number(window) * 60_000 || undefined });
  }
  // A rule's subscription is its `parent`, a subscription resource's symbol.
  const subscriptionNames = new Map(
    infra.resources(RESOURCE.subscription).map(({ symbol, names }) => [symbol, names] as const),
  );
  const rules: Side['rules'] = new Map();
  for (const { fields, properties, scope } of infra.resources(RESOURCE.rule)) {
    const sql = evaluate(entries(properties.get('sqlFilter') ?? '{}').get('sqlExpression') ?? '', scope);
    for (const name of subscriptionNames.get(fields.get('parent')?.trim() ?? '') ?? []) {
      rules.set(name, [...(rules.get(name) ?? []), typeof sql === 'string' ? sql : undefined]);
    }
  }
  return { queues, rules };
}

function requiredSettings(settingNames: readonly string[], triggers: Registration[]): Map<string, string> {
  const required = new Map(settingNames.map((name) => [name, 'read by src/config/settings.ts']));
  for (const { name, options } of triggers) {
    for (const [key, value] of Object.entries(options)) {
      const references = typeof value === 'string' ? value.matchAll(/%([^%]+)%/g) : [];
      for (const [, setting = ''] of references) required.set(setting, `${key} of ${name}`);
    }
  }
  return required;
}

function connections(inputs: DriftInputs, map: ConfigurationMap, triggers: Registration[]) {
  const found = new Map<string, { service: string; why: string }>();
  const add = (name: string, service: string, why: string) =>
    found.has(name) || found.set(name, { service, why });
  add('AzureWebJobsStorage', 'storage', 'the Functions host');
  for (const [name, implementation] of Object.entries(map.implementations)) {
    if (!('connection' in implementation)) continue;
    add(implementation.connection, 'storage', `implementations.${name}.connection`);
  }
  add(inputs.serviceBusConnection, 'serviceBus', 'the event publisher');
  for (const { kind, name, options } of triggers) {
    // serviceBusTopic → serviceBus, storageQueue → storage, …
    const service = kind.replace(/(Topic|Queue|Blob)$/, '');
    if (typeof options.connection === 'string') add(options.connection, service, `trigger ${name}`);
  }
  return found;
}

/** Topic and subscription names, and their settings, exist on each side and agree between the two. */
function checkServiceBus(triggers: Registration[], local: Side, azure: Side, report: Report) {
  const bindings = [
    ['src/config/settings.ts', '%EventsTopicName%', '%ProjectionsSubscriptionName%'],
    ...triggers
      .filter(({ kind }) => kind === 'serviceBusTopic')
      .map(({ name, options }) => [name, `${options.topicName}`, `${options.subscriptionName}`]),
  ];
  for (const [who = '', topic = '', subscription = ''] of bindings) {
    const [here, there] = [local, azure].map((side) => {
      const resolve = (ref: string) => (/^%.+%$/.test(ref) ? side.settings.get(ref.slice(1, -1)) : ref);
      const [topicName, subscriptionName] = [resolve(topic), resolve(subscription)];
      const entity = side.topics.get(topicName ?? '');
      if (topicName && !entity) report(`${side.where}: no topic "${topicName}" (${who}: ${topic})`);
      if (entity && subscriptionName && !entity.subscriptions.has(subscriptionName)) {
        report(
          `${side.where}: no subscription "${subscriptionName}" on "${topicName}" (${who}: ${subscription})`,
        );
      }
      const maxDeliveryCount = entity?.subscriptions.get(subscriptionName ?? '');
      return { topicName, subscriptionName, windowInMs: entity?.windowInMs, maxDeliveryCount };
    });
    for (const [key, value] of Object.entries(here ?? {})) {
      const other = there?.[key as keyof typeof there];
      if (value === undefined || other === undefined || value === other) continue;
      report(`${who}: ${key} is ${JSON.stringify(value)} locally but ${JSON.stringify(other)} in infra`);
    }
  }
}

/** Every queue a trigger reads exists on each side, with the same max delivery count and duplicate window. */
function checkQueues(triggers: Registration[], local: Side, azure: Side, report: Report) {
  for (const { name, options } of triggers.filter(({ kind }) => kind === 'serviceBusQueue')) {
    const queue = `${options.queueName}`;
    const [here, there] = [local, azure].map((side) => {
      const queueName = /^%.+%$/.test(queue) ? side.settings.get(queue.slice(1, -1)) : queue;
      const entity = side.queues.get(queueName ?? '');
      if (queueName && !entity) report(`${side.where}: no queue "${queueName}" (${name}: ${queue})`);
      return { queueName, ...entity };
    });
    for (const [key, value] of Object.entries(here ?? {})) {
      const other = there?.[key as keyof typeof there];
      if (value === undefined || other === undefined || value === other) continue;
      report(`${name}: ${key} is ${JSON.stringify(value)} locally but ${JSON.stringify(other)} in infra`);
    }
  }
}

/** A subscription the code filters has exactly that one rule on each side. */
function checkFilters(filters: Record<string, string>, local: Side, azure: Side, report: Report) {
  for (const [setting, sql] of Object.entries(filters)) {
    for (const side of [local, azure]) {
      const subscription = side.settings.get(setting) ?? '';
      const rules = side.rules.get(subscription) ?? [];
      if (rules.length !== 1 || rules[0] !== sql) {
        report(
          `${side.where}: subscription "${subscription}" (${setting}) filters ${JSON.stringify(rules)}; the code needs [${JSON.stringify(sql)}]`,
        );
      }
    }
  }
}

type StorageKind = 'table' | 'blob container' | 'file share';

/** The tables, containers and shares a map uses on Azure Storage connections, with the entry naming each. */
function storageNames(map: ConfigurationMap, aggregateTypes: readonly string[]) {
  const names: [StorageKind, string, string][] = [];
  const add = (kind: StorageKind, name: string, from: string) => names.push([kind, name, from]);
  const onAzure = (store: string) => 'connection' in (map.implementations[store] ?? {});
  for (const [key, implementation] of Object.entries(map.implementations)) {
    const from = `implementations.${key}`;
    if ('connection' in implementation)
      add('blob container', implementation.snapshotContainer, `${from}.snapshotContainer`);
    if (implementation.type === 'append-blob')
      add('blob container', implementation.container, `${from}.container`);
    if (implementation.type === 'file-share') add('file share', implementation.share, `${from}.share`);
  }
  for (const type of aggregateTypes) {
    const { store } = settingsFor(map, type);
    const implementation = map.implementations[store];
    if (implementation?.type === 'table')
      add('table', tableNameFor(implementation.tablePrefix, type), `${store}, ${type}`);
  }
  if (onAzure(map.publishIntents.store)) add('table', map.publishIntents.table, 'publishIntents.table');
  if (onAzure(map.projections.store))
    add('blob container', map.projections.container, 'projections.container');
  return names;
}

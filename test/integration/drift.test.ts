// What the code reads and names must match local.settings.json, the local Service Bus entities, host.json and
// infra/: every setting, connection and %binding% expression, and every table, container and share name (the
// Service Bus entities: driftServiceBus.test.ts; authentication: driftSecurity.test.ts). No Bicep compiler can
// run here, so test/support/infraText.ts reads infra/ as text. Each mutation below changes one side only, on a
// copy of the inputs, and the checker must name the mismatch.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDrift, type DriftInputs } from '../support/drift.js';
import { driftAfter, editInfra, FUNCTION_APP, loadDriftInputs } from '../support/driftInputs.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

let inputs: DriftInputs;

beforeAll(async () => {
  inputs = await loadDriftInputs();
});

function implementation(copy: DriftInputs, name: string): Record<string, unknown> {
  return (copy.configurationMap as { implementations: Record<string, Record<string, unknown>> })
    .implementations[name] as Record<string, unknown>;
}

describe('drift between the code, the local files and infra/', () => {
  it('finds none in the repository', () => {
    expect(checkDrift(inputs)).toEqual([]);
  });

  it('sees the registrations it checks: HTTP, the timer and, once functions/projections.ts exists, the topic trigger', async () => {
    const names = inputs.registrations.map(({ kind, name }) => `${kind} ${name}`);
    expect(names).toEqual(expect.arrayContaining(['http postCommand', 'timer publishSweeper']));
    const projections = await readdir(join(root, 'functions')).then((files) =>
      files.includes('projections.ts'),
    );
    if (projections) expect(names).toContain('serviceBusTopic runProjections');
  });

  it.each<[string, (copy: DriftInputs) => void, string[]]>([
    [
      'an app setting renamed in the Bicep',
      (copy) => editInfra(copy, FUNCTION_APP, "'PublishIntentExpiryInMs'", "'PublishIntentExpiry'"),
      [
        'infra: the Function App has no app setting "PublishIntentExpiryInMs" (read by src/config/settings.ts)',
      ],
    ],
    [
      'a setting missing from local.settings.json',
      (copy) => {
        delete copy.localSettings.Values?.CommandRetryLimit;
      },
      ['local.settings.json: no "CommandRetryLimit" (read by src/config/settings.ts)'],
    ],
    [
      'a new setting read by the configuration loader',
      (copy) => {
        copy.settingNames = [...copy.settingNames, 'SnapshotEveryDefault'];
      },
      [
        'local.settings.json: no "SnapshotEveryDefault" (read by src/config/settings.ts)',
        'infra: the Function App has no app setting "SnapshotEveryDefault" (read by src/config/settings.ts)',
      ],
    ],
    [
      'a %setting% in a trigger binding that neither side defines',
      (copy) => {
        const timer = copy.registrations.find(({ name }) => name === 'publishSweeper');
        if (timer) timer.options.schedule = '%SweepSchedule%';
      },
      [
        'local.settings.json: no "SweepSchedule" (schedule of publishSweeper)',
        'infra: the Function App has no app setting "SweepSchedule" (schedule of publishSweeper)',
      ],
    ],
    [
      'a connection string deployed instead of the identity',
      (copy) => editInfra(copy, FUNCTION_APP, "'EventStorage__accountName'", "'EventStorage'"),
      [
        'infra: app setting "EventStorage" would hold a secret; use EventStorage__…',
        'infra: no app setting EventStorage__accountName (implementations.table.connection)',
      ],
    ],
    [
      'a connection credential other than the managed identity',
      (copy) =>
        editInfra(
          copy,
          FUNCTION_APP,
          "'ServiceBusConnection__credential', value: 'managedidentity'",
          "'ServiceBusConnection__credential', value: 'connectionstring'",
        ),
      ['infra: ServiceBusConnection__credential is "connectionstring"'],
    ],
    [
      'a new connection named by the configuration map',
      (copy) => {
        implementation(copy, 'blob').connection = 'StreamStorage';
      },
      [
        'local.settings.json: no connection "StreamStorage" (implementations.blob.connection)',
        'infra: no app setting StreamStorage__accountName (implementations.blob.connection)',
        'infra: no app setting StreamStorage__credential (implementations.blob.connection)',
        'infra: no app setting StreamStorage__clientId (implementations.blob.connection)',
      ],
    ],
    [
      'a different container in the configuration map',
      (copy) => {
        implementation(copy, 'blob').container = 'streams-v2';
      },
      ['infra: no blob container "streams-v2" (configuration map implementations.blob.container)'],
    ],
    [
      'a different table prefix in the configuration map',
      (copy) => {
        implementation(copy, 'table').tablePrefix = 'streams';
      },
      ['infra: no table "streamsBankAccount" (configuration map table, bank.account)'],
    ],
    [
      'a new aggregate type on the default (Table) store',
      (copy) => {
        // A name `npm run new` examples never use, so the mutation still adds a type after a scaffold.
        copy.aggregateTypes = [...copy.aggregateTypes, 'drift.probe'];
      },
      ['infra: no table "eventsDriftProbe" (configuration map table, drift.probe)'],
    ],
    [
      'a file share renamed in the Bicep',
      (copy) => editInfra(copy, 'main.bicep', "'event-streams' // File Share", "'streams' // File Share"),
      ['infra: no file share "event-streams" (configuration map implementations.files.share)'],
    ],
    [
      'a configuration map override in main.parameters.json that uses another container',
      (copy) => {
        const map = structuredClone(copy.configurationMap) as { projections: { container: string } };
        map.projections.container = 'read-models';
        const parameters = JSON.parse(copy.infra['main.parameters.json'] ?? '{}');
        parameters.parameters.configurationMap = { value: map };
        copy.infra['main.parameters.json'] = JSON.stringify(parameters);
      },
      ['infra: no blob container "read-models" (configuration map projections.container)'],
    ],
    [
      'another route prefix in host.json',
      (copy) => {
        copy.hostJson = { extensions: { http: { routePrefix: 'v1' } } };
      },
      ['infra: output apiBaseUrl does not end in "/v1" (host.json extensions.http.routePrefix)'],
    ],
  ])('names %s', (_, change, expected) => {
    const problems = driftAfter(inputs, change);
    for (const problem of expected) expect(problems).toContain(problem);
  });
});

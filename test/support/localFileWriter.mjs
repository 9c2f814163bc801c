// A second (and third) process for the Local File store test: appends `count` events to one stream,
// re-reading the head and retrying whenever another process got there first.
import { LocalFileEventStore } from '../../dist/src/stores/localFile/localFileEventStore.js';

const [folder, aggregateId, writer, count] = process.argv.slice(2);
const store = new LocalFileEventStore({ folder, fsync: false });
const stream = { aggregateType: 'test.thing', aggregateId };
let conflicts = 0;
for (let n = 0; n < Number(count); n++) {
  for (;;) {
    const { streamVersion } = await store.readStream(stream, { fromVersion: Number.MAX_SAFE_INTEGER });
    const version = streamVersion + 1;
    const event = {
      eventId: `${writer}-${n}`,
      aggregateType: stream.aggregateType,
      aggregateId,
      version,
      type: 'ThingHappened',
      schemaVersion: 1,
      occurredAt: new Date().toISOString(),
      sequence: version,
      data: { writer, n },
      metadata: { correlationId: 'c', causationId: 'c', commandName: 'do' },
    };
    try {
      await store.appendToStream(stream, streamVersion, [event]);
      break;
    } catch (error) {
      if (error?.name !== 'ConcurrencyError') throw error;
      conflicts++;
    }
  }
}
process.stdout.write(JSON.stringify({ conflicts }));

// A stream's timeline: every event with its version, type, time, data and metadata (who, why, from where),
// newest or oldest first.
import { useState } from 'react';
import type { EventEnvelope } from '../api.js';
import { Json, Time } from './Json.js';

export function Timeline({ events }: { events: EventEnvelope[] }) {
  const [newestFirst, setNewestFirst] = useState(true);
  const ordered = newestFirst ? [...events].reverse() : events;
  return (
    <section data-testid="timeline">
      <header className="row">
        <h3>Timeline</h3>
        <button type="button" className="secondary outline" onClick={() => setNewestFirst(!newestFirst)}>
          {newestFirst ? 'Newest first' : 'Oldest first'}
        </button>
      </header>
      <ol className="timeline">
        {ordered.map((event) => (
          <li key={event.eventId} data-testid="event" data-version={event.version}>
            <header>
              <span className="version">v{event.version}</span>{' '}
              <strong data-testid="event-type">{event.type}</strong>
              {event.schemaVersion > 1 && <small className="muted"> schema v{event.schemaVersion}</small>}{' '}
              <small>
                <Time iso={event.occurredAt} />
              </small>
            </header>
            <div className="event-body">
              <Json value={event.data} />
              <dl className="metadata">
                <dt>command</dt>
                <dd>{event.metadata.commandName}</dd>
                <dt>who</dt>
                <dd>{event.metadata.who ?? '—'}</dd>
                <dt>correlation</dt>
                <dd>
                  <code>{event.metadata.correlationId}</code>
                </dd>
                <dt>causation</dt>
                <dd>
                  <code>{event.metadata.causationId}</code>
                </dd>
                {event.metadata.source && (
                  <>
                    <dt>source</dt>
                    <dd>{event.metadata.source}</dd>
                  </>
                )}
                {event.metadata.commentary && (
                  <>
                    <dt>commentary</dt>
                    <dd>{event.metadata.commentary}</dd>
                  </>
                )}
                {event.metadata.idempotencyKey && (
                  <>
                    <dt>idempotency key</dt>
                    <dd>
                      <code>{event.metadata.idempotencyKey}</code>
                    </dd>
                  </>
                )}
              </dl>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

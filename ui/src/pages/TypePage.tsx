// One aggregate type: the ids of its streams, a page at a time (the API's continuation tokens), and a form to
// start a new stream. The first page refreshes by itself, so a stream created elsewhere shows up.
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { type Catalog, get, path, type StreamListing } from '../api.js';
import { CommandForm } from '../components/CommandForm.js';
import { ProblemView } from '../components/ProblemView.js';
import { usePolling } from '../polling.js';

const PAGE_SIZE = 50;

export function TypePage({ catalog, type }: { catalog: Catalog; type: string }) {
  const aggregate = catalog.aggregateTypes.find((entry) => entry.type === type);
  const [, navigate] = useLocation();
  const [more, setMore] = useState<{ ids: string[]; continuation?: string }>();
  const first = usePolling(() => get<StreamListing>(`streams/${path(type)}?limit=${PAGE_SIZE}`), [type]);
  if (!aggregate) return <p>There is no aggregate type {type}.</p>;
  const ids = [...(first.data?.aggregateIds ?? []), ...(more?.ids ?? [])];
  const continuation = more ? more.continuation : first.data?.continuation;
  const loadMore = async () => {
    if (!continuation) return;
    const page = await get<StreamListing>(
      `streams/${path(type)}?limit=${PAGE_SIZE}&continuation=${encodeURIComponent(continuation)}`,
    );
    setMore({ ids: [...(more?.ids ?? []), ...page.aggregateIds], continuation: page.continuation });
  };
  return (
    <>
      <h2>
        {type}{' '}
        <small className="muted">
          in the <code>{aggregate.store.name}</code> store ({aggregate.store.type})
        </small>
      </h2>
      <div className="columns">
        <section>
          <h3>Streams</h3>
          {first.problem && <ProblemView problem={first.problem} />}
          {first.data && ids.length === 0 && <p>No streams yet.</p>}
          <ul data-testid="streams">
            {ids.map((id) => (
              <li key={id}>
                <Link href={`/streams/${type}/${encodeURIComponent(id)}`}>{id}</Link>
              </li>
            ))}
          </ul>
          {continuation && (
            <button type="button" className="secondary" onClick={() => void loadMore()}>
              More streams
            </button>
          )}
          <h3>Events</h3>
          <ul className="inline">
            {aggregate.events.map(({ type: eventType, schemaVersion }) => (
              <li key={eventType}>
                <code>{eventType}</code> <small className="muted">v{schemaVersion}</small>
              </li>
            ))}
          </ul>
        </section>
        <CommandForm
          aggregate={aggregate}
          onSent={(result) => navigate(`/streams/${type}/${encodeURIComponent(result.aggregateId)}`)}
        />
      </div>
    </>
  );
}

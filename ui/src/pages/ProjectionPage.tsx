// One projection: its documents by aggregate (the streams of the type it handles), and for a list or a
// classifier, the first page of the list or group.
import { useState } from 'react';
import { Link } from 'wouter';
import {
  ApiProblem,
  type Catalog,
  get,
  type ProjectionPage as ListPage,
  type ProjectionDocument,
  path,
  type StreamListing,
} from '../api.js';
import { Json, Time } from '../components/Json.js';
import { ProblemView } from '../components/ProblemView.js';
import { usePolling } from '../polling.js';

export function ProjectionPage({ catalog, name }: { catalog: Catalog; name: string }) {
  const projection = catalog.projections.find((entry) => entry.name === name);
  const [key, setKey] = useState<string>();
  if (!projection) return <p>There is no projection {name}.</p>;
  const [type = ''] = Object.keys(projection.handles);
  return (
    <>
      <h2>
        {name} <small className="muted">{projection.kind}</small>
      </h2>
      <p>
        Handles{' '}
        {Object.entries(projection.handles).map(([handled, events]) => (
          <span key={handled}>
            <Link href={`/types/${handled}`}>{handled}</Link>: {events.join(', ')}{' '}
          </span>
        ))}
      </p>
      <div className="columns">
        {projection.kind !== 'per-aggregate' && (
          <section>
            <h3>{projection.kind === 'classifier' ? 'The group' : 'The list'}</h3>
            <PageView path={`projections/${path(name)}?limit=50`} />
          </section>
        )}
        <section>
          <h3>By aggregate</h3>
          <KeyPicker type={type} selected={key} onSelect={setKey} />
          {key && <DocumentView path={`projections/${path(name, key)}`} />}
        </section>
      </div>
    </>
  );
}

function KeyPicker({
  type,
  selected,
  onSelect,
}: {
  type: string;
  selected?: string;
  onSelect: (key: string) => void;
}) {
  const ids = usePolling(() => get<StreamListing>(`streams/${path(type)}?limit=100`), [type]);
  return (
    <select value={selected ?? ''} onChange={(event) => onSelect(event.target.value)} aria-label="Aggregate">
      <option value="" disabled>
        Choose a {type}…
      </option>
      {ids.data?.aggregateIds.map((id) => (
        <option key={id}>{id}</option>
      ))}
    </select>
  );
}

/** The first page of a list or group (the API pages on with `continuation`). */
function PageView({ path: pagePath }: { path: string }) {
  const page = usePolling(() => get<ListPage>(pagePath), [pagePath]);
  if (page.problem) return <ProblemView problem={page.problem} />;
  if (!page.data) return <p aria-busy="true">Loading…</p>;
  const { items, members, continuation } = page.data;
  return (
    <div data-testid="projection-page">
      <Json value={items ?? members ?? []} />
      {continuation && <p className="muted">The first 50; more follow.</p>}
    </div>
  );
}

export function DocumentView({ path: documentPath }: { path: string }) {
  const document = usePolling(async () => {
    try {
      return await get<ProjectionDocument>(documentPath);
    } catch (error) {
      if (error instanceof ApiProblem && error.problem.code === 'snapshot-not-found') return null;
      throw error;
    }
  }, [documentPath]);
  if (document.problem) return <ProblemView problem={document.problem} />;
  if (document.data === null) return <p className="muted">No document yet.</p>;
  if (!document.data) return <p aria-busy="true">Loading…</p>;
  const { asOfVersion, updatedAt, state } = document.data;
  return (
    <div data-testid="projection-document">
      <p>
        {asOfVersion !== undefined && <>As of version {asOfVersion}, </>}
        updated <Time iso={updatedAt} />
      </p>
      <Json value={state} />
    </div>
  );
}

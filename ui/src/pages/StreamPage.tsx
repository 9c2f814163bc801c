// One stream: its timeline, its state at any version, the projection documents kept for it, and a form to send
// it a command. Everything refreshes by itself while the page is open.
import { Link } from 'wouter';
import {
  ApiProblem,
  type Catalog,
  type EventEnvelope,
  get,
  type StreamPage as Page,
  type ProjectionDocument,
  path,
} from '../api.js';
import { CommandForm } from '../components/CommandForm.js';
import { Json, Time } from '../components/Json.js';
import { ProblemView } from '../components/ProblemView.js';
import { StateSlider } from '../components/StateSlider.js';
import { Timeline } from '../components/Timeline.js';
import { usePolling } from '../polling.js';

const MAX_EVENTS_SHOWN = 5000;

async function readWholeStream(
  type: string,
  id: string,
): Promise<{ version: number; events: EventEnvelope[] }> {
  const events: EventEnvelope[] = [];
  let from: number | undefined = 1;
  let version = 0;
  while (from !== undefined && events.length < MAX_EVENTS_SHOWN) {
    const page: Page = await get<Page>(`streams/${path(type, id)}?fromVersion=${from}&limit=1000`);
    events.push(...page.events);
    version = page.version;
    from = page.nextFromVersion;
  }
  return { version, events };
}

export function StreamPage({ catalog, type, id }: { catalog: Catalog; type: string; id: string }) {
  const aggregate = catalog.aggregateTypes.find((entry) => entry.type === type);
  const stream = usePolling(() => readWholeStream(type, id), [type, id]);
  const version = stream.data?.version ?? 0;
  if (!aggregate) return <p>There is no aggregate type {type}.</p>;
  return (
    <>
      <nav aria-label="breadcrumb">
        <ul>
          <li>
            <Link href={`/types/${type}`}>{type}</Link>
          </li>
          <li>{id}</li>
        </ul>
      </nav>
      <h2>
        {type} / <span data-testid="stream-id">{id}</span>{' '}
        <small className="muted" data-testid="stream-version">
          version {version}
        </small>
      </h2>
      {stream.problem && <ProblemView problem={stream.problem} />}
      <div className="columns">
        <div>{stream.data && <Timeline events={stream.data.events} />}</div>
        <div>
          <StateSlider type={type} id={id} head={version} />
          <ProjectionsOfStream catalog={catalog} type={type} id={id} />
          <CommandForm
            aggregate={aggregate}
            aggregateId={id}
            version={version}
            onSent={() => void stream.refresh()}
          />
        </div>
      </div>
    </>
  );
}

/** The documents the projections handling this stream keep for it (every kind keeps one per aggregate). */
function ProjectionsOfStream({ catalog, type, id }: { catalog: Catalog; type: string; id: string }) {
  const handling = catalog.projections.filter((projection) => type in projection.handles);
  const documents = usePolling(
    () =>
      Promise.all(
        handling.map(async ({ name }) => {
          try {
            return { name, document: await get<ProjectionDocument>(`projections/${path(name, id)}`) };
          } catch (error) {
            if (error instanceof ApiProblem && error.problem.code === 'snapshot-not-found') return { name };
            throw error;
          }
        }),
      ),
    [type, id, handling.map(({ name }) => name).join()],
  );
  if (handling.length === 0) return null;
  return (
    <section data-testid="stream-projections">
      <h3>Projections</h3>
      {documents.problem && <ProblemView problem={documents.problem} />}
      {documents.data?.map(({ name, document }) => (
        <details key={name} open data-testid={`projection-${name}`}>
          <summary>
            <Link href={`/projections/${name}`}>{name}</Link>{' '}
            {document ? (
              <small className="muted">
                as of version <span data-testid="as-of-version">{document.asOfVersion}</span>, updated{' '}
                <Time iso={document.updatedAt} />
              </small>
            ) : (
              <small className="muted">no document yet</small>
            )}
          </summary>
          {document && <Json value={document.state} />}
        </details>
      ))}
    </section>
  );
}

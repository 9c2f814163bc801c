// What the app serves, from the catalog: the aggregate types with their stores, commands and events; the
// projections; the workflows (when there are any).
import { Link } from 'wouter';
import type { Catalog } from '../api.js';

export function HomePage({ catalog }: { catalog: Catalog }) {
  return (
    <>
      <h2>Aggregate types</h2>
      <div className="cards">
        {catalog.aggregateTypes.map((aggregate) => (
          <article key={aggregate.type} data-testid={`type-${aggregate.type}`}>
            <header>
              <Link href={`/types/${aggregate.type}`}>
                <strong>{aggregate.type}</strong>
              </Link>{' '}
              <small className="muted">
                {aggregate.store.name} ({aggregate.store.type})
              </small>
            </header>
            <p>
              Commands: {aggregate.commands.map(({ name }) => name).join(', ')}
              <br />
              Events: {aggregate.events.map(({ type }) => type).join(', ')}
            </p>
          </article>
        ))}
      </div>
      <h2>Projections</h2>
      <table>
        <thead>
          <tr>
            <th>name</th>
            <th>kind</th>
            <th>handles</th>
          </tr>
        </thead>
        <tbody>
          {catalog.projections.map((projection) => (
            <tr key={projection.name}>
              <td>
                <Link href={`/projections/${projection.name}`}>{projection.name}</Link>
              </td>
              <td>{projection.kind}</td>
              <td>
                {Object.entries(projection.handles)
                  .map(([type, events]) => `${type}: ${events.join(', ')}`)
                  .join('; ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Workflows</h2>
      {catalog.workflows.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul>
          {catalog.workflows.map(({ name }) => (
            <li key={name}>{name}</li>
          ))}
        </ul>
      )}
    </>
  );
}

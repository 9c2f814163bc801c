// The explorer's frame: the catalog (what the app serves) on the left, the views on the right, routed by the
// URL's hash so that the function app serves one page.
import { Link, Route, Router, Switch } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { apiUrl, type Catalog, get } from './api.js';
import { ProblemView } from './components/ProblemView.js';
import { DiaryPage } from './pages/DiaryPage.js';
import { HomePage } from './pages/HomePage.js';
import { ProjectionPage } from './pages/ProjectionPage.js';
import { StreamPage } from './pages/StreamPage.js';
import { TypePage } from './pages/TypePage.js';
import { usePolling } from './polling.js';

const decode = (value: string | undefined) => decodeURIComponent(value ?? '');

export function App() {
  const catalog = usePolling(() => get<Catalog>('catalog'), [], 30_000);
  return (
    <Router hook={useHashLocation}>
      <header className="container-fluid top">
        <nav>
          <ul>
            <li>
              <Link href="/">
                <strong>Event explorer</strong>
              </Link>
            </li>
          </ul>
          <ul>
            <li>
              <Link href="/">Explorer</Link>
            </li>
            <li>
              <Link href="/diary">Diary</Link>
            </li>
            <li>
              <a href={apiUrl('openapi.json')}>OpenAPI</a>
            </li>
          </ul>
        </nav>
      </header>
      <div className="container-fluid layout">
        <aside>
          <nav className="sidebar">
            <small className="muted">Aggregate types</small>
            <ul>
              {catalog.data?.aggregateTypes.map(({ type, store }) => (
                <li key={type}>
                  <Link href={`/types/${type}`}>{type}</Link> <small className="muted">{store.type}</small>
                </li>
              ))}
            </ul>
            <small className="muted">Projections</small>
            <ul>
              {catalog.data?.projections.map(({ name }) => (
                <li key={name}>
                  <Link href={`/projections/${name}`}>{name}</Link>
                </li>
              ))}
            </ul>
          </nav>
        </aside>
        <main>
          {catalog.problem && <ProblemView problem={catalog.problem} />}
          {catalog.data && (
            <Switch>
              <Route path="/">{() => <HomePage catalog={catalog.data as Catalog} />}</Route>
              <Route path="/diary">{() => <DiaryPage />}</Route>
              <Route path="/types/:type">
                {(params) => <TypePage catalog={catalog.data as Catalog} type={decode(params.type)} />}
              </Route>
              <Route path="/streams/:type/:id">
                {(params) => (
                  <StreamPage
                    catalog={catalog.data as Catalog}
                    type={decode(params.type)}
                    id={decode(params.id)}
                  />
                )}
              </Route>
              <Route path="/projections/:name">
                {(params) => <ProjectionPage catalog={catalog.data as Catalog} name={decode(params.name)} />}
              </Route>
              <Route>
                <p>Nothing here.</p>
              </Route>
            </Switch>
          )}
        </main>
      </div>
    </Router>
  );
}

// A problem+json answer, readably: what went wrong (title, status, code), the detail, the domain's reason,
// the stream's current version, and each invalid field.
import type { Problem } from '../api.js';

export function ProblemView({ problem }: { problem: Problem }) {
  return (
    <article className="problem" role="alert" data-testid="problem">
      <header>
        <strong>{problem.title}</strong> <span className="muted">({problem.status || 'no answer'})</span>{' '}
        <code data-testid="problem-code">{problem.code}</code>
      </header>
      {problem.detail && <p>{problem.detail}</p>}
      {problem.reason && (
        <p>
          Reason: <code data-testid="problem-reason">{problem.reason}</code>
        </p>
      )}
      {problem.currentVersion !== undefined && <p>The stream is at version {problem.currentVersion}.</p>}
      {problem.errors && problem.errors.length > 0 && (
        <ul data-testid="problem-errors">
          {problem.errors.map((error) => (
            <li key={`${error.path}:${error.message}`}>
              <code>{error.path}</code>: {error.message}
            </li>
          ))}
          {problem.omittedErrors ? <li>… and {problem.omittedErrors} more</li> : null}
        </ul>
      )}
      {problem.signIn && (
        <p>
          <a href={problem.signIn}>Sign in</a>
        </p>
      )}
    </article>
  );
}

// Editing one diary item: the form starts from the values and the version the user loaded, and every command
// carries that version in If-Match. When someone else changed the item meanwhile the API answers 412, and the
// editor shows the item as it is now instead of overwriting it; the user can start again from those values.
import { useState } from 'react';
import { ApiProblem, get, type Problem, path, type StateAsOf, sendCommand } from '../api.js';
import { ProblemView } from '../components/ProblemView.js';
import { DIARY_TYPE, type DiaryItem, fromLocalInput, toLocalInput } from '../diary.js';

interface Current {
  version: number;
  deleted: boolean;
  title: string;
  from: string;
  to: string;
}

export interface DiaryEditorProps {
  item: DiaryItem;
  onSaved: (version: number) => void;
  onCancel: () => void;
  /** Someone else changed the item: the list should show it as it is now. */
  onConflict: () => void;
}

export function DiaryEditor({ item, onSaved, onCancel, onConflict }: DiaryEditorProps) {
  const [loaded, setLoaded] = useState<DiaryItem>(item);
  const [title, setTitle] = useState(item.title);
  const [from, setFrom] = useState(toLocalInput(item.from));
  const [to, setTo] = useState(toLocalInput(item.to));
  const [problem, setProblem] = useState<Problem>();
  const [conflict, setConflict] = useState<Current>();
  const [saving, setSaving] = useState(false);

  const save = async () => {
    setSaving(true);
    setProblem(undefined);
    let version = loaded.version;
    try {
      if (title !== loaded.title) {
        version = (await sendCommand(DIARY_TYPE, loaded.id, 'rename', { title }, version)).body.version;
      }
      const period = { from: fromLocalInput(from), to: fromLocalInput(to) };
      if (
        Date.parse(period.from) !== Date.parse(loaded.from) ||
        Date.parse(period.to) !== Date.parse(loaded.to)
      ) {
        version = (await sendCommand(DIARY_TYPE, loaded.id, 'reschedule', period, version)).body.version;
      }
      onSaved(version);
    } catch (error) {
      const answer =
        error instanceof ApiProblem ? error.problem : { title: String(error), status: 0, code: 'network' };
      setProblem(answer);
      if (answer.code === 'version-mismatch') {
        setConflict(await readCurrent(loaded.id));
        onConflict();
      }
    } finally {
      setSaving(false);
    }
  };

  const startFromCurrent = (current: Current) => {
    setLoaded({ ...loaded, ...current });
    setTitle(current.title);
    setFrom(toLocalInput(current.from));
    setTo(toLocalInput(current.to));
    setConflict(undefined);
    setProblem(undefined);
  };

  return (
    <article data-testid="diary-editor">
      <header>
        Editing <strong>{loaded.title}</strong>{' '}
        <small className="muted">(loaded at version {loaded.version})</small>
      </header>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <label>
          Title
          <input name="title" value={title} onChange={(event) => setTitle(event.target.value)} />
        </label>
        <div className="grid">
          <label>
            From
            <input
              type="datetime-local"
              name="from"
              value={from}
              onChange={(event) => setFrom(event.target.value)}
            />
          </label>
          <label>
            To
            <input
              type="datetime-local"
              name="to"
              value={to}
              onChange={(event) => setTo(event.target.value)}
            />
          </label>
        </div>
        <div className="grid">
          <button type="submit" disabled={saving || conflict !== undefined}>
            Save
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
      {conflict && (
        <section className="conflict" data-testid="conflict">
          <p>
            <strong>Someone else changed this item meanwhile</strong> (it is now at version {conflict.version}
            ); your changes were not saved. It is now:
          </p>
          {conflict.deleted && <p data-testid="conflict-deleted">It has been deleted.</p>}
          <dl hidden={conflict.deleted}>
            <dt>Title</dt>
            <dd data-testid="conflict-title">{conflict.title}</dd>
            <dt>From – to</dt>
            <dd>
              {new Date(conflict.from).toLocaleString()} – {new Date(conflict.to).toLocaleString()}
            </dd>
          </dl>
          <button type="button" hidden={conflict.deleted} onClick={() => startFromCurrent(conflict)}>
            Edit the current values
          </button>
        </section>
      )}
      {problem && <ProblemView problem={problem} />}
    </article>
  );
}

async function readCurrent(id: string): Promise<Current> {
  const { version, state } = await get<StateAsOf>(`streams/${path(DIARY_TYPE, id)}/state`);
  const { title, from, to, status } = state as Omit<Current, 'version'> & { status: string };
  return { version, deleted: status === 'deleted', title, from, to };
}

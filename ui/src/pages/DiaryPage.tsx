// The Diary sample's page (after the seed's CQRS diary): the list of diary items from the `diary-items`
// projection, add, edit and delete. After a command the page waits until the projection shows the change
// (each item carries the version of its stream it reflects) before it shows the list as changed.
import { useState } from 'react';
import { ApiProblem, type Problem, sendCommand } from '../api.js';
import { ProblemView } from '../components/ProblemView.js';
import {
  DIARY_TYPE,
  type DiaryItem,
  fromLocalInput,
  newItemId,
  readDiary,
  toLocalInput,
  waitForDiary,
} from '../diary.js';
import { usePolling } from '../polling.js';
import { DiaryEditor } from './DiaryEditor.js';

export function DiaryPage() {
  const list = usePolling(readDiary, []);
  const [editing, setEditing] = useState<DiaryItem>();
  const [waiting, setWaiting] = useState<string>();
  const [problem, setProblem] = useState<Problem>();

  /** Runs a command, then waits for the projection to show its effect. */
  const run = async (what: string, id: string, send: () => Promise<number | 'deleted'>): Promise<boolean> => {
    setProblem(undefined);
    try {
      const outcome = await send();
      setWaiting(
        `${what}: waiting for the diary list to show it${outcome === 'deleted' ? '' : ` (version ${outcome})`}…`,
      );
      await waitForDiary(id, outcome === 'deleted' ? 'deleted' : { version: outcome });
      await list.refresh();
      return true;
    } catch (error) {
      setProblem(
        error instanceof ApiProblem
          ? error.problem
          : { title: String(error), status: 0, code: 'not-caught-up' },
      );
      return false;
    } finally {
      setWaiting(undefined);
    }
  };

  return (
    <>
      <h2>Diary</h2>
      <AddItem
        onAdd={(fields) => {
          const id = newItemId(fields.title);
          return run(
            'Added',
            id,
            async () => (await sendCommand(DIARY_TYPE, id, 'create', fields)).body.version,
          );
        }}
      />
      {waiting && (
        <p aria-busy="true" data-testid="waiting">
          {waiting}
        </p>
      )}
      {problem && <ProblemView problem={problem} />}
      {list.problem && <ProblemView problem={list.problem} />}
      {editing && (
        <DiaryEditor
          key={`${editing.id}@${editing.version}`}
          item={editing}
          onCancel={() => setEditing(undefined)}
          onConflict={() => void list.refresh()}
          onSaved={(version) => {
            const { id } = editing;
            setEditing(undefined);
            void run('Saved', id, async () => version);
          }}
        />
      )}
      <table data-testid="diary-items">
        <thead>
          <tr>
            <th>Title</th>
            <th>From</th>
            <th>To</th>
            <th>Version</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.data?.map((item) => (
            <tr key={item.id} data-testid="diary-item" data-id={item.id}>
              <td data-testid="diary-title">{item.title}</td>
              <td>{new Date(item.from).toLocaleString()}</td>
              <td>{new Date(item.to).toLocaleString()}</td>
              <td>{item.version}</td>
              <td className="actions">
                <button type="button" className="secondary outline" onClick={() => setEditing(item)}>
                  Edit
                </button>
                <button
                  type="button"
                  className="contrast outline"
                  onClick={() =>
                    void run('Deleted', item.id, async () => {
                      await sendCommand(DIARY_TYPE, item.id, 'delete', {}, item.version);
                      return 'deleted';
                    })
                  }
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data?.length === 0 && <p className="muted">No diary items yet.</p>}
    </>
  );
}

function AddItem({
  onAdd,
}: {
  onAdd: (fields: { title: string; from: string; to: string }) => Promise<boolean>;
}) {
  const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
  const [title, setTitle] = useState('');
  const [from, setFrom] = useState(toLocalInput(inAnHour));
  const [to, setTo] = useState(toLocalInput(new Date(Date.now() + 7_200_000).toISOString()));
  return (
    <form
      data-testid="diary-add"
      onSubmit={(event) => {
        event.preventDefault();
        void onAdd({ title, from: fromLocalInput(from), to: fromLocalInput(to) }).then((added) => {
          if (added) setTitle('');
        });
      }}
    >
      <fieldset className="grid">
        <label>
          Title
          <input name="title" value={title} onChange={(event) => setTitle(event.target.value)} />
        </label>
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
          <input type="datetime-local" name="to" value={to} onChange={(event) => setTo(event.target.value)} />
        </label>
      </fieldset>
      <button type="submit">Add</button>
    </form>
  );
}

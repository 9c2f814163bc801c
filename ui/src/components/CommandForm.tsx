// Sends a command from a form generated from the catalog's JSON Schema of its payload (react-jsonschema-form).
// Optionally with If-Match of the version shown, so a command decided on a stale view is refused (412); the
// answer, or the problem, is shown as the API gave it.
import Form from '@rjsf/core';
import type { RJSFSchema } from '@rjsf/utils';
import { useState } from 'react';
import { ApiProblem, type Catalog, type CommandResult, type Problem, sendCommand } from '../api.js';
import { serverValidation } from '../serverValidation.js';
import { ProblemView } from './ProblemView.js';

type AggregateType = Catalog['aggregateTypes'][number];

export interface CommandFormProps {
  aggregate: AggregateType;
  /** The stream's id; absent: the form asks for one (a new stream). */
  aggregateId?: string;
  /** The version shown, offered as If-Match. */
  version?: number;
  onSent?: (result: CommandResult) => void;
}

export function CommandForm({ aggregate, aggregateId, version, onSent }: CommandFormProps) {
  const [commandName, setCommandName] = useState(aggregate.commands[0]?.name ?? '');
  const [newId, setNewId] = useState('');
  const [formData, setFormData] = useState<unknown>({});
  const [ifMatch, setIfMatch] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [result, setResult] = useState<CommandResult>();
  const [sending, setSending] = useState(false);
  const command = aggregate.commands.find(({ name }) => name === commandName) ?? aggregate.commands[0];
  if (!command) return null;
  const id = aggregateId ?? newId.trim();

  const submit = async (payload: unknown) => {
    setSending(true);
    setProblem(undefined);
    setResult(undefined);
    try {
      const answer = await sendCommand(
        aggregate.type,
        id,
        command.name,
        payload,
        ifMatch ? version : undefined,
      );
      setResult(answer.body);
      onSent?.(answer.body);
    } catch (error) {
      setProblem(
        error instanceof ApiProblem ? error.problem : { title: String(error), status: 0, code: 'network' },
      );
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="command-form" data-testid="command-form">
      <h3>Send a command</h3>
      {aggregateId === undefined && (
        <label>
          Aggregate id
          <input
            name="aggregateId"
            value={newId}
            placeholder="e.g. acc-1"
            onChange={(event) => setNewId(event.target.value)}
          />
        </label>
      )}
      <label>
        Command
        <select
          name="command"
          value={command.name}
          onChange={(event) => {
            setCommandName(event.target.value);
            setFormData({});
            setProblem(undefined);
            setResult(undefined);
          }}
        >
          {aggregate.commands.map(({ name }) => (
            <option key={name}>{name}</option>
          ))}
        </select>
      </label>
      {version !== undefined && (
        <label>
          <input
            type="checkbox"
            name="ifMatch"
            checked={ifMatch}
            onChange={(event) => setIfMatch(event.target.checked)}
          />
          Only if the stream is still at version {version} (<code>If-Match: "{version}"</code>)
        </label>
      )}
      <Form
        key={`${aggregate.type}/${command.name}`}
        schema={{ title: `${aggregate.type}: ${command.name}`, ...command.schema } as RJSFSchema}
        formData={formData}
        validator={serverValidation}
        noHtml5Validate
        showErrorList={false}
        disabled={sending}
        onChange={(event) => setFormData(event.formData)}
        onSubmit={(event) => void submit(event.formData)}
      >
        <button type="submit" disabled={sending || id === ''}>
          Send {command.name}
        </button>
      </Form>
      {result && (
        <p className="sent" data-testid="command-result">
          Done: version {result.version} ({result.events.map((event) => event.type).join(', ') || 'no events'}
          ).
        </p>
      )}
      {problem && <ProblemView problem={problem} />}
    </section>
  );
}

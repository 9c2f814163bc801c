// The aggregate's state at any version: a slider over the stream's versions, replayed by the API
// (`state?asOfVersion=`). At the head it follows new events; moved back, it stays where it was put.
import { useState } from 'react';
import { get, path, type StateAsOf } from '../api.js';
import { usePolling } from '../polling.js';
import { Json } from './Json.js';
import { ProblemView } from './ProblemView.js';

export function StateSlider({ type, id, head }: { type: string; id: string; head: number }) {
  const [chosen, setChosen] = useState<number>();
  const version = chosen === undefined || chosen > head ? head : chosen;
  const state = usePolling(
    () => get<StateAsOf>(`streams/${path(type, id)}/state?asOfVersion=${version}`),
    [type, id, version],
    60_000,
  );
  if (head < 1) return null;
  return (
    <section data-testid="state">
      <h3>State</h3>
      <label>
        As of version <output data-testid="state-version">{version}</output> of {head}
        <input
          type="range"
          name="asOfVersion"
          min={1}
          max={head}
          step={1}
          value={version}
          onChange={(event) => {
            const value = Number(event.target.value);
            setChosen(value === head ? undefined : value);
          }}
        />
      </label>
      {state.problem && <ProblemView problem={state.problem} />}
      {state.data?.version === version && <Json value={state.data.state} testId="state-json" />}
    </section>
  );
}

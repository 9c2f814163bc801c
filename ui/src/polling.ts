// Keeps what a view shows fresh while the page is open: loads at once, then again every interval while the tab
// is visible (a command sent with curl shows up without a reload). A load still under way is not repeated, and
// the answer of a load started before the view changed (other `deps`) is dropped.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiProblem, type Problem } from './api.js';

export const POLL_INTERVAL_IN_MS = 1000;

export interface Polled<T> {
  data: T | undefined;
  problem: Problem | undefined;
  /** Loads now (after a command), without waiting for the next tick. */
  refresh: () => Promise<void>;
}

export function usePolling<T>(
  load: () => Promise<T>,
  deps: unknown[],
  intervalInMs = POLL_INTERVAL_IN_MS,
): Polled<T> {
  const [data, setData] = useState<T>();
  const [problem, setProblem] = useState<Problem>();
  const latestLoad = useRef(load);
  latestLoad.current = load;
  // The generation (one per set of deps) whose load is under way, if any.
  const busy = useRef<number | undefined>(undefined);
  const generation = useRef(0);
  const refresh = useCallback(async () => {
    const mine = generation.current;
    if (busy.current === mine) return;
    busy.current = mine;
    try {
      const loaded = await latestLoad.current();
      if (mine !== generation.current) return;
      setData(loaded);
      setProblem(undefined);
    } catch (error) {
      if (mine !== generation.current) return;
      setProblem(
        error instanceof ApiProblem ? error.problem : { title: String(error), status: 0, code: 'network' },
      );
    } finally {
      if (busy.current === mine) busy.current = undefined;
    }
  }, []);
  const key = JSON.stringify(deps);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the view starts over when the caller's deps (key) change
  useEffect(() => {
    generation.current++;
    setData(undefined);
    setProblem(undefined);
    void refresh();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh();
    }, intervalInMs);
    return () => clearInterval(timer);
  }, [key, refresh, intervalInMs]);
  return { data, problem, refresh };
}

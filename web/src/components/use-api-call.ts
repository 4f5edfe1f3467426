/**
 * The state of one API call on a page: idle, running, its answer, or its failure; a new call
 * cancels the one before (AbortController), so a slow earlier answer never overwrites a later
 * one.
 * @module
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiFailure, networkFailure } from '../api/api-problem.js';

export type CallState<T> =
  | { state: 'idle' }
  | { state: 'running' }
  | { state: 'done'; value: T }
  | { state: 'failed'; failure: ApiFailure };

export function useApiCall<T, A extends unknown[]>(call: (signal: AbortSignal, ...args: A) => Promise<T>): [CallState<T>, (...args: A) => Promise<T | null>, () => void] {
  const [state, setState] = useState<CallState<T>>({ state: 'idle' });
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);
  const run = useCallback(
    async (...args: A): Promise<T | null> => {
      controller.current?.abort();
      const mine = new AbortController();
      controller.current = mine;
      setState({ state: 'running' });
      try {
        const value = await call(mine.signal, ...args);
        if (controller.current === mine) setState({ state: 'done', value });
        return value;
      } catch (error) {
        if (mine.signal.aborted) return null;
        setState({ state: 'failed', failure: error instanceof ApiFailure ? error : networkFailure(error) });
        return null;
      }
    },
    [call],
  );
  const reset = useCallback(() => {
    controller.current?.abort();
    setState({ state: 'idle' });
  }, []);
  return [state, run, reset];
}

/**
 * For the store conformance suites: a test body gets a fresh store from the factory and the
 * store is closed afterwards, whatever the body does.
 * @module
 */
import type { TraceStore } from './trace-store.js';

export function withFreshStore(factory: () => Promise<TraceStore>) {
  return (fn: (store: TraceStore) => Promise<void>) => async (): Promise<void> => {
    const store = await factory();
    try {
      await fn(store);
    } finally {
      await store.close();
    }
  };
}

/** A small typed emitter: the service forwards these events to the hosts unchanged. */
export class Emitter<E extends Record<string, unknown>> {
  private listeners: { [K in keyof E]?: Set<(e: E[K]) => void> } = {};

  on<K extends keyof E>(event: K, fn: (e: E[K]) => void): () => void {
    const set = (this.listeners[event] ??= new Set());
    set.add(fn);
    return () => set.delete(fn);
  }

  emit<K extends keyof E>(event: K, e: E[K]): void {
    // A listener that throws must not stop the engine or the other listeners.
    for (const fn of this.listeners[event] ?? []) {
      try {
        fn(e);
      } catch {
        /* the listener's own problem */
      }
    }
  }
}

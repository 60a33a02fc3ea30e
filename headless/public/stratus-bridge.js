// Installs window.stratus in a plain browser: the same typed API the Electron preload exposes, carried over a
// WebSocket to the headless host. Methods are not listed here: every property of window.stratus is a request
// sent by name, and the host validates names and arguments against the contract before the service sees them.
(() => {
  const pending = new Map();
  const listeners = new Map();
  let nextId = 1;
  const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
  const opened = new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', () => reject(new Error('Lost the connection to the Stratus host.')), { once: true });
  });

  socket.addEventListener('message', (message) => {
    const data = JSON.parse(message.data);
    if (data.event) {
      for (const listener of listeners.get(data.event) ?? []) listener(data.payload);
      return;
    }
    const call = pending.get(data.id);
    if (!call) return;
    pending.delete(data.id);
    if (data.error) call.reject(Object.assign(new Error(data.error.message), { kind: data.error.kind }));
    else call.resolve(data.result);
  });
  socket.addEventListener('close', () => {
    for (const call of pending.values()) call.reject(new Error('Lost the connection to the Stratus host.'));
    pending.clear();
  });

  async function request(method, args) {
    // JSON has no undefined: a trailing optional argument left out must not arrive as null.
    while (args.length && args[args.length - 1] === undefined) args.pop();
    await opened;
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, args }));
    });
  }

  function on(event, listener) {
    if (!listeners.has(event)) listeners.set(event, new Set());
    listeners.get(event).add(listener);
    return () => listeners.get(event).delete(listener);
  }

  const api = new Proxy(Object.freeze({ on }), {
    get: (target, name) => (name in target ? target[name] : typeof name === 'string' ? (...args) => request(name, args) : undefined),
  });
  Object.defineProperty(window, 'stratus', { value: api, writable: false, configurable: false });
})();

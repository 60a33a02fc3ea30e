import { EventEmitter } from 'node:events';
import type { EventName, ServiceEvents, ServiceRequests, Unsubscribe } from './contract.js';
import { version } from './version.js';

/**
 * The application API both hosts expose. It owns no transport: hosts call its methods after validating
 * requests, and subscribe to its events to forward them to every UI.
 */
export class StratusService implements ServiceRequests {
  private readonly events = new EventEmitter();

  constructor(private readonly host: 'electron' | 'headless') {}

  async getAppInfo() {
    return { name: 'Stratus', version, platform: process.platform, host: this.host };
  }

  async ping(message: string) {
    return { echo: message, at: new Date().toISOString() };
  }

  on<E extends EventName>(event: E, listener: (payload: ServiceEvents[E]) => void): Unsubscribe {
    this.events.on(event, listener);
    return () => this.events.off(event, listener);
  }

  protected emit<E extends EventName>(event: E, payload: ServiceEvents[E]): void {
    this.events.emit(event, payload);
  }
}

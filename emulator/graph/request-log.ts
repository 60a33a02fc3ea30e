/** One answered request, as the admin API shows it. Never holds headers or bodies (tokens live there). */
export interface LoggedRequest {
  at: string;
  method: string;
  path: string;
  status: number;
  ms: number;
}

/** The last N requests, oldest first. A ring buffer so a long benchmark costs no memory growth. */
export class RequestLog {
  private readonly entries: LoggedRequest[] = [];
  private next = 0;
  constructor(private readonly capacity = 5000) {}

  add(entry: LoggedRequest): void {
    if (this.entries.length < this.capacity) this.entries.push(entry);
    else this.entries[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
  }

  list(): LoggedRequest[] {
    return this.entries.length < this.capacity ? [...this.entries] : [...this.entries.slice(this.next), ...this.entries.slice(0, this.next)];
  }

  clear(): void { this.entries.length = 0; this.next = 0; }
}

/** An error the UI can act on: `kind` says what to offer, `message` says what happened and what to do. */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(readonly kind: string, message: string) {
    super(message);
  }
}

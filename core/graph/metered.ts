import type { TokenBucket } from './bandwidth.js';

/**
 * A request body sent in pieces, each after the account's upload budget allows it, reporting the bytes handed
 * to the connection so far. A fresh stream per attempt: a retried request sends the bytes again.
 */
export function meteredBody(bytes: Uint8Array, bucket: TokenBucket, onSent: (sent: number) => void, signal?: AbortSignal): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent >= bytes.length) {
        controller.close();
        return;
      }
      const piece = bytes.subarray(sent, sent + bucket.pieceSize());
      await bucket.take(piece.length, signal);
      controller.enqueue(piece);
      sent += piece.length;
      onSent(sent);
    },
  }, { highWaterMark: 0 });
}

/**
 * The response body read only as fast as the account's download budget allows. The inner stream is touched
 * only on the first read, so a caller that uses `res.json()` or cancels the body is not affected.
 */
export function meteredResponseBody(inner: ReadableStream<Uint8Array>, bucket: TokenBucket, signal?: AbortSignal): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      reader ??= inner.getReader();
      const { done, value } = await reader.read();
      if (done) {
        controller.close();
        return;
      }
      // Split what the socket gave at once, so a large read does not leave the budget in a long debt.
      for (let at = 0; at < value.length;) {
        const piece = value.subarray(at, at + bucket.pieceSize(64 * 1024));
        await bucket.take(piece.length, signal);
        controller.enqueue(piece);
        at += piece.length;
      }
    },
    cancel(reason) {
      return reader ? reader.cancel(reason) : inner.cancel(reason);
    },
  }, { highWaterMark: 0 });
}

/**
 * Makes `res.body` the metered stream. Response's own body stays in place for `text()` and `json()`; only
 * the streamed body (downloads) is paced. A Response cannot be rebuilt without losing its url.
 */
export function meterResponse(res: Response, bucket: TokenBucket, signal?: AbortSignal): Response {
  // Wrapped even while there is no limit, so one set during a long download applies to it at once.
  if (!res.body) return res;
  const paced = meteredResponseBody(res.body, bucket, signal);
  Object.defineProperty(res, 'body', { value: paced, configurable: true });
  return res;
}

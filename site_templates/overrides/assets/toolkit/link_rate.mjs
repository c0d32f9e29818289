// Whether a download is worth waiting for, judged from its first bytes: the worker uses
// it for the memory snapshot, which on a slow link takes longer to arrive than it saves.
// The rate is taken from the bytes after the first chunk (which may have waited in a
// buffer). Bytes are counted as they come, whether or not anything reads them yet (the
// worker reads the snapshot only once its decoder has loaded).

/** A TransformStream that passes on the ``total`` bytes of a download and judges, once
 * ``sampleBytes`` have come or ``sampleMs`` have passed after the first chunk, whether the
 * rest would come within ``worthMs``. ``onJudged(fast)`` is called once; a download judged
 * too slow is cancelled (the stream errors). A ``total`` of 0 (unknown) is judged fast at
 * once. ``isSlow()`` tells, synchronously, whether it was judged too slow. */
export function watchRate(total, { sampleBytes, sampleMs, worthMs }, onJudged) {
  let received = 0;
  let first = 0;
  let firstSize = 0;
  let judged = !total;
  let slow = false;
  if (judged) onJudged(true);
  const stream = new TransformStream({
    transform(chunk, controller) {
      if (slow) return;
      received += chunk.length;
      const now = performance.now();
      if (!first) {
        first = now;
        firstSize = chunk.length;
      } else if (!judged && (received >= sampleBytes || now - first >= sampleMs)) {
        judged = true;
        const rate = (received - firstSize) / (now - first); // bytes per ms
        slow = (total - received) / rate > worthMs;
        onJudged(!slow);
        if (slow) {
          controller.error(new Error("slow link")); // cancels the download
          return;
        }
      }
      controller.enqueue(chunk);
    },
  }, undefined, { highWaterMark: Infinity }); // counted as they come, however late the reader
  return { stream, isSlow: () => slow };
}

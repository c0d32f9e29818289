// Whether a download is worth waiting for, judged from its first bytes: the worker uses
// it for the memory snapshot, which on a slow link takes longer to arrive than it saves.
//
// The rate is taken from the bytes after the first chunk (which may have waited in a
// buffer), over the time this thread was free to see them. Bytes are counted as they
// come, whether or not anything reads them yet (the worker reads the snapshot only once
// its decoder has loaded). While the thread is busy (unpacking, compiling), the bytes wait
// and the clock runs on: a busy thread on a fast link would look like a slow link (and a
// busy computer is where the snapshot pays most). A tick every TICK_MS shows how long the
// thread was held up, and that time is left out.

const TICK_MS = 25;

/** A TransformStream that passes on the ``total`` bytes of a download as they come and
 * judges, once ``sampleBytes`` have come or the thread has been free for ``sampleMs`` after
 * the first chunk, whether the rest would come within ``worthMs``. ``onJudged(fast)`` is
 * called once; a download judged too slow is cancelled (the stream errors). A ``total`` of
 * 0 (unknown) is judged fast at once. ``isSlow()`` tells whether it was judged too slow. */
export function watchRate(total, { sampleBytes, sampleMs, worthMs }, onJudged) {
  let received = 0;
  let first = 0;
  let firstSize = 0;
  let judged = !total;
  let slow = false;
  let control = null;
  let ticker = 0;
  let lastTick = 0;
  let heldUp = 0; // ms the thread was held up since the first chunk, up to the last tick
  if (judged) onJudged(true);

  const lateSince = (now) => Math.max(0, now - lastTick - 2 * TICK_MS); // timers run late
  const freeTime = (now) => now - first - heldUp - lateSince(now);
  const judge = (now) => {
    judged = true;
    clearInterval(ticker);
    const rate = (received - firstSize) / Math.max(1, freeTime(now)); // bytes per ms
    slow = (total - received) / rate > worthMs;
    onJudged(!slow);
    if (slow) control.error(new Error("slow link")); // cancels the download
  };
  const check = (now) => {
    if (!judged && first && (received >= sampleBytes || freeTime(now) >= sampleMs)) judge(now);
  };
  const stream = new TransformStream({
    start(controller) { control = controller; },
    transform(chunk, controller) {
      if (slow) return;
      received += chunk.length;
      const now = performance.now();
      if (!first) {
        first = lastTick = now;
        firstSize = chunk.length;
        if (!judged) {
          ticker = setInterval(() => {
            const tick = performance.now();
            heldUp += lateSince(tick);
            lastTick = tick;
            check(tick);
          }, TICK_MS);
        }
      } else {
        check(now);
      }
      if (!slow) controller.enqueue(chunk);
    },
    flush() { clearInterval(ticker); },
  }, undefined, { highWaterMark: Infinity }); // counted as they come, however late the reader
  return { stream, isSlow: () => slow };
}

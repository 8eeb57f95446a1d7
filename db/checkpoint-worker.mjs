// The SQLite checkpointer thread (see db/checkpointer.ts): copies the write-ahead log back
// into the database file off the main thread, so a commit never waits for that copy and its
// fsyncs. Plain JavaScript: a worker thread loads it without the TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { clearTimeout, setTimeout } from 'node:timers';

const Database = createRequire(import.meta.url)('better-sqlite3');
const { path, intervalMs, restartPages } = workerData;
const db = new Database(path, { fileMustExist: true });
db.pragma('busy_timeout = 5000');

let timer;
function checkpoint() {
  try {
    // PASSIVE never blocks the app's writer: it copies what no reader still needs.
    const [passive] = db.pragma('wal_checkpoint(PASSIVE)');
    // Under steady writes the log never empties by itself (a frame is always being added);
    // RESTART copies the last frames and makes the next commit start the log from its
    // beginning, so the file stays near `restartPages` pages.
    if (passive.log >= restartPages) db.pragma('wal_checkpoint(RESTART)');
  } catch (err) {
    parentPort.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
  timer = setTimeout(checkpoint, intervalMs);
}

parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
checkpoint();

import BetterSqlite3 from 'better-sqlite3';
const stats = new Map<string, { n: number; t: number }>();
const origPrepare = (BetterSqlite3 as any).prototype.prepare;
(BetterSqlite3 as any).prototype.prepare = function (sql: string) {
  const st = origPrepare.call(this, sql);
  for (const m of ['run', 'all', 'get', 'iterate']) {
    const f = st[m].bind(st);
    st[m] = (...a: unknown[]) => { const t = performance.now(); try { return f(...a); } finally { const s = stats.get(sql) ?? { n: 0, t: 0 }; s.n++; s.t += performance.now() - t; stats.set(sql, s); } };
  }
  return st;
};
process.on('exit', () => {
  const rows = [...stats].sort((a, b) => b[1].t - a[1].t).slice(0, 30);
  for (const [sql, s] of rows) console.log(`${s.t.toFixed(0).padStart(6)}ms n=${String(s.n).padStart(6)} avg=${((s.t / s.n) * 1000).toFixed(1)}us  ${sql.slice(0, 160)}`);
});

/* Code node "Data table usage": rows ≈ hits × range / probes per table, times its bytes per row, against the limit. */
/* global found */
/* eslint @typescript-eslint/no-unused-vars: ["error", { "varsIgnorePattern": "^ROUND$" }] -- probe-results.js reads it */
const ROUND = 'Single ids';
// #include probe-results.js
const s = $('Settings').first().json;
const tables = Object.values(found).map((f) => {
  const rows = f.error || f.probe.done ? 0 : Math.round((f.hits.length * f.probe.range) / f.probe.k);
  return { table: f.probe.table, tableId: f.probe.probeTableId, rows, bytesPerRow: f.probe.bytesPerRow, bytes: rows * f.probe.bytesPerRow, error: f.error || f.probe.error || null };
});
const bytes = tables.reduce((a, t) => a + t.bytes, 0);
const limitBytes = Math.round(Number(s.dataTablesLimitMb) * 1048576);
return [{ json: { estimate: true, bytes, limitBytes, percent: Math.round((100 * bytes) / limitBytes), tables } }];

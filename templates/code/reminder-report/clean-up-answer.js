/* Code node "Clean-up answer": what was kept and removed, recorded per day in static data, as JSON. */
const p = $('Read period').first().json;
const kept = $('Build page').first().json;
const u = $('Data table usage').isExecuted ? $('Data table usage').first().json : null;
const byHttp = $('Clean up now').isExecuted;
if (!kept.ok) {
  // a scheduled run fails visibly in n8n's executions list; the webhook answers why
  if (!byHttp) throw new Error(kept.error);
  return [{ json: { status: kept.status || 500, body: { ok: false, error: kept.error } } }];
}
const removed = $('Remove final rows').isExecuted ? $('Remove final rows').all() : [];
const failed = removed.find((i) => i.error || i.json.error);
const instant = (v) => (v instanceof Date ? v.getTime() : Date.parse(String(v || '').replace(' ', 'T') + (/[zZ]|[+-]\d\d:?\d\d$/.test(String(v || '')) ? '' : 'Z')));
const days = (p.removeDays || []).map((d) => {
  const from = Date.parse(d.fromIso);
  const until = Date.parse(d.untilIso);
  return { day: d.day, rows: removed.filter((i) => i.json.id !== undefined && instant(i.json.createdAt) >= from && instant(i.json.createdAt) < until).length };
});
// c: rows removed from the day so far; a day is cleaned again only while c is below its visits
const store = $getWorkflowStaticData('global');
if (store.reportDays && store.reportDays.key === p.keptKey) {
  for (const d of days) if (store.reportDays.days[d.day]) store.reportDays.days[d.day].c = (Number(store.reportDays.days[d.day].c) || 0) + d.rows;
}
const removedRows = days.reduce((a, d) => a + d.rows, 0);
const usage = u && { estimatedBytes: u.bytes, limitBytes: u.limitBytes, percent: u.percent, tables: u.tables,
  note: 'an estimate made before this run removed ' + removedRows + ' rows; n8n shows the exact figure under Overview → Data tables' };
if (failed && !byHttp) throw new Error('Removing old ledger rows failed: ' + String((failed.error && failed.error.message) || failed.json.error.message || failed.json.error));
return [{ json: { status: failed ? 500 : 200, body: {
  ok: !failed, ...(failed ? { error: 'removing old ledger rows failed: ' + String((failed.error && failed.error.message) || (failed.json.error && failed.json.error.message) || failed.json.error) } : {}),
  retentionDays: p.retentionDays, keptDays: kept.keptDays, removedRows, removedDays: days.filter((d) => d.rows > 0),
  remainingOldDays: p.remainingOldDays, usage,
} } }];

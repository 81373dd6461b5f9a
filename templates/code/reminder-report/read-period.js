/*
 * Code node "Read period": the query (`from`/`to` as YYYY-MM-DD, or `days`, and `format`) → the period as two
 * instants in the clinic's zone, or an error page's title and text.
 * __KEPT_FORMAT__: KEPT_FORMAT in reminderReport.ts.
 */
// The period the page covers, in the clinic's zone. Query: ?from=YYYY-MM-DD&to=YYYY-MM-DD, or ?days=N (the last N days
// up to today), and &format=csv for the rows as a file. Default: Settings.defaultDays.
// The clean-up (Every hour, Clean up now) runs the same steps as a page of the last maxDays days, so it keeps
// finished days exactly as a page view does, then picks the old days whose final rows it may remove.
const page = $('Report page').isExecuted;
const s = $('Settings').first().json;
const q = page ? $('Report page').first().json.query || {} : {};
const one = (v) => (Array.isArray(v) ? v[v.length - 1] : v) === undefined ? '' : String(Array.isArray(v) ? v[v.length - 1] : v).trim();
const fail = (status, title, detail) => [{ json: { ok: false, cleanup: !page, status, title, detail } }];
const zone = String(s.clinicTimeZone || '').trim();
if (!zone || !DateTime.now().setZone(zone).isValid) {
  return fail(500, 'Clinic time zone is not valid', 'Settings → clinicTimeZone is "' + zone + '". Set an IANA zone such as Europe/Moscow.');
}
if (!String(s.ledgerTableId || '').trim()) {
  return fail(500, 'The ledger table is not set', 'Settings → ledgerTableId is empty. Open Overview → Data tables → reminder_ledger and copy the table id from its address.');
}
const maxDays = Math.max(1, Math.floor(Number(s.maxDays) || 366));
const whole = (v) => (/^\s*\d+\s*$/.test(String(v)) ? Number(v) : NaN);
const retention = whole(s.retentionDays);
// a removed day's totals live in static data for maxDays: the rows must go well before that
if (!(retention === 0 || (retention >= 7 && retention < maxDays))) {
  return fail(500, 'retentionDays is not valid', 'Settings → retentionDays is "' + s.retentionDays + '". Use 0 to keep every ledger row, or a whole number of days from 7 to ' +
    (maxDays - 1) + ': fewer than maxDays (' + maxDays + '), so the totals of a removed day stay on the page as long as a period can reach back.');
}
const perRun = whole(s.cleanupDaysPerRun);
if (!(perRun >= 1 && perRun <= maxDays)) {
  return fail(500, 'cleanupDaysPerRun is not valid', 'Settings → cleanupDaysPerRun is "' + s.cleanupDaysPerRun + '". Use a whole number from 1 to ' + maxDays + ' (days counted and days cleaned per run; 14 by default).');
}
if (!(Number(s.dataTablesLimitMb) > 0)) {
  return fail(500, 'dataTablesLimitMb is not valid', 'Settings → dataTablesLimitMb is "' + s.dataTablesLimitMb + '". Use n8n\'s limit for all Data Tables in MB: 50 on n8n 1.x, 200 on 2.x, or N8N_DATA_TABLES_MAX_SIZE_BYTES / 1048576 if you set it.');
}
const format = page ? (one(q.format) || 'html').toLowerCase() : 'html';
if (format !== 'html' && format !== 'csv') {
  return fail(400, 'Unknown format', 'format=' + one(q.format) + ' is not known. Use format=csv for a file, or leave it out for the page.');
}
const today = DateTime.now().setZone(zone).startOf('day');
const day = (text, name) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return { error: name + '=' + text + ' is not a date: write it as YYYY-MM-DD, e.g. ' + today.toISODate() + '.' };
  const d = DateTime.fromISO(text, { zone });
  return d.isValid ? { d: d.startOf('day') } : { error: name + '=' + text + ' is not a calendar date.' };
};
let from;
let to;
if (!page) {
  from = today.minus({ days: maxDays - 1 });
  to = today;
} else if (one(q.from) || one(q.to)) {
  if (one(q.days)) return fail(400, 'Period is ambiguous', 'Give either from/to or days, not both.');
  const a = day(one(q.from) || one(q.to), one(q.from) ? 'from' : 'to');
  const b = day(one(q.to) || one(q.from), one(q.to) ? 'to' : 'from');
  if (a.error || b.error) return fail(400, 'Period is not valid', a.error || b.error);
  from = a.d;
  to = b.d;
  if (from > to) return fail(400, 'Period is not valid', 'from=' + from.toISODate() + ' is after to=' + to.toISODate() + '.');
} else {
  const text = one(q.days) || String(s.defaultDays || 7);
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > maxDays) {
    return fail(400, 'Period is not valid', 'days=' + text + ' must be a whole number from 1 to ' + maxDays + '.');
  }
  to = today;
  from = today.minus({ days: n - 1 });
}
let days = Math.round(to.diff(from, 'days').days) + 1;
if (days > maxDays) {
  return fail(400, 'Period is too long', from.toISODate() + ' … ' + to.toISODate() + ' is ' + days + ' days; at most ' + maxDays + ' (Settings → maxDays).');
}
// Finished days are counted once and kept in this workflow's static data (counts only, no patient data; saved by
// n8n for an active workflow). The page reads the ledger from the first day not kept; ?fresh=1 recounts every day
// of the period and the CSV always reads every row.
const fresh = /^(1|true|yes)$/i.test(one(q.fresh));
const keptKey = String(s.ledgerTableId).trim() + '|' + zone + '|__KEPT_FORMAT__';
const kept = $getWorkflowStaticData('global').reportDays;
const keptAll = kept && kept.key === keptKey ? kept.days || {} : {};
// Rows older than retentionDays may be gone: such a day (and one the clean-up already removed rows from, c) always
// shows its kept totals; ?fresh=1 recounts only the days whose rows are all still there.
const oldBefore = retention ? today.minus({ days: retention }).toISODate() : '';
const sealed = (d) => !!keptAll[d] && (d < oldBefore || keptAll[d].c !== undefined);
const fromKept = (d) => format === 'html' && !!keptAll[d] && (!fresh || sealed(d));
const keptHere = [];
let live;
let open = 0;
for (let d = from; d <= to; d = d.plus({ days: 1 })) {
  if (fromKept(d.toISODate())) keptHere.push(d.toISODate());
  else {
    live = live || d;
    // the clean-up counts at most cleanupDaysPerRun days not kept yet: a year of history is caught up run by run
    if (!page && ++open === perRun) to = d;
  }
}
live = live || to.plus({ days: 1 });
days = Math.round(to.diff(from, 'days').days) + 1;
// The clean-up removes rows only of days kept when this execution started (a page view running at the same time
// may save static data without the days kept now): first the days never cleaned, then those that still had rows
// whose result was not written (t[0]: the day's visits, c: rows removed so far), oldest first.
const old = page || !retention ? [] : Object.keys(keptAll).filter((d) => d < oldBefore && Number(keptAll[d].t[0]) > (Number(keptAll[d].c) || 0))
  .sort((a, b) => (keptAll[a].c !== undefined) - (keptAll[b].c !== undefined) || (a < b ? -1 : 1));
const removeDays = old.slice(0, perRun).map((d) => {
  const start = DateTime.fromISO(d, { zone });
  return { day: d, fromIso: start.toUTC().toISO(), untilIso: start.plus({ days: 1 }).toUTC().toISO() };
});
return [{ json: {
  ok: true, cleanup: !page, format, zone, days, fresh, keptKey, keptHere, retentionDays: retention,
  from: from.toISODate(), to: to.toISODate(), liveFrom: live.toISODate(),
  fromIso: from.toUTC().toISO(), liveFromIso: live.toUTC().toISO(), untilIso: to.plus({ days: 1 }).toUTC().toISO(),
  // the clean-up needs no call list
  callListFromIso: (page ? from : live).toUTC().toISO(),
  removeDays, remainingOldDays: old.length - removeDays.length,
} }];

/**
 * The reminder outcome report (workflows/reminder-report.json), written as code: see build.ts.
 *
 * A page the clinic manager opens: Webhook GET (n8n's own Basic Auth) → Settings → Read period → the ledger rows
 * created in the period (Data Table, createdAt between two instants) → Build page → Respond to Webhook (HTML, or CSV
 * with `?format=csv`). The ledger columns and what each status/outcome means are the reminder's
 * (appointmentReminder.ts): a row is one visit, `createdAt` is when the visit was imported for its reminder.
 *
 * Successful executions are not saved (`saveDataSuccessExecution: none`): each view reads up to tens of thousands of
 * rows and would otherwise store them all in n8n's database.
 */
import {
	callWorkflow,
	Graph,
	ifNode,
	READ_ANYWAY,
	respondJson,
	scheduleNode,
	setNode,
	tableDelete,
	tableGet,
	type Json,
	type TableRef,
} from './build';
import { S } from './expressions';
import {
	LEDGER_COLUMNS,
	REPORT_CLEANUP_WEBHOOK,
	REPORT_CREDENTIAL,
	REPORT_WEBHOOK,
	STORAGE_WARN_PERCENT,
} from './names';

const LEDGER: TableRef = { idExpression: `${S}.ledgerTableId`, columns: LEDGER_COLUMNS };
/** Any of the three tables, named by the probe item: the usage probes touch only the system column `id`. */
const PROBED: TableRef = { idExpression: '$json.probeTableId', columns: {} };
/** The shape of the finished days kept in static data: a change of it must make pages recount, not misread. */
const KEPT_FORMAT = 'days-1';

/**
 * Code node "Read period": the query (`from`/`to` as YYYY-MM-DD, or `days`, and `format`) → the period as two
 * instants in the clinic's zone, or an error page's title and text. Plain JavaScript for n8n's Code node (no
 * template literals: this text is itself one).
 */
const READ_PERIOD = String.raw`// The period the page covers, in the clinic's zone. Query: ?from=YYYY-MM-DD&to=YYYY-MM-DD, or ?days=N (the last N days
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
const keptKey = String(s.ledgerTableId).trim() + '|' + zone + '|${KEPT_FORMAT}';
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
} }];`;

/**
 * Code node "Build page": the ledger rows (or the error of the steps before) → {status, contentType, disposition,
 * body}. Every value from the table goes through esc() (HTML) or cell() (CSV).
 */
const BUILD_PAGE = String.raw`const p = $('Read period').first().json;
const s = $('Settings').first().json;
const esc = (v) => String(v === null || v === undefined ? '' : v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const STYLE = 'body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;background:#f5f6fa;color:#1f2430}' +
  'main{max-width:1180px;margin:0 auto;padding:24px}h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 10px}' +
  '.sub{color:#5b6275;margin:0 0 16px}.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:12px}' +
  '.card{background:#fff;border:1px solid #dfe3ec;border-radius:8px;padding:12px 14px}.card b{display:block;font-size:26px}' +
  '.card span{display:block;color:#5b6275;font-size:13px}.card small{display:block;color:#8a91a3;font-size:12px}table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #dfe3ec}' +
  'th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #edf0f5;font-size:14px}th{background:#f0f2f7;font-weight:600}td.n,th.n{text-align:right}' +
  '.box{background:#fff;border:1px solid #dfe3ec;border-radius:8px;padding:14px 16px}.warn{background:#fff8e6;border-color:#f0d48a}' +
  '.err{background:#fdeeee;border-color:#e8a5a5}form{display:flex;gap:10px;align-items:end;flex-wrap:wrap;margin:12px 0}' +
  'label{font-size:13px;color:#5b6275;display:flex;flex-direction:column}input{font:inherit;padding:4px 6px}button,a.btn{font:inherit;padding:5px 12px;border:1px solid #4a63d6;background:#4a63d6;color:#fff;border-radius:6px;text-decoration:none;cursor:pointer}' +
  '.legend span{display:inline-flex;align-items:center;margin-right:14px;font-size:13px}.legend i{width:12px;height:12px;display:inline-block;margin-right:5px;border-radius:2px}';
const page = (status, title, inner) => ({
  status, contentType: 'text/html; charset=utf-8', disposition: 'inline',
  body: '<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">' +
    '<title>' + esc(title) + '</title><style>' + STYLE + '</style></head><body><main>' + inner + '</main></body></html>',
});
const errorPage = (status, title, detail) => p.cleanup ? [{ json: { cleanup: true, ok: false, status, error: title + ': ' + detail } }] : [{ json: page(status, title,
  '<h1>Отчёт по напоминаниям: ошибка</h1><div class="box err" id="error" data-status="' + status + '"><p><b>' + esc(title) + '</b></p><p>' + esc(detail) + '</p></div>' +
  '<p class="sub">Пример: <code>?days=7</code>, <code>?from=2026-11-01&amp;to=2026-11-30</code>, <code>&amp;format=csv</code> — файл CSV.</p>') }];
if (!p.ok) return errorPage(p.status, p.title, p.detail);
// Ledger rows continues on error: a failed read arrives as an item without visitId that carries the error (n8n
// puts it in json.error, or keeps the input in json and the error beside it); no rows arrive as one empty item
const unreachedKept = $('Unreached rows').all();
const failed = $input.all().concat(unreachedKept).find((i) => i.json.visitId === undefined && (i.error || Object.keys(i.json).length > 0));
if (failed) {
  const e = failed.error || failed.json.error || {};
  const why = String(typeof e === 'string' ? e : e.message || '').slice(0, 300);
  return errorPage(500, 'The ledger table cannot be read', 'Data table "' + s.ledgerTableId + '" was not found in this n8n, or this workflow cannot read it' +
    (why ? ' (' + why + ')' : '') + '. Set Settings → ledgerTableId to the id of reminder_ledger (Overview → Data tables → the table, id in the address).');
}

// ---------------------------------------------------------------- rows of the period
// n8n hands createdAt over as an ISO string, a Date, or (SQLite on 1.x) "YYYY-MM-DD HH:MM:SS" in UTC.
// Plain Date.parse per row and day boundaries computed once: luxon per row costs seconds at 10,000 rows.
const instant = (v) => {
  if (v instanceof Date) return v.getTime();
  const t = String(v || '');
  return Date.parse(/^\d{4}-\d{2}-\d{2} \d/.test(t) && !/[zZ]|[+-]\d\d:?\d\d$/.test(t) ? t.replace(' ', 'T') + 'Z' : t);
};
const dayList = [];
const dayStart = [];
for (let d = DateTime.fromISO(p.from, { zone: p.zone }); d.toISODate() <= p.to; d = d.plus({ days: 1 })) {
  dayList.push(d.toISODate());
  dayStart.push(d.toMillis());
}
const fromMs = DateTime.fromISO(p.fromIso).toMillis();
const untilMs = DateTime.fromISO(p.untilIso).toMillis();
const dayOf = (ms) => {
  let lo = 0;
  let hi = dayStart.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (dayStart[mid] <= ms) lo = mid;
    else hi = mid - 1;
  }
  return dayList[lo];
};
const rows = [];
for (const item of $input.all()) {
  const r = item.json;
  if (r.visitId === undefined || r.visitId === null) continue;
  const at = instant(r.createdAt);
  // the Data Table filter already chose the period; this keeps the page right if a driver compares dates differently
  if (!(at >= fromMs && at < untilMs)) continue;
  rows.push({ r, at, day: dayOf(at) });
}
rows.sort((a, b) => a.at - b.at || String(a.r.visitId).localeCompare(String(b.r.visitId)));
const liveStart = DateTime.fromISO(p.liveFromIso).toMillis();

// ---------------------------------------------------------------- CSV of the period
const COLUMNS = ['visitId', 'createdAt', 'visitStart', 'timeZone', 'phone', 'status', 'outcome', 'attempts', 'answered', 'lastCode',
  'nextAttemptAt', 'callId', 'callIds', 'reason', 'startError', 'resultState', 'resultError', 'updatedAt'];
const store = $getWorkflowStaticData('global');
const keptKey = p.keptKey;
const before = store.reportDays && store.reportDays.key === keptKey ? store.reportDays.days || {} : {};
// the days Read period took from static data (none for the CSV): their rows, if still there, are not counted again
const keptHere = (p.keptHere || []).filter((d) => before[d]);
const keptSet = new Set(keptHere);
const EXTRA = ['patientName', 'doctor', 'specialty'].filter((c) => rows.some((x) => x.r[c] !== undefined) || keptHere.some((d) => (before[d].x || []).includes(c)));
if (p.format === 'csv') {
  // ";" and a BOM: what Excel in a Russian locale opens as columns; a cell starting with = + - @ is prefixed with '
  const cell = (v) => {
    let t = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v);
    if (/^[=+\-@\t\r]/.test(t)) t = "'" + t;
    return /[;"\r\n]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
  };
  const head = COLUMNS.concat(EXTRA);
  const lines = [head.join(';')];
  for (const x of rows) lines.push(head.map((c) => cell(c === 'createdAt' ? new Date(x.at).toISOString() : x.r[c])).join(';'));
  return [{ json: {
    status: 200, contentType: 'text/csv; charset=utf-8',
    disposition: 'attachment; filename="reminders-' + p.from + '-' + p.to + '.csv"',
    body: '\ufeff' + lines.join('\r\n') + '\r\n',
  } }];
}

// ---------------------------------------------------------------- figures
const ANSWERS = ['confirmed', 'cancelled', 'operator'];
const FINAL = ANSWERS.concat(['unreached', 'skipped', 'withdrawn']);
const tally = () => ({ visits: 0, reminded: 0, confirmed: 0, cancelled: 0, operator: 0, unreached: 0, skipped: 0, withdrawn: 0, inProgress: 0, calls: 0, firstAttempt: 0 });
const add = (t, r) => {
  const attempts = Number(r.attempts) || 0;
  t.visits++;
  if (attempts > 0) t.reminded++;
  t.calls += attempts;
  if (r.status !== 'done') t.inProgress++;
  else if (FINAL.includes(r.outcome)) t[r.outcome]++;
  if (r.status === 'done' && ANSWERS.includes(r.outcome) && attempts === 1) t.firstAttempt++;
};
const total = tally();
const byDay = {};
const byGroup = {};
const groupOf = (r) => [r.specialty, r.doctor].filter((v) => v !== undefined && v !== null && String(v).trim() !== '').join(' · ');
// a day kept in static data is a tally per day and per group, packed as numbers in KEYS order
const KEYS = Object.keys(tally());
const pack = (t) => KEYS.map((k) => t[k]);
const merge = (t, packed) => KEYS.forEach((k, i) => { t[k] += Number(packed[i]) || 0; });
const liveDay = {};
for (const x of rows) {
  if (keptSet.has(x.day)) continue;
  const e = (liveDay[x.day] = liveDay[x.day] || { t: tally(), g: {}, x: [], open: 0 });
  add(e.t, x.r);
  if (x.r.status !== 'done') e.open++;
  for (const c of ['patientName', 'doctor', 'specialty']) if (x.r[c] !== undefined && !e.x.includes(c)) e.x.push(c);
  const g = groupOf(x.r) || '(не указано)';
  add((e.g[g] = e.g[g] || tally()), x.r);
}
const grouped = EXTRA.includes('doctor') || EXTRA.includes('specialty');
for (const d of keptHere) {
  merge(total, before[d].t);
  merge((byDay[d] = tally()), before[d].t);
  if (grouped) for (const g of Object.keys(before[d].g || {})) merge((byGroup[g] = byGroup[g] || tally()), before[d].g[g]);
}
for (const d of Object.keys(liveDay)) {
  const e = liveDay[d];
  merge(total, pack(e.t));
  merge((byDay[d] = byDay[d] || tally()), pack(e.t));
  if (grouped) for (const g of Object.keys(e.g)) merge((byGroup[g] = byGroup[g] || tally()), pack(e.g[g]));
}
// keep the days read now that can no longer change: ended over an hour ago (room for a database clock behind
// n8n's), every visit of the day done (a day without visits too). A row's createdAt is its insert time, so no row
// is ever added to a past day.
const dayEnd = (i) => (i + 1 < dayStart.length ? dayStart[i + 1] : untilMs);
const finished = dayList.filter((d, i) => !keptSet.has(d) && dayStart[i] >= liveStart && dayEnd(i) + 3600000 <= Date.now() && !(liveDay[d] && liveDay[d].open));
if (finished.length) {
  const oldest = DateTime.now().setZone(p.zone).minus({ days: Number(s.maxDays) || 366 }).toISODate();
  const days = {};
  for (const d of Object.keys(before)) if (d >= oldest) days[d] = before[d];
  for (const d of finished) {
    const e = liveDay[d] || { t: tally(), g: {}, x: [] };
    days[d] = { t: pack(e.t), g: Object.fromEntries(Object.keys(e.g).map((g) => [g, pack(e.g[g])])), x: e.x };
  }
  store.reportDays = { key: keptKey, days };
}
// the clean-up only keeps; removing old rows follows (Rows to remove)
if (p.cleanup) return [{ json: { cleanup: true, ok: true, keptDays: finished.length } }];
const num = (v) => Number(v).toLocaleString('ru-RU');
const ratio = (a, b) => (b ? a / b : 0);
const pct = (a, b) => (b ? (Math.round((1000 * a) / b) / 10).toLocaleString('ru-RU') + ' %' : '—');
const perVisit = (t) => (t.reminded ? (Math.round(100 * ratio(t.calls, t.reminded)) / 100).toLocaleString('ru-RU') : '—');

const card = (key, value, label, hint) => '<div class="card" data-metric="' + key + '"><b>' + value + '</b><span>' + label + '</span>' + (hint ? '<small>' + hint + '</small>' : '') + '</div>';
const cards = '<div class="cards">' + [
  card('reminded', num(total.reminded), 'Напомнили (визитов)', 'звонили хотя бы раз'),
  card('confirmed', num(total.confirmed), 'Подтвердили', pct(total.confirmed, total.reminded)),
  card('cancelled', num(total.cancelled), 'Отменили', pct(total.cancelled, total.reminded)),
  card('operator', num(total.operator), 'Просили оператора', pct(total.operator, total.reminded)),
  card('unreached', num(total.unreached), 'Не дозвонились', 'позвонить администратору'),
  card('inProgress', num(total.inProgress), 'Ещё в работе', 'звонки не закончены'),
  card('callsPerVisit', perVisit(total), 'Звонков на визит', num(total.calls) + ' попыток звонка'),
  card('firstAttempt', pct(total.firstAttempt, total.reminded), 'Ответили с первого звонка', num(total.firstAttempt) + ' визитов'),
].join('') + '</div><p class="sub" data-metric="other">Всего визитов в журнале за период: <b data-metric="visits">' + num(total.visits) +
  '</b>; пропущено из-за данных (нет телефона, неверный номер или пояс): <b data-metric="skipped">' + num(total.skipped) +
  '</b>; снято до звонка (визит отменён или перенесён в МИС): <b data-metric="withdrawn">' + num(total.withdrawn) + '</b>.</p>';

// ---------------------------------------------------------------- chart per day (inline SVG, no scripts or fonts)
const SERIES = [['confirmed', 'Подтвердили', '#2e9e5b'], ['cancelled', 'Отменили', '#d9534f'], ['operator', 'Оператор', '#f0ad4e'],
  ['unreached', 'Не дозвонились', '#7a5cc4'], ['inProgress', 'В работе', '#9aa3b5']];
const W = 1100;
const H = 260;
const left = 44;
const bottom = 40;
const top = 14;
const peak = Math.max(1, ...dayList.map((d) => (byDay[d] ? byDay[d].visits : 0)));
const step = (W - left - 10) / dayList.length;
const barW = Math.max(2, Math.min(48, step * 0.7));
const y = (v) => top + (H - top - bottom) * (1 - v / peak);
let svg = '<svg id="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ' + W + ' ' + H + '" width="100%" role="img" aria-label="Итоги напоминаний по дням">';
for (const g of [0, 0.5, 1]) {
  const v = Math.round(peak * g);
  svg += '<line x1="' + left + '" x2="' + (W - 10) + '" y1="' + y(v) + '" y2="' + y(v) + '" stroke="#e3e6ee"/><text x="' + (left - 6) + '" y="' + (y(v) + 4) + '" font-size="11" text-anchor="end" fill="#5b6275">' + v + '</text>';
}
const labelEvery = Math.ceil(dayList.length / 16);
dayList.forEach((d, i) => {
  const t = byDay[d] || tally();
  const x = left + i * step + (step - barW) / 2;
  svg += '<g class="day" data-day="' + d + '" data-visits="' + t.visits + '" data-reminded="' + t.reminded + '" data-confirmed="' + t.confirmed +
    '" data-cancelled="' + t.cancelled + '" data-operator="' + t.operator + '" data-unreached="' + t.unreached + '" data-in-progress="' + t.inProgress + '">' +
    '<title>' + d + ': визитов ' + t.visits + ', подтвердили ' + t.confirmed + ', отменили ' + t.cancelled + ', оператор ' + t.operator + ', не дозвонились ' + t.unreached + ', в работе ' + t.inProgress + '</title>';
  let base = 0;
  for (const [key, , color] of SERIES) {
    if (!t[key]) continue;
    svg += '<rect class="bar ' + key + '" x="' + x.toFixed(1) + '" y="' + y(base + t[key]).toFixed(1) + '" width="' + barW.toFixed(1) + '" height="' + (y(base) - y(base + t[key])).toFixed(1) + '" fill="' + color + '"/>';
    base += t[key];
  }
  const rest = t.visits - base;
  if (rest > 0) svg += '<rect class="bar other" x="' + x.toFixed(1) + '" y="' + y(base + rest).toFixed(1) + '" width="' + barW.toFixed(1) + '" height="' + (y(base) - y(base + rest)).toFixed(1) + '" fill="#d5d9e3"/>';
  if (i % labelEvery === 0) svg += '<text x="' + (x + barW / 2).toFixed(1) + '" y="' + (H - bottom + 16) + '" font-size="11" text-anchor="middle" fill="#5b6275">' + d.slice(8, 10) + '.' + d.slice(5, 7) + '</text>';
  svg += '</g>';
});
svg += '</svg>';
const legend = '<div class="legend">' + SERIES.map(([, label, color]) => '<span><i style="background:' + color + '"></i>' + label + '</span>').join('') +
  '<span><i style="background:#d5d9e3"></i>Пропущено или снято</span></div>';

const dayRows = dayList.filter((d) => byDay[d]).map((d) => {
  const t = byDay[d];
  return '<tr data-day="' + d + '"><td>' + d + '</td><td class="n">' + t.reminded + '</td><td class="n">' + t.confirmed + '</td><td class="n">' + t.cancelled +
    '</td><td class="n">' + t.operator + '</td><td class="n">' + t.unreached + '</td><td class="n">' + t.inProgress + '</td><td class="n">' + perVisit(t) + '</td><td class="n">' + pct(t.firstAttempt, t.reminded) + '</td></tr>';
}).join('');
const head = '<tr><th></th><th class="n">Напомнили</th><th class="n">Подтвердили</th><th class="n">Отменили</th><th class="n">Оператор</th><th class="n">Не дозвонились</th><th class="n">В работе</th><th class="n">Звонков на визит</th><th class="n">С первого звонка</th></tr>';

// ---------------------------------------------------------------- per doctor / specialty
let groups;
if (Object.keys(byGroup).length) {
  groups = '<table id="groups">' + head.replace('<th></th>', '<th>Специальность · врач</th>') + Object.keys(byGroup).sort().map((g) => {
    const t = byGroup[g];
    return '<tr><td>' + esc(g) + '</td><td class="n">' + t.reminded + '</td><td class="n">' + t.confirmed + '</td><td class="n">' + t.cancelled + '</td><td class="n">' + t.operator +
      '</td><td class="n">' + t.unreached + '</td><td class="n">' + t.inProgress + '</td><td class="n">' + perVisit(t) + '</td><td class="n">' + pct(t.firstAttempt, t.reminded) + '</td></tr>';
  }).join('') + '</table>';
} else {
  groups = '<div class="box warn" id="groups-missing">В журнале (Data table <b>reminder_ledger</b>) нет колонок <code>specialty</code> и <code>doctor</code>, поэтому разбивки по врачам нет. ' +
    'Добавьте эти колонки (тип string) в таблицу и в запись строки при загрузке визитов — отчёт покажет их сам.</div>';
}

// ---------------------------------------------------------------- unreached patients to call today
const nowMs = Date.now();
const phoneText = (v) => { const d = String(v || '').replace(/\D/g, ''); return d.length === 11 ? '+' + d[0] + ' ' + d.slice(1, 4) + ' ' + d.slice(4, 7) + '-' + d.slice(7, 9) + '-' + d.slice(9) : String(v || ''); };
const toCall = rows.map((x) => x.r).concat(unreachedKept.map((i) => i.json).filter((r) => r.visitId !== undefined && r.visitId !== null)).filter((r) => r.status === 'done' && r.outcome === 'unreached' && Date.parse(String(r.visitStart || '')) > nowMs)
  .sort((a, b) => Date.parse(String(a.visitStart)) - Date.parse(String(b.visitStart)));
// visitStart carries the patient's offset: its date and time are already the patient's local ones
const visitTime = (r) => { const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(String(r.visitStart || '')); return m ? m[3] + '.' + m[2] + '.' + m[1] + ' ' + m[4] + ':' + m[5] + (r.timeZone ? ' (' + r.timeZone + ')' : '') : String(r.visitStart || ''); };
const callList = toCall.length
  ? '<table id="to-call"><tr><th>Пациент</th><th>Телефон</th><th>Визит</th><th class="n">Звонков</th><th>Визит (id)</th></tr>' + toCall.map((r) =>
      '<tr data-visit="' + esc(r.visitId) + '"><td>' + esc(r.patientName || '—') + '</td><td><a href="tel:+' + esc(String(r.phone || '').replace(/\D/g, '')) + '">' + esc(phoneText(r.phone)) + '</a></td><td>' + esc(visitTime(r)) +
      '</td><td class="n">' + esc(r.attempts) + '</td><td>' + esc(r.visitId) + '</td></tr>').join('') + '</table>' +
    (EXTRA.includes('patientName') ? '' : '<p class="sub">Имени пациента нет в журнале (нет колонки <code>patientName</code>): найдите визит по id в МИС.</p>')
  : '<div class="box" id="to-call-empty">Звонить некому: все пациенты этого периода с предстоящими визитами получили напоминание.</div>';

// ---------------------------------------------------------------- Data Table usage against n8n's limit
const u = $('Data table usage').first().json;
const mb = (b) => (Math.round((10 * b) / 1048576) / 10).toLocaleString('ru-RU') + ' МБ';
const TABLE_NAMES = { ledger: 'журнал напоминаний', callbacks: 'перезвоны по пропущенным', sales: 'продажи' };
const level = u.percent >= 100 ? 'error' : u.percent >= ${STORAGE_WARN_PERCENT} ? 'warn' : 'ok';
const storage = '<div class="box' + (level === 'error' ? ' err' : level === 'warn' ? ' warn' : '') + '" id="storage" data-level="' + level + '" data-percent="' + u.percent +
  '" data-bytes="' + u.bytes + '" data-limit-bytes="' + u.limitBytes + '"><p><b>Место в Data tables n8n: около ' + mb(u.bytes) + ' из ' + mb(u.limitBytes) + ' (' + u.percent + ' %)</b></p><p>' +
  u.tables.map((t) => '<span data-table="' + t.table + '" data-rows="' + t.rows + '" data-bytes="' + t.bytes + '">' + TABLE_NAMES[t.table] + ': ' +
    (t.error ? 'не удалось прочитать (' + esc(t.error) + ')' : 'около ' + num(t.rows) + ' строк, ' + mb(t.bytes)) + '</span>').join('; ') + '.</p>' +
  (level === 'ok' ? '' : '<p>' + (level === 'error' ? '<b>Предел, по оценке, достигнут.</b> ' : '<b>Место заканчивается.</b> ') +
    'Когда все Data tables вместе дойдут до предела, n8n перестанет в них записывать: не будут загружаться визиты, не будут записываться звонки и ответы пациентов, перезвоны и продажи. ' +
    'Что сделать: увеличьте N8N_DATA_TABLES_MAX_SIZE_BYTES в окружении n8n и перезапустите n8n (и укажите новый предел в Settings → dataTablesLimitMb), ' +
    'или уменьшите Settings → retentionDays, чтобы старые строки журнала удалялись раньше.</p>') +
  '<p class="sub">Это оценка: число строк × средний размер строки. Точную цифру n8n показывает в Overview → Data tables.</p></div>';
const retentionNote = '<p class="sub" id="retention" data-retention-days="' + p.retentionDays + '">' + (p.retentionDays
  ? 'Завершённые строки журнала старше ' + p.retentionDays + ' дн. удаляются (очистка раз в час, Settings → retentionDays). Итоги, график и таблица по врачам за эти дни берутся из сохранённых итогов; список «Кому позвонить» и CSV — только по оставшимся строкам.'
  : 'Строки журнала не удаляются (Settings → retentionDays = 0).') + '</p>';

// ---------------------------------------------------------------- the page
const csvLink = '?from=' + p.from + '&amp;to=' + p.to + '&amp;format=csv';
const form = '<form method="get"><label>С (from)<input type="date" name="from" value="' + p.from + '"></label><label>По (to)<input type="date" name="to" value="' + p.to + '"></label>' +
  '<button type="submit">Показать</button><a class="btn" id="csv" href="' + csvLink + '" download="reminders-' + p.from + '-' + p.to + '.csv">Скачать CSV</a></form>';
const header = '<h1>Напоминания о визитах: итоги</h1><p class="sub" id="period" data-from="' + p.from + '" data-to="' + p.to + '" data-zone="' + esc(p.zone) + '">Период ' +
  p.from + ' — ' + p.to + ' (' + p.days + ' дн., часовой пояс клиники ' + esc(p.zone) + '); день — дата загрузки визита в журнал. Сформировано ' +
  DateTime.now().setZone(p.zone).toFormat('dd.MM.yyyy HH:mm') + '.</p>' + form;
const keptNote = '<p class="sub" id="kept" data-kept-days="' + keptHere.length + '">' + (keptHere.length
  ? 'Завершённые дни (' + keptHere.length + ') взяты из сохранённых итогов, остальные посчитаны по журналу. <a href="?from=' + p.from + '&amp;to=' + p.to + '&amp;fresh=1">Пересчитать всё по журналу</a>.'
  : 'Все дни посчитаны по журналу.') + '</p>';
if (!total.visits) {
  return [{ json: page(200, 'Напоминания: нет данных', header + '<div class="box warn" id="empty"><p><b>За этот период в журнале нет визитов.</b></p>' +
    '<p>Напоминания ещё не запускались, или выбран другой период. Проверьте, что процесс «Remind patients of tomorrow’s visits by robot call» активен и пишет в ту же Data table (Settings → ledgerTableId), или выберите период шире.</p></div>' +
    '<h2>Место для данных</h2>' + storage + retentionNote) }];
}
return [{ json: page(200, 'Напоминания: ' + p.from + ' — ' + p.to, header + cards +
  '<h2>По дням</h2>' + legend + '<div class="box">' + svg + '</div><table id="days" style="margin-top:10px">' + head + dayRows + '</table>' +
  '<h2>Кому позвонить сегодня (не дозвонились)</h2>' + callList +
  '<h2>По врачам и специальностям</h2>' + groups + keptNote + '<h2>Место для данных</h2>' + storage + retentionNote) }];`;

/**
 * Bytes per finished row as n8n counts them (`GET /rest/data-tables-global/limits`, SQLite), the same on 1.123.81
 * and 2.41.1. Ledger: 514, measured on 5,000 realistic finished rows (shared reference); tests/e2e/measureTables.ts
 * gives 366 for its shorter sample grown by the reminder's updates (343 inserted finished), so the estimate keeps the
 * larger and warns early. Missed-call callbacks: 290 (243 inserted finished); sales: 222 (206), 3,000 rows each,
 * rows inserted as the templates insert them and grown by their updates.
 */
export const BYTES_PER_ROW = { ledger: 514, callbacks: 290, sales: 222 };

/**
 * Code node "Usage probes": the first of three rounds that count each table's rows without reading them. n8n 1.123's
 * Data Table node cannot sort (2.x can: orderBy), so the highest id cannot be asked for; instead every probe is one
 * Get with limit 1 on an id range (the table's primary key, so a probe reads at most its range): which windows
 * [2^k, 2^(k+1)) hold a row, then 32 sub-windows of the highest one (the highest id within 1/32), then 64 single
 * ids spread evenly up to it. Rows ≈ hits × range / 64: the holes the clean-up leaves are sampled, not assumed away.
 */
const USAGE_PROBES = String.raw`const s = $('Settings').first().json;
const TABLES = [['ledger', 'ledgerTableId', ${BYTES_PER_ROW.ledger}], ['callbacks', 'callbackTableId', ${BYTES_PER_ROW.callbacks}], ['sales', 'salesTableId', ${BYTES_PER_ROW.sales}]];
const out = [];
for (const [table, setting, bytesPerRow] of TABLES) {
  const probeTableId = String(s[setting] || '').trim();
  if (!probeTableId) continue;
  for (let k = 0; k < 31; k++) out.push({ json: { table, probeTableId, bytesPerRow, lo: 2 ** k, hi: 2 ** (k + 1) } });
}
return out;`;

/** What a probe round found per table: the probes that hit (a row came back) and the error of a failed read. */
const PROBE_RESULTS = String.raw`const found = {};
const probes = $(ROUND).all();
for (const item of probes) found[item.json.table] = found[item.json.table] || { probe: item.json, hits: [], error: item.json.error };
$input.all().forEach((item, i) => {
  const j = item.json;
  // a failed read (a missing table) comes back as the probe itself with the error
  if (j.id === undefined) {
    if (j.table && (item.error || j.error)) found[j.table].error = String((item.error && item.error.message) || (j.error && j.error.message) || j.error);
    return;
  }
  const probe = $(ROUND).itemMatching(i).json;
  found[probe.table].hits.push(probe);
});
// a table with nothing left to probe gets one probe that matches nothing (lo = hi), so the next round still runs
const none = (f, extra) => ({ json: { ...f.probe, ...extra, lo: 1, hi: 1, done: true } });`;

const NARROW_PROBES = `const ROUND = 'Usage probes';
${PROBE_RESULTS}
const out = [];
for (const f of Object.values(found)) {
  if (f.error || f.probe.done || !f.hits.length) { out.push(none(f, { error: f.error || null, rows: 0 })); continue; }
  const a = Math.max(...f.hits.map((p) => p.lo));
  for (let j = 0; j < 32; j++) {
    const lo = a + Math.floor((j * a) / 32);
    const hi = a + Math.floor(((j + 1) * a) / 32);
    if (lo < hi) out.push({ json: { ...f.probe, lo, hi } });
  }
}
return out;`;

const SAMPLE_PROBES = `const ROUND = 'Top window';
${PROBE_RESULTS}
const out = [];
for (const f of Object.values(found)) {
  if (f.error || f.probe.done) { out.push(none(f, { error: f.error || f.probe.error || null })); continue; }
  // ids 1 … range: the highest id is below the end of the highest sub-window with a row
  const range = f.hits.length ? Math.max(...f.hits.map((p) => p.hi)) - 1 : 2 * f.probe.lo - 1;
  const k = Math.min(64, range);
  for (let j = 0; j < k; j++) {
    const id = 1 + Math.floor(((j + 0.5) * range) / k);
    out.push({ json: { ...f.probe, range, k, lo: id, hi: id + 1 } });
  }
}
return out;`;

const USAGE = `const ROUND = 'Single ids';
${PROBE_RESULTS}
const s = $('Settings').first().json;
const tables = Object.values(found).map((f) => {
  const rows = f.error || f.probe.done ? 0 : Math.round((f.hits.length * f.probe.range) / f.probe.k);
  return { table: f.probe.table, tableId: f.probe.probeTableId, rows, bytesPerRow: f.probe.bytesPerRow, bytes: rows * f.probe.bytesPerRow, error: f.error || f.probe.error || null };
});
const bytes = tables.reduce((a, t) => a + t.bytes, 0);
const limitBytes = Math.round(Number(s.dataTablesLimitMb) * 1048576);
return [{ json: { estimate: true, bytes, limitBytes, percent: Math.round((100 * bytes) / limitBytes), tables } }];`;

/**
 * Code node "Rows to remove": one item per old day and removable result state (see the Clean-up note), or one item
 * `{none: true}` when there is nothing to remove or the keeping step failed.
 */
const ROWS_TO_REMOVE = String.raw`const p = $('Read period').first().json;
const kept = $input.first().json;
// final rows whose result needs nothing more: written back, refused by the clinic system (a 4xx: never retried),
// or none (the visit was withdrawn before any call)
const FINAL = ['written', 'refused', 'none'];
if (!kept.ok || !p.removeDays || !p.removeDays.length) return [{ json: { none: true } }];
return p.removeDays.flatMap((d) => FINAL.map((resultState) => ({ json: { ...d, resultState } })));`;

/** Code node "Clean-up answer": what was kept and removed, recorded per day in static data, as JSON. */
const CLEANUP_ANSWER = String.raw`const p = $('Read period').first().json;
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
} } }];`;

const OVERVIEW = `## Show reminder outcomes to the clinic manager

**How it works.** A GET on *Report page* (protected by n8n's Basic Auth) reads the rows of the reminder ledger (Data Table **reminder_ledger**) created in the period and answers a page in Russian: visits reminded, confirmed, cancelled, handed to an operator, unreached (staff must call), still in progress; calls per visit; share answered on the first call; the same per day as a chart; the unreached patients whose visit is still ahead; a CSV of the period's rows.

**Period** (the clinic's zone; a day = the day the visit entered the ledger): \`?days=7\` (default: Settings → defaultDays), or \`?from=2026-11-01&to=2026-11-30\`; add \`&format=csv\` for the file. A bad period or a missing table answers an error page that says what to fix.

**Setup**
1. Create a **Basic Auth** credential named *Reminder report access* (user + long password) and pick it in *Report page*.
2. In **Settings** set ledgerTableId (the same table as the reminder) and clinicTimeZone.
3. Activate, open the *Report page* Production URL in a browser.

Successful executions are not saved (each one carries every row of the period). Finished days are counted once and kept as numbers (no patient data) in the workflow's static data, so a busy week opens fast; \`?fresh=1\` recounts them from the ledger (not days whose rows may have been removed).

**Retention.** n8n caps all Data Tables together (N8N_DATA_TABLES_MAX_SIZE_BYTES: 50 MB on 1.x, 200 MB on 2.x); past it every insert and update fails, so the reminder stops recording. *Every hour* (and a POST on *Clean up now*, same Basic Auth, answers JSON) keeps the finished days' totals like a page view, then removes ledger rows older than retentionDays that are final and need nothing more (result written, refused, or withdrawn), only of days already kept when the run started, at most cleanupDaysPerRun days a run. Removed days still show on the page from the kept totals (kept for maxDays). The page also shows the estimated Data Table usage against dataTablesLimitMb.`;

const OVERVIEW_RU = `## Отчёт о напоминаниях для руководителя клиники

**Как работает.** GET на *Report page* (защищён Basic Auth самого n8n) читает строки журнала напоминаний (Data Table **reminder_ledger**), созданные за период, и отдаёт страницу: сколько визитов напомнили, подтвердили, отменили, передали оператору, не дозвонились (нужен звонок администратора), ещё в работе; звонков на визит; доля ответивших с первого звонка; то же по дням — график; список недозвонов с предстоящими визитами; CSV строк периода.

**Период** (по часовому поясу клиники; день — дата загрузки визита в журнал): \`?days=7\` (по умолчанию — Settings → defaultDays) или \`?from=2026-11-01&to=2026-11-30\`; \`&format=csv\` — файл. Неверный период или отсутствующая таблица — страница ошибки с подсказкой, что исправить.

**Настройка**
1. Создайте учётные данные **Basic Auth** с именем *Reminder report access* (логин и длинный пароль) и выберите их в *Report page*.
2. В узле **Settings** укажите ledgerTableId (та же таблица, что у напоминаний) и clinicTimeZone.
3. Активируйте процесс и откройте Production URL узла *Report page* в браузере.

Успешные запуски не сохраняются (каждый несёт все строки периода). Итоги завершённых дней считаются один раз и хранятся числами (без данных пациентов) в static data процесса — страница за загруженную неделю открывается быстро; \`?fresh=1\` пересчитывает их по журналу (кроме дней, строки которых могли быть удалены).

**Хранение.** n8n ограничивает все Data tables вместе (N8N_DATA_TABLES_MAX_SIZE_BYTES: 50 МБ в 1.x, 200 МБ в 2.x); сверх предела любая запись падает — напоминания перестают записываться. *Every hour* (и POST на *Clean up now*, тот же Basic Auth, ответ JSON) сохраняет итоги завершённых дней, как просмотр страницы, затем удаляет строки журнала старше retentionDays — только завершённые, с записанным (или отклонённым МИС, или снятым) результатом, только за дни, итоги которых уже были сохранены до запуска, не больше cleanupDaysPerRun дней за раз. Удалённые дни страница показывает по сохранённым итогам (хранятся maxDays дней). Страница показывает и оценку места в Data tables относительно dataTablesLimitMb.`;

export function reminderReportWorkflow(): Json {
	const g = new Graph('reminder-report');
	g.note('Overview', [-1100, -440], 560, 640, OVERVIEW, 4);
	g.note('Overview (RU)', [-1100, 240], 560, 680, OVERVIEW_RU, 4);
	g.note(
		'About settings',
		[-480, -440],
		420,
		480,
		`### Settings / Настройки
ledgerTableId: the reminder's Data Table id; clinicTimeZone: IANA zone the days are counted in; defaultDays: the period without a query; maxDays: the longest period allowed, and how long kept totals live.
retentionDays (45; 0 = keep every row; 7 … maxDays − 1): final ledger rows older than this are removed. cleanupDaysPerRun (14): days counted and days cleaned per run. dataTablesLimitMb (50): n8n's cap for all Data Tables (200 on n8n 2.x, or your N8N_DATA_TABLES_MAX_SIZE_BYTES / 1048576). callbackTableId, salesTableId: the missed-call and sales tables, counted in the usage when set.

id таблицы журнала; часовой пояс клиники; период по умолчанию; самый длинный период (и срок хранения итогов); через сколько дней удалять завершённые строки (0 — не удалять); дней за один запуск очистки; предел n8n для всех Data tables, МБ; id таблиц перезвонов и продаж для оценки места.`,
		6,
	);
	g.note(
		'Page note',
		[460, -200],
		1000,
		240,
		`### Read, count, answer / Чтение, подсчёт, ответ
*Ledger rows* reads the rows created in the period (createdAt), from the first day not kept: finished days (before today, every visit done) are counted once and kept as numbers in this workflow's static data; \`?fresh=1\` recounts them. *Unreached rows* brings the kept days' unreached patients for the call list. *Build page* counts by the ledger's status/outcome/attempts, draws the inline SVG chart (no scripts, fonts or external links: works in a closed network) and escapes every value from the table. A missing table (the node continues on error) gives an error page.

*Ledger rows* читает строки периода, начиная с первого несохранённого дня: итоги завершённых дней (до сегодня, все визиты завершены) считаются один раз и хранятся числами в static data процесса; \`?fresh=1\` — пересчитать. *Build page* считает по status/outcome/attempts журнала, рисует SVG без скриптов и внешних ссылок, экранирует все значения. Нет таблицы — страница ошибки.`,
	);
	g.note(
		'Clean-up note',
		[1380, -200],
		1300,
		300,
		`### Keep totals, then remove old rows / Итоги, затем удаление
*Every hour* and *Clean up now* run the page's own steps over the last maxDays days (at most cleanupDaysPerRun days not yet kept are read per run), so finished days are kept exactly as a page view keeps them. *Rows to remove* then takes, from the days that were kept **before this run started** and are older than retentionDays, at most cleanupDaysPerRun days (never cleaned first), and *Remove final rows* deletes only rows with status done and resultState written, refused (the clinic system answered 4xx: the reminder never retries it) or none (withdrawn). Due, calling, pending and writing rows are never touched. Hourly: a backlog is caught up within a day and each run stays small. *Data table usage* counts rows by id probes (a Get with limit 1 each), never by reading them.

Процесс раз в час и *Clean up now* сохраняют итоги завершённых дней так же, как страница, затем удаляют строки старше retentionDays только за дни, сохранённые до запуска: статус done и resultState written, refused (МИС ответила 4xx, повтора нет) или none (визит снят). Строки due, calling, pending, writing не удаляются никогда.`,
	);
	/** A webhook behind the report's Basic Auth credential, answered by a Respond to Webhook node. */
	const protectedWebhook = (
		name: string,
		position: [number, number],
		id: string,
		httpMethod: 'GET' | 'POST',
	) =>
		g.add({
			name,
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position,
			webhookId: id,
			credentials: { httpBasicAuth: { name: REPORT_CREDENTIAL } },
			parameters: {
				httpMethod,
				path: id,
				authentication: 'basicAuth',
				responseMode: 'responseNode',
				options: {},
			},
		});
	const trigger = protectedWebhook('Report page', [-480, 120], REPORT_WEBHOOK, 'GET');
	const settings = g.add(
		setNode(
			'Settings',
			[-260, 120],
			[
				['ledgerTableId', 'string', ''],
				['clinicTimeZone', 'string', 'Europe/Moscow'],
				['defaultDays', 'number', 7],
				['maxDays', 'number', 366],
				['retentionDays', 'number', 45],
				['cleanupDaysPerRun', 'number', 14],
				['dataTablesLimitMb', 'number', 50],
				['callbackTableId', 'string', ''],
				['salesTableId', 'string', ''],
				// Staff alerts: told once when the Data Tables pass 80 % of dataTablesLimitMb (the hourly run checks)
				['staffAlertsWorkflowId', 'string', ''],
			],
		),
	);
	const period = g.add({
		name: 'Read period',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [-40, 120],
		parameters: { jsCode: READ_PERIOD },
	});
	const valid = g.add(ifNode('Period valid?', [180, 120], '$json.ok === true'));
	// Data Table usage: three rounds of id probes (USAGE_PROBES); a missing table comes back as an error item
	const probeRound = (name: string, position: [number, number]) =>
		g.add({
			...tableGet(
				name,
				position,
				PROBED,
				[
					['id', 'gte', '$json.lo'],
					['id', 'lt', '$json.hi'],
				],
				'all',
				'1',
			),
			...READ_ANYWAY,
		});
	const code = (name: string, position: [number, number], jsCode: string) =>
		g.add({ name, type: 'n8n-nodes-base.code', typeVersion: 2, position, parameters: { jsCode } });
	const probes = code('Usage probes', [400, 420], USAGE_PROBES);
	const windows = probeRound('Probe windows', [600, 420]);
	const top = code('Top window', [800, 420], NARROW_PROBES);
	const topProbe = probeRound('Probe top window', [1000, 420]);
	const single = code('Single ids', [1200, 420], SAMPLE_PROBES);
	const singleProbe = probeRound('Probe single ids', [1400, 420]);
	const usage = code('Data table usage', [1600, 420], USAGE);
	// no rows → one empty item (the page's empty state); a missing table → an item with the error (READ_ANYWAY)
	const unreached = g.add({
		...tableGet(
			'Unreached rows',
			[460, 100],
			LEDGER,
			[
				['createdAt', 'gte', "$('Read period').first().json.callListFromIso"],
				['createdAt', 'lt', "$('Read period').first().json.liveFromIso"],
				['outcome', 'eq', "'unreached'"],
			],
			'all',
		),
		...READ_ANYWAY,
	});
	const rows = g.add({
		...tableGet(
			'Ledger rows',
			[700, 100],
			LEDGER,
			[
				['createdAt', 'gte', "$('Read period').first().json.liveFromIso"],
				['createdAt', 'lt', "$('Read period').first().json.untilIso"],
			],
			'all',
		),
		...READ_ANYWAY,
		// once, whatever Unreached rows returned
		executeOnce: true,
	});
	const build = g.add({
		name: 'Build page',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [1180, 120],
		parameters: { jsCode: BUILD_PAGE },
	});
	const respond = g.add({
		name: 'Answer',
		type: 'n8n-nodes-base.respondToWebhook',
		typeVersion: 1.1,
		position: [1400, 120],
		parameters: {
			respondWith: 'text',
			responseBody: '={{ $json.body }}',
			options: {
				responseCode: '={{ $json.status }}',
				responseHeaders: {
					entries: [
						{ name: 'Content-Type', value: '={{ $json.contentType }}' },
						{ name: 'Content-Disposition', value: '={{ $json.disposition }}' },
						{ name: 'Cache-Control', value: 'no-store' },
					],
				},
			},
		},
	});
	// ------------------------------------------------------------ retention: keep totals, then remove old final rows
	// Hourly: each run is bounded (cleanupDaysPerRun days counted and removed), so a backlog of a year is caught up
	// within a day and a missed run costs an hour, not a night; a run with nothing old reads about today's rows.
	const hourly = g.add(
		scheduleNode('Every hour', [-480, 300], {
			field: 'hours',
			hoursInterval: 1,
			triggerAtMinute: 17,
		}),
	);
	const cleanNow = protectedWebhook('Clean up now', [-480, 480], REPORT_CLEANUP_WEBHOOK, 'POST');
	const isCleanup = g.add(ifNode('Clean-up run?', [1400, 120], '$json.cleanup === true'));
	const toRemove = code('Rows to remove', [1600, 260], ROWS_TO_REMOVE);
	const anything = g.add(ifNode('Anything to remove?', [1800, 260], '$json.none !== true'));
	const remove = g.add({
		...tableDelete('Remove final rows', [2000, 200], LEDGER, [
			['createdAt', 'gte', '$json.fromIso'],
			['createdAt', 'lt', '$json.untilIso'],
			['status', 'eq', "'done'"],
			['resultState', 'eq', '$json.resultState'],
		]),
		...READ_ANYWAY,
	});
	const answerCleanup = code('Clean-up answer', [2200, 280], CLEANUP_ANSWER);
	const byHttp = g.add(ifNode('Asked over HTTP?', [2400, 280], "$('Clean up now').isExecuted"));
	const cleanupRespond = g.add(
		respondJson('Answer clean-up', [2600, 260], '$json.body', '$json.status'),
	);
	// past n8n's cap every write of every table fails: staff hear of it before, from the hourly run
	const U = "$('Data table usage').first().json";
	const nearlyFull = g.add(
		ifNode(
			'Data tables nearly full?',
			[2400, 480],
			`${U}.percent >= ${STORAGE_WARN_PERCENT} && !!${S}.staffAlertsWorkflowId`,
		),
	);
	const storageFault = g.add(
		setNode(
			'Data tables fault',
			[2600, 460],
			[
				['kind', 'string', 'fault'],
				['faultKind', 'string', 'storage'],
				['key', 'string', 'storage'],
				['workflow', 'string', '={{ $workflow.name }}'],
				['notifyClear', 'boolean', true],
				[
					'text',
					'string',
					`={{ 'Data tables n8n: около ' + (${U}.bytes / 1048576).toFixed(1) + ' МБ из ' + (${U}.limitBytes / 1048576).toFixed(1) + ' МБ (' + ${U}.percent + ' %). Сверх предела не проходит ни одна запись: напоминания перестанут записывать звонки и ответы. Увеличьте N8N_DATA_TABLES_MAX_SIZE_BYTES и перезапустите n8n (и Settings → dataTablesLimitMb) или уменьшите retentionDays.' }}`,
				],
			],
		),
	);
	const tellStorage = g.add(
		callWorkflow('Tell staff: Data tables', [2800, 460], `${S}.staffAlertsWorkflowId`, false),
	);

	g.chain(trigger, settings, period, valid);
	g.link(hourly, settings);
	g.link(cleanNow, settings);
	g.link(valid, probes, 0);
	g.link(valid, build, 1);
	g.chain(
		probes,
		windows,
		top,
		topProbe,
		single,
		singleProbe,
		usage,
		unreached,
		rows,
		build,
		isCleanup,
	);
	g.link(isCleanup, respond, 1);
	g.link(isCleanup, toRemove, 0);
	g.link(toRemove, anything);
	g.link(anything, remove, 0);
	g.link(anything, answerCleanup, 1);
	g.link(remove, answerCleanup);
	g.link(answerCleanup, [byHttp, nearlyFull]);
	g.link(nearlyFull, storageFault, 0);
	g.link(storageFault, tellStorage);
	g.link(byHttp, cleanupRespond, 0);

	return g.workflow('Show reminder outcomes to the clinic manager', {
		saveDataSuccessExecution: 'none',
	});
}

/*
 * Code node "Build page": the ledger rows (or the error of the steps before) → {status, contentType, disposition,
 * body}. Every value from the table goes through esc() (HTML) or cell() (CSV).
 * __STORAGE_WARN_PERCENT__: STORAGE_WARN_PERCENT in names.ts.
 */
const p = $('Read period').first().json;
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
const level = u.percent >= 100 ? 'error' : u.percent >= __STORAGE_WARN_PERCENT__ ? 'warn' : 'ok';
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
  '<h2>По врачам и специальностям</h2>' + groups + keptNote + '<h2>Место для данных</h2>' + storage + retentionNote) }];

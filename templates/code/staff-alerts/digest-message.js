/* Code node "Digest message": one digest message from the rows this execution claimed, or nothing when there are none. */
const s = $('Settings').first().json;
const names = s.patientData === 'name and phone';
const zone = s.clinicTimeZone;
const when = (iso) => iso ? DateTime.fromISO(String(iso), { setZone: true }).setZone(zone).toFormat('dd.MM HH:mm') : '';
const phone = (p) => p ? '+' + String(p).replace(/^\+/, '') : '';
const rows = (node) => $(node).all().map((i) => i.json).filter((r) => r && r.id !== undefined);
const unreached = rows('Claim unreached');
const missed = rows('Claim failed callbacks');
if (unreached.length === 0 && missed.length === 0) return [];
const day = $now.setZone(zone).toFormat('dd.MM.yyyy');
const lines = ['📋 Сводка за ' + day];
if (unreached.length) {
  lines.push('', 'Не дозвонились (' + unreached.length + '), позвоните сами:');
  for (const r of unreached) {
    const who = names ? [r.patientName, phone(r.phone)].filter((x) => !!x).join(', ') : '';
    lines.push('• визит ' + r.visitId + (r.visitStart ? ', ' + when(r.visitStart) : '') + (r.doctor ? ', врач ' + r.doctor : '') + (who ? ' — ' + who : ''));
  }
}
if (missed.length) {
  lines.push('', 'Не удалось перезвонить на пропущенный (' + missed.length + '):');
  for (const r of missed) lines.push('• ' + (names ? phone(r.phone) : 'звонок ' + r.lostCallId) + (r.lostAt ? ', ' + when(r.lostAt) : '') + (r.reason ? ' (' + String(r.reason).slice(0, 120) + ')' : ''));
}
if (s.reportUrl) lines.push('', 'Отчёт: ' + s.reportUrl);
return [{ json: { token: 'sending ' + $execution.id + ' digest', subject: 'Сводка обзвона за ' + day, text: lines.join('\n') } }];

/*
 * Code node "Usage probes": the first of three rounds that count each table's rows without reading them. n8n 1.123's
 * Data Table node cannot sort (2.x can: orderBy), so the highest id cannot be asked for; instead every probe is one
 * Get with limit 1 on an id range (the table's primary key, so a probe reads at most its range): which windows
 * [2^k, 2^(k+1)) hold a row, then 32 sub-windows of the highest one (the highest id within 1/32), then 64 single
 * ids spread evenly up to it. Rows ≈ hits × range / 64: the holes the clean-up leaves are sampled, not assumed away.
 * __*_BYTES_PER_ROW__: BYTES_PER_ROW in reminderReport.ts.
 */
const s = $('Settings').first().json;
const TABLES = [['ledger', 'ledgerTableId', __LEDGER_BYTES_PER_ROW__], ['callbacks', 'callbackTableId', __CALLBACKS_BYTES_PER_ROW__], ['sales', 'salesTableId', __SALES_BYTES_PER_ROW__]];
const out = [];
for (const [table, setting, bytesPerRow] of TABLES) {
  const probeTableId = String(s[setting] || '').trim();
  if (!probeTableId) continue;
  for (let k = 0; k < 31; k++) out.push({ json: { table, probeTableId, bytesPerRow, lo: 2 ** k, hi: 2 ** (k + 1) } });
}
return out;

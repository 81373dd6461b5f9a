/* Code node "Top window": the second probe round, 32 sub-windows of the highest window that holds a row. */
/* global found, none */
/* eslint @typescript-eslint/no-unused-vars: ["error", { "varsIgnorePattern": "^ROUND$" }] -- probe-results.js reads it */
const ROUND = 'Usage probes';
// #include probe-results.js
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
return out;

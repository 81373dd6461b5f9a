/* Code node "Single ids": the third probe round, up to 64 single ids spread evenly up to the highest id. */
/* global found, none */
/* eslint @typescript-eslint/no-unused-vars: ["error", { "varsIgnorePattern": "^ROUND$" }] -- probe-results.js reads it */
const ROUND = 'Top window';
// #include probe-results.js
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
return out;

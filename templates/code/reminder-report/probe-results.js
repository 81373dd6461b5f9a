/*
 * Included by the three probe rounds (// #include probe-results.js): what a probe round found per table, the
 * probes that hit (a row came back) and the error of a failed read. ROUND is the node of the round's probes.
 */
/* global ROUND */
/* eslint-disable @typescript-eslint/no-unused-vars */
const found = {};
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
const none = (f, extra) => ({ json: { ...f.probe, ...extra, lo: 1, hi: 1, done: true } });

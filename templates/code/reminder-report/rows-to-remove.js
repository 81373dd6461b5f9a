/*
 * Code node "Rows to remove": one item per old day and removable result state (see the Clean-up note), or one item
 * `{none: true}` when there is nothing to remove or the keeping step failed.
 */
const p = $('Read period').first().json;
const kept = $input.first().json;
// final rows whose result needs nothing more: written back, refused by the clinic system (a 4xx: never retried),
// or none (the visit was withdrawn before any call)
const FINAL = ['written', 'refused', 'none'];
if (!kept.ok || !p.removeDays || !p.removeDays.length) return [{ json: { none: true } }];
return p.removeDays.flatMap((d) => FINAL.map((resultState) => ({ json: { ...d, resultState } })));

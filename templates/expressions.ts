/** Expression pieces more than one template uses. */

/** A template's Settings node, read from anywhere in the workflow. */
export const S = "$('Settings').first().json";

/** The Voicebox credential by name only: a template carries no credential id. */
export const VOICEBOX_CREDENTIAL = { mttVoiceboxApi: { name: 'MTT Voicebox account' } };

/**
 * The triggers' shared secrets, by name only: a credential keeps the secret out of the workflow JSON (exports,
 * history, the API). Both CoMagic templates name the same one, so changing it there changes both at once.
 */
export const VOICEBOX_TRIGGER_CREDENTIAL = {
	mttVoiceboxTriggerApi: { name: 'MTT Voicebox trigger secret' },
};
export const COMAGIC_TRIGGER_CREDENTIAL = { coMagicTriggerApi: { name: 'CoMagic trigger secret' } };

/** The CoMagic credential by name only. */
export const COMAGIC_CREDENTIAL = { coMagicApi: { name: 'CoMagic account' } };

/**
 * What the Clinic system's HTTP nodes send to the clinic API: one n8n Header Auth credential (any header: `Authorization:
 * Bearer …`, `Authorization: Basic …`, an API-key header), so no request to a system holding patient data goes out
 * without one.
 */
export const CLINIC_API_CREDENTIAL = { httpHeaderAuth: { name: 'Clinic API' } };

/** The node's own normaliser, as an expression: `7XXXXXXXXXX`, or '' when the number cannot be dialled. */
export function normalisePhone(expr: string): string {
	return String.raw`((p) => { const c = String(p ?? '').trim().replace(/[\s()\-.\u00a0\u2010-\u2015]/g, ''); if (!/^\+?\d+$/.test(c)) return ''; const d = c.replace(/^\+/, ''); const n = d.length === 10 && c[0] !== '+' ? d : d.length === 11 && d[0] === '7' ? d.slice(1) : d.length === 11 && d[0] === '8' && c[0] !== '+' ? d.slice(1) : ''; return /^[3489]\d{9}$/.test(n) ? '7' + n : ''; })(${expr})`;
}

/**
 * True for the first item of its key among the rows a claim changed (none when the claim changed nothing): a
 * Postgres race can leave two rows for one key, and one conditional update then changes both.
 */
export function firstOfKey(key: string): string {
	return `!!$json.${key} && $input.all().findIndex((i) => i.json.${key} === $json.${key}) === $itemIndex`;
}

/** Epoch ms that many minutes (a Settings field) ago: rows stamped before it are stale (a sweep, a claim takeover). */
export function minutesAgo(setting: string): string {
	return `$now.toMillis() - ${S}.${setting} * 60000`;
}

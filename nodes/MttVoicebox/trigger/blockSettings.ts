import type { INodeProperties } from 'n8n-workflow';

import { escapeHtml, htmlList as list } from '../../shared/notice';
import { DEFAULT_OUTCOMES, PROVISIONAL_NOTE } from '../helpers/outcomes';

/**
 * What to put in each HTTP request block («HTTP-запрос») of the Voicebox scenario. Voicebox pastes values as plain
 * text, so string placeholders sit inside quotes; the outcome code is a literal, one block per outcome.
 */
export function rawBodyTemplate(code: number | string): string {
	return `{"call_id":"{{call_id}}","number_b":"{{numberB}}","guid":"{{guid}}","response":${code}}`;
}

/** The default of "Header or Parameter Name"; the notices spell it out because they cannot read the field. */
export const DEFAULT_SECRET_NAME = 'X-Webhook-Secret';
/** Stands for the secret in the notices: the notices are static text and never print it. */
export const SECRET_PLACEHOLDER = 'YOUR_SECRET';

const code = (text: string) => `<code>${escapeHtml(text)}</code>`;

const CODES = DEFAULT_OUTCOMES.map((r) => `${r.code} ${r.outcome}`).join(', ');

export const BLOCK_SETTINGS_NOTICE = list(
	'Voicebox has no API to register this URL: set it in each «HTTP-запрос» block of the scenario by hand.',
	[
		`Method: POST (PUT and GET also work). Header ${code('Content-Type: application/json')} is optional: a body without it is read as JSON too.`,
		`The secret goes where the notice below says for the Secret Location (default: header ${DEFAULT_SECRET_NAME}).`,
		`Raw body, one block per outcome with its code (${CODES}): ${code(rawBodyTemplate(1))}`,
	],
);

/** where the value is kept: the credential (version 2) or the node's parameter (version 1) */
const THE_SECRET = "the secret: the credential's Secret, on version 1 the Shared Secret";

const RENAMED = `if you changed Header or Parameter Name, use that name instead of ${DEFAULT_SECRET_NAME}`;

/**
 * One notice per Secret Location: n8n shows a notice's text as written (no expressions), so each spells out the
 * default name and says what to change when the name field was changed.
 */
const SECRET_NOTICES: Record<string, string> = {
	header: `URL: this node's Production URL as it is. Header in the block: ${code(`${DEFAULT_SECRET_NAME}: ${SECRET_PLACEHOLDER}`)} (${SECRET_PLACEHOLDER} = ${THE_SECRET}; ${RENAMED}).`,
	query: `URL: this node's Production URL followed by ${code(`?${DEFAULT_SECRET_NAME}=${SECRET_PLACEHOLDER}`)} (${SECRET_PLACEHOLDER} = ${THE_SECRET}, URL-encoded; ${RENAMED}). No header needed.`,
	basic: `URL: this node's Production URL as it is. Header in the block: ${code(`Authorization: Basic <Base64 of voicebox:${SECRET_PLACEHOLDER}>`)} (any user name before the colon, ${THE_SECRET} after it).`,
	none: "URL: this node's Production URL as it is, no secret: anyone who knows the URL can start this workflow.",
};

export const secretNotices: INodeProperties[] = Object.entries(SECRET_NOTICES).map(
	([location, text]) => ({
		displayName: text,
		name: `secretNotice_${location}`,
		type: 'notice',
		default: '',
		displayOptions: { show: { secretLocation: [location] } },
	}),
);

export const OUTCOME_NOTICE = list('', [
	`Output per callback: callId, numberB, guid, code, outcome, final, retryable, provisional, unknown, raw.`,
	`${PROVISIONAL_NOTE} So a 4 comes out with provisional: true, final: false, retryable: false; decide on a retry when the next attempt is due and no 1/2/3 came for that call (Plan Next Attempt, the reminder ledger).`,
]);

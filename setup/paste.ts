/**
 * What the administrator pastes by hand after the setup: the Voicebox scenario and the CoMagic cabinet have no API to
 * register a URL, and the clinic system and the report page are configured outside n8n. Everything is read from the
 * workflows as they are in n8n (webhook ids, Secret Location, events, outcome map), so a clinic's own edits show; the
 * texts come from the nodes' own helpers, so these lines and the nodes' notices cannot drift apart.
 */
import { findEvent, NOTIFICATION_EVENTS } from '../nodes/CoMagic/trigger/events';
import { COMAGIC_TRIGGER_SECRET, readSettings } from '../nodes/CoMagic/trigger/settings';
import { postBodyTemplate } from '../nodes/CoMagic/trigger/templates';
import { rawBodyTemplate } from '../nodes/MttVoicebox/trigger/blockSettings';
import {
	readCallbackSettings,
	VOICEBOX_TRIGGER_SECRET,
} from '../nodes/MttVoicebox/trigger/settings';
import { triggerWebhooks } from '../nodes/shared/webhook/endpoint';
import type { ParameterReader } from '../nodes/shared/webhook/parameters';
import {
	SECRET_CREDENTIAL_VERSION,
	type TriggerSecretCredential,
} from '../nodes/shared/webhook/triggerSecret';
import { TEMPLATE_FILES } from '../templates/names';

type Row = Record<string, unknown>;

// `unknown`, not `any`, in the nodes: the dev lint forbids `any`, and plan.ts's rows (Record<string, any>) still fit
export interface InstalledWorkflow {
	file: string;
	workflow: { name: string; nodes: Row[] };
}

export interface PasteInput {
	/** e.g. https://n8n.clinic.ru; a trailing slash is dropped */
	n8nBase: string;
	/** the templates as they now are in n8n (file = e.g. 'appointment-reminder.json') */
	workflows: InstalledWorkflow[];
	/** the trigger secrets when this run created them; undefined = the credential existed, its value is not readable */
	secrets: {
		voicebox?: string;
		coMagic?: string;
		clinicHeader?: { name: string; value: string };
		report?: { user: string; password: string };
	};
}

const VOICEBOX_TYPE = 'n8n-nodes-comagic-voicebox.mttVoiceboxTrigger';
const COMAGIC_TYPE = 'n8n-nodes-comagic-voicebox.coMagicTrigger';
const WEBHOOK_TYPE = 'n8n-nodes-base.webhook';

/**
 * Both triggers describe their one URL through triggerWebhooks; its path is read from there rather than importing the
 * node classes, which ts-node would resolve to the `.node.json` codex files beside them.
 */
const TRIGGER_PATH = triggerWebhooks(['POST'], {
	responseMode: 'onReceived',
	responseData: 'noData',
})[0].path;

/** The nodes whose URLs go to the clinic system and to the manager; every other Webhook node is only listed. */
const PAID_VISIT = { file: TEMPLATE_FILES.saleTagging, node: 'Paid visit' };
const REPORT_PAGE = { file: TEMPLATE_FILES.reminderReport, node: 'Report page' };

/** The Paid visit body as workflows/README.md shows it. */
const PAID_VISIT_EXAMPLE =
	'{"visitId": "V-1042", "amount": 3500, "paidAt": "2026-11-30T14:05:00+03:00", "phone": "+7 912 345-67-89"}';

/** Parameters the interactive step sends, as the trigger's own notice lists them. */
const ICP_PARAMETERS = 'cdr_id, numa, numb, input_result, call_session_id';

const text = (value: unknown): string | undefined =>
	typeof value === 'string' && value !== '' ? value : undefined;

const nodeName = (node: Row) => text(node.name) ?? String(node.type);

/** The node's parameters the way n8n hands them to the node: an unset one reads as its default. */
function reader(node: Row): ParameterReader {
	const parameters = (node.parameters ?? {}) as Row;
	return (name, fallback) => parameters[name] ?? fallback;
}

function credentialName(node: Row, type: string): string | undefined {
	return text(((node.credentials as Row | undefined)?.[type] as Row | undefined)?.name);
}

/** A value the admin must look up, named so they know where: never a secret the setup did not create. */
function placeholder(field: string, node: Row, type: string, typeName: string): string {
	const credential = credentialName(node, type);
	return credential
		? `<the ${field} of credential "${credential}">`
		: `<the ${field} of the ${typeName} credential of node "${nodeName(node)}">`;
}

/** A trigger's secret: this run's value, else where to read it (version 1 keeps it in the node, not a credential). */
function triggerSecret(
	node: Row,
	known: string | undefined,
	credential: TriggerSecretCredential,
): string {
	if (Number(node.typeVersion ?? 1) < SECRET_CREDENTIAL_VERSION)
		return `<the Shared Secret of node "${nodeName(node)}">`;
	return text(known) ?? placeholder('Secret', node, credential.type, credential.displayName);
}

/** A placeholder goes into the URL as it is (the admin replaces it); a real value is URL-encoded. */
function withQuery(url: string, name: string, value: string, known: boolean): string {
	return `${url}?${encodeURIComponent(name)}=${known ? encodeURIComponent(value) : value}`;
}

/** n8n serves a node's webhook at /webhook/<webhookId>/<path of its description>. */
function triggerUrl(base: string, node: Row): string {
	const id = text(node.webhookId);
	return id
		? `${base}/webhook/${id}/${TRIGGER_PATH}`
		: `<the Production URL of node "${nodeName(node)}">`;
}

/** n8n's Webhook node is served at /webhook/<its Path>. */
function webhookUrl(base: string, node: Row): string {
	const path = text(reader(node)('path', node.webhookId));
	return path
		? `${base}/webhook/${path.replace(/^\/+/, '')}`
		: `<the Production URL of node "${nodeName(node)}">`;
}

function webhookMethod(node: Row): string {
	const method = reader(node)('httpMethod', 'GET');
	return Array.isArray(method) ? method.join(' or ') : String(method);
}

const heading = (what: string, wf: InstalledWorkflow, node: Row, kind: string) =>
	`== ${what}: ${wf.workflow.name} (${kind} "${nodeName(node)}") ==`;

interface Found {
	wf: InstalledWorkflow;
	node: Row;
}

function nodesOfType(workflows: InstalledWorkflow[], type: string): Found[] {
	return workflows.flatMap((wf) =>
		(wf.workflow.nodes ?? [])
			// a disabled node serves no URL
			.filter((node) => node.type === type && node.disabled !== true)
			.map((node) => ({ wf, node })),
	);
}

function voiceboxSection(base: string, { wf, node }: Found, known: string | undefined): string[] {
	const settings = readCallbackSettings(reader(node));
	const secret = triggerSecret(node, known, VOICEBOX_TRIGGER_SECRET);
	const isKnown = secret === known;
	const url = triggerUrl(base, node);
	const { location, name } = settings.secret;
	const lines = [
		heading('Voicebox scenario', wf, node, 'trigger'),
		'Voicebox has no API for this: set every «HTTP-запрос» block of the scenario by hand, one block per outcome code.',
		'Declare the scenario variables name, phrase and guid.',
		'Every block, method POST, URL:',
		`  ${location === 'query' ? withQuery(url, name, secret, isKnown) : url}`,
	];
	if (location === 'header') lines.push('Every block, header:', `  ${name}: ${secret}`);
	if (location === 'basic') {
		// the trigger takes the password of Basic auth and ignores the user name (auth.ts)
		const credentials = isKnown
			? Buffer.from(`voicebox:${secret}`).toString('base64')
			: `<Base64 of voicebox:${secret}>`;
		lines.push('Every block, header:', `  Authorization: Basic ${credentials}`);
	}
	if (location === 'none')
		lines.push(
			'No secret (Secret Location None): anyone who knows the URL can post call statuses.',
		);
	for (const rule of settings.rules) {
		const note = rule.provisional ? '; post it at pickup if your scenario does' : '';
		lines.push(
			`Block for code ${rule.code} (${rule.outcome}${note}), raw body:`,
			`  ${rawBodyTemplate(rule.code)}`,
		);
	}
	return lines;
}

/** The cabinet's notifications of a trigger in notification mode: one per event it takes. */
function notificationSection(
	base: string,
	{ wf, node }: Found,
	known: string | undefined,
): string[] {
	const settings = readSettings(reader(node));
	const secret = triggerSecret(node, known, COMAGIC_TRIGGER_SECRET);
	const isKnown = secret === known;
	const url = triggerUrl(base, node);
	const { location, name } = settings.secret;
	const any = settings.events.includes('any');
	const events = any ? NOTIFICATION_EVENTS : settings.events.map((key) => findEvent(key) ?? key);
	const lines = [
		heading('CoMagic cabinet notifications', wf, node, 'trigger'),
		`CoMagic has no API for this: Уведомления → Добавить → канал HTTP, one notification per event${any ? ' you need (the trigger takes any event)' : ''}.`,
		'Every notification, method POST, URL:',
		`  ${location === 'query' ? withQuery(url, name, secret, isKnown) : url}`,
	];
	if (location === 'header')
		lines.push(
			'Every notification, header (only if your cabinet offers custom headers):',
			`  ${name}: ${secret}`,
		);
	if (location === 'none')
		lines.push(
			'No secret (Secret Location None): anyone who knows the URL can start this workflow.',
		);
	for (const event of events) {
		if (typeof event === 'string') {
			lines.push(`Event "${event}": not an event this package knows; see the node in n8n.`);
			continue;
		}
		let body = postBodyTemplate(event);
		// the secret as a constant body field, under the node's own field name (the template names only `token`)
		if (location === 'body')
			body = `{${JSON.stringify(name)}:${JSON.stringify(secret)}, ${body.slice(1)}`;
		lines.push(`Тип события «${event.label}» (${event.name}), body:`, `  ${body}`);
	}
	return lines;
}

/** The scenario step of a trigger in interactive mode: its URL can carry the secret only as a query parameter. */
function interactiveSection(
	base: string,
	{ wf, node }: Found,
	known: string | undefined,
): string[] {
	const settings = readSettings(reader(node));
	const secret = triggerSecret(node, known, COMAGIC_TRIGGER_SECRET);
	const url = triggerUrl(base, node);
	const { location, name } = settings.secret;
	const lines = [
		heading('CoMagic scenario', wf, node, 'trigger'),
		`In the scenario add the step «Интерактивная обработка вызова»: method GET or POST, parameters ${ICP_PARAMETERS}, URL:`,
		`  ${location === 'none' ? url : withQuery(url, name, secret, secret === known)}`,
	];
	if (location === 'none')
		lines.push('No secret (Secret Location None): anyone who knows the URL can route your calls.');
	lines.push(
		`Give the step a branch for each returned_code the workflow answers and a default branch (the trigger's Default Answer: ${settings.defaultAnswerText}).`,
	);
	return lines;
}

/** How a Webhook node checks the caller, for the lines that only list it. */
function webhookAuth(node: Row): string {
	const auth = String(reader(node)('authentication', 'none'));
	if (auth === 'headerAuth')
		return `header of credential "${credentialName(node, 'httpHeaderAuth') ?? '?'}"`;
	if (auth === 'basicAuth')
		return `Basic Auth of credential "${credentialName(node, 'httpBasicAuth') ?? '?'}"`;
	if (auth === 'jwtAuth') return `JWT of credential "${credentialName(node, 'jwtAuth') ?? '?'}"`;
	return 'no authentication';
}

function headerLines(node: Row, known: PasteInput['secrets']['clinicHeader']): string[] {
	const auth = String(reader(node)('authentication', 'none'));
	if (auth !== 'headerAuth') return [`Authentication: ${webhookAuth(node)}.`];
	const name = text(known?.name) ?? placeholder('Name', node, 'httpHeaderAuth', 'Header Auth');
	const value = text(known?.value) ?? placeholder('Value', node, 'httpHeaderAuth', 'Header Auth');
	return ['Header:', `  ${name}: ${value}`];
}

function loginLines(node: Row, known: PasteInput['secrets']['report']): string[] {
	const auth = String(reader(node)('authentication', 'none'));
	if (auth !== 'basicAuth') return [`Authentication: ${webhookAuth(node)}.`];
	return [
		'User:',
		`  ${text(known?.user) ?? placeholder('User', node, 'httpBasicAuth', 'Basic Auth')}`,
		'Password:',
		`  ${text(known?.password) ?? placeholder('Password', node, 'httpBasicAuth', 'Basic Auth')}`,
	];
}

const isNode = (found: Found, which: { file: string; node: string }) =>
	found.wf.file === which.file && found.node.name === which.node;

function clinicSection(
	base: string,
	found: Found,
	known: PasteInput['secrets']['clinicHeader'],
): string[] {
	return [
		heading('Clinic system', found.wf, found.node, 'webhook'),
		`The clinic system posts each paid visit as JSON: method ${webhookMethod(found.node)}, URL:`,
		`  ${webhookUrl(base, found.node)}`,
		...headerLines(found.node, known),
		'Body, e.g.:',
		`  ${PAID_VISIT_EXAMPLE}`,
	];
}

function reportSection(
	base: string,
	found: Found,
	known: PasteInput['secrets']['report'],
): string[] {
	return [
		heading('Report page', found.wf, found.node, 'webhook'),
		'For the clinic manager, in a browser (add ?days=7, or ?from=2026-11-01&to=2026-11-30; &format=csv for a file), URL:',
		`  ${webhookUrl(base, found.node)}`,
		...loginLines(found.node, known),
	];
}

/** Every other Webhook node (Run now, Drain status, Clean up now): nothing to paste, but handy to have. */
function otherSection(base: string, others: Found[]): string[] {
	if (others.length === 0) return [];
	return [
		'== Other URLs of these workflows in n8n (nothing to paste) ==',
		...others.flatMap(({ wf, node }) => [
			`"${nodeName(node)}" of ${wf.workflow.name}: ${webhookMethod(node)}, ${webhookAuth(node)}:`,
			`  ${webhookUrl(base, node)}`,
		]),
	];
}

/** Plain text for the terminal: one block per outside system, each value alone on its line. */
export function pasteInstructions(input: PasteInput): string {
	const base = input.n8nBase.replace(/\/+$/, '');
	const { secrets, workflows } = input;
	const coMagic = nodesOfType(workflows, COMAGIC_TYPE);
	const isInteractive = (found: Found) => readSettings(reader(found.node)).mode === 'interactive';
	const webhooks = nodesOfType(workflows, WEBHOOK_TYPE);
	const paid = webhooks.filter((found) => isNode(found, PAID_VISIT));
	const report = webhooks.filter((found) => isNode(found, REPORT_PAGE));

	const sections = [
		...nodesOfType(workflows, VOICEBOX_TYPE).map((found) =>
			voiceboxSection(base, found, secrets.voicebox),
		),
		...coMagic
			.filter((found) => !isInteractive(found))
			.map((found) => notificationSection(base, found, secrets.coMagic)),
		...coMagic
			.filter(isInteractive)
			.map((found) => interactiveSection(base, found, secrets.coMagic)),
		...paid.map((found) => clinicSection(base, found, secrets.clinicHeader)),
		...report.map((found) => reportSection(base, found, secrets.report)),
		otherSection(
			base,
			webhooks.filter((found) => !paid.includes(found) && !report.includes(found)),
		),
	].filter((lines) => lines.length > 0);

	if (sections.length === 0) return 'Nothing to paste outside n8n for these workflows.\n';
	const body = sections.map((lines) => lines.join('\n')).join('\n\n');
	const head = [`What to paste outside n8n (${base}).`];
	const given = [
		secrets.voicebox,
		secrets.coMagic,
		secrets.clinicHeader?.value,
		secrets.report?.password,
	];
	if (given.some((value) => value && body.includes(value)))
		head.push('It holds secrets n8n will not show again: keep it safe.');
	// n8n never shows a saved secret again, so a placeholder can only point at where the admin kept it
	if (body.includes('<the '))
		head.push(
			'Replace each <the …> with the value it names: n8n does not show a saved one, so use the copy you kept, or set a new value in the credential and then everywhere it is sent.',
		);
	return `${head.join(' ')}\n\n${body}\n`;
}

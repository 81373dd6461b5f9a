/**
 * The clinic's config file (JSON): what the setup command needs to know about the clinic, checked before anything
 * in n8n changes. Secrets may come from the environment or a prompt instead (cli.ts); nothing here is ever printed.
 */
import { readFileSync } from 'node:fs';

import { TEMPLATE_FILES } from '../templates/names';

/** A calling window, "HH:MM-HH:MM" in the config; 24:00 is the end of the day. */
export interface Window {
	from: string;
	to: string;
}

export interface ClinicConfig {
	/** n8n's address as the browser opens it, e.g. https://n8n.clinic.local */
	n8nUrl: string;
	/** the templates to set up, by file name without .json; default all */
	templates: string[];
	/** activate (1.x) / publish (2.x) what it imports, and keep active what already is */
	activate: boolean;
	/** the clinic's IANA time zone: every template's time zone field */
	timeZone?: string;
	/** the clinic system's HTTP API (the Clinic system sub-workflow calls it) */
	clinicApiUrl?: string;
	/**
	 * how the clinic API checks n8n (credential "Clinic API", n8n's Header Auth): one of a bearer token, a login and
	 * password (HTTP Basic), or any header and its value; the secret may come from CLINIC_API_SECRET instead
	 */
	clinicAuth?: ClinicAuth;
	/** the MTT Voicebox account: credential "MTT Voicebox account" */
	voicebox?: { url?: string; login?: string; password?: string };
	/** the CoMagic account, as the fields of the CoMagic API credential: credential "CoMagic account" */
	comagic?: Record<string, string>;
	reminder?: {
		campaignId?: string;
		maxAttempts?: number;
		intervalMinutes?: number;
		weekdays?: Window;
		weekends?: Window;
	};
	missedCalls?: {
		virtualNumber?: string;
		operatorPhone?: string;
		weekdays?: Window;
		weekends?: Window;
	};
	/** the report page's login user (its password is generated) */
	reportUser?: string;
	/**
	 * Staff alerts (operator requests, the day's digest, faults) to the staff's Telegram chat and/or mailbox; without
	 * it the staff-alerts template is not set up. Secrets may come from STAFF_TELEGRAM_BOT_TOKEN and
	 * STAFF_SMTP_PASSWORD instead
	 */
	staffAlerts?: StaffAlerts;
	/** any other Settings field, per template: { "appointment-reminder": { "batchSize": 20 } } */
	settings: Record<string, Record<string, string | number | boolean>>;
}

export const STAFF_CHANNELS = ['telegram', 'email', 'both'] as const;
export const PATIENT_DATA = ['visit id only', 'name and phone'] as const;

export interface StaffAlerts {
	channel: (typeof STAFF_CHANNELS)[number];
	/** credential "Staff Telegram bot" (n8n's Telegram API) and the chat it writes to */
	telegram?: { chatId: string; botToken?: string; baseUrl?: string };
	/** credential "Staff mailbox" (n8n's SMTP) and the addresses of the mail */
	email?: {
		to: string;
		from: string;
		host: string;
		port: number;
		/** SSL/TLS from the first byte (port 465); false: plain, upgraded by STARTTLS (587, 25). Default: port 465 */
		secure: boolean;
		user?: string;
		password?: string;
	};
	patientData?: (typeof PATIENT_DATA)[number];
	digestHour?: number;
	faultAfterMinutes?: number;
	faultClearMinutes?: number;
	reportUrl?: string;
}

export type ClinicAuth =
	| { bearer?: string }
	| { user: string; password?: string }
	| { header: string; value?: string };

export class ConfigError extends Error {}

/** The template keys a config may name: the shipped files without .json. */
export const TEMPLATE_KEYS = Object.values(TEMPLATE_FILES).map((f) => f.replace(/\.json$/, ''));

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

function minutes(hhmm: string): number {
	const [h, m] = hhmm.split(':').map(Number);
	return h * 60 + m;
}

function window(value: unknown, where: string): Window | undefined {
	if (value === undefined) return undefined;
	const match = typeof value === 'string' ? /^\s*(\S+)\s*-\s*(\S+)\s*$/.exec(value) : null;
	if (!match || !HHMM.test(match[1]) || !HHMM.test(match[2])) {
		throw new ConfigError(`${where}: write the window as "HH:MM-HH:MM", e.g. "09:00-20:00"`);
	}
	const [, from, to] = match;
	if (minutes(to) <= minutes(from)) {
		throw new ConfigError(`${where}: the window ends (${to}) before it starts (${from})`);
	}
	return { from, to };
}

function integer(value: unknown, where: string, min: number, max: number): number | undefined {
	if (value === undefined) return undefined;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
		throw new ConfigError(
			`${where}: a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`,
		);
	}
	return value;
}

function text(value: unknown, where: string): string | undefined {
	if (value === undefined) return undefined;
	if (typeof value !== 'string' || !value.trim()) {
		throw new ConfigError(`${where}: a non-empty string`);
	}
	return value.trim();
}

function url(value: unknown, where: string): string | undefined {
	const s = text(value, where);
	if (s === undefined) return undefined;
	let parsed: URL;
	try {
		parsed = new URL(s);
	} catch {
		throw new ConfigError(`${where}: not a URL (${s}); write it as http(s)://host[:port]/path`);
	}
	if (!/^https?:$/.test(parsed.protocol))
		throw new ConfigError(`${where}: http or https, not ${parsed.protocol}`);
	return s.replace(/\/+$/, '');
}

function timeZone(value: unknown, where: string): string | undefined {
	const s = text(value, where);
	if (s === undefined) return undefined;
	try {
		new Intl.DateTimeFormat('en', { timeZone: s });
	} catch {
		throw new ConfigError(
			`${where}: not a time zone (${s}); use an IANA name such as Europe/Moscow`,
		);
	}
	return s;
}

function section(value: unknown, where: string): Record<string, unknown> | undefined {
	if (value === undefined) return undefined;
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new ConfigError(`${where}: an object { … }`);
	}
	return value as Record<string, unknown>;
}

/** One scheme, its fields checked; the secret may be left to CLINIC_API_SECRET. */
function clinicAuth(auth: Record<string, unknown> | undefined): ClinicAuth | undefined {
	if (!auth) return undefined;
	const shapes: Array<[string, string[]]> = [
		['bearer', ['bearer']],
		['user', ['user', 'password']],
		['header', ['header', 'value']],
	];
	const keys = Object.keys(auth);
	const shape = shapes.find(([key]) => keys.includes(key)) ?? shapes.find(() => keys.length === 0);
	if (!shape || keys.some((k) => !shape[1].includes(k))) {
		throw new ConfigError(
			'clinicAuth: one of { "bearer": "<token>" }, { "user": "<login>", "password": "…" } or { "header": "<name>", "value": "…" } (the secret may come from CLINIC_API_SECRET)',
		);
	}
	const fields = Object.fromEntries(keys.map((k) => [k, text(auth[k], `clinicAuth.${k}`)]));
	if (shape[0] === 'header' && !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(fields.header ?? '')) {
		throw new ConfigError(
			'clinicAuth.header: an HTTP header name, e.g. Authorization or X-Api-Key',
		);
	}
	return fields as ClinicAuth;
}

const KNOWN = [
	'n8nUrl',
	'templates',
	'activate',
	'timeZone',
	'clinicApiUrl',
	'clinicAuth',
	'voicebox',
	'comagic',
	'reminder',
	'missedCalls',
	'reportUser',
	'staffAlerts',
	'settings',
];

/** The fields of a section, refusing one it does not have (a typo would otherwise be dropped silently). */
function fieldsOf(
	value: unknown,
	where: string,
	known: string[],
): Record<string, unknown> | undefined {
	const s = section(value, where);
	const unknown = Object.keys(s ?? {}).filter((k) => !known.includes(k) && !k.startsWith('//'));
	if (unknown.length) {
		throw new ConfigError(
			`${where}: unknown field ${unknown.join(', ')}; its fields are ${known.join(', ')}`,
		);
	}
	return s;
}

function oneOf<T extends string>(
	value: unknown,
	where: string,
	values: readonly T[],
): T | undefined {
	if (value === undefined) return undefined;
	if (!values.includes(value as T)) {
		throw new ConfigError(
			`${where}: one of ${values.map((v) => JSON.stringify(v)).join(', ')}, not ${JSON.stringify(value)}`,
		);
	}
	return value as T;
}

/** e-mail addresses: one, "a@x, b@y", or a list of them */
function addresses(value: unknown, where: string): string | undefined {
	const list = Array.isArray(value)
		? value.map((v, i) => text(v, `${where}[${i}]`) as string)
		: text(value, where)
				?.split(',')
				.map((a) => a.trim());
	if (!list) return undefined;
	const bad = list.filter(
		(a) => !/^[^\s@<>,]+@[^\s@<>,]+\.[^\s@<>,]+$|^.*<[^\s@<>,]+@[^\s@<>,]+>$/.test(a),
	);
	if (list.length === 0 || bad.length) {
		throw new ConfigError(
			`${where}: an e-mail address such as registratura@clinic.example${bad.length ? `, not ${bad.map((b) => JSON.stringify(b)).join(', ')}` : ''}`,
		);
	}
	return list.join(', ');
}

/** The staffAlerts section: what the chosen channel needs must be there (a secret may come from the environment). */
function staffAlerts(value: unknown): StaffAlerts | undefined {
	const s = fieldsOf(value, 'staffAlerts', [
		'channel',
		'telegram',
		'email',
		'patientData',
		'digestHour',
		'faultAfterMinutes',
		'faultClearMinutes',
		'reportUrl',
	]);
	if (!s) return undefined;
	const channel = oneOf(s.channel, 'staffAlerts.channel', STAFF_CHANNELS);
	if (!channel) {
		throw new ConfigError(
			'staffAlerts.channel: where the staff are told, "telegram", "email" or "both"',
		);
	}
	const tg = fieldsOf(s.telegram, 'staffAlerts.telegram', ['chatId', 'botToken', 'baseUrl']);
	const mail = fieldsOf(s.email, 'staffAlerts.email', [
		'to',
		'from',
		'host',
		'port',
		'secure',
		'user',
		'password',
	]);
	const wantsTelegram = channel !== 'email';
	const wantsEmail = channel !== 'telegram';
	if (wantsTelegram && !tg) {
		throw new ConfigError(
			`staffAlerts.telegram: channel "${channel}" needs { "chatId": "<the staff chat, a group: -100…>", "botToken": "<from @BotFather>" } (the token may come from STAFF_TELEGRAM_BOT_TOKEN)`,
		);
	}
	if (wantsEmail && !mail) {
		throw new ConfigError(
			`staffAlerts.email: channel "${channel}" needs { "to": "…", "from": "…", "host": "<SMTP server>", "port": 465 } (and user, password if the server asks; the password may come from STAFF_SMTP_PASSWORD)`,
		);
	}
	let telegram: StaffAlerts['telegram'];
	if (tg) {
		// a chat id is a number in Telegram's answers; a JSON number is taken as it is written
		const chatId =
			typeof tg.chatId === 'number' && Number.isInteger(tg.chatId)
				? String(tg.chatId)
				: text(tg.chatId, 'staffAlerts.telegram.chatId');
		if (!chatId || !/^-?\d+$|^@\w{5,}$/.test(chatId)) {
			throw new ConfigError(
				`staffAlerts.telegram.chatId: the staff chat's id (a group's is -100…, e.g. "-1001234567890") or a channel's @name${chatId ? `, not ${JSON.stringify(chatId)}` : ''}`,
			);
		}
		telegram = {
			chatId,
			botToken: text(tg.botToken, 'staffAlerts.telegram.botToken'),
			baseUrl: url(tg.baseUrl, 'staffAlerts.telegram.baseUrl'),
		};
	}
	let email: StaffAlerts['email'];
	if (mail) {
		const need = (field: string) => {
			if (mail[field] === undefined) {
				throw new ConfigError(
					`staffAlerts.email.${field}: needed for e-mail (to, from, host and port)`,
				);
			}
		};
		['to', 'from', 'host', 'port'].forEach(need);
		const port = integer(mail.port, 'staffAlerts.email.port', 1, 65535) as number;
		if (mail.secure !== undefined && typeof mail.secure !== 'boolean') {
			throw new ConfigError(
				'staffAlerts.email.secure: true (SSL/TLS from the start, port 465) or false (STARTTLS, ports 587 and 25)',
			);
		}
		email = {
			to: addresses(mail.to, 'staffAlerts.email.to') as string,
			from: addresses(mail.from, 'staffAlerts.email.from') as string,
			host: text(mail.host, 'staffAlerts.email.host') as string,
			port,
			secure: (mail.secure as boolean | undefined) ?? port === 465,
			user: text(mail.user, 'staffAlerts.email.user'),
			password: text(mail.password, 'staffAlerts.email.password'),
		};
	}
	return {
		channel,
		telegram,
		email,
		patientData: oneOf(s.patientData, 'staffAlerts.patientData', PATIENT_DATA),
		digestHour: integer(s.digestHour, 'staffAlerts.digestHour', 0, 23),
		faultAfterMinutes: integer(s.faultAfterMinutes, 'staffAlerts.faultAfterMinutes', 1, 24 * 60),
		faultClearMinutes: integer(s.faultClearMinutes, 'staffAlerts.faultClearMinutes', 1, 24 * 60),
		reportUrl: url(s.reportUrl, 'staffAlerts.reportUrl'),
	};
}

/** Checks a parsed config; every problem names its field and what to write instead. */
export function parseConfig(raw: unknown): ClinicConfig {
	const c = section(raw, 'the config');
	if (!c) throw new ConfigError('the config is empty');
	const unknown = Object.keys(c).filter((k) => !KNOWN.includes(k) && !k.startsWith('//'));
	if (unknown.length) {
		throw new ConfigError(
			`unknown field ${unknown.join(', ')}; the fields are ${KNOWN.join(', ')}`,
		);
	}
	const n8nUrl = url(c.n8nUrl, 'n8nUrl');
	if (!n8nUrl) throw new ConfigError("n8nUrl: your n8n's address, e.g. https://n8n.clinic.local");

	let templates = TEMPLATE_KEYS;
	if (c.templates !== undefined && c.templates !== 'all') {
		if (!Array.isArray(c.templates) || c.templates.length === 0) {
			throw new ConfigError(`templates: "all" or a list of ${TEMPLATE_KEYS.join(', ')}`);
		}
		const bad = c.templates.filter((t) => !TEMPLATE_KEYS.includes(t as string));
		if (bad.length) {
			throw new ConfigError(
				`templates: no template ${bad.join(', ')}; the templates are ${TEMPLATE_KEYS.join(', ')}`,
			);
		}
		templates = c.templates as string[];
	}
	if (c.activate !== undefined && typeof c.activate !== 'boolean') {
		throw new ConfigError('activate: true or false');
	}

	const voicebox = section(c.voicebox, 'voicebox');
	const comagic = section(c.comagic, 'comagic');
	const reminder = section(c.reminder, 'reminder');
	const missed = section(c.missedCalls, 'missedCalls');
	const settings = section(c.settings, 'settings') ?? {};
	for (const [key, fields] of Object.entries(settings)) {
		if (!TEMPLATE_KEYS.includes(key)) {
			throw new ConfigError(
				`settings.${key}: no template ${key}; the templates are ${TEMPLATE_KEYS.join(', ')}`,
			);
		}
		section(fields, `settings.${key}`);
	}
	return {
		n8nUrl,
		templates,
		activate: c.activate === true,
		timeZone: timeZone(c.timeZone, 'timeZone'),
		clinicApiUrl: url(c.clinicApiUrl, 'clinicApiUrl'),
		clinicAuth: clinicAuth(section(c.clinicAuth, 'clinicAuth')),
		voicebox: voicebox && {
			url: url(voicebox.url, 'voicebox.url'),
			login: text(voicebox.login, 'voicebox.login'),
			password: text(voicebox.password, 'voicebox.password'),
		},
		comagic:
			comagic &&
			(Object.fromEntries(
				Object.entries(comagic).map(([k, v]) => [k, text(v, `comagic.${k}`)]),
			) as Record<string, string>),
		reminder: reminder && {
			campaignId: text(reminder.campaignId, 'reminder.campaignId'),
			maxAttempts: integer(reminder.maxAttempts, 'reminder.maxAttempts', 1, 10),
			intervalMinutes: integer(reminder.intervalMinutes, 'reminder.intervalMinutes', 5, 24 * 60),
			weekdays: window(reminder.weekdays, 'reminder.weekdays'),
			weekends: window(reminder.weekends, 'reminder.weekends'),
		},
		missedCalls: missed && {
			virtualNumber: text(missed.virtualNumber, 'missedCalls.virtualNumber'),
			operatorPhone: text(missed.operatorPhone, 'missedCalls.operatorPhone'),
			weekdays: window(missed.weekdays, 'missedCalls.weekdays'),
			weekends: window(missed.weekends, 'missedCalls.weekends'),
		},
		reportUser: text(c.reportUser, 'reportUser'),
		staffAlerts: staffAlerts(c.staffAlerts),
		settings: settings as ClinicConfig['settings'],
	};
}

/**
 * The environment's secrets over the config's (the setup command's, see its --help): VOICEBOX_PASSWORD,
 * COMAGIC_API_KEY, COMAGIC_PASSWORD, CLINIC_API_SECRET, STAFF_TELEGRAM_BOT_TOKEN, STAFF_SMTP_PASSWORD.
 */
export function withEnvironment(
	config: ClinicConfig,
	env: NodeJS.ProcessEnv = process.env,
): ClinicConfig {
	const voicebox = config.voicebox && {
		...config.voicebox,
		password: env.VOICEBOX_PASSWORD || config.voicebox.password,
	};
	const comagic = config.comagic && { ...config.comagic };
	if (comagic && env.COMAGIC_API_KEY) comagic.apiKey = env.COMAGIC_API_KEY;
	if (comagic && env.COMAGIC_PASSWORD) comagic.password = env.COMAGIC_PASSWORD;
	let clinicAuth = config.clinicAuth;
	if (env.CLINIC_API_SECRET) {
		const auth = clinicAuth ?? {};
		clinicAuth =
			'header' in auth
				? { ...auth, value: env.CLINIC_API_SECRET }
				: 'user' in auth
					? { ...auth, password: env.CLINIC_API_SECRET }
					: { bearer: env.CLINIC_API_SECRET };
	}
	const staff = config.staffAlerts;
	const staffAlerts = staff && {
		...staff,
		telegram: staff.telegram && {
			...staff.telegram,
			botToken: env.STAFF_TELEGRAM_BOT_TOKEN || staff.telegram.botToken,
		},
		email: staff.email && {
			...staff.email,
			password: env.STAFF_SMTP_PASSWORD || staff.email.password,
		},
	};
	return { ...config, voicebox, comagic, clinicAuth, staffAlerts };
}

export function readConfig(path: string): ClinicConfig {
	let raw: string;
	try {
		raw = readFileSync(path, 'utf8');
	} catch {
		throw new ConfigError(`cannot read the config file ${path}`);
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(raw);
	} catch (error) {
		// V8's message can quote the text around the error, and the file may hold a password: only where it is
		const at = /position \d+|line \d+ column \d+/.exec((error as Error).message)?.[0];
		throw new ConfigError(
			`${path} is not JSON${at ? ` (at ${at})` : ''}: check it with a JSON validator`,
		);
	}
	return parseConfig(parsed);
}

/**
 * The credentials the templates name, and where the setup gets each one's data: the config file (accounts), or
 * generated here (the secrets between n8n and the outside systems, shown once in the paste instructions). A
 * credential that already exists under the template's name is bound as it is and never changed.
 */
import { randomBytes } from 'node:crypto';

import type { ClinicConfig } from './config';
import { ConfigError } from './config';

export interface CredentialSource {
	/** what the credential is, in a message */
	what: string;
	/** its data, or a ConfigError naming the missing config field */
	data(config: ClinicConfig): Record<string, unknown>;
	/** the data holds a secret generated here, which the paste instructions show */
	generated?: true;
	/**
	 * A credential only some configs use (a Staff alerts channel not chosen). When `used` says no and n8n has no
	 * credential of that name, its nodes are bound to a stand-in instead (standInName): n8n 2.x publishes no workflow
	 * with a connected node whose credential is unset, even one its Settings never reach. The stand-in sends nothing
	 * anywhere; once the config uses the credential, the real one is created and bound in the stand-in's place.
	 */
	optional?: { used(config: ClinicConfig): boolean; why: string; standIn: Record<string, unknown> };
}

/** The stand-in for an optional credential the config does not use. */
const STAND_IN = ' (not used)';
export const standInName = (name: string): string => `${name}${STAND_IN}`;
export const isStandIn = (name: unknown): boolean => String(name).endsWith(STAND_IN);
/** The credential a stand-in stands in for. */
export const standInFor = (name: string): string => name.slice(0, -STAND_IN.length);

/** 32 random bytes, URL-safe: fits a query parameter, a header and a Voicebox block unescaped. */
export function newSecret(): string {
	return randomBytes(32).toString('base64url');
}

function need<T>(value: T | undefined, field: string, what: string): T {
	if (value === undefined || value === '') {
		throw new ConfigError(
			`${field}: needed for the ${what} (or set it through the environment: see --help)`,
		);
	}
	return value;
}

/** The clinic API's Header Auth: the header n8n sends, from the config's scheme (config.ts, ClinicAuth). */
function clinicApiHeader(c: ClinicConfig): { name: string; value: string } {
	const what = 'clinic API credential (clinicAuth; the secret may be CLINIC_API_SECRET)';
	const auth = need(c.clinicAuth, 'clinicAuth', what);
	if ('header' in auth)
		return { name: auth.header, value: need(auth.value, 'clinicAuth.value', what) };
	if ('user' in auth) {
		const password = need(auth.password, 'clinicAuth.password', what);
		return {
			name: 'Authorization',
			value: `Basic ${Buffer.from(`${auth.user}:${password}`).toString('base64')}`,
		};
	}
	return { name: 'Authorization', value: `Bearer ${need(auth.bearer, 'clinicAuth.bearer', what)}` };
}

const TELEGRAM = 'Staff Telegram bot credential';
const MAILBOX = 'Staff mailbox credential';

/** n8n's Telegram API credential: the bot's token, and the Bot API's address (Telegram's own by default). */
function staffTelegram(c: ClinicConfig): Record<string, unknown> {
	const tg = need(c.staffAlerts?.telegram, 'staffAlerts.telegram', TELEGRAM);
	return {
		accessToken: need(
			tg.botToken,
			'staffAlerts.telegram.botToken',
			`${TELEGRAM}: the bot's token from @BotFather`,
		),
		baseUrl: tg.baseUrl ?? 'https://api.telegram.org',
	};
}

/** n8n's SMTP credential: the server and its login (a relay may need none). */
function staffMailbox(c: ClinicConfig): Record<string, unknown> {
	const mail = need(c.staffAlerts?.email, 'staffAlerts.email', MAILBOX);
	if (mail.user && !mail.password) {
		need(undefined, 'staffAlerts.email.password', `${MAILBOX}: the password of ${mail.user}`);
	}
	return {
		user: mail.user ?? '',
		password: mail.password ?? '',
		host: mail.host,
		port: mail.port,
		// false: plain, upgraded by STARTTLS where the server offers it (n8n's default, disableStartTls unset)
		secure: mail.secure,
	};
}

const channel = (c: ClinicConfig) => c.staffAlerts?.channel;

/**
 * By credential type: n8n's own types only where a template uses them. One type serving two credentials (Header
 * Auth) has an entry per credential name too, which wins.
 */
export const CREDENTIAL_SOURCES: Record<string, CredentialSource> = {
	'Clinic API': {
		what: 'header n8n sends to the clinic API',
		data: clinicApiHeader,
	},
	'Staff Telegram bot': {
		what: "bot that writes to the staff's Telegram chat",
		data: staffTelegram,
		optional: {
			used: (c) => channel(c) === 'telegram' || channel(c) === 'both',
			why: 'staffAlerts.channel is not "telegram" or "both"',
			// a token no bot has, at Telegram's own address: were it ever used, Telegram answers 404 and nothing is sent
			standIn: { accessToken: 'not-used', baseUrl: 'https://api.telegram.org' },
		},
	},
	'Staff mailbox': {
		what: 'mailbox the staff e-mails are sent from',
		data: staffMailbox,
		optional: {
			used: (c) => channel(c) === 'email' || channel(c) === 'both',
			why: 'staffAlerts.channel is not "email" or "both"',
			// a reserved name that never resolves (RFC 2606): were it ever used, the mail fails and nothing is sent
			standIn: { user: '', password: '', host: 'not-used.invalid', port: 465, secure: true },
		},
	},
	mttVoiceboxApi: {
		what: 'MTT Voicebox account',
		data: (c) => ({
			url: need(c.voicebox?.url, 'voicebox.url', 'MTT Voicebox account'),
			login: need(c.voicebox?.login, 'voicebox.login', 'MTT Voicebox account'),
			password: need(c.voicebox?.password, 'voicebox.password', 'MTT Voicebox account'),
		}),
	},
	coMagicApi: {
		what: 'CoMagic account',
		data: (c) =>
			need(c.comagic, 'comagic', 'CoMagic account (the fields of the CoMagic API credential)'),
	},
	mttVoiceboxTriggerApi: {
		what: "secret of the Voicebox scenario's HTTP blocks",
		data: () => ({ secret: newSecret() }),
		generated: true,
	},
	coMagicTriggerApi: {
		what: "secret of the CoMagic cabinet's notifications",
		data: () => ({ secret: newSecret() }),
		generated: true,
	},
	httpHeaderAuth: {
		what: 'header the clinic system sends with a paid visit',
		data: () => ({ name: 'X-Clinic-Secret', value: newSecret() }),
		generated: true,
	},
	httpBasicAuth: {
		what: 'login to the reminder report page',
		data: (c) => ({ user: c.reportUser ?? 'manager', password: newSecret().slice(0, 20) }),
		generated: true,
	},
};

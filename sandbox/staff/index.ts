/**
 * Staff channels simulator: stands in for the clinic staff's Telegram (a Bot API stub under /telegram, telegram.ts)
 * and e-mail (a real SMTP server on its own port, smtp.ts), so a staff-alert workflow runs with no accounts. What
 * arrives is recorded, listed by the control API (control.ts) and shown on GET /staff (page.ts).
 */
import { sendJson, sendText } from '../core/http';
import type { SandboxContext, SandboxModule } from '../core/types';
import { DEFAULT_CLINIC_TIME_ZONE } from '../clinic/catalog';
import { handleStaffControl, STAFF_CONTROL_PREFIX } from './control';
import { renderStaffPage, type StaffChannel } from './page';
import { StaffSmtpServer } from './smtp';
import { StaffState } from './state';
import { handleTelegram, TELEGRAM_PREFIX } from './telegram';

export type * from './types';
export { TELEGRAM_PREFIX } from './telegram';
export { STAFF_CONTROL_PREFIX } from './control';
export const STAFF_PAGE_PATH = '/staff';

export interface StaffOptions {
	/** the only bot token the Telegram stub accepts (others get 401 Unauthorized); default: any token */
	telegramToken?: string;
	/** port of the SMTP server; 0 (default) = a free one, see `Sandbox.smtpPort` */
	smtpPort?: number;
	/** SMTP AUTH then required with this user and password (wrong: 535); default: no AUTH needed, any passes */
	smtpUser?: string;
	smtpPassword?: string;
	/** zone the page shows times in (default the clinic's, Europe/Moscow) */
	timeZone?: string;
}

/** The module plus its SMTP server, which startSandbox starts and stops next to the HTTP one. */
export interface StaffSimulator extends SandboxModule {
	listenSmtp(host: string): Promise<number>;
	closeSmtp(): Promise<void>;
}

export function createStaffSimulator(options: StaffOptions = {}): StaffSimulator {
	const fresh = () => new StaffState(options.telegramToken ?? null);
	let state = fresh();
	let context: SandboxContext | undefined;
	const smtp = new StaffSmtpServer(
		{ user: options.smtpUser, password: options.smtpPassword },
		() => state,
		() => {
			if (!context) throw new Error('staff: the sandbox has not started');
			return context;
		},
	);
	const timeZone = options.timeZone ?? DEFAULT_CLINIC_TIME_ZONE;

	return {
		name: 'staff',
		handle(req, res, ctx) {
			context = ctx;
			if (req.path === TELEGRAM_PREFIX || req.path.startsWith(`${TELEGRAM_PREFIX}/`)) {
				handleTelegram(req, res, ctx, state);
				return true;
			}
			if (req.path === STAFF_CONTROL_PREFIX || req.path.startsWith(`${STAFF_CONTROL_PREFIX}/`)) {
				handleStaffControl(req, res, state);
				return true;
			}
			if (req.path !== STAFF_PAGE_PATH && req.path !== `${STAFF_PAGE_PATH}/`) return false;
			if (req.method !== 'GET' && req.method !== 'HEAD') {
				sendJson(res, 405, { error: `${req.method} ${req.path}: the staff page is GET only` });
				return true;
			}
			const channel = req.query.get('channel') ?? undefined;
			if (channel !== undefined && channel !== 'telegram' && channel !== 'email') {
				sendText(res, 400, 'channel must be telegram or email');
				return true;
			}
			const refresh = Number(req.query.get('refresh') ?? 0);
			const html = renderStaffPage(state.messages, {
				channel: channel as StaffChannel | undefined,
				telegramUrl: `${ctx.baseUrl}${TELEGRAM_PREFIX}`,
				smtpUrl: smtp.url,
				timeZone,
				refresh: Number.isInteger(refresh) && refresh > 0 && refresh <= 3600 ? refresh : undefined,
			});
			sendText(res, 200, html, 'text/html; charset=UTF-8');
			return true;
		},
		reset(ctx) {
			context = ctx;
			state = fresh();
		},
		async listenSmtp(host) {
			return smtp.listen(options.smtpPort ?? 0, host);
		},
		closeSmtp: () => smtp.close(),
		describe(baseUrl) {
			return [
				`Staff: Telegram Bot API ${baseUrl}${TELEGRAM_PREFIX}/bot<token>/{sendMessage,getMe} (the credential's Base URL: ${baseUrl}${TELEGRAM_PREFIX}), SMTP ${smtp.url} (no TLS)`,
				`  page: ${baseUrl}${STAFF_PAGE_PATH}?channel=telegram|email; control: ${baseUrl}${STAFF_CONTROL_PREFIX}/messages (GET, DELETE), PUT …/config {telegramDown, smtpDown, telegramToken}`,
				`curl -s -X POST ${baseUrl}${TELEGRAM_PREFIX}/bot123:TEST/sendMessage -H 'Content-Type: application/json' -d '{"chat_id":1,"text":"hi"}'`,
			];
		},
	};
}

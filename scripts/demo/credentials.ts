/**
 * The demo's credentials, imported through n8n's CLI with fixed ids so a second npm start replaces them instead of
 * adding copies, and the secrets the demo's templates are set up with.
 */
import type { Sandbox } from '../../sandbox';
import { coMagicCredentialData, voiceboxCredentialData } from '../../sandbox/credentials';

export const DEMO_SECRETS = {
	/** between the sandbox's Voicebox scenario blocks and the MTT Voicebox Trigger (its credential) */
	voicebox: 'demo-voicebox-secret',
	/** in the CoMagic cabinet's notification URLs and the scenario's routing step (?token=; the trigger's credential) */
	coMagic: 'demo-comagic-secret',
	/** the header the clinic system sends with a paid visit (Header Auth on the sale-tagging webhook) */
	clinicHeader: { name: 'X-Clinic-Secret', value: 'demo-clinic-secret' },
	/** the token the sandbox's clinic API requires, sent by the Clinic system's HTTP nodes (credential "Clinic API") */
	clinicApiToken: 'demo-clinic-api-token',
	/** the clinic manager's login to the reminder report page (n8n's Basic Auth on its webhook) */
	report: { user: 'manager', password: 'Demo-report-1' },
	/** the staff bot's token: the sandbox's Telegram stub takes any (credential "Staff Telegram bot") */
	staffBotToken: '7000000001:demo-staff-bot',
};

/** The staff mail server as n8n's SMTP credential reaches it: the sandbox's host and port, no TLS, no login. */
export function staffMailbox(sandbox: Sandbox): { host: string; port: number } {
	return {
		host: new URL(sandbox.urls.smtp).hostname.replace(/^\[|\]$/g, ''),
		port: sandbox.smtpPort,
	};
}

export interface DemoCredential {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export function demoCredentials(sandbox: Sandbox): DemoCredential[] {
	return [
		{
			id: 'demoCoMagicSandbox',
			name: 'CoMagic account',
			type: 'coMagicApi',
			data: coMagicCredentialData(sandbox),
		},
		{
			id: 'demoVoiceboxSandbox',
			name: 'MTT Voicebox account',
			type: 'mttVoiceboxApi',
			data: voiceboxCredentialData(sandbox),
		},
		{
			id: 'demoVoiceboxTriggerSecret',
			name: 'MTT Voicebox trigger secret',
			type: 'mttVoiceboxTriggerApi',
			data: { secret: DEMO_SECRETS.voicebox },
		},
		{
			id: 'demoCoMagicTriggerSecret',
			name: 'CoMagic trigger secret',
			type: 'coMagicTriggerApi',
			data: { secret: DEMO_SECRETS.coMagic },
		},
		{
			id: 'demoClinicWebhook',
			name: 'Clinic system webhook',
			type: 'httpHeaderAuth',
			data: DEMO_SECRETS.clinicHeader,
		},
		{
			id: 'demoClinicApi',
			name: 'Clinic API',
			type: 'httpHeaderAuth',
			data: { name: 'Authorization', value: `Bearer ${DEMO_SECRETS.clinicApiToken}` },
		},
		// imported again at every start: the sandbox's SMTP port is a free one each time
		{
			id: 'demoStaffTelegram',
			name: 'Staff Telegram bot',
			type: 'telegramApi',
			data: { accessToken: DEMO_SECRETS.staffBotToken, baseUrl: sandbox.urls.telegram },
		},
		{
			id: 'demoStaffMailbox',
			name: 'Staff mailbox',
			type: 'smtp',
			data: {
				...staffMailbox(sandbox),
				secure: false,
				disableStartTls: true,
				user: '',
				password: '',
			},
		},
		{
			id: 'demoReportAccess',
			name: 'Reminder report access',
			type: 'httpBasicAuth',
			data: DEMO_SECRETS.report,
		},
	];
}

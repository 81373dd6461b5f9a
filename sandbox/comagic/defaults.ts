/**
 * Fixed demo data of the CoMagic simulator. Node and template tests rely on these values, so change them only
 * together with those tests. Ids and numbers follow the shapes of the examples in the public docs
 * (https://comagic.github.io/call_api/, https://comagic.github.io/data_api/).
 */

/** Permanent key («Доступ по ключу» in the cabinet): never expires. */
export const COMAGIC_ACCESS_KEY = 'sandbox-comagic-key';
/** login.user credentials; the session token lives COMAGIC_TOKEN_TTL_SECONDS. */
export const COMAGIC_LOGIN = 'demo';
export const COMAGIC_PASSWORD = 'demo-password';
export const COMAGIC_TOKEN_TTL_SECONDS = 3600;

export const COMAGIC_APP_ID = 31337;
export const COMAGIC_ACCOUNT_NAME = 'Клиника «Здоровье» (sandbox)';
export const COMAGIC_TIMEZONE = 'Europe/Moscow';

/** Not published by the vendor; a public PHP client's fixtures use 750/150, the day is raised for long demos. */
export const COMAGIC_MINUTE_LIMIT = 150;
export const COMAGIC_DAY_LIMIT = 10000;
/** «Длина TTS сообщения» is a tariff option; the number is ours. */
export const COMAGIC_TTS_MAX_LENGTH = 1000;
/** How long a started call stays active before it finishes (real milliseconds). */
export const COMAGIC_CALL_DURATION_MS = 3000;

/** The main caller id: the number of the docs' examples. */
export const COMAGIC_VIRTUAL_NUMBER = '74993720692';

export interface SandboxEmployee {
	id: number;
	login: string;
	first_name: string;
	last_name: string;
	patronymic: string | null;
	email: string;
	phones: Array<{ phone_id: number; phone_number: string; status: 'active' | 'inactive' }>;
}

export const COMAGIC_EMPLOYEES: SandboxEmployee[] = [
	{
		id: 25,
		login: 'ivanov',
		first_name: 'Иван',
		last_name: 'Иванов',
		patronymic: 'Петрович',
		email: 'ivanov@clinic.example',
		phones: [{ phone_id: 2501, phone_number: '79260000001', status: 'active' }],
	},
	{
		id: 26,
		login: 'petrova',
		first_name: 'Мария',
		last_name: 'Петрова',
		patronymic: null,
		email: 'petrova@clinic.example',
		phones: [
			{ phone_id: 2601, phone_number: '79260000002', status: 'active' },
			{ phone_id: 2602, phone_number: '79260000012', status: 'inactive' },
		],
	},
	{
		id: 27,
		login: 'sidorov',
		first_name: 'Олег',
		last_name: 'Сидоров',
		patronymic: null,
		email: 'sidorov@clinic.example',
		phones: [{ phone_id: 2701, phone_number: '79260000003', status: 'inactive' }],
	},
];

export interface SandboxCampaign {
	id: number;
	name: string;
	status: 'active' | 'inactive';
	engine: string | null;
	site_id: number | null;
	site_domain_name: string | null;
}

export const COMAGIC_CAMPAIGNS: SandboxCampaign[] = [
	{
		id: 123,
		name: 'Яндекс.Директ',
		status: 'active',
		engine: 'yandex.direct',
		site_id: 77,
		site_domain_name: 'clinic.example',
	},
	{
		id: 124,
		name: 'Сайт клиники',
		status: 'active',
		engine: null,
		site_id: 77,
		site_domain_name: 'clinic.example',
	},
	{
		id: 125,
		name: 'Наружная реклама',
		status: 'inactive',
		engine: null,
		site_id: null,
		site_domain_name: null,
	},
];

export interface SandboxVirtualNumber {
	id: number;
	virtual_phone_number: string;
	name: string;
	campaign_id: number | null;
	/** the scenario attached to the number; start.vnumber_call needs one */
	scenario_id: number | null;
}

export const COMAGIC_VIRTUAL_NUMBERS: SandboxVirtualNumber[] = [
	{
		id: 901,
		virtual_phone_number: COMAGIC_VIRTUAL_NUMBER,
		name: 'Основной',
		campaign_id: 124,
		scenario_id: 23456,
	},
	{
		id: 902,
		virtual_phone_number: '74951045771',
		name: 'Реклама',
		campaign_id: 123,
		scenario_id: 23457,
	},
	{
		id: 903,
		virtual_phone_number: '74951045772',
		name: 'Без сценария',
		campaign_id: 125,
		scenario_id: null,
	},
];

export const COMAGIC_SCENARIOS = [
	{ id: 23456, name: 'Основной' },
	{ id: 23457, name: 'Реклама' },
];

export interface SandboxTag {
	id: number;
	name: string;
	is_system: boolean;
}

/** 1 «Продажа» is the system tag set.tag_sales puts on a communication. */
export const COMAGIC_SALE_TAG_ID = 1;
export const COMAGIC_TAGS: SandboxTag[] = [
	{ id: COMAGIC_SALE_TAG_ID, name: 'Продажа', is_system: true },
	{ id: 456, name: 'Целевой', is_system: false },
	{ id: 457, name: 'Нецелевой', is_system: false },
	{ id: 458, name: 'Запись на приём', is_system: false },
	{ id: 459, name: 'Напоминание', is_system: false },
];

/** Media files usable as `media_file_id` and `{type: "media"}` messages (as get.media_files lists them). */
export const COMAGIC_MEDIA_FILES = [
	{ id: 237, name: 'greeting.mp3', duration: 4, type: 'user' },
	{ id: 2561, name: 'operator_hint.mp3', duration: 2, type: 'user' },
	{ id: 2701, name: 'dialing_music', duration: 30, type: 'system' },
];

/** Calls seeded at reset: ~200 over the last 30 days. */
export const COMAGIC_DEFAULT_SEED_CALLS = 200;
export const COMAGIC_DEFAULT_SEED_DAYS = 30;

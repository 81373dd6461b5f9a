/**
 * The editor as an integrator sees it, in a real browser: Debian's chromium driven by playwright-core against the
 * n8n that the e2e run booted (both lines). At 1600×1000 it signs in through the form, adds the four nodes from the
 * node creator, opens each panel (default operation; the CoMagic Trigger with its default settings) and the two
 * credential dialogs, and checks what issue 13 was about: icons and no "install this node" state, the CoMagic
 * Trigger's default panel within two screens, no "Custom API Call" for MTT Voicebox, the required Shared Secret on
 * both triggers. Every assertion is one `check`, so it counts in the run's final line. Screenshots go to
 * $E2E_SCREENSHOTS/<version> (default: a temporary folder, printed).
 *
 * Selectors are n8n's own `data-test-id` attributes that 1.123 and 2.41 share (read from their editor bundles and
 * tried): canvas-add-button, node-creator-plus-button, node-creator-search-bar, item-iterator-item, node-creator,
 * ndv, node-parameters, parameter-input-<name>, parameter-issues, canvas-node, node-issues, add-resource-credential,
 * new-credential-type-select, new-credential-type-button, editCredential-modal.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Browser, type Locator, type Page } from 'playwright-core';

import { assert, check, log } from '../e2e/support';
import {
	chromiumPath,
	iconsLoaded,
	launchChromium,
	NOT_INSTALLED,
	signIn,
	VIEWPORT,
} from './session';

/** Two screens of scrollable panel content. */
export const MAX_TRIGGER_PANEL_PX = 2 * VIEWPORT.height;
const CUSTOM_API_CALL = /custom api call|custom .*api call/i;

export interface EditorTarget {
	version: string;
	/** the editor's base URL, e.g. http://127.0.0.1:5678 */
	base: string;
}

export interface EditorFigures {
	/** scrollable height of the CoMagic Trigger's default panel, px */
	coMagicTriggerPanelPx?: number;
	screenshots: string;
}

function screenshotsFolder(version: string): string {
	const root = process.env.E2E_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'n8n-editor-shots-'));
	const folder = join(root, version);
	mkdirSync(folder, { recursive: true });
	return folder;
}

/** n8n's node creator: opens it (first step or the canvas "+"), finds the package's node, picks an action. */
async function addFromCreator(
	page: Page,
	options: { first: boolean; search: string; item: string; action: string },
): Promise<string> {
	await page.getByTestId(options.first ? 'canvas-add-button' : 'node-creator-plus-button').click();
	const creator = page.getByTestId('node-creator');
	await page.getByTestId('node-creator-search-bar').fill(options.search);
	await page.getByTestId('item-iterator-item').filter({ hasText: options.item }).first().click();
	const action = creator.getByText(options.action, { exact: true }).first();
	// a community node's details list its triggers and actions in two folding groups
	if (!(await action.isVisible().catch(() => false))) {
		for (const group of await creator.getByText(/^(Triggers|Actions) \(\d+\)$/).all()) {
			if (await action.isVisible().catch(() => false)) break;
			await group.click();
		}
	}
	const listed = await creator.innerText();
	await action.click();
	await page.getByTestId('ndv').waitFor();
	await page.getByTestId('node-parameters').waitFor();
	await page.waitForTimeout(500);
	return listed;
}

/**
 * Whether the node creator (the trigger list of a first step, or the "+" one) lists an item named `name` for a
 * search, and what it lists; closes the creator again.
 */
async function creatorFinds(
	page: Page,
	options: { first: boolean; search: string; name: string },
): Promise<{ found: boolean; listed: string[] }> {
	const { search, name } = options;
	await page.getByTestId(options.first ? 'canvas-add-button' : 'node-creator-plus-button').click();
	await page.getByTestId('node-creator-search-bar').fill(search);
	const items = page.getByTestId('node-creator').getByTestId('item-iterator-item');
	const names = async () => (await items.allInnerTexts()).map((t) => t.split('\n')[0].trim());
	// the list filters as the search is typed: read it until the item shows or 5 s have passed
	let listed = await names();
	for (let waited = 0; !listed.includes(name) && waited < 5000; waited += 250) {
		await page.waitForTimeout(250);
		listed = await names();
	}
	const found = listed.includes(name);
	await page.keyboard.press('Escape');
	await page.getByTestId('node-creator').waitFor({ state: 'hidden', timeout: 10000 });
	return { found, listed };
}

/** Back to the canvas: 1.123 has "Back to canvas", 2.41 a close button; Escape works in both when nothing is open. */
async function closePanel(page: Page): Promise<void> {
	const ndv = page.getByTestId('ndv');
	if (!(await ndv.isVisible().catch(() => false))) return;
	const close = page.getByTestId('back-to-canvas').or(page.getByTestId('ndv-close-button')).first();
	if (await close.isVisible().catch(() => false)) await close.click();
	else await page.keyboard.press('Escape');
	await ndv.waitFor({ state: 'hidden', timeout: 10000 });
}

/** Scrollable height of the open panel's parameters (the wrapper scrolls in both lines). */
async function panelHeight(page: Page): Promise<number> {
	return page.getByTestId('node-parameters').evaluate((el) => el.scrollHeight);
}

/** n8n marks a required field once it was visited: a red frame and an issue icon saying it is required. */
async function requiredMarker(page: Page, name: string): Promise<void> {
	const input = page.getByTestId(`parameter-input-${name}`).locator('input').first();
	await input.click();
	await page.getByTestId('ndv').getByText('Parameters', { exact: true }).first().click();
	const item = page
		.getByTestId('parameter-item')
		.filter({ has: page.getByTestId(`parameter-input-${name}`) })
		.first();
	await item.getByTestId('parameter-issues').waitFor({ timeout: 5000 });
	await item.getByTestId('parameter-issues').hover();
	const tooltip = page.getByText(/Parameter "Shared Secret" is required/).first();
	await tooltip.waitFor({ timeout: 5000 });
}

async function optionsOf(page: Page, name: string): Promise<string[]> {
	await page.getByTestId(`parameter-input-${name}`).click();
	const options = page.locator('.el-select-dropdown__item:visible, [role="option"]:visible');
	await options.first().waitFor();
	const texts = (await options.allInnerTexts()).map((t) => t.split('\n')[0].trim());
	await page.keyboard.press('Escape');
	return texts;
}

async function credentialDialog(page: Page, base: string, type: string): Promise<Locator> {
	await page.goto(`${base}/home/credentials`);
	await page.getByTestId('add-resource-credential').first().click();
	const select = page.getByTestId('new-credential-type-select');
	await select.click();
	await select.locator('input').fill(type);
	await page
		.locator('.el-select-dropdown__item:visible, [role="option"]:visible')
		.filter({ hasText: new RegExp(`^${type}$`) })
		.first()
		.click();
	await page.getByTestId('new-credential-type-button').click();
	const dialog = page.getByTestId('editCredential-modal');
	await dialog.getByTestId('credential-connection-parameter').first().waitFor();
	return dialog;
}

/** The fields of a credential dialog that n8n marks required (a "*" after the label), of those named. */
async function requiredFields(dialog: Locator, names: string[]): Promise<string[]> {
	const marked: string[] = [];
	for (const name of names) {
		const label = (await dialog.getByTestId(name).first().innerText()).split('\n')[0].trim();
		if (label.endsWith('*')) marked.push(name);
	}
	return marked;
}

export async function runEditorChecks(options: {
	n8n: EditorTarget;
	owner: { email: string; password: string };
}): Promise<EditorFigures> {
	const { version, base } = options.n8n;
	const shots = screenshotsFolder(version);
	const figures: EditorFigures = { screenshots: shots };
	const tag = `editor ${version}`;
	log(`browser checks (${VIEWPORT.width}×${VIEWPORT.height}), screenshots in ${shots}`);
	const executable = chromiumPath();
	let browser: Browser | undefined;
	await check(`${tag}: chromium starts (${executable ?? 'not installed'})`, async () => {
		browser = await launchChromium();
	});
	if (!browser) return figures;
	const context = await browser.newContext({ viewport: VIEWPORT });
	context.setDefaultTimeout(20000);
	const page = await context.newPage();
	const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`) });
	try {
		await check(`${tag}: the owner signs in through the sign-in form`, async () => {
			await signIn(page, base, options.owner);
		});

		await page.goto(`${base}/workflow/new`);
		await page.getByTestId('canvas-add-button').waitFor();

		// the brands CoMagic also sells as (issue 32): the codex aliases of the CoMagic node and its trigger
		const findsCoMagic = async (first: boolean) => {
			for (const search of ['UIS', 'CallGear', 'ЮИС']) {
				const { found, listed } = await creatorFinds(page, { first, search, name: 'CoMagic' });
				assert(found, `"${search}" lists ${listed.join(', ') || 'nothing'}`);
			}
		};
		await check(
			`${tag}: the first step's trigger list finds CoMagic by UIS, CallGear and ЮИС`,
			async () => {
				await findsCoMagic(true);
			},
		);

		let triggerCreator = '';
		await check(
			`${tag}: CoMagic Trigger from the node creator, events in the cabinet's words`,
			async () => {
				triggerCreator = await addFromCreator(page, {
					first: true,
					search: 'CoMagic',
					item: 'CoMagic',
					action: 'On any call event',
				});
				for (const event of [
					'On incoming call to virtual number',
					'On talk started',
					'On call finished',
				]) {
					assert(triggerCreator.includes(event), `the node creator lacks "${event}"`);
				}
				assert(!/\(Talk Started\)|Call End\b/.test(triggerCreator), 'old event names are listed');
				assert(triggerCreator.includes('Installed'), 'the node creator does not say "Installed"');
			},
		);
		await check(
			`${tag}: the CoMagic Trigger's default panel fits in two screens (≤ ${MAX_TRIGGER_PANEL_PX} px)`,
			async () => {
				const height = await panelHeight(page);
				figures.coMagicTriggerPanelPx = height;
				log(`    CoMagic Trigger default panel: ${height} px of scrollable content`);
				await shot('comagic-trigger-panel');
				assert(height <= MAX_TRIGGER_PANEL_PX, `${height} px`);
				const templates = await page
					.getByTestId('node-parameters')
					.getByText(/— in the cabinet:/)
					.count();
				assert(templates === 1, `${templates} templates shown, want one`);
				// long tokens wrap inside their notice instead of running past its border
				const overflowing = await page
					.getByTestId('node-parameters')
					.locator('[role="alert"]')
					.evaluateAll(
						(notices) => notices.filter((n) => n.scrollWidth > n.clientWidth + 1).length,
					);
				assert(overflowing === 0, `${overflowing} notices overflow their border`);
			},
		);
		await check(`${tag}: CoMagic Trigger marks the empty Shared Secret as required`, async () => {
			await requiredMarker(page, 'secret');
		});
		await closePanel(page).catch(() => undefined);

		let voiceboxCreator = '';
		await check(`${tag}: MTT Voicebox Trigger from the node creator`, async () => {
			voiceboxCreator = await addFromCreator(page, {
				first: false,
				search: 'Voicebox',
				item: 'MTT Voicebox',
				action: 'On new MTT Voicebox event',
			});
			await shot('voicebox-trigger-panel');
		});
		await check(
			`${tag}: MTT Voicebox Trigger marks the empty Shared Secret as required`,
			async () => {
				await requiredMarker(page, 'secret');
			},
		);
		await closePanel(page).catch(() => undefined);

		await check(`${tag}: MTT Voicebox (Start Campaign Call) from the node creator`, async () => {
			const listed = await addFromCreator(page, {
				first: false,
				search: 'Voicebox',
				item: 'MTT Voicebox',
				action: 'Start a campaign call',
			});
			voiceboxCreator += `\n${listed}`;
			await page.getByTestId('node-parameters').getByText('GUID', { exact: true }).waitFor();
			await shot('mtt-voicebox-panel');
		});
		await check(
			`${tag}: no "Custom API Call" in MTT Voicebox's actions or operations`,
			async () => {
				assert(!CUSTOM_API_CALL.test(voiceboxCreator), 'the node creator offers a custom API call');
				const operations = await optionsOf(page, 'operation');
				assert(
					JSON.stringify(operations) ===
						JSON.stringify(['Build Visit Phrase', 'Plan Next Attempt', 'Start Campaign Call']),
					`operations: ${operations.join(', ')}`,
				);
			},
		);
		await closePanel(page).catch(() => undefined);

		await check(`${tag}: CoMagic (Start Simple Call) from the node creator`, async () => {
			await addFromCreator(page, {
				first: false,
				search: 'CoMagic',
				item: 'CoMagic',
				action: 'Start a simple call',
			});
			await shot('comagic-panel');
		});
		await closePanel(page).catch(() => undefined);

		await check(`${tag}: the node creator finds CoMagic by UIS, CallGear and ЮИС`, async () => {
			await findsCoMagic(false);
		});

		await check(
			`${tag}: the four nodes render on the canvas with their icons, none unknown`,
			async () => {
				await page
					.getByTestId('zoom-to-fit')
					.click()
					.catch(() => undefined);
				await page.waitForTimeout(500);
				const nodes = page.getByTestId('canvas-node');
				assert((await nodes.count()) === 4, `${await nodes.count()} nodes on the canvas`);
				for (const node of await nodes.all()) {
					assert(
						await iconsLoaded(node),
						`no icon on "${(await node.innerText()).split('\n')[0]}"`,
					);
				}
				const text = await page.locator('body').innerText();
				assert(!NOT_INSTALLED.test(text), 'a node shows as not installed');
				// subtitles in words, not raw values
				for (const words of ['Start a campaign call', 'Start a simple call']) {
					assert(text.includes(words), `no subtitle "${words}"`);
				}
				await shot('canvas');
			},
		);
		await check(`${tag}: both triggers show the missing secret on the canvas`, async () => {
			for (const name of ['CoMagic Trigger', 'MTT Voicebox Trigger']) {
				const node = page.getByTestId('canvas-node').filter({ hasText: name }).first();
				await node.getByTestId('node-issues').hover();
				await page
					.getByText(/Parameter "Shared Secret" is required/)
					.first()
					.waitFor({ timeout: 5000 });
				await page.mouse.move(5, VIEWPORT.height / 2);
				await page.waitForTimeout(300);
			}
		});

		await check(`${tag}: the CoMagic API credential dialog, API Key marked required`, async () => {
			const dialog = await credentialDialog(page, base, 'CoMagic API');
			assert(await iconsLoaded(dialog), 'the credential icon does not load');
			const required = await requiredFields(dialog, ['platform', 'authentication', 'apiKey']);
			assert(JSON.stringify(required) === '["apiKey"]', `required: ${required.join(', ')}`);
			const docs = await dialog.locator('a[href*="github.com"]').first().getAttribute('href');
			assert(docs?.endsWith('#comagic-api-comagicapi'), `docs link ${docs}`);
			await shot('credential-comagic');
			await page.keyboard.press('Escape');
		});
		await check(
			`${tag}: the MTT Voicebox API credential dialog, its fields marked required`,
			async () => {
				const dialog = await credentialDialog(page, base, 'MTT Voicebox API');
				const required = await requiredFields(dialog, ['url', 'login', 'password']);
				assert(required.length === 3, `required: ${required.join(', ')}`);
				await shot('credential-voicebox');
				await page.keyboard.press('Escape');
			},
		);
	} catch (error) {
		// a step outside a check failed (e.g. the editor did not load): count it rather than end the e2e run
		await check(`${tag}: the browser run completes`, async () => {
			throw error;
		});
		await shot('failure').catch(() => undefined);
	} finally {
		await browser.close();
	}
	return figures;
}

/**
 * The shipped templates as a clinic first sees them in the editor: each workflow that npm start imported, opened in
 * Debian's chromium. Every node of the template is on the canvas, this package's nodes with their icons, and
 * nothing shows as unknown or "install this node". A screenshot of each goes to the screenshots folder (the README's
 * picture of the reminder template is one of them).
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { readTemplate } from '../../setup/workflowFile';
import { ROOT } from '../../tooling/n8n/n8n';
import { assert, check, log } from '../e2e/support/checks';
import { iconsLoaded, launchChromium, NOT_INSTALLED, signIn, VIEWPORT } from './session';

const PKG_PREFIX = 'n8n-nodes-comagic-voicebox.';

export interface OpenedTemplate {
	/** the workflow's id in this n8n */
	id: string;
	/** the shipped file it came from, e.g. appointment-reminder.json */
	file: string;
	/** the shipped file's nodes: what the canvas must show */
	nodes: Array<{ name: string; type: string }>;
}

/** The shipped templates (workflows/*.json) among an n8n's workflows, matched by name; `missing` lists the rest. */
export function shippedTemplatesIn(workflows: Array<{ id: string; name: string }>): {
	found: OpenedTemplate[];
	missing: string[];
} {
	const found: OpenedTemplate[] = [];
	const missing: string[] = [];
	for (const file of readdirSync(join(ROOT, 'workflows')).filter((f) => f.endsWith('.json'))) {
		const shipped = readTemplate(file);
		const wf = workflows.find((w) => w.name === shipped.name);
		if (wf) found.push({ id: wf.id, file, nodes: shipped.nodes as OpenedTemplate['nodes'] });
		else missing.push(file);
	}
	return { found, missing };
}

/** Each canvas node's type, read from the node or the element inside it that carries it. */
async function canvasTypes(page: Page): Promise<string[]> {
	return page
		.getByTestId('canvas-node')
		.evaluateAll((els) =>
			els.map(
				(el) =>
					el.getAttribute('data-node-type') ??
					el.querySelector('[data-node-type]')?.getAttribute('data-node-type') ??
					'',
			),
		);
}

const CANVAS_TIMEOUT_MS = 120_000;

/**
 * Waits for the canvas's first node. The editor's first page after sign-in loads every node type n8n has, and on a
 * busy machine (npm start's n8n dialling reminders, CI's other jobs) that alone took more than 30 s, so the wait is
 * long; when it still fails, the error says what the page showed and a screenshot is kept.
 */
async function canvasDrawn(page: Page, screenshot: string): Promise<void> {
	try {
		await page.getByTestId('canvas-node').first().waitFor({ timeout: CANVAS_TIMEOUT_MS });
	} catch (error) {
		await page.screenshot({ path: screenshot }).catch(() => undefined);
		const shown = (
			await page
				.locator('body')
				.innerText()
				.catch(() => '')
		)
			.replace(/\s+/g, ' ')
			.slice(0, 300);
		throw new Error(
			`no node on the canvas after ${CANVAS_TIMEOUT_MS / 1000} s at ${page.url()}; the page showed: "${shown}" (screenshot ${screenshot}): ${(error as Error).message.split('\n')[0]}`,
		);
	}
}

export async function runTemplateChecks(options: {
	base: string;
	version: string;
	owner: { email: string; password: string };
	templates: OpenedTemplate[];
	screenshots: string;
}): Promise<void> {
	const { base, version, templates } = options;
	mkdirSync(options.screenshots, { recursive: true });
	log(
		`browser: ${templates.length} templates in n8n ${version}, screenshots in ${options.screenshots}`,
	);
	let browser: Browser | undefined;
	await check(
		`templates in the editor (${version}): chromium starts, the owner signs in`,
		async () => {
			browser = await launchChromium();
		},
	);
	if (!browser) return;
	const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
	page.setDefaultTimeout(30000);
	try {
		await signIn(page, base, options.owner);
		for (const template of templates) {
			await check(
				`templates in the editor (${version}): ${template.file} renders every node, ours with icons`,
				async () => {
					await page.goto(`${base}/workflow/${template.id}`);
					await canvasDrawn(
						page,
						join(options.screenshots, template.file.replace(/\.json$/, '-not-drawn.png')),
					);
					await page
						.getByTestId('zoom-to-fit')
						.click()
						.catch(() => undefined);
					// icons are fetched after the nodes are drawn
					await page.waitForTimeout(1500);
					const shown = await canvasTypes(page);
					// sticky notes are drawn apart from the nodes
					const nodes = template.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote');
					const missing = nodes.filter((n) => !shown.includes(n.type));
					assert(
						shown.length === nodes.length && missing.length === 0,
						`${shown.length} nodes on the canvas for ${nodes.length} in the file; not shown: ${missing.map((n) => n.name).join(', ')}`,
					);
					const ours = template.nodes.filter((n) => n.type.startsWith(PKG_PREFIX));
					for (const node of ours) {
						const element = page.getByTestId('canvas-node').filter({ hasText: node.name }).first();
						assert(await iconsLoaded(element), `no icon on "${node.name}"`);
					}
					const text = await page.locator('body').innerText();
					assert(!NOT_INSTALLED.test(text), 'a node shows as not installed');
					await page.screenshot({
						path: join(options.screenshots, template.file.replace(/\.json$/, '.png')),
					});
				},
			);
		}
	} catch (error) {
		await check(`templates in the editor (${version}): the browser run completes`, async () => {
			throw error;
		});
	} finally {
		await browser.close();
	}
}

/**
 * What every browser check shares: Debian's chromium started headless with the flags this closed network needs, the
 * owner signed in through n8n's own form, and the two signs that a node type did not load (no icon, an "install
 * this node" state).
 */
import { existsSync } from 'node:fs';

import { chromium, selectors, type Browser, type Locator, type Page } from 'playwright-core';

export const VIEWPORT = { width: 1600, height: 1000 };

export const NOT_INSTALLED =
	/install this node|node is not installed|not currently installed|unknown node/i;

/** Debian's chromium (or CHROMIUM_PATH); `.ci/run` installs it with apt when missing. */
export function chromiumPath(): string | undefined {
	return [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
		(p): p is string => Boolean(p && existsSync(p)),
	);
}

/** Headless chromium; without the background-networking flags it keeps dialling out and the network refuses. */
export async function launchChromium(): Promise<Browser> {
	const executablePath = chromiumPath();
	if (!executablePath)
		throw new Error('no chromium: apt-get install -y chromium (or set CHROMIUM_PATH)');
	selectors.setTestIdAttribute('data-test-id');
	return chromium.launch({
		executablePath,
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-dev-shm-usage',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
		],
	});
}

export async function signIn(
	page: Page,
	base: string,
	owner: { email: string; password: string },
): Promise<void> {
	await page.goto(`${base}/signin`);
	await page
		.locator('input[name="emailOrLdapLoginId"], input[type="email"]')
		.first()
		.fill(owner.email);
	await page.locator('input[type="password"]').first().fill(owner.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.includes('/signin'), { timeout: 20000 });
}

/** Every image inside loaded (an icon that failed shows as a broken image or n8n's fallback letter). */
export async function iconsLoaded(scope: Locator): Promise<boolean> {
	const images = scope.locator('img');
	if ((await images.count()) === 0) return false;
	return images.evaluateAll((els) =>
		(els as unknown as Array<{ complete: boolean; naturalWidth: number }>).every(
			(img) => img.complete && img.naturalWidth > 0,
		),
	);
}

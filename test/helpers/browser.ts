// Headless Debian Chromium for browser tests (playwright-core). Tests skip, naming why, on a
// machine without /usr/bin/chromium; .ci/run installs it.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The describe title, saying so when the test is skipped. */
export const browserTitle = (what: string) => (hasChromium ? `${what} in headless Chromium` : `${what} in headless Chromium — skipped: ${CHROMIUM} is not installed (apt-get install -y chromium)`);

export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium, headless, with the flags this closed network needs (no background connections). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** Console reports of Content-Security-Policy violations on any page of the context (should stay empty). */
  cspViolations: string[];
  close(): Promise<void>;
}

/**
 * Launches /usr/bin/chromium (never a downloaded browser) with a fresh user-data dir, removed on close.
 *
 * @example
 *   const b = await launchTestBrowser({ width: 1280, height: 800 }); await b.page.goto(url); await b.close();
 */
export async function launchTestBrowser(viewport: { width: number; height: number }): Promise<TestBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'vigil-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const cspViolations: string[] = [];
  const watch = (p: Page) =>
    p.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
  watch(page);
  context.on('page', watch);
  return {
    context,
    page,
    cspViolations,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

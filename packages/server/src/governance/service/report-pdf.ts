import { existsSync } from 'node:fs';

/** A printed PDF, or why there is none (the HTML report is delivered either way). */
export type PdfResult = { pdf: Uint8Array } | { reason: string };

// The flags the test browser uses: no sandbox (containers), no GPU, no background connections on a closed network.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const PRINT_TIMEOUT_MS = 60_000;

/**
 * Prints a self-contained HTML page to an A4 PDF with headless Chromium through playwright-core (the same
 * browser the tests drive). A missing Chromium or playwright-core, or a failed print, is a reason, not an error:
 * the caller archives and sends the HTML and says why there is no PDF.
 * @example const r = await printReportPdf(html, '/usr/bin/chromium'); if ('pdf' in r) attach(r.pdf)
 */
export async function printReportPdf(html: string, chromiumPath: string): Promise<PdfResult> {
  if (!existsSync(chromiumPath))
    return {
      reason: `Chromium not found at ${chromiumPath}: install it (Debian: apt-get install chromium) or set VIGIL_REPORT_CHROMIUM_PATH`,
    };
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return { reason: 'playwright-core is not installed; reinstall Vigil with its dependencies' };
  }
  let browser: Awaited<ReturnType<typeof chromium.launch>> | null = null;
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: PRINT_TIMEOUT_MS,
    });
    const page = await browser.newPage();
    // The page has no external resources: nothing to wait for beyond the document itself.
    await page.setContent(html, { waitUntil: 'load', timeout: PRINT_TIMEOUT_MS });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm' } });
    return { pdf: new Uint8Array(pdf) };
  } catch (err) {
    return { reason: `Chromium could not print the report: ${err instanceof Error ? err.message : String(err)}` };
  } finally {
    await browser?.close().catch(() => undefined);
  }
}

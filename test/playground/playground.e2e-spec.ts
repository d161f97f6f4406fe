import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startLiveStack, type LiveStack } from '../support/live-stack';

const ROOT = join(__dirname, '..', '..');
const SHOTS = join(ROOT, 'test-output', 'playground');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const PY_ECHO = 'print("ready", flush=True)\nline = input()\nprint("echo:", line, flush=True)';
const C_SUM =
  '#include <stdio.h>\nint main(void){long a,b;scanf("%ld %ld",&a,&b);printf("%ld\\n",a+b);return 0;}';

/** Replaces the editor's text by typing it, as a person would. */
async function typeProgram(page: Page, source: string): Promise<void> {
  await page.click('.cm-content');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  for (const [i, line] of source.split('\n').entries()) {
    if (i > 0) {
      await page.keyboard.press('Enter');
      await page.keyboard.press('Shift+Home'); // drop the auto-indent: the lines bring their own
      await page.keyboard.press('Delete');
    }
    await page.keyboard.type(line);
  }
}

describe('playground at / in a real browser (Debian chromium, real API, worker, Docker)', () => {
  let stack: LiveStack;
  let context: BrowserContext;
  let profile: string;
  beforeAll(async () => {
    execFileSync('node', [join(ROOT, 'scripts', 'build-playground.mjs')], { stdio: 'inherit' });
    mkdirSync(SHOTS, { recursive: true });
    stack = await startLiveStack();
    profile = mkdtempSync(join(tmpdir(), 'judgebox-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1280, height: 800 },
    });
  });
  afterAll(async () => {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
    await stack.close();
  });

  async function open(path = '/'): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}${path}`);
    await page.waitForSelector('body[data-ready=true]');
    return page;
  }

  it('Python: type a program that reads input, run it, type a line while it runs, see the echo', async () => {
    const page = await open();
    expect(await page.locator('#language option').count()).toBeGreaterThan(20);
    await page.selectOption('#language', 'python');
    await typeProgram(page, PY_ECHO);
    // Highlighted: the tokens are spans (the language's chunk has loaded).
    await page.locator('.cm-line span').first().waitFor();
    await page.click('#run');
    await page.locator('#output').getByText('ready').waitFor();
    await page.fill('#live-input', 'judgebox');
    await page.press('#live-input', 'Enter');
    await page.locator('#output').getByText('echo: judgebox').waitFor();
    await page.locator('#run-status[data-verdict=ok]').waitFor();
    expect(await page.textContent('#output')).toBe('ready\njudgebox\necho: judgebox\n');
    await page.screenshot({ path: join(SHOTS, 'run-python.png'), fullPage: true });
    await page.close();
  });

  it('C judged on two test cases: one accepted, one wrong, each with time and memory; the URL keeps it all', async () => {
    const page = await open();
    await page.selectOption('#language', 'c');
    await typeProgram(page, C_SUM);
    await page.click('#tab-judge');
    await page.fill('#cases li:nth-child(1) .case-stdin', '1 2');
    await page.fill('#cases li:nth-child(1) .case-expected', '3');
    await page.click('#add-case');
    await page.fill('#cases li:nth-child(2) .case-stdin', '2 2');
    await page.fill('#cases li:nth-child(2) .case-expected', '5');
    await page.click('#judge');
    await page.locator('#judge-status[data-verdict=wrong_answer]').waitFor();
    const rows = await page
      .locator('#results tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows.map((r) => r[1])).toEqual(['accepted', 'wrong_answer']);
    for (const r of rows) {
      expect(r[2]).toMatch(/^\d+ ms$/);
      expect(r[3]).toMatch(/MiB$/);
    }
    await page.screenshot({ path: join(SHOTS, 'judge-c.png'), fullPage: true });

    await page.waitForFunction('location.hash.includes("tests=")');
    const shared = await context.newPage();
    await shared.goto(page.url());
    await shared.waitForSelector('body[data-ready=true]');
    expect(await shared.inputValue('#language')).toBe('c');
    expect(await shared.textContent('.cm-content')).toContain('printf("%ld\\n",a+b)');
    expect(await shared.inputValue('#cases li:nth-child(2) .case-expected')).toBe('5');
    await shared.close();
    await page.close();
  });

  it('on a phone-sized screen, dark, by keyboard alone: nothing overflows, tabs move with arrow keys', async () => {
    const page = await open();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.focus('#theme');
    await page.keyboard.press('Enter');
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await page.focus('#tab-run');
    await page.keyboard.press('ArrowRight');
    expect(await page.getAttribute('#tab-judge', 'aria-selected')).toBe('true');
    expect(await page.isVisible('#panel-judge')).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'phone-dark.png'), fullPage: true });
    await page.close();
  });
});

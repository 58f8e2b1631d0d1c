// The operator console (/ui) in a real browser: Debian's chromium, headless, driven by playwright-core against the
// running services. Prints one JSON line per check ({"check", "ok", "detail"}); ConsoleBrowserTest makes each a test.
//
// Environment: NOVAI_URL (gateway base, no /v1), NOVAI_ADMIN_TOKEN, NOVAI_API_KEY (another key, for a batch),
// CHROMIUM (the browser's path),
// SCREENSHOTS (a folder for the PNGs).
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const base = process.env.NOVAI_URL;
const adminToken = process.env.NOVAI_ADMIN_TOKEN;
const devKey = process.env.NOVAI_API_KEY;
const screenshots = process.env.SCREENSHOTS;
const XSS_NAME = '<img src=x onerror=alert(1)>';
const run = Date.now().toString(36);

function report(check, ok, detail = null) {
  console.log(JSON.stringify({ check, ok, detail }));
}

// a check that throws reports its error and stops the script: the later ones depend on it
async function check(name, body) {
  try {
    const detail = await body();
    report(name, true, detail ?? null);
  } catch (e) {
    report(name, false, String(e?.stack ?? e));
    throw e;
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  timeout: 60_000,
});
const dialogs = [];
const problems = [];
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  // every CSP violation the page meets, recorded where the test can read it
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation',
                              (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // failed loads are reported with their URL by the response listener
  page.on('console', (message) => message.type() === 'error' && !message.text().startsWith('Failed to load resource')
                                  && problems.push(`console: ${message.text()}`));
  page.on('response', (response) => {
    // the refused sign-in's 401 is the one expected failure
    if (response.status() >= 400 && response.status() !== 401) {
      problems.push(`${response.status()} for ${response.url()}`);
    }
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['blob:', 'data:'].includes(url.protocol) && url.origin !== new URL(base).origin) {
      problems.push(`request to another origin: ${request.url()}`);
    }
  });

  await check('first-paint-under-a-second', async () => {
    // a first load in a context of its own warms the gateway's and the browser's code paths; the page measured
    // then loads with an empty cache, as an operator's first visit does
    const warmUp = await browser.newContext();
    await (await warmUp.newPage()).goto(`${base}/ui/`, { waitUntil: 'load' });
    await warmUp.close();
    await page.goto(`${base}/ui/`, { waitUntil: 'load' });
    await page.getByLabel('Admin token or API key').waitFor();
    const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime);
    assert(typeof paint === 'number' && paint < 1000, `first contentful paint ${paint} ms`);
    return { first_contentful_paint_ms: Math.round(paint) };
  });

  await check('sign-in-refuses-a-wrong-token', async () => {
    await page.getByLabel('Admin token or API key').fill('not-the-admin-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'did not accept' }).waitFor();
    assert(await page.evaluate(() => sessionStorage.length) === 0, 'a refused token was kept');
  });

  await check('sign-in-with-the-admin-token', async () => {
    await page.getByLabel('Admin token or API key').fill(adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    assert(!page.url().includes(adminToken), `the token is in the URL ${page.url()}`);
    const kept = await page.evaluate(() => Object.values(sessionStorage));
    assert(kept.includes(adminToken), 'the token is not in sessionStorage');
    assert(await page.evaluate(() => localStorage.length) === 0, 'something was written to localStorage');
  });

  const name = `console-e2e-${run}`;
  let secret;
  await check('create-a-key-and-see-it-listed', async () => {
    await page.getByRole('button', { name: 'New key' }).click();
    const dialog = page.getByRole('dialog', { name: 'New API key' });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Owner').fill('console-team@example.com');
    await dialog.getByLabel('Budget (USD)').fill('5');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByRole('dialog', { name: 'Key created' });
    secret = await shown.getByLabel('API key').inputValue();
    assert(/^sk-novai-[A-Za-z0-9]{43}$/.test(secret), `not a key: ${secret}`);
    await shown.getByRole('button', { name: 'Copy' }).click();
    await shown.getByText('Copied to the clipboard.').waitFor();
    assert(await page.evaluate(() => navigator.clipboard.readText()) === secret, 'the clipboard has another text');
    await shown.getByRole('button', { name: 'Done' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
    await row.waitFor();
    const text = await row.innerText();
    assert(text.includes('console-team@example.com') && text.includes('of $5'), `row: ${text}`);
    assert(await page.getByRole('meter', { name: `Spend of ${name}` }).count() === 1, 'no spend meter');
  });

  await check('keyboard-only-dialog', async () => {
    const opener = page.getByRole('button', { name: 'New key' });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New API key' });
    await dialog.waitFor();
    const focused = await page.evaluate(() => document.activeElement?.closest('dialog') !== null);
    assert(focused, 'focus did not move into the dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert(await page.evaluate(() => document.activeElement?.textContent) === 'New key', 'focus did not come back');
  });

  await check('some-traffic-with-the-new-key', async () => {
    for (const [i, model] of ['novai-echo', 'novai-echo', 'novai-echo', 'echo-large', 'echo-large'].entries()) {
      const response = await fetch(`${base}/v1/chat/completions`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ model, messages: [{ role: 'user', content: `console test ${i}: how much?` }] }),
      });
      assert(response.status === 200, `chat: ${response.status} ${await response.text()}`);
    }
  });

  await check('a-key-name-with-markup-renders-as-text', async () => {
    await page.getByRole('button', { name: 'New key' }).click();
    const dialog = page.getByRole('dialog', { name: 'New API key' });
    await dialog.getByLabel('Name').fill(XSS_NAME);
    await dialog.getByLabel('Owner').fill('<b>owner</b>');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('dialog', { name: 'Key created' }).getByRole('button', { name: 'Done' }).click();
    const cell = page.getByRole('rowheader', { name: XSS_NAME, exact: true });
    await cell.waitFor();
    assert(await cell.innerText() === XSS_NAME, `cell text: ${await cell.innerText()}`);
    assert(await page.locator('table img, table b').count() === 0, 'markup from a key became elements');
    await page.waitForTimeout(300);
    assert(dialogs.length === 0, `a script ran: ${dialogs}`);
  });

  await check('search-finds-the-key', async () => {
    await page.getByLabel('Search').fill(run);
    await page.getByRole('rowheader', { name: XSS_NAME, exact: true }).waitFor({ state: 'detached' });
    const rows = await page.locator('tbody tr').count();
    assert(rows === 1, `${rows} rows for '${run}'`);
    await page.getByLabel('Search').fill('');
    await page.getByRole('rowheader', { name: XSS_NAME, exact: true }).waitFor();
  });

  await check('edit-the-limits', async () => {
    await page.getByRole('button', { name: `Edit ${name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Edit ${name}` });
    await dialog.getByLabel('Requests per minute').fill('1234');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row').filter({ hasText: '1,234 rpm' }).filter({ hasText: name }).waitFor();
  });

  await check('screenshot-of-the-keys-page', async () => {
    await page.screenshot({ path: join(screenshots, 'console-keys.png'), fullPage: true });
  });

  await check('spend-chart-after-traffic', async () => {
    await page.getByRole('link', { name: 'Spend and usage' }).click();
    const tokens = page.locator('[data-chart="tokens"] svg rect');
    await tokens.first().waitFor();
    assert(await page.locator('[data-chart="cost"] svg rect').count() > 0, 'no cost bars');
    for (const model of ['novai-echo', 'echo-large']) {
      await page.locator('[data-chart="cost"] .legend').getByText(model, { exact: true }).waitFor();
    }
    await page.getByRole('heading', { name: 'Top keys by spend' }).waitFor();
    await page.getByRole('button', { name: `Show usage of ${name}` }).waitFor();
    await page.screenshot({ path: join(screenshots, 'console-spend.png'), fullPage: true });
  });

  await check('csv-of-the-cost-chart', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-chart="cost"]').getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    assert(csv.startsWith('date,model,cost_usd\r\n'), `csv: ${csv.slice(0, 200)}`);
    assert(csv.includes(',novai-echo,'), `csv: ${csv.slice(0, 200)}`);
    return { file: download.suggestedFilename() };
  });

  await check('one-keys-usage', async () => {
    await page.getByRole('button', { name: `Show usage of ${name}` }).click();
    await page.getByRole('heading', { name: /Tokens per day, by model \(key key_/ }).waitFor();
    const table = page.locator('details.panel');
    await table.locator('summary').click();
    const requests = await table.locator('tbody td:nth-child(3)').allInnerTexts();
    assert(requests.reduce((sum, value) => sum + Number(value), 0) === 5, `requests: ${requests}`);
  });

  let batchId;
  await check('a-batch-from-a-file', async () => {
    const lines = ['one', 'two'].map((text) => JSON.stringify({
      custom_id: text, method: 'POST', url: '/v1/chat/completions',
      body: { model: 'novai-echo', messages: [{ role: 'user', content: text }] },
    })).join('\n');
    const form = new FormData();
    form.append('purpose', 'batch');
    form.append('file', new Blob([lines], { type: 'application/jsonl' }), 'console.jsonl');
    const file = await fetch(`${base}/v1/files`, { method: 'POST', headers: { Authorization: `Bearer ${devKey}` },
                                                   body: form }).then((response) => response.json());
    assert(file.id, `upload: ${JSON.stringify(file)}`);
    const batch = await fetch(`${base}/v1/batches`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${devKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' }),
    }).then((response) => response.json());
    assert(batch.id, `batch: ${JSON.stringify(batch)}`);
    batchId = batch.id;
  });

  await check('models-and-deployment-health', async () => {
    await page.getByRole('link', { name: 'Models and health' }).click();
    await page.getByRole('heading', { name: 'Models and health' }).waitFor();
    // novai-echo: the key's 3 calls, and the batch's 2 lines once they ran
    for (const [model, least, most] of [['novai-echo', 3, 5], ['echo-large', 2, 2]]) {
      const row = page.locator(`tr[data-model="${model}"]`);
      await row.getByText('closed', { exact: true }).waitFor();
      const cells = await row.locator('td').allInnerTexts();
      // price, deployment, breaker, requests, error rate, latency, TTFT (the model is the row's header)
      const requests = Number(cells[3]);
      assert(requests >= least && requests <= most && cells[4] === '0.0 %', `${model}: ${cells}`);
      assert(/^\d[\d.,]* \/ \d[\d.,]* ms$/.test(cells[5]), `${model} latency: ${cells}`);
    }
    // the batch of another key, with its progress, once it ended (the page refreshes itself every 15 s)
    const batchRow = page.locator(`tr[data-batch-id="${batchId}"]`);
    // every line answered comes a moment before the batch is marked completed: wait for both
    const ended = async () => (await batchRow.count()) === 1
        && /completed/.test(await batchRow.innerText()) && (await batchRow.innerText()).includes('2 of 2');
    for (let attempt = 0; attempt < 60 && !(await ended()); attempt++) {
      await page.waitForTimeout(500);
      await page.getByRole('button', { name: 'Refresh' }).click();
    }
    const text = await batchRow.innerText();
    assert(text.includes('completed') && text.includes('2 of 2'), `batch row: ${text}`);
    await page.screenshot({ path: join(screenshots, 'console-models.png'), fullPage: true });
  });

  await check('revoke-with-confirmation', async () => {
    await page.getByRole('link', { name: 'Keys' }).click();
    await page.getByRole('button', { name: `Revoke ${name}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke key' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert(await page.getByRole('rowheader', { name, exact: true }).count() === 1, 'cancel revoked the key');
    await page.getByRole('button', { name: `Revoke ${name}` }).click();
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await page.getByRole('rowheader', { name, exact: true }).waitFor({ state: 'detached' });
    await page.getByLabel('Show revoked').check();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
    await row.getByText(/^revoked/).waitFor();
    const refused = await fetch(`${base}/v1/models`, { headers: { Authorization: `Bearer ${secret}` } });
    assert(refused.status === 401, `the revoked key got ${refused.status}`);
  });

  await check('an-api-key-sees-only-its-own-usage', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    assert(await page.evaluate(() => sessionStorage.length) === 0, 'signing out kept the token');
    const holder = await fetch(`${base}/v1/admin/keys`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: `holder-${run}` }),
    }).then((response) => response.json());
    await page.getByLabel('Admin token or API key').fill(holder.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My usage' }).waitFor();
    assert(await page.getByRole('link', { name: 'Keys' }).count() === 0, 'a key holder sees the keys page');
    assert(await page.getByLabel('Key id').count() === 0, 'a key holder may pick another key');
  });

  await check('no-csp-violation-script-error-or-foreign-request', async () => {
    const violations = await page.evaluate(() => window.__violations);
    assert(violations.length === 0, `CSP violations: ${violations}`);
    assert(problems.length === 0, problems.join('\n'));
  });
} catch {
  // reported by the check that failed
} finally {
  await browser.close();
}

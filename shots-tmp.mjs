import { launchBrowser } from './tests/browser/support.mjs';
const base = process.argv[2];
const shots = JSON.parse(process.argv[3]);
const browser = await launchBrowser();
for (const [who, url, name] of shots) {
  for (const width of [390, 1280]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(`${base}/login`);
    await page.fill('#name', who);
    await page.fill('#password', 'demo-password-2024');
    await page.click('button[type=submit]');
    await page.goto(`${base}${url}`);
    await page.screenshot({ path: `/tmp/shots/${name}-${width}.png`, fullPage: true });
    await page.close();
  }
}
await browser.close();

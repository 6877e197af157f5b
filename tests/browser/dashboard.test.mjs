// Browser test of the dashboard page: starts a redis-server and the real aggregator binary
// (evaluation and competition sources configured but not running, so their freshness shows as
// interrupted), puts known figures into the aggregator's views (by district, chain and competition
// level), loads the page in headless Chromium
// (playwright-core + Debian's chromium) and checks that the charts render and that the numbers
// on the page are the JSON API's.
//
//   node --test tests/browser/            (SKILLBRIDGE_BUILD_DIR defaults to build/)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const build = process.env.SKILLBRIDGE_BUILD_DIR || join(root, 'build');
const binary = join(build, 'services/aggregator/skillbridge-aggregator');
const TOKEN = 'browser-viewer-token';
const YEAR = new Date().getFullYear();
const children = [];
let dir;
let base;

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

async function waitFor(check, what, ms = 20000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if (await check()) return;
    } catch (_) { /* not yet */ }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error('timed out waiting for ' + what);
}

function redis(...args) {
  return execFileSync('redis-cli', ['-s', join(dir, 'redis.sock'), ...args]).toString().trim();
}

before(async () => {
  assert.ok(existsSync(binary), `${binary} is not built`);
  dir = mkdtempSync(join(tmpdir(), 'skillbridge-browser-'));
  children.push(spawn('redis-server', ['--port', '0', '--unixsocket', join(dir, 'redis.sock'), '--dir', dir,
    '--save', '', '--appendonly', 'no'], { stdio: 'ignore' }));
  await waitFor(() => redis('ping') === 'PONG', 'redis');
  const hash = createHash('sha256').update(TOKEN).digest('hex');
  writeFileSync(join(dir, 'auth.textproto'),
    `principals { name: "viewer" role: ROLE_VIEWER token_sha256: "${hash}" }\n`);
  writeFileSync(join(dir, 'service-token'), 'unused-service-token\n');
  // Known figures (what the feeds would have produced).
  const d = `${YEAR}|d:`;
  redis('HSET', 'aggregator:v:ind:newly_certified_persons', `${YEAR}`, '1234', `${d}370202`, '700', `${d}370211`, '534',
    `${YEAR}-01`, '300', `${YEAR}-02`, '934', `${YEAR}|c:IC07`, '88');
  redis('HSET', 'aggregator:v:ind:newly_certified_senior_plus', `${YEAR}`, '456', `${d}370202`, '456');
  redis('HSET', 'aggregator:v:ind:new_high_skilled_persons', `${YEAR}`, '321', `${d}370211`, '321');
  redis('HSET', 'aggregator:v:ind:certificates_issued', `${YEAR}|c:IC07`, '99', `${YEAR}|c:IC01`, '12');
  redis('SADD', 'aggregator:v:persons', 'p1', 'p2', 'p3');
  // Measure 4 (the competition source, with evaluation for the certified promotions).
  // Per competition level ("Y|l:") and per chain ("Y|c:") too.
  const l = `${YEAR}|l:`;
  redis('HSET', 'aggregator:v:ind:competitions_held', `${YEAR}`, '7', `${d}370211`, '4', `${YEAR - 1}`, '5',
    `${l}NATIONAL`, '1', `${l}DISTRICT`, '6');
  redis('HSET', 'aggregator:v:ind:competition_participants', `${YEAR}`, '850', `${d}370202`, '500', `${d}370211`,
    '350', `${YEAR - 1}`, '600', `${YEAR}|c:IC07`, '120', `${l}NATIONAL`, '50', `${l}DISTRICT`, '800');
  redis('HSET', 'aggregator:v:ind:competition_promotions', `${YEAR}`, '40', `${d}370202`, '25', `${YEAR}|c:IC07`, '9',
    `${l}NATIONAL`, '8', `${l}DISTRICT`, '32');
  redis('HSET', 'aggregator:v:ind:competition_promotions_with_certificate', `${YEAR}`, '30', `${d}370202`, '20',
    `${YEAR}|c:IC07`, '6', `${l}NATIONAL`, '8', `${l}DISTRICT`, '22');
  const httpPort = await freePort();
  const deadPort = await freePort();
  const deadCompetitionPort = await freePort();
  const agg = spawn(binary, [
    '--listen=127.0.0.1:0', `--redis=unix://${join(dir, 'redis.sock')}`,
    `--auth_config=${join(dir, 'auth.textproto')}`, `--reference_dir=${join(root, 'reference')}`,
    `--sources=evaluation=127.0.0.1:${deadPort},competition=127.0.0.1:${deadCompetitionPort}`, `--service_token_file=${join(dir, 'service-token')}`,
    `--http_listen=127.0.0.1:${httpPort}`, `--static_dir=${join(root, 'services/aggregator/web')}`,
    `--echarts_path=${join(root, 'node_modules/echarts/dist/echarts.min.js')}`,
  ], { stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(agg);
  base = `http://127.0.0.1:${httpPort}`;
  await waitFor(async () => (await fetch(base + '/')).ok, 'aggregator http');
});

after(() => {
  for (const c of children.reverse()) c.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function api(path) {
  const res = await fetch(base + path, { headers: { Authorization: 'Bearer ' + TOKEN } });
  assert.equal(res.status, 200, path);
  return res.json();
}

test('the JSON API needs a bearer token', async () => {
  assert.equal((await fetch(base + '/api/v1/dashboard')).status, 401);
  assert.equal((await fetch(base + '/api/v1/dashboard', { headers: { Authorization: 'Bearer wrong' } })).status, 401);
});

test('the page renders the charts and shows the API numbers', async () => {
  const dashboard = await api(`/api/v1/dashboard?year=${YEAR}`);
  const values = {};
  for (const g of dashboard.measures) g.values.forEach(v => { values[v.indicatorId] = v; });
  assert.equal(values.newly_certified_persons.value, 1234);
  assert.equal(values.graduates.sourceConnected, false);

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1800 } });
    const requests = [];
    page.on('request', r => requests.push(r.url()));
    await page.goto(`${base}/#token=${TOKEN}`);
    await page.waitForSelector('body[data-loaded="true"]', { timeout: 20000 });
    // The token left the address bar and never went into a query string.
    assert.ok(!page.url().includes(TOKEN));
    assert.ok(requests.every(u => !u.includes(TOKEN)));
    assert.ok(requests.every(u => u.startsWith(base)), 'no request leaves the aggregator (no CDN)');

    for (const id of ['newly_certified_persons', 'newly_certified_senior_plus', 'new_high_skilled_persons',
      'talent_database_persons']) {
      const shown = await page.getAttribute(`.card[data-indicator="${id}"] .value`, 'data-value');
      assert.equal(Number(shown), Number(values[id].value), id);
    }
    const notConnected = await page.textContent('.card[data-indicator="graduates"] .value');
    assert.equal(notConnected, '数据源尚未接入');

    // Charts drew onto their canvases.
    for (const id of ['trend-chart', 'ranking-chart', 'chain-chart']) {
      await page.waitForSelector(`#${id} canvas`, { timeout: 10000 });
    }
    const ranking = await api(`/api/v1/ranking?year=${YEAR}&indicator=newly_certified_persons`);
    const firstRow = await page.getAttribute('#ranking-table tr[data-district] td:nth-child(3)', 'data-value');
    assert.equal(Number(firstRow), Number(ranking.rows[0].value));
    assert.equal(ranking.rows[0].districtCode, '370202');

    // The chain table: supply from the API; the conversion (training not connected here), the
    // graduates and the workforce say their source is not connected instead of showing zero.
    const chains = await api(`/api/v1/chains?year=${YEAR}`);
    const ic07 = chains.rows.find(r => r.industryChainCode === 'IC07');
    const cells = await page.$$eval('#chain-table tr[data-chain="IC07"] td', tds => tds.map(td => td.textContent));
    assert.equal(Number(cells[1].replace(/,/g, '')), Number(ic07.certificates));
    assert.equal(cells[1], '99');
    // Competition (connected, with evaluation): entrants, promotions and certified promotions of
    // the chain's contests.
    assert.equal(ic07.competitionParticipants, '120');
    assert.equal(ic07.competitionPromotions, '9');
    assert.equal(ic07.competitionPromotionsCertified, '6');
    assert.deepEqual(cells.slice(4), ['未接入', '—', '120', '9', '6', '未接入', '未接入']);
    assert.ok(!chains.sourcesNotConnected.includes('competition'));
    const chainSeries = await page.evaluate(() => {
      const option = echarts.getInstanceByDom(document.getElementById('chain-chart')).getOption();
      return { labels: option.xAxis[0].data, series: option.series.map(x => ({ name: x.name, data: x.data })) };
    });
    const participantsSeries = chainSeries.series.find(x => x.name === '竞赛参赛人次');
    assert.ok(participantsSeries, 'the chain chart has the competition entrants');
    assert.equal(participantsSeries.data[chainSeries.labels.indexOf(ic07.industryChainName)], 120);
    assert.equal(await page.textContent('.card[data-indicator="training_certificate_conversion"] .value'),
      '数据源尚未接入');

    const evaluationSource = await page.textContent('.source[data-source="evaluation"]');
    assert.match(evaluationSource, /中断/);
    assert.match(await page.textContent('.source[data-source="competition"]'), /中断/);

    // Measure 4: the competition cards show the API's figures, the certified promotions as a share.
    for (const id of ['competitions_held', 'competition_participants', 'competition_promotions',
      'competition_promotion_certified']) {
      assert.equal(values[id].sourceConnected, true, id);
      const shown = await page.getAttribute(`.card[data-indicator="${id}"] .value`, 'data-value');
      assert.equal(Number(shown), Number(values[id].value), id);
    }
    assert.equal(values.competitions_held.value, 7);
    assert.equal(values.competition_participants.value, 850);
    assert.equal(values.competition_promotion_certified.value, 75);
    // Measure 4 per competition level: every level in the API, the levels with a figure on the card.
    const levels = values.competition_participants.byCompetitionLevel;
    assert.deepEqual(levels.map(x => x.level), ['WORLD', 'NATIONAL', 'PROVINCIAL', 'MUNICIPAL_CLASS_I',
      'MUNICIPAL_CLASS_II', 'DISTRICT', 'INDUSTRY', 'ENTERPRISE']);
    assert.equal(levels.find(x => x.level === 'DISTRICT').value, 800);
    const certifiedByLevel = values.competition_promotion_certified.byCompetitionLevel;
    assert.equal(certifiedByLevel.find(x => x.level === 'DISTRICT').value, 68.75);
    assert.equal(values.newly_certified_persons.byCompetitionLevel.length, 0);
    for (const [id, expected] of [['competition_participants', { NATIONAL: 50, DISTRICT: 800 }],
      ['competitions_held', { NATIONAL: 1, DISTRICT: 6 }], ['competition_promotions', { NATIONAL: 8, DISTRICT: 32 }],
      ['competition_promotion_certified', { NATIONAL: 100, DISTRICT: 68.75 }]]) {
      const shown = await page.$$eval(`.card[data-indicator="${id}"] .levels span[data-level]`,
        spans => Object.fromEntries(spans.map(x => [x.dataset.level, Number(x.dataset.value)])));
      assert.deepEqual(shown, expected, id);
    }
    assert.match(await page.textContent('.card[data-indicator="competition_participants"] .levels'),
      /按级别：国家级 50 · 区\(市\)级 800/);
    assert.equal(await page.$('.card[data-indicator="newly_certified_persons"] .levels'), null);
    // Its trend is by year (the competition's year has no month), its ranking by district.
    await page.selectOption('#trend-indicator', 'competition_participants');
    await page.waitForSelector('#trend-title[data-period="year"]', { timeout: 10000 });
    const trend = await page.evaluate(() => {
      const option = echarts.getInstanceByDom(document.getElementById('trend-chart')).getOption();
      return { labels: option.xAxis[0].data, data: option.series[0].data };
    });
    assert.deepEqual(trend.labels, [4, 3, 2, 1, 0].map(k => `${YEAR - k}年`));
    assert.deepEqual(trend.data, [0, 0, 0, 600, 850]);
    await page.selectOption('#trend-indicator', 'newly_certified_persons');
    await page.waitForSelector('#trend-title[data-period="month"]', { timeout: 10000 });
    await page.selectOption('#ranking-indicator', 'competition_participants');
    await page.waitForSelector('#ranking-table tr[data-district="370202"] td[data-value="500"]', { timeout: 10000 });
    const top = await page.$$eval('#ranking-table tr[data-district]', trs => trs.slice(0, 2).map(tr => tr.dataset.district));
    assert.deepEqual(top, ['370202', '370211']);

    await page.screenshot({ path: '/tmp/skillbridge-dashboard.png', fullPage: true });
  } finally {
    await browser.close();
  }
});

test('the district circular exports as CSV', async () => {
  const res = await fetch(`${base}/api/v1/ranking?year=${YEAR}&indicator=newly_certified_persons&format=csv`,
    { headers: { Authorization: 'Bearer ' + TOKEN } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /text\/csv/);
  const text = await res.text();
  assert.match(text, /排名,区市代码,区市/);
  assert.match(text, /1,370202,市南区,700/);
});

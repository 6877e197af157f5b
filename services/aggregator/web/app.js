// The dashboard page: reads the JSON API with the bearer token taken from the URL fragment
// (#token=...), kept in sessionStorage and never sent in a query string.
'use strict';

(function () {
  const TOKEN_KEY = 'skillbridge.token';
  const UNIT = { UNIT_PERSONS: '人', UNIT_PERSON_TIMES: '人次', UNIT_FEN: '元', UNIT_PERCENT: '%', UNIT_COUNT: '个', UNIT_RATIO: '' };
  const SOURCE_NAMES = { evaluation: '技能评价', training: '职业培训', competition: '技能竞赛', incentive: '人才激励', education: '技工教育' };
  // Competition levels (IndicatorValue.byCompetitionLevel), as the plan names them.
  const LEVEL_NAMES = { WORLD: '世赛', NATIONAL: '国家级', PROVINCIAL: '省级', MUNICIPAL_CLASS_I: '市级一类',
    MUNICIPAL_CLASS_II: '市级二类', DISTRICT: '区(市)级', INDUSTRY: '行业', ENTERPRISE: '企业' };
  const charts = {};
  // Indicators counted by year only (the competition figures count in the competition's year):
  // the trend asks for years instead of months once the API has said so (NO_MONTHLY_HISTORY).
  const yearlyOnly = new Set();
  let indicators = [];
  let districts = [];

  function takeToken() {
    const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
    if (m) {
      sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]));
      history.replaceState(null, '', location.pathname);
    }
    return sessionStorage.getItem(TOKEN_KEY) || '';
  }
  const token = takeToken();

  async function api(path, raw) {
    const res = await fetch(path, { headers: { Authorization: 'Bearer ' + token } });
    if (!res.ok) {
      let msg = res.status + '';
      let reason = '';
      try {
        const e = await res.json();
        msg = e.message || msg;
        reason = e.reason || '';
      } catch (_) { /* not JSON */ }
      throw Object.assign(new Error(msg), { reason });
    }
    return raw ? res.blob() : res.json();
  }

  function showError(e) {
    const box = document.getElementById('error');
    box.hidden = false;
    box.textContent = '数据加载失败：' + e.message + (token ? '' : '（链接中缺少访问令牌 #token=...）');
  }

  function fmt(value, unit) {
    if (value === undefined || value === null) return '—';
    let v = Number(value);
    if (unit === 'UNIT_FEN') v = v / 100;
    if (unit === 'UNIT_PERCENT') return v.toFixed(1);
    if (unit === 'UNIT_RATIO') return v.toFixed(2);
    return v.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
  }

  function chart(id) {
    if (!charts[id]) charts[id] = echarts.init(document.getElementById(id));
    return charts[id];
  }

  // Stocks counted at each year's end (now for the current year): they have a yearly trend.
  const YEAR_END_STOCKS = new Set(['students_enrolled']);

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function year() { return document.getElementById('year').value; }
  function district() { return document.getElementById('district').value; }

  function renderSources(sources) {
    const box = document.getElementById('sources');
    box.replaceChildren();
    for (const s of sources) {
      const name = SOURCE_NAMES[s.source] || s.source;
      let cls = 'source off';
      let text = name + '：尚未接入';
      if (s.connected) {
        cls = 'source ' + (s.healthy ? 'healthy' : 'down');
        const last = s.lastEventTime ? new Date(s.lastEventTime).toLocaleString('zh-CN') : '无';
        text = name + '：' + (s.healthy ? '正常' : '中断') + ' · 滞后 ' + Math.round(Number(s.lagSeconds)) +
          ' 秒 · 已处理 ' + Number(s.eventsApplied) + ' 条 · 最新记录 ' + last;
      }
      const e = el('div', cls, text);
      e.dataset.source = s.source;
      box.appendChild(e);
    }
  }

  // A competition figure per competition level: the levels with a figure in one line, every level
  // in the tooltip.
  function levelLine(v, unit) {
    const line = el('div', 'levels');
    const shown = v.byCompetitionLevel.filter(l => Number(l.value) > 0 || Number(l.denominator || 0) > 0);
    line.title = v.byCompetitionLevel.map(l => (LEVEL_NAMES[l.level] || l.level) + ' ' + fmt(l.value, unit)).join('\n');
    if (!shown.length) {
      line.textContent = '按级别：暂无';
      return line;
    }
    line.appendChild(document.createTextNode('按级别：'));
    shown.forEach((l, i) => {
      const part = el('span', '', (i ? ' · ' : '') + (LEVEL_NAMES[l.level] || l.level) + ' ' + fmt(l.value, unit));
      part.dataset.level = l.level;
      part.dataset.value = l.value;
      line.appendChild(part);
    });
    return line;
  }

  function renderMeasures(d) {
    const box = document.getElementById('measures');
    box.replaceChildren();
    for (const g of d.measures) {
      const h = el('h3', '', g.measure.number + '. ' + g.measure.nameZh);
      h.appendChild(el('span', 'dept', '责任部门：' + g.measure.responsibleDepartments.join('、')));
      box.appendChild(h);
      const cards = el('div', 'cards');
      g.indicators.forEach((ind, i) => {
        const v = g.values[i];
        const card = el('div', 'card');
        card.dataset.indicator = ind.id;
        card.title = ind.definition;
        card.appendChild(el('div', 'name', ind.nameZh));
        if (!v.sourceConnected) {
          card.classList.add('not-connected');
          card.appendChild(el('div', 'value', '数据源尚未接入'));
        } else {
          const value = el('div', 'value', fmt(v.value, ind.unit));
          value.dataset.value = v.value;
          value.appendChild(el('span', 'unit', UNIT[ind.unit] || ''));
          card.appendChild(value);
          if (v.target !== undefined) {
            const share = v.shareOfTarget !== undefined ? Number(v.shareOfTarget) : 0;
            const bar = el('div', 'bar');
            const fill = el('span');
            fill.style.width = Math.min(100, share * 100).toFixed(1) + '%';
            bar.appendChild(fill);
            card.appendChild(bar);
            card.appendChild(el('div', 'target', '目标 ' + fmt(v.target, ind.unit) + (UNIT[ind.unit] || '') +
              ' · 完成 ' + (share * 100).toFixed(1) + '%'));
          } else {
            card.appendChild(el('div', 'target', '跟踪指标（未设目标）'));
          }
          if (v.byCompetitionLevel && v.byCompetitionLevel.length) card.appendChild(levelLine(v, ind.unit));
          if (v.onTrack !== undefined) {
            card.classList.add(v.onTrack ? 'on-track' : 'behind');
            card.appendChild(el('div', 'status', v.onTrack ? '达到时序进度' : '落后时序进度'));
          }
        }
        cards.appendChild(card);
      });
      box.appendChild(cards);
    }
    document.getElementById('asof').textContent = '数据截至 ' + new Date(d.asOf).toLocaleString('zh-CN') +
      ' · 全年进度 ' + (Number(d.elapsedShareOfYear) * 100).toFixed(1) + '%';
  }

  // Months of the selected year, or — for indicators counted by year only — the last five years.
  async function fetchTrend(id) {
    const monthly = !yearlyOnly.has(id);
    const q = monthly
      ? new URLSearchParams({ indicator: id, from_year: year(), to_year: year(), monthly: '1' })
      : new URLSearchParams({ indicator: id, from_year: String(Number(year()) - 4), to_year: year() });
    if (district()) q.set('district', district());
    try {
      return await api('/api/v1/trend?' + q);
    } catch (e) {
      if (!monthly || e.reason !== 'NO_MONTHLY_HISTORY') throw e;
      yearlyOnly.add(id);
      return fetchTrend(id);
    }
  }

  async function renderTrend() {
    const id = document.getElementById('trend-indicator').value;
    if (!id) return;
    const t = await fetchTrend(id);
    const ind = t.indicator;
    const yearly = yearlyOnly.has(id);
    const title = document.getElementById('trend-title');
    title.textContent = yearly ? '年度趋势' : '月度趋势';
    title.dataset.period = yearly ? 'year' : 'month';
    chart('trend-chart').setOption({
      tooltip: { trigger: 'axis' },
      grid: { left: 60, right: 20, top: 30, bottom: 30 },
      xAxis: { type: 'category', data: t.points.map(p => (yearly ? p.year + '年' : p.month + '月')) },
      yAxis: { type: 'value', name: UNIT[ind.unit] || '' },
      series: [{ name: ind.nameZh, type: 'bar', itemStyle: { color: '#0b3d91' },
        data: t.points.map(p => ind.unit === 'UNIT_FEN' ? Number(p.value) / 100 : Number(p.value)) }],
    }, true);
  }

  async function renderRanking() {
    const id = document.getElementById('ranking-indicator').value;
    if (!id) return;
    const r = await api('/api/v1/ranking?' + new URLSearchParams({ year: year(), indicator: id }));
    const unit = r.indicator.unit;
    const rows = r.rows.slice().reverse();
    chart('ranking-chart').setOption({
      tooltip: { trigger: 'axis' },
      grid: { left: 70, right: 30, top: 10, bottom: 30 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: rows.map(x => x.districtName) },
      series: [{ type: 'bar', itemStyle: { color: '#2f81f7' },
        data: rows.map(x => unit === 'UNIT_FEN' ? Number(x.value) / 100 : Number(x.value)) }],
    }, true);
    const table = document.getElementById('ranking-table');
    table.replaceChildren();
    const head = el('tr');
    for (const h of ['排名', '区市', '完成值', '目标', '完成率', '进度']) head.appendChild(el('th', '', h));
    table.appendChild(head);
    for (const x of r.rows) {
      const tr = el('tr');
      tr.dataset.district = x.districtCode;
      tr.appendChild(el('td', '', String(x.rank)));
      tr.appendChild(el('td', '', x.districtName));
      const v = el('td', '', fmt(x.value, unit));
      v.dataset.value = x.value;
      tr.appendChild(v);
      tr.appendChild(el('td', '', x.target !== undefined ? fmt(x.target, unit) : '—'));
      tr.appendChild(el('td', '', x.shareOfTarget !== undefined ? (Number(x.shareOfTarget) * 100).toFixed(1) + '%' : '—'));
      tr.appendChild(el('td', '', x.onTrack === undefined ? '—' : (x.onTrack ? '达到' : '落后')));
      table.appendChild(tr);
    }
    table.appendChild(Object.assign(el('tr'), {}));
    const city = el('tr');
    city.appendChild(el('td', '', ''));
    city.appendChild(el('td', '', '全市'));
    city.appendChild(el('td', '', fmt(r.cityValue, unit)));
    table.appendChild(city);
  }

  async function renderChains() {
    const c = await api('/api/v1/chains?' + new URLSearchParams({ year: year() }));
    const names = c.rows.map(x => x.industryChainName);
    const series = [
      { name: '新发证书', key: 'certificates' },
      { name: '新增取证人数', key: 'certifiedPersons' },
      { name: '新增高技能人才', key: 'newHighSkilledPersons' },
      { name: '培训结业人次', key: 'trainees' },
      { name: '竞赛参赛人次', key: 'competitionParticipants' },
    ];
    chart('chain-chart').setOption({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 50, right: 50, top: 40, bottom: 90 },
      xAxis: { type: 'category', data: names, axisLabel: { rotate: 35, interval: 0 } },
      yAxis: [{ type: 'value' }, { type: 'value', name: '%', max: 100, splitLine: { show: false } }],
      series: series.map(s => ({ name: s.name, type: 'bar', data: c.rows.map(x => Number(x[s.key] || 0)) }))
        .concat([{
          name: '培训后取证转化率(%)', type: 'line', yAxisIndex: 1,
          data: c.rows.map(x => (x.trainingConversionPercent === undefined ? null : Number(x.trainingConversionPercent.toFixed(1)))),
        }]),
    }, true);
    renderChainTable(c.rows);
    document.getElementById('chain-note').textContent = c.sourcesNotConnected.length
      ? '尚未接入的数据源（毕业生、产业工人规模等暂缺）：' + c.sourcesNotConnected.map(s => SOURCE_NAMES[s] || s).join('、')
      : '';
  }

  // One row per chain: supply (certificates, trainees, conversion, competition entrants and
  // promotions) beside the chain's workforce and graduates; a figure whose source is not connected
  // shows "未接入". The workforce cell (wage survey) also gives the new certificates per 1,000
  // workers when the chain has a surveyed workforce.
  function renderChainTable(rows) {
    const table = document.getElementById('chain-table');
    table.replaceChildren();
    const head = el('tr');
    for (const h of ['产业链', '新发证书', '新增取证人数', '培训结业人次', '结业后12个月内取证', '转化率(%)',
      '竞赛参赛人次', '竞赛晋升人数', '晋升已取证', '技工院校毕业生', '产业工人规模（每千人新发证书）']) {
      head.appendChild(el('th', '', h));
    }
    table.appendChild(head);
    const missing = v => (v === undefined || v === null ? '未接入' : fmt(v));
    for (const r of rows) {
      const tr = el('tr');
      tr.dataset.chain = r.industryChainCode;
      tr.appendChild(el('td', '', r.industryChainName + (r.keyChain ? ' ★' : '')));
      tr.appendChild(el('td', 'num', fmt(r.certificates || 0)));
      tr.appendChild(el('td', 'num', fmt(r.certifiedPersons || 0)));
      tr.appendChild(el('td', 'num', fmt(r.trainees || 0)));
      tr.appendChild(el('td', 'num', missing(r.traineesCertified)));
      tr.appendChild(el('td', 'num', r.trainingConversionPercent === undefined ? '—' : fmt(r.trainingConversionPercent, 'UNIT_PERCENT')));
      tr.appendChild(el('td', 'num', missing(r.competitionParticipants)));
      tr.appendChild(el('td', 'num', missing(r.competitionPromotions)));
      tr.appendChild(el('td', 'num', missing(r.competitionPromotionsCertified)));
      tr.appendChild(el('td', 'num', missing(r.graduates)));
      const workforce = el('td', 'num', missing(r.workforce));
      if (r.certificatesPerThousandWorkforce !== undefined) {
        workforce.dataset.perThousand = String(r.certificatesPerThousandWorkforce);
        workforce.appendChild(el('span', 'muted', '（' + fmt(r.certificatesPerThousandWorkforce) + '）'));
      }
      tr.appendChild(workforce);
      table.appendChild(tr);
    }
  }

  async function refresh() {
    try {
      const q = new URLSearchParams({ year: year() });
      if (district()) q.set('district', district());
      const d = await api('/api/v1/dashboard?' + q);
      renderMeasures(d);
      renderSources(d.sources);
      await Promise.all([renderTrend(), renderRanking(), renderChains()]);
      document.getElementById('error').hidden = true;
      document.body.dataset.loaded = 'true';
    } catch (e) {
      showError(e);
    }
  }

  async function exportCsv(ev) {
    ev.preventDefault();
    try {
      const id = document.getElementById('ranking-indicator').value;
      const blob = await api('/api/v1/ranking?' + new URLSearchParams({ year: year(), indicator: id, format: 'csv' }), true);
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = '调度通报_' + id + '_' + year() + '.csv';
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    } catch (e) {
      showError(e);
    }
  }

  async function init() {
    const now = new Date().getFullYear();
    const ysel = document.getElementById('year');
    for (let y = now; y >= now - 5; y--) ysel.appendChild(Object.assign(el('option', '', y + '年'), { value: String(y) }));
    const params = new URLSearchParams(location.search);
    if (params.get('year')) {
      const y = params.get('year');
      if (![...ysel.options].some(o => o.value === y)) ysel.appendChild(Object.assign(el('option', '', y + '年'), { value: y }));
      ysel.value = y;
    }
    try {
      const cat = await api('/api/v1/indicators');
      indicators = cat.indicators;
      const rk = await api('/api/v1/ranking?' + new URLSearchParams({ year: year(), indicator: 'newly_certified_persons' }));
      districts = rk.rows.map(r => ({ code: r.districtCode, name: r.districtName })).sort((a, b) => a.code.localeCompare(b.code));
    } catch (e) {
      showError(e);
      return;
    }
    const dsel = document.getElementById('district');
    for (const d of districts) dsel.appendChild(Object.assign(el('option', '', d.name), { value: d.code }));
    // Flows, and the one stock with a yearly history (the students enrolled at each year's end).
    const flows = indicators.filter(i => i.sourceConnected &&
      (i.kind === 'INDICATOR_KIND_FLOW' || YEAR_END_STOCKS.has(i.id)));
    for (const id of ['trend-indicator', 'ranking-indicator']) {
      const s = document.getElementById(id);
      for (const i of (id === 'ranking-indicator' ? indicators.filter(i => i.sourceConnected && i.perDistrict) : flows)) {
        s.appendChild(Object.assign(el('option', '', i.nameZh), { value: i.id }));
      }
      s.value = 'newly_certified_persons';
      s.addEventListener('change', () => (id === 'trend-indicator' ? renderTrend() : renderRanking()).catch(showError));
    }
    ysel.addEventListener('change', refresh);
    dsel.addEventListener('change', refresh);
    document.getElementById('csv').addEventListener('click', exportCsv);
    window.addEventListener('resize', () => Object.values(charts).forEach(c => c.resize()));
    await refresh();
    setInterval(refresh, 30000);
  }

  document.addEventListener('DOMContentLoaded', init);
})();

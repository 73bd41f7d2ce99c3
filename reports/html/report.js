// The memfrag HTML report: builds tables and ECharts charts from the JSON embedded in the page
// (reports/html_data.cpp). When every chart has drawn, <body> carries data-charts-drawn and
// data-charts-expected, and data-errors lists any script error: the browser test reads them.
'use strict';

const errors = [];
window.addEventListener('error', (event) => {
  errors.push(String(event.message));
  document.body.dataset.errors = errors.join('\n');
});

const data = JSON.parse(document.getElementById('memfrag-data').textContent);
const runs = data.document.runs;
const charts = { expected: 0, drawn: 0 };

function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children)
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

function table(header, rows, className = '') {
  const head = element('tr', {}, header.map((cell) => element('th', {}, [cell])));
  const body = rows.map((row) =>
    element('tr', {}, row.map((cell) => (cell instanceof Node && cell.tagName === 'TD' ? cell : element('td', {}, [cell])))));
  return element('table', { class: className }, [element('thead', {}, [head]), element('tbody', {}, body)]);
}

function markDrawn() {
  charts.drawn += 1;
  document.body.dataset.chartsDrawn = String(charts.drawn);
}

// A chart in its own box; the count of drawn charts rises when ECharts reports it finished.
function chart(parent, title, option, height = 320) {
  const box = element('div', { class: 'chart', style: `height:${height}px` });
  parent.append(element('h4', {}, [title]), box);
  charts.expected += 1;
  document.body.dataset.chartsExpected = String(charts.expected);
  const instance = echarts.init(box, null, { renderer: 'canvas' });
  instance.on('finished', function once() {
    instance.off('finished', once);
    markDrawn();
  });
  instance.setOption(Object.assign({ animation: false, tooltip: { trigger: 'axis' } }, option));
}

function summarySection(workload) {
  const summary = workload.summary;
  const header = ['metric', 'better', ...summary.plugins];
  const rows = [['runs ok', '', ...summary.runs_ok]];
  for (const row of summary.rows) {
    const cells = row.cells.map((text, i) => element('td', { class: row.best[i] ? 'best' : '' }, [text]));
    rows.push([row.label, `${row.arrow} ${row.better}`, ...cells]);
  }
  const section = element('section', {}, [element('h3', {}, ['Summary']), table(header, rows, 'summary')]);
  if (summary.problems.length > 0)
    section.append(table(['run', 'status', 'why'], summary.problems.map((p) => [p.run, p.status, p.why])));
  return section;
}

function heatmap(parent, plugin, run) {
  const timeline = run.counts.timeline;
  const points = [];
  let highest = 1;
  timeline.forEach((state, sample) =>
    state.nr_free.forEach((blocks, order) => {
      points.push([sample, order, blocks]);
      highest = Math.max(highest, blocks);
    }));
  chart(parent, `${plugin}: free blocks per order over time`, {
    tooltip: { position: 'top' },
    grid: { left: 60, right: 30, top: 20, bottom: 90 },
    xAxis: { type: 'category', name: 'operations', nameLocation: 'middle', nameGap: 30,
      data: timeline.map((state) => state.op_index) },
    yAxis: { type: 'category', name: 'order', data: [...Array(run.counts.max_order + 1).keys()] },
    visualMap: { min: 0, max: highest, calculable: true, orient: 'horizontal', left: 'center', bottom: 0,
      inRange: { color: ['#f7fbff', '#c6dbef', '#6baed6', '#2171b5', '#08306b'] } },
    series: [{ type: 'heatmap', data: points }],
  });
}

function indexSeries(workload, field, orders) {
  const series = [];
  for (const plugin of workload.plugins) {
    if (plugin.representative_run === null) continue;
    const timeline = runs[plugin.representative_run].counts.timeline;
    for (const order of orders)
      series.push({ type: 'line', name: `${plugin.plugin} order ${order}`, showSymbol: false,
        data: timeline.map((state) => [state.op_index, state[field][order] / 1000]) });
  }
  return series;
}

function indexCharts(parent, workload) {
  const drawn = workload.plugins.filter((plugin) => plugin.representative_run !== null);
  const maxOrder = Math.max(0, ...drawn.map((plugin) => runs[plugin.representative_run].counts.max_order));
  const orders = [1, 3, 9].filter((order) => order <= maxOrder);
  const axes = { xAxis: { type: 'value', name: 'operations' }, yAxis: { type: 'value' }, legend: { top: 0 },
    grid: { top: 50, left: 60, right: 30 } };
  chart(parent, 'Unusable free space index over time', Object.assign({ series: indexSeries(workload, 'unusable_index', orders) }, axes));
  chart(parent, 'Fragmentation index over time', Object.assign({ series: indexSeries(workload, 'fragmentation_index', orders) }, axes));
}

function successChart(parent, workload) {
  const orders = [...new Set(workload.plugins.flatMap((p) => p.requests_per_order.map((r) => r.order)))].sort((a, b) => a - b);
  const series = workload.plugins.map((plugin) => ({
    type: 'bar', name: plugin.plugin,
    data: orders.map((order) => {
      const found = plugin.requests_per_order.find((r) => r.order === order);
      return found ? (100 * found.successes) / found.requests : null;
    }),
  }));
  chart(parent, 'Success rate per order (%)', { legend: { top: 0 }, grid: { top: 40 },
    xAxis: { type: 'category', name: 'order', data: orders }, yAxis: { type: 'value', max: 100 }, series });
}

function latencyCharts(parent, workload, field, operation) {
  const percentiles = ['p50_ns', 'p90_ns', 'p99_ns', 'p999_ns', 'max_ns'];
  chart(parent, `${operation} latency percentiles (ns, all orders)`, { legend: { top: 0 }, grid: { top: 40 },
    xAxis: { type: 'category', data: percentiles.map((p) => p.replace('_ns', '')) }, yAxis: { type: 'log' },
    series: workload.plugins.map((plugin) => ({ type: 'bar', name: plugin.plugin,
      data: percentiles.map((p) => plugin[field][p] || null) })) });
  chart(parent, `${operation} latency distribution (share of operations per bucket)`, { legend: { top: 0 }, grid: { top: 40 },
    xAxis: { type: 'log', name: 'ns' }, yAxis: { type: 'value' },
    series: workload.plugins.map((plugin) => ({ type: 'line', name: plugin.plugin, showSymbol: false,
      data: plugin[field].buckets.map(([bound, count]) => [bound, count / Math.max(1, plugin[field].count)]) })) });
}

function figureTable(workload, field) {
  const names = [...new Set(workload.plugins.flatMap((p) => p[field].map((f) => f.name)))];
  if (names.length === 0) return element('p', {}, ['none reported']);
  const rows = names.map((name) => [name, ...workload.plugins.map((plugin) => {
    const found = plugin[field].find((f) => f.name === name);
    return found && found.value !== null ? found.value : '-';
  })]);
  return table(['figure', ...workload.plugins.map((p) => p.plugin)], rows);
}

function costTable(workload) {
  const fields = ['wall_ns', 'cpu_ns', 'alloc_ns', 'free_ns', 'touch_ns'];
  const rows = fields.map((field) => [field, ...workload.plugins.map((plugin) =>
    plugin.representative_run === null ? '-' : runs[plugin.representative_run].timing[field])]);
  return table(['cost (representative run)', ...workload.plugins.map((p) => p.plugin)], rows);
}

// Charts are drawn into attached elements only: ECharts sizes a chart by its box.
function subsection(parent, title) {
  const section = element('section', {}, [element('h3', {}, [title])]);
  parent.append(section);
  return section;
}

function workloadSection(main, workload) {
  const section = element('section', { class: 'workload' }, [element('h2', {}, [`Workload ${workload.workload}`])]);
  main.append(section);
  section.append(summarySection(workload));
  const heatmaps = subsection(section, 'Free blocks (order × time)');
  for (const plugin of workload.plugins) {
    const run = plugin.representative_run === null ? null : runs[plugin.representative_run];
    if (run && run.counts.timeline.length > 0) heatmap(heatmaps, plugin.plugin, run);
  }
  indexCharts(subsection(section, 'Fragmentation over time'), workload);
  successChart(subsection(section, 'Requests'), workload);
  const latency = subsection(section, 'Latency');
  latencyCharts(latency, workload, 'alloc_latency', 'alloc');
  latencyCharts(latency, workload, 'free_latency', 'free');
  subsection(section, 'Mitigation costs and plugin statistics').append(costTable(workload), figureTable(workload, 'plugin_stats'));
  subsection(section, 'Workload figures (NIC, scenarios, traces)').append(figureTable(workload, 'workload_figures'));
}

function provenanceSection() {
  const doc = data.document;
  const environment = Object.entries(doc.environment).map(([key, value]) =>
    [key, typeof value === 'object' ? JSON.stringify(value) : value]);
  const plugins = doc.plugins.map((p) => [p.key, p.version, p.path, p.sha256, JSON.stringify(p.params)]);
  const workloads = doc.workloads.map((w) => [w.key, w.path, w.sha256]);
  return element('section', { class: 'provenance' }, [
    element('h2', {}, ['Environment and provenance']),
    table(['field', 'value'], [['memfrag', doc.memfrag_version], ['created', doc.created],
      ['command', doc.command.join(' ')], ['seeds', doc.seeds.join(', ')], ['repeat', doc.repeat],
      ['complete', doc.complete], ...environment]),
    table(['plugin', 'version', 'file', 'sha256', 'parameters'], plugins),
    table(['workload', 'file', 'sha256'], workloads),
  ]);
}

function render() {
  const main = document.getElementById('report');
  main.textContent = '';
  document.body.dataset.chartsDrawn = '0';
  document.body.dataset.chartsExpected = '0';
  for (const workload of data.workloads) workloadSection(main, workload);
  main.append(provenanceSection());
}

render();

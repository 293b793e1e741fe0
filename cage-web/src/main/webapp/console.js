// The Cage console's pages: one script, no framework. Every name that comes from a node or a user is put into the
// page with textContent (never as HTML), so a file named <img src=x onerror=alert(1)> shows as that text.
'use strict';

const KEPT_SECONDS = 15 * 60;
const state = { me: null, tab: 'overview', nodes: new Map(), stream: null, lastEventId: null, ticks: 0,
                sessionsSeen: new Map() };
window.cageConsole = state; // for people and tests looking at a live page

const $ = (sel, root = document) => root.querySelector(sel);
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

// ---- API calls: JSON, the session cookie, and the CSRF token on every state change.
async function api(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  if (method !== 'GET' && state.me) headers['X-CSRF-Token'] = state.me.csrfToken;
  let payload;
  if (body instanceof URLSearchParams) { payload = body; }
  else if (body !== undefined) { headers['Content-Type'] = 'application/json'; payload = JSON.stringify(body); }
  const response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  const text = await response.text();
  const data = text && response.headers.get('Content-Type')?.includes('json') ? JSON.parse(text) : text;
  if (response.status === 401 && path !== 'api/login') { showLogin(); }
  if (!response.ok) {
    const err = new Error((data && data.error) || ('HTTP ' + response.status));
    err.status = response.status;
    throw err;
  }
  return data;
}

// ---- Formatting with units.
const fmtNumber = v => v >= 1e6 ? (v / 1e6).toFixed(1) + ' M' : v >= 1e3 ? (v / 1e3).toFixed(1) + ' k' : (+v).toFixed(v < 10 && v % 1 ? 1 : 0) + ' ';
const fmtRate = v => fmtNumber(v) + '/s';
function fmtBytes(v) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return (i === 0 ? v.toFixed(0) : v.toFixed(1)) + ' ' + units[i];
}
const fmtTime = iso => iso ? new Date(iso).toLocaleString() : '–';
// Journal entries: local date and time to the millisecond (many entries share a second).
function fmtPrecise(iso) {
  const d = new Date(iso), p = (n, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:`
    + `${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}
function fmtDuration(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  if (s < 86400) return Math.floor(s / 3600) + ' h ' + Math.floor(s % 3600 / 60) + ' min';
  return Math.floor(s / 86400) + ' d ' + Math.floor(s % 86400 / 3600) + ' h';
}
// Java's Duration as JSON ("PT1M2.5S") to milliseconds.
function durationMillis(iso) {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(iso || '');
  return m ? ((+(m[1] || 0)) * 3600 + (+(m[2] || 0)) * 60 + (+(m[3] || 0))) * 1000 : 0;
}

// ---- Login and tabs.
function showLogin(message) {
  state.me = null;
  if (state.stream) { state.stream.close(); state.stream = null; }
  $('#login').hidden = false;
  $('#tabs').hidden = true;
  $('#whoami').hidden = true;
  for (const t of document.querySelectorAll('.tab')) t.hidden = true;
  $('#login-error').textContent = message || '';
}

async function loggedIn(me) {
  state.me = me;
  $('#login').hidden = true;
  $('#tabs').hidden = false;
  $('#whoami').hidden = false;
  $('#user').textContent = me.user;
  $('#role').textContent = me.role;
  for (const e of document.querySelectorAll('.operator-only')) e.hidden = me.role === 'viewer';
  for (const e of document.querySelectorAll('.admin-only')) e.hidden = me.role !== 'admin';
  openStream();
  await loadNodes();
  showTab(location.hash.slice(1) || 'overview');
}

function showTab(name) {
  if (!document.getElementById(name)?.classList.contains('tab')) name = 'overview';
  state.tab = name;
  for (const t of document.querySelectorAll('.tab')) t.hidden = t.id !== name;
  for (const b of document.querySelectorAll('#tabs button')) b.classList.toggle('active', b.dataset.tab === name);
  if (location.hash !== '#' + name) history.replaceState(null, '', '#' + name);
  if (name === 'overview') redrawCharts();
  if (name === 'sessions') loadSessions();
  if (name === 'files') loadFiles();
  if (name === 'cache') loadCache();
  if (name === 'users') loadUsers();
  if (name === 'audit') loadAudit();
}

// ---- Overview: facts from api/nodes, charts from the live stream.
async function loadNodes() {
  const nodes = await api('GET', 'api/nodes');
  for (const select of document.querySelectorAll('.server-select')) {
    const chosen = select.value;
    select.replaceChildren(...nodes.map(n => el('option', { value: n.server, text: n.server })));
    if (chosen) select.value = chosen;
  }
  for (const n of nodes) renderFacts(nodeState(n.server), n);
}

function nodeState(server) {
  let s = state.nodes.get(server);
  if (!s) {
    s = { server, up: null, data: COLUMNS.map(() => []), charts: [], card: null };
    state.nodes.set(server, s);
    buildCard(s);
  }
  return s;
}

function buildCard(s) {
  const card = el('article', { class: 'node', 'data-server': s.server });
  const title = el('h2', {}, el('span', { class: 'name', text: s.server }), el('span', { class: 'state', text: '…' }));
  const readouts = el('div', { class: 'readouts' });
  for (const [metric, label] of [['requests', 'requests'], ['writes', 'writes'], ['reads', 'reads'],
                                 ['bytesWritten', 'written'], ['bytesRead', 'read'], ['p50', 'p50'], ['p99', 'p99'],
                                 ['sessions', 'sessions']]) {
    readouts.append(el('span', { class: 'readout' }, label + ' ',
      el('b', { 'data-metric': metric, 'data-server': s.server, text: '–' })));
  }
  const charts = el('div', { class: 'charts' });
  card.append(title, el('dl', { class: 'facts' }), el('div', { class: 'group' }), readouts, charts);
  $('#nodes').append(card);
  s.card = card;
  const chartSpecs = [
    ['Requests per second by kind', [['reads', 1], ['writes', 2], ['open/close', 3], ['namespace', 4], ['other', 5]], fmtRate],
    ['Bytes per second', [['written', 7], ['read', 6]], v => fmtBytes(v) + '/s'],
    ['Latency, arrival to reply', [['p50', 8], ['p99', 9]], fmtMillis],
    ['Journal records per second', [['records', 10]], fmtRate],
    ['Sessions and open files', [['sessions', 11], ['open files', 12]], v => fmtNumber(v).trim()],
  ];
  for (const [heading, series, format] of chartSpecs) {
    const box = el('div', { class: 'chart' }, el('h3', { text: heading }));
    charts.append(box);
    s.charts.push(makeChart(box, series, format));
  }
}

// How often (in ticks of the live stream) an overview on screen asks each node for its group again.
const GROUP_EVERY_TICKS = 3;
const COLORS = ['#2f6fde', '#1f8a4c', '#d9822b', '#9b59b6', '#c4322b'];
// One column per number a tick carries for a node, in this order; the charts name the columns they draw.
const COLUMNS = ['requestsPerSecond', 'readsPerSecond', 'writesPerSecond', 'openClosePerSecond', 'namespacePerSecond',
  'otherPerSecond', 'bytesReadPerSecond', 'bytesWrittenPerSecond', 'p50Millis', 'p99Millis', 'journalRecordsPerSecond',
  'sessions', 'openFiles'];
const fmtMillis = v => v == null ? '–' : v >= 100 ? v.toFixed(0) + ' ms' : v >= 1 ? v.toFixed(1) + ' ms' : v.toFixed(2) + ' ms';
function makeChart(box, series, format) {
  const css = getComputedStyle(document.documentElement);
  const axis = { stroke: css.getPropertyValue('--muted').trim(), grid: { stroke: css.getPropertyValue('--grid').trim() },
                 ticks: { stroke: css.getPropertyValue('--grid').trim() } };
  const opts = {
    width: Math.max(320, box.clientWidth || 420), height: 170,
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] } },
    series: [{}, ...series.map(([label], i) => ({ label, stroke: COLORS[i], width: 1.5, value: (u, v) => v == null ? '–' : format(v) }))],
    axes: [{ ...axis }, { ...axis, size: 92, values: (u, vals) => vals.map(format) }],
    legend: { live: true },
  };
  const chart = new uPlot(opts, [[], ...series.map(() => [])], box);
  new ResizeObserver(() => { if (box.clientWidth) chart.setSize({ width: box.clientWidth, height: 170 }); }).observe(box);
  chart.columns = series.map(([, column]) => column);
  return chart;
}

function renderFacts(s, view) {
  const card = s.card;
  const stateEl = $('.state', card);
  const facts = $('.facts', card);
  if (!view.up) {
    stateEl.textContent = 'down since ' + fmtTime(view.downSince);
    stateEl.className = 'state down';
    facts.replaceChildren(el('div', { class: 'whole' }, el('dt', { text: 'error' }), el('dd', { text: view.error || '' })));
    return;
  }
  const i = view.info;
  stateEl.textContent = 'up';
  stateEl.className = 'state up';
  const rows = [
    ['version', i.version], ['protocol', String(i.protocolVersion)], ['root', i.root],
    ['address', i.bindAddress + ':' + i.port], ['data ports', i.dataPorts.join(', ')], ['TLS', i.tls ? 'on' : 'off'],
    ['started', fmtTime(i.started)], ['uptime', fmtDuration(durationMillis(i.uptime))],
    ['idle timeout', fmtDuration(durationMillis(i.idleTimeout))],
    ['journal', i.journal ? i.journalDialect : 'off'],
  ];
  if (view.journal) {
    rows.push(['journal entries', String(view.journal.namespaceEntries + view.journal.fileEntries)],
              ['journal data', fmtBytes(view.journal.blobBytes)],
              ['journal span', view.journal.oldest ? fmtTime(view.journal.oldest) + ' – ' + fmtTime(view.journal.newest) : 'empty']);
  }
  facts.replaceChildren(...rows.map(([k, v]) => el('div', {}, el('dt', { text: k }), el('dd', { text: v, title: v }))));
  loadGroup(s).catch(() => {});
}

// ---- A node's replicated group: its members' roles, commit indexes and how far each lags, as that node sees them.
async function loadGroup(s) {
  renderGroup(s, await api('GET', 'api/nodes/' + encodeURIComponent(s.server) + '/group'));
}

function renderGroup(s, g) {
  const box = $('.group', s.card);
  if (!g.name) {
    box.replaceChildren(el('p', { class: 'group-line', text: 'standalone node (no replicated group)' }));
    return;
  }
  const known = v => v < 0 ? '?' : String(v);
  const most = Math.max(1, ...g.members.map(m => m.lag));
  const rows = g.members.map(m => el('tr', { 'data-member': m.id, class: m.role.toLowerCase() },
    el('td', { class: 'id', text: m.id + (m.id === g.self ? ' (asked)' : '') }),
    el('td', { class: 'role', text: m.role.toLowerCase() }),
    el('td', { text: m.address }),
    el('td', { class: 'num', text: known(m.commitIndex) }),
    el('td', { class: 'lag' }, el('span', { class: 'lag-bar', style: `width: ${m.lag > 0 ? Math.max(2, 100 * m.lag / most) : 0}%` }),
      el('span', { class: 'lag-text', text: m.lag < 0 ? '?' : m.lag === 0 ? 'in step' : known(m.lag) + ' behind' }))));
  box.replaceChildren(
    el('p', { class: 'group-line' }, 'group ', el('b', { text: g.name }), ` · leader ${g.leader || '(election under way)'}`
      + ` · term ${g.term} · applied ${known(g.lastApplied)}`),
    el('table', { class: 'group-members' },
      el('thead', {}, el('tr', {}, ...['member', 'role', 'address', 'commit index', 'lag'].map(h => el('th', { text: h })))),
      el('tbody', {}, ...rows)));
}

function openStream() {
  if (state.stream) return;
  const stream = new EventSource('api/events');
  state.stream = stream;
  stream.addEventListener('open', () => { $('#stream-state').textContent = 'live: one update a second'; });
  stream.addEventListener('error', () => {
    $('#stream-state').textContent = 'live stream interrupted; reconnecting (no update is lost)…';
  });
  stream.addEventListener('tick', event => onTick(JSON.parse(event.data), event.lastEventId));
}

function onTick(tick, id) {
  if (!state.firstTickAt) state.firstTickAt = performance.now(); // ms since the page's navigation started
  state.lastEventId = id;
  state.ticks++;
  const t = Date.parse(tick.time) / 1000;
  for (const n of tick.nodes) {
    const s = nodeState(n.server);
    s.times = s.times || [];
    s.times.push(t);
    COLUMNS.forEach((name, i) => s.data[i].push(n.up && n[name] !== undefined ? n[name] : null));
    while (s.times.length && s.times[0] < t - KEPT_SECONDS) { s.times.shift(); s.data.forEach(col => col.shift()); }
    const wasUp = s.up;
    s.up = n.up;
    if (wasUp !== null && wasUp !== n.up) loadNodes().catch(() => {});
    if (!n.up) renderFacts(s, { up: false, downSince: n.downSince, error: n.error });
    if (!n.up) {
      for (const metric of ['requests', 'writes', 'reads', 'bytesWritten', 'bytesRead', 'p50', 'p99', 'sessions']) setReadout(s, metric, '–');
      continue;
    }
    setReadout(s, 'requests', fmtRate(n.requestsPerSecond));
    setReadout(s, 'writes', fmtRate(n.writesPerSecond));
    setReadout(s, 'reads', fmtRate(n.readsPerSecond));
    setReadout(s, 'bytesWritten', fmtBytes(n.bytesWrittenPerSecond) + '/s');
    setReadout(s, 'bytesRead', fmtBytes(n.bytesReadPerSecond) + '/s');
    setReadout(s, 'p50', fmtMillis(n.p50Millis));
    setReadout(s, 'p99', fmtMillis(n.p99Millis));
    setReadout(s, 'sessions', String(n.sessions));
    if (state.tab === 'overview' && state.ticks % GROUP_EVERY_TICKS === 0) loadGroup(s).catch(() => {});
    if (state.tab === 'sessions' && state.sessionsSeen.get(n.server) !== n.sessions) loadSessions();
    state.sessionsSeen.set(n.server, n.sessions);
  }
  if (tick.tier) {
    const tier = state.tier;
    tier.times.push(t);
    [tick.tier.localHitsPerSecond, tick.tier.clusterHitsPerSecond, tick.tier.serverReadsPerSecond].forEach((v, i) => tier.data[i].push(v));
    while (tier.times.length && tier.times[0] < t - KEPT_SECONDS) { tier.times.shift(); tier.data.forEach(c => c.shift()); }
  }
  if (state.tab === 'overview') redrawCharts();
  if (state.tab === 'cache') redrawTierChart();
}

function setReadout(s, metric, text) {
  const b = s.card.querySelector(`b[data-metric="${metric}"]`);
  if (b) b.textContent = text;
}

function redrawCharts() {
  for (const s of state.nodes.values()) {
    if (!s.times) continue;
    for (const chart of s.charts) chart.setData([s.times, ...chart.columns.map(c => s.data[c])]);
  }
}

// ---- Sessions.
async function loadSessions() {
  const box = $('#session-lists');
  const blocks = [];
  for (const server of state.nodes.keys()) {
    const block = el('div', { 'data-server': server }, el('h2', { text: server }));
    try {
      const sessions = await api('GET', `api/nodes/${encodeURIComponent(server)}/sessions`);
      if (!sessions.length) block.append(el('p', { class: 'muted', text: 'No sessions.' }));
      else block.append(sessionTable(server, sessions));
    } catch (e) {
      block.append(el('p', { class: 'error', text: 'Cannot list the sessions: ' + e.message }));
    }
    blocks.push(block);
  }
  box.replaceChildren(...blocks);
}

function sessionTable(server, sessions) {
  const body = el('tbody');
  const mayEnd = state.me && state.me.role !== 'viewer';
  for (const s of sessions) {
    const end = el('button', { type: 'button', class: 'end-session danger', text: 'End session' });
    end.addEventListener('click', () => endSession(server, s));
    const channels = el('ul', { class: 'channels' });
    for (const c of s.channels) channels.append(el('li', { class: 'channel-path', text: c.path + ' (' + c.mode + ')' }));
    body.append(el('tr', { 'data-session': String(s.id) },
      el('td', { class: 'num', text: String(s.id) }), el('td', { text: s.user + (s.admin ? ' (admin)' : '') }),
      el('td', { text: s.remoteAddress }), el('td', { text: fmtTime(s.loggedIn) }),
      el('td', { text: fmtDuration(durationMillis(s.idle)) }), el('td', {}, s.channels.length ? channels : '–'),
      el('td', {}, mayEnd ? end : '')));
  }
  const head = el('thead', {}, el('tr', {}, ...['Id', 'User', 'Address', 'Logged in', 'Idle', 'Open files', ''].map(h => el('th', { text: h }))));
  return el('table', { class: 'sessions' }, head, body);
}

async function endSession(server, s) {
  const text = `End session ${s.id} of ${s.user} (${s.remoteAddress}) on ${server}? Its ${s.channels.length} open files `
    + 'are closed and its next call fails; the client may log in again.';
  const reason = await confirmDialog(text, 'Reason (the client is told)');
  if (reason === null) return;
  try {
    await api('POST', `api/nodes/${encodeURIComponent(server)}/sessions/${s.id}/end`, { reason });
    toast(`Session ${s.id} ended.`);
  } catch (e) {
    toast('Cannot end the session: ' + e.message);
  }
  await loadSessions();
}

/**
 * A modal question; resolves to the text typed (when inputLabel names a field) or '' when confirmed, null when
 * cancelled.
 */
function confirmDialog(text, inputLabel, initial = '') {
  const dialog = $('#confirm-dialog');
  $('#confirm-text').textContent = text;
  $('#confirm-reason-label').hidden = !inputLabel;
  $('#confirm-label').textContent = inputLabel || '';
  $('#confirm-reason').value = initial;
  dialog.showModal();
  return new Promise(resolve => {
    let answer = null; // Esc closes the dialog too: that is a cancel
    $('#confirm-ok').onclick = () => { answer = $('#confirm-reason').value.trim(); dialog.close(); };
    $('#confirm-cancel').onclick = () => dialog.close();
    dialog.onclose = () => resolve(answer);
  });
}

// ---- Files: browse, download, and (operator) upload, make folders, rename, remove.
state.folder = '';
const joinPath = (dir, name) => dir ? dir + '/' + name : name;

async function loadFiles(folder = state.folder) {
  const server = $('#files-server').value;
  const message = $('#files-message');
  try {
    const listing = await api('GET', `api/nodes/${encodeURIComponent(server)}/files?${new URLSearchParams({ path: folder })}`);
    state.folder = folder;
    renderBreadcrumbs(folder);
    renderFiles(server, listing.entries);
    message.className = 'muted';
    message.textContent = listing.entries.length ? '' : 'This folder is empty.';
  } catch (e) {
    message.className = 'error';
    message.textContent = 'Cannot list ' + (folder || 'the root') + ': ' + e.message;
  }
}

function renderBreadcrumbs(folder) {
  const parts = folder ? folder.split('/') : [];
  const crumbs = [el('button', { type: 'button', text: '/ (root)' })];
  crumbs[0].addEventListener('click', () => loadFiles(''));
  parts.forEach((part, i) => {
    const b = el('button', { type: 'button', text: part });
    b.addEventListener('click', () => loadFiles(parts.slice(0, i + 1).join('/')));
    crumbs.push(el('span', { class: 'muted', text: '/' }), b);
  });
  $('#breadcrumbs').replaceChildren(...crumbs);
}

function renderFiles(server, entries) {
  const mayChange = state.me && state.me.role !== 'viewer';
  $('#files-table tbody').replaceChildren(...entries.map(f => {
    const path = joinPath(state.folder, f.name);
    const dir = f.type === 'DIRECTORY';
    const name = dir ? el('button', { type: 'button', class: 'dir', text: f.name + '/' }) : el('span', { text: f.name });
    if (dir) name.addEventListener('click', () => loadFiles(path));
    const actions = el('td');
    if (!dir) {
      const download = el('a', { href: `api/nodes/${encodeURIComponent(server)}/files/download?${new URLSearchParams({ path })}`,
                                 download: f.name, text: 'Download' });
      actions.append(download, ' ');
    }
    const history = el('button', { type: 'button', text: 'History' });
    history.addEventListener('click', () => { $('#history-path').value = path; $('#history-subtree').checked = dir; showTab('history'); loadHistory(); });
    actions.append(history);
    if (mayChange) {
      const rename = el('button', { type: 'button', class: 'rename', text: 'Rename' });
      rename.addEventListener('click', () => renameFile(server, path));
      const remove = el('button', { type: 'button', class: 'remove danger', text: 'Remove' });
      remove.addEventListener('click', () => removeFile(server, path, dir));
      actions.append(rename, remove);
    }
    return el('tr', { 'data-name': f.name }, el('td', {}, name), el('td', { class: 'num', text: dir ? '' : fmtBytes(f.size) }),
      el('td', { text: fmtTime(f.modified) }), el('td', { class: 'num', text: String(f.version) }), actions);
  }));
}

async function fileChange(what, call) {
  try {
    await call();
    toast(what);
  } catch (e) {
    toast('Refused: ' + e.message);
  }
  await loadFiles();
}

async function renameFile(server, path) {
  const to = await confirmDialog(`Rename ${path} on ${server} to:`, 'New path', path);
  if (!to || to === path) return;
  await fileChange(`Renamed ${path} to ${to}.`, () => api('POST', `api/nodes/${encodeURIComponent(server)}/files/rename`, { from: path, to }));
}

async function removeFile(server, path, dir) {
  if (await confirmDialog(`Remove ${dir ? 'the empty folder' : 'the file'} ${path} on ${server}? The journal keeps it: `
      + 'a rollback brings it back.', null) === null) return;
  await fileChange(`Removed ${path}.`, () => api('POST', `api/nodes/${encodeURIComponent(server)}/files/remove`, { path }));
}

async function makeFolder() {
  const name = $('#mkdir-name').value.trim();
  if (!name) return;
  const server = $('#files-server').value;
  await fileChange(`Made the folder ${name}.`, () => api('POST', `api/nodes/${encodeURIComponent(server)}/files/mkdir`,
    { path: joinPath(state.folder, name) }));
  $('#mkdir-name').value = '';
}

// fetch() cannot report upload progress; XMLHttpRequest can.
function upload() {
  const file = $('#upload-file').files[0];
  if (!file) return;
  const server = $('#files-server').value;
  const path = joinPath(state.folder, file.name);
  const progress = $('#upload-progress'), label = $('#upload-state');
  const xhr = new XMLHttpRequest();
  xhr.open('PUT', `api/nodes/${encodeURIComponent(server)}/files/upload?${new URLSearchParams({ path })}`);
  xhr.setRequestHeader('X-CSRF-Token', state.me.csrfToken);
  xhr.setRequestHeader('Content-Type', 'application/octet-stream');
  progress.hidden = false;
  progress.value = 0;
  xhr.upload.onprogress = e => {
    if (e.lengthComputable) {
      progress.value = e.loaded / e.total;
      label.textContent = `${fmtBytes(e.loaded)} of ${fmtBytes(e.total)}`;
    }
  };
  xhr.onload = () => {
    progress.value = 1;
    label.textContent = xhr.status === 200 ? `Uploaded ${file.name} (${fmtBytes(file.size)}).`
      : `Upload refused: ${(() => { try { return JSON.parse(xhr.responseText).error; } catch { return 'HTTP ' + xhr.status; } })()}`;
    label.className = xhr.status === 200 ? 'muted upload-done' : 'error upload-done';
    loadFiles();
  };
  xhr.onerror = () => { label.textContent = 'The upload broke off.'; label.className = 'error upload-done'; };
  label.className = 'muted';
  xhr.send(file);
}

// ---- History: the timeline, and rolling back with a preview.
async function loadHistory(event) {
  event?.preventDefault();
  const server = $('#history-server').value;
  const params = new URLSearchParams({ path: $('#history-path').value.trim(), subtree: $('#history-subtree').checked });
  if ($('#history-from').value.trim()) params.set('from', $('#history-from').value.trim());
  if ($('#history-to').value.trim()) params.set('to', $('#history-to').value.trim());
  const message = $('#history-message');
  try {
    const entries = await api('GET', `api/nodes/${encodeURIComponent(server)}/history?${params}`);
    renderHistory(entries);
    message.className = 'muted';
    message.textContent = entries.length ? entries.length + ' journal entries, oldest first.' : 'No journal entries in that span.';
  } catch (e) {
    message.className = 'error';
    message.textContent = 'Cannot read the journal: ' + e.message;
  }
}

function renderHistory(entries) {
  const timeline = $('#timeline');
  timeline.replaceChildren();
  if (entries.length) {
    const first = Date.parse(entries[0].time), last = Date.parse(entries[entries.length - 1].time);
    const span = Math.max(1, last - first);
    for (const e of entries) {
      const dot = el('span', { class: isFileChange(e) ? 'change' : 'namespace', title: e.op + ' ' + e.path + ' at ' + fmtTime(e.time) });
      dot.style.left = (2 + 96 * (Date.parse(e.time) - first) / span) + '%';
      timeline.append(dot);
    }
  }
  const body = $('#history-table tbody');
  body.replaceChildren(...entries.map(e => {
    const button = el('button', { type: 'button', class: 'rollback', 'data-seq': String(e.seq), text: 'Roll back to before this' });
    button.addEventListener('click', () => previewRollback(e));
    return el('tr', { 'data-seq': String(e.seq) },
      el('td', { text: fmtPrecise(e.time) }), el('td', { text: e.user }), el('td', { text: e.op }),
      el('td', { class: 'path', text: e.path + (e.path2 ? ' → ' + e.path2 : '') }),
      el('td', { class: 'num', text: isFileChange(e) ? `${e.offset}–${e.offset + e.length}` : '' }),
      el('td', { class: 'num', text: isFileChange(e) ? `${e.oldSize} → ${e.newSize}` : '' }),
      el('td', { text: e.outcome || '' }), el('td', {}, button));
  }));
  $('#history-table').hidden = !entries.length;
  renderDiff(entries);
}

/**
 * The diff between the span's two instants for one file: the byte ranges its writes and truncates touched (a write's
 * bytes and any gap it filled with zeros; a truncate's cut or growth), joined where they overlap or touch.
 */
function renderDiff(entries) {
  const path = $('#history-path').value.trim().replace(/^\/+|\/+$/g, '');
  const changes = entries.filter(e => isFileChange(e) && e.path === path && (e.outcome || 'OK') === 'OK');
  $('#diff').hidden = $('#history-subtree').checked || !path;
  const ranges = changes.map(e => e.op === 'WRITE'
    ? [Math.min(e.offset, e.oldSize), e.offset + e.length]
    : [Math.min(e.oldSize, e.newSize), Math.max(e.oldSize, e.newSize)]).filter(r => r[1] > r[0]);
  ranges.sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else merged.push([r[0], r[1]]);
  }
  const total = merged.reduce((n, r) => n + r[1] - r[0], 0);
  const span = `${$('#history-from').value.trim() || 'the journal\'s start'} and ${$('#history-to').value.trim() || 'now'}`;
  $('#diff-summary').textContent = `Between ${span}: ${total} bytes of ${path} changed in ${merged.length} range${merged.length === 1 ? '' : 's'}.`;
  $('#diff-ranges').replaceChildren(...merged.map(r => el('li', { text: `bytes ${r[0]}–${r[1]} (${r[1] - r[0]})` })));
  $('#diff-text').hidden = true;
  $('#diff-text-state').textContent = '';
}

const isFileChange = e => e.op === 'WRITE' || e.op === 'TRUNCATE';

let pendingRollback = null;
async function previewRollback(entry) {
  const server = $('#history-server').value;
  const path = $('#history-path').value.trim();
  const subtree = $('#history-subtree').checked;
  pendingRollback = { server, path, subtree, to: entry.time };
  const dialog = $('#rollback-dialog');
  $('#rollback-error').textContent = '';
  $('#rollback-preview').replaceChildren();
  $('#rollback-summary').textContent = 'Loading what will change…';
  dialog.showModal();
  try {
    const params = new URLSearchParams({ path, subtree, to: entry.time });
    const undone = await api('GET', `api/nodes/${encodeURIComponent(server)}/rollback-preview?${params}`);
    $('#rollback-summary').textContent = `Rolling ${path}${subtree ? ' and everything under it' : ''} on ${server} back to `
      + `${fmtPrecise(entry.time)} undoes these ${undone.length} changes, newest first:`;
    $('#rollback-preview').replaceChildren(...undone.slice().reverse().map(e => el('li', {
      text: `${fmtPrecise(e.time)} ${e.user} ${e.op} ${e.path}` + (isFileChange(e) ? ` bytes ${e.offset}–${e.offset + e.length}` : '') })));
  } catch (e) {
    $('#rollback-error').textContent = 'Cannot preview: ' + e.message;
  }
}

async function confirmRollback() {
  const r = pendingRollback;
  try {
    const result = await api('POST', `api/nodes/${encodeURIComponent(r.server)}/rollback`, { path: r.path, subtree: r.subtree, to: r.to });
    $('#rollback-dialog').close();
    toast(`Rolled back: ${result.undone} journal entries undone.`);
    await loadHistory();
  } catch (e) {
    $('#rollback-error').textContent = e.status === 403 ? 'Refused: ' + e.message : 'Rollback failed: ' + e.message;
  }
}

// ---- Cache: where pages come from, with each ratio's definition; the data grid's members.
state.tier = { times: [], data: [[], [], []], chart: null };

function redrawTierChart() {
  const tier = state.tier;
  if (!tier.chart) {
    tier.chart = makeChart($('#tier-chart'), [['local hits', 0], ['cluster hits', 1], ['node reads', 2]], fmtRate);
  }
  tier.chart.setData([tier.times, ...tier.chart.columns.map(c => tier.data[c])]);
}

const percent = (part, whole) => whole > 0 ? (100 * part / whole).toFixed(1) + ' %' : '–';
function figure(name, value, definition) {
  return el('div', {}, el('dt', { text: name }), el('dd', { text: value }),
    definition ? el('span', { class: 'definition', text: definition }) : '');
}

async function loadCache() {
  redrawTierChart();
  let view;
  try {
    view = await api('GET', 'api/cache');
  } catch (e) {
    $('#tier-figures').replaceChildren(figure('error', e.message));
    return;
  }
  const t = view.tiers, c = view.cache;
  const pages = t.localHits + t.clusterHits + t.serverReads;
  $('#tier-figures').replaceChildren(
    figure('local hit ratio', percent(t.localHits, pages), 'local hits ÷ all pages served (local hits + cluster hits + node reads)'),
    figure('cluster hit ratio', percent(t.clusterHits, t.clusterHits + t.serverReads),
      'cluster hits ÷ pages the local cache missed (cluster hits + node reads): how much the shared tier spared the nodes'),
    figure('served without a node', percent(t.localHits + t.clusterHits, pages), '(local hits + cluster hits) ÷ all pages served'),
    figure('local hits', String(t.localHits)), figure('cluster hits', String(t.clusterHits)),
    figure('node reads', String(t.serverReads), 'pages read from a node: both caches missed, or read ahead'),
    figure('published to the grid', String(t.published)), figure('grid errors', String(t.clusterErrors),
      'shared-tier lookups or additions that failed or timed out (the page then came from the node)'),
    figure('shared pages on this member', `${t.sharedPagesOnMember} (${fmtBytes(t.sharedBytesOnMember)})`));
  $('#cache-figures').replaceChildren(
    figure('hit ratio', percent(c.hits, c.hits + c.misses), 'hits ÷ page lookups (hits + misses) in this server\'s RAM cache'),
    figure('hits', String(c.hits)), figure('misses', String(c.misses)), figure('evictions', String(c.evictions)),
    figure('write-backs', String(c.writeBacks), 'dirty pages pushed to a node'),
    figure('invalidations', String(c.invalidations), 'pages dropped because a node said another client changed them'),
    figure('held now', `${c.pagesCached} pages (${fmtBytes(c.bytesCached)})`));
  const grid = view.grid;
  $('#grid-state').textContent = grid.error ? grid.error : `Cluster ${grid.cluster}: ${grid.members.length} members.`;
  $('#grid-table tbody').replaceChildren(...grid.members.map(m => el('tr', {},
    el('td', { text: m.address }), el('td', { class: 'muted', text: m.uuid }), el('td', { text: m.thisMember ? 'this server' : '' }))));
}

// ---- Users of a node: list; (admin) add, reset a secret, disable, enable.
async function loadUsers() {
  const server = $('#users-server').value;
  const message = $('#users-message');
  try {
    const users = await api('GET', `api/nodes/${encodeURIComponent(server)}/users`);
    const isAdmin = state.me && state.me.role === 'admin';
    $('#users-table tbody').replaceChildren(...users.map(u => {
      const actions = el('td');
      if (isAdmin) {
        const reset = el('button', { type: 'button', class: 'reset', text: 'New secret' });
        reset.addEventListener('click', () => putUser(server, u.name, u.admin));
        const toggle = el('button', { type: 'button', class: u.enabled ? 'disable danger' : 'enable', text: u.enabled ? 'Disable' : 'Enable' });
        toggle.addEventListener('click', () => enableUser(server, u.name, !u.enabled));
        actions.append(reset, toggle);
      }
      return el('tr', { 'data-user': u.name }, el('td', { text: u.name }), el('td', { text: u.admin ? 'admin' : 'user' }),
        el('td', { class: u.enabled ? '' : 'error', text: u.enabled ? 'enabled' : 'disabled' }), actions);
    }));
    message.textContent = '';
  } catch (e) {
    message.className = 'error';
    message.textContent = 'Cannot list the users: ' + e.message;
  }
}

async function putUser(server, name, admin) {
  try {
    const answer = await api('POST', `api/nodes/${encodeURIComponent(server)}/users`, { name, admin });
    $('#secret-user').textContent = answer.name;
    $('#secret-server').textContent = server;
    $('#new-secret').textContent = answer.secret;
    $('#secret-dialog').showModal();
  } catch (e) {
    toast('Refused: ' + e.message);
  }
  await loadUsers();
}

async function enableUser(server, name, enabled) {
  if (!enabled && await confirmDialog(`Disable ${name} on ${server}? Its sessions end now and it cannot log in until enabled.`,
      null) === null) return;
  try {
    await api('POST', `api/nodes/${encodeURIComponent(server)}/users/${encodeURIComponent(name)}/enable`, { enabled });
    toast(`${name} ${enabled ? 'enabled' : 'disabled'}.`);
  } catch (e) {
    toast('Refused: ' + e.message);
  }
  await loadUsers();
}

// ---- A text file at the span's two instants, line by line (the node rebuilds each version from its journal).
async function showTextDiff() {
  const server = $('#history-server').value;
  const path = $('#history-path').value.trim();
  const params = new URLSearchParams({ path });
  if ($('#history-from').value.trim()) params.set('from', $('#history-from').value.trim());
  if ($('#history-to').value.trim()) params.set('to', $('#history-to').value.trim());
  const state = $('#diff-text-state'), out = $('#diff-text');
  out.hidden = true;
  try {
    const d = await api('GET', `api/nodes/${encodeURIComponent(server)}/text-diff?${params}`);
    if (d.before.text === null || d.after.text === null) {
      state.textContent = 'Not text (binary or not UTF-8): the changed byte ranges above are the diff.';
      return;
    }
    const lines = diffLines(d.before.existed ? d.before.text.split('\n') : [], d.after.existed ? d.after.text.split('\n') : []);
    if (!lines) {
      state.textContent = 'Too many lines to compare here; the changed byte ranges above are the diff.';
      return;
    }
    out.replaceChildren(...lines.map(([kind, text]) => el('span', { class: kind, text: (kind === 'add' ? '+ ' : kind === 'del' ? '- ' : '  ') + text })));
    out.hidden = false;
    const added = lines.filter(l => l[0] === 'add').length, removed = lines.filter(l => l[0] === 'del').length;
    state.textContent = `${d.before.existed ? fmtBytes(d.before.size) : 'did not exist'} → `
      + `${d.after.existed ? fmtBytes(d.after.size) : 'did not exist'}: ${added} lines added, ${removed} removed.`;
  } catch (e) {
    state.textContent = 'Cannot show it as text: ' + e.message;
  }
}

/** Line diff by longest common subsequence: [['same'|'del'|'add', line], ...]; null past 4 million cells. */
function diffLines(a, b) {
  if (a.length * b.length > 4e6) return null;
  const n = a.length, m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out = [];
  let i = 0, j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) { out.push(['same', a[i]]); i++; j++; }
    else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push(['del', a[i++]]);
    else out.push(['add', b[j++]]);
  }
  while (i < n) out.push(['del', a[i++]]);
  while (j < m) out.push(['add', b[j++]]);
  return out;
}

// ---- Replay onto a backup folder, with its progress (the job's state, asked twice a second while it runs).
async function startReplay(event) {
  event.preventDefault();
  const server = $('#history-server').value;
  const label = $('#replay-state'), progress = $('#replay-progress');
  label.className = 'muted';
  try {
    let job = await api('POST', `api/nodes/${encodeURIComponent(server)}/replays`, {
      path: $('#history-path').value.trim(),
      folder: $('#replay-folder').value.trim(), from: $('#replay-from').value.trim(), until: $('#replay-until').value.trim() });
    progress.hidden = false;
    progress.removeAttribute('value'); // how many entries there are is not known ahead
    while (job.state === 'running') {
      label.textContent = `replaying: ${job.entriesSeen} journal entries gone through`;
      await new Promise(resolve => setTimeout(resolve, 500));
      job = await api('GET', `api/nodes/${encodeURIComponent(server)}/replays/${job.id}`);
    }
    progress.value = 1;
    progress.max = 1;
    label.className = job.state === 'done' ? 'muted replay-done' : 'error replay-done';
    label.textContent = job.state === 'done'
      ? `done: ${job.entriesApplied} changes applied (${fmtBytes(job.bytesWritten)} written) onto ${job.folder}`
      : `failed: ${job.message}`;
  } catch (e) {
    label.className = 'error replay-done';
    label.textContent = 'Refused: ' + e.message;
  }
}

// ---- Audit.
async function loadAudit() {
  const entries = await api('GET', 'api/audit');
  $('#audit-table tbody').replaceChildren(...entries.map(e => el('tr', {},
    el('td', { text: fmtTime(e.time) }), el('td', { text: e.user }), el('td', { text: e.action }),
    el('td', { text: e.target }), el('td', { class: e.outcome.startsWith('done') ? '' : 'error', text: e.outcome }))));
}

function toast(text) {
  const t = $('#toast');
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, 5000);
}

// ---- Wiring.
document.addEventListener('DOMContentLoaded', async () => {
  $('#login-form').addEventListener('submit', async event => {
    event.preventDefault();
    try {
      const form = new URLSearchParams({ user: $('#login-user').value, password: $('#login-password').value });
      await loggedIn(await api('POST', 'api/login', form));
    } catch (e) {
      showLogin(e.status === 401 ? 'Wrong user name or password.' : 'Cannot log in: ' + e.message);
    }
  });
  $('#logout').addEventListener('click', async () => { await api('POST', 'api/logout').catch(() => {}); showLogin(); });
  for (const b of document.querySelectorAll('#tabs button')) b.addEventListener('click', () => showTab(b.dataset.tab));
  $('#sessions-refresh').addEventListener('click', loadSessions);
  $('#audit-refresh').addEventListener('click', loadAudit);
  $('#history-form').addEventListener('submit', loadHistory);
  $('#files-server').addEventListener('change', () => loadFiles(''));
  $('#mkdir').addEventListener('click', makeFolder);
  $('#upload').addEventListener('click', upload);
  $('#users-server').addEventListener('change', loadUsers);
  $('#replay-form').addEventListener('submit', startReplay);
  $('#diff-text-show').addEventListener('click', showTextDiff);
  $('#user-form').addEventListener('submit', event => {
    event.preventDefault();
    const name = $('#user-name').value.trim();
    if (name) putUser($('#users-server').value, name, $('#user-admin').checked).then(() => { $('#user-name').value = ''; });
  });
  $('#secret-close').addEventListener('click', () => { $('#new-secret').textContent = ''; $('#secret-dialog').close(); });
  $('#rollback-cancel').addEventListener('click', () => $('#rollback-dialog').close());
  $('#rollback-confirm').addEventListener('click', confirmRollback);
  try {
    await loggedIn(await api('GET', 'api/me'));
  } catch (e) {
    showLogin();
  }
});

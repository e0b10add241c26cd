// The report's only script, inlined as one constant block (its sha256 goes into the CSP, so it must not vary per
// report: all per-report data comes from the JSON block <script type="application/json" id="report-data">).
//
// It does three things, and builds DOM only with textContent/setAttribute/cloneNode, never from HTML strings:
// 1. the comparison chart's chooser: show/hide the series drawn server-side, give them colour slots, rescale the
//    y axis (a transform on the group of paths plus new tick labels), place end labels without collisions, and
//    read values under the pointer;
// 2. the evidence dialog: clicking a technology name opens a copy of its server-rendered example ads;
// 3. nothing else — the page is complete without it.
//
// Written as ES2020 for any current browser; kept in sync with niceMax() and fmtPct() on the server.

export const CLIENT_SCRIPT = `(function () {
'use strict';
var doc = document;
function byId(id) { return doc.getElementById(id); }
function each(list, fn) { Array.prototype.forEach.call(list, fn); }
var MONTHS = ['Jan','Feb','Mar','Apr','May','Jun','Jul','Aug','Sep','Oct','Nov','Dec'];
function fmtMonth(m) { var p = /^(\\d{4})-(\\d{2})$/.exec(m); return p ? MONTHS[Number(p[2]) - 1] + ' ' + p[1] : String(m); }
function fmtPct(v) { var p = v * 100; return (Math.abs(p) < 9.95 ? p.toFixed(1) : p.toFixed(0)) + '%'; }
function fmtTick(v) { return String(Number((v * 100).toFixed(1))) + '%'; }
function niceMax(v) {
  if (!(v > 0)) return 0.01;
  var e = Math.pow(10, Math.floor(Math.log10(v)));
  var ms = [1, 2, 4, 6, 8, 10];
  for (var i = 0; i < ms.length; i++) if (ms[i] * e >= v - 1e-12) return Math.min(1, ms[i] * e);
  return 1;
}
function el(tag, cls, text) { var e = doc.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }

// ---------------------------------------------------------------- evidence dialog
var dlg = byId('ev-dialog');
if (dlg && typeof dlg.showModal === 'function') {
  var dlgBody = byId('ev-dialog-body');
  var dlgTitle = byId('ev-dialog-title');
  var dlgClose = byId('ev-dialog-close');
  doc.addEventListener('click', function (e) {
    var t = e.target;
    var a = t && t.closest ? t.closest('a[data-ev]') : null;
    if (!a) return;
    var det = byId(a.getAttribute('data-ev'));
    if (!det) return;
    e.preventDefault();
    var name = det.querySelector('.ev-name');
    var list = det.querySelector('.ev-list');
    dlgTitle.textContent = (name ? name.textContent : '') + ': example ads';
    dlgBody.replaceChildren(list ? list.cloneNode(true) : el('p', 'empty', 'No examples.'));
    if (dlg.open) dlg.close();
    dlg.showModal();
    dlgBody.scrollTop = 0;
    dlgClose.focus();
  });
  dlgClose.addEventListener('click', function () { dlg.close(); });
  dlg.addEventListener('click', function (e) { if (e.target === dlg) dlg.close(); });
}

// ---------------------------------------------------------------- comparison chart
var dataEl = byId('report-data');
var chart = byId('cmp-chart');
var D = null;
if (dataEl && chart) {
  try { D = JSON.parse(dataEl.textContent || 'null'); } catch (err) { D = null; }
  D = D && D.compare;
}
if (D && Array.isArray(D.series) && D.series.length) {
  var SLOTS = 8;
  var PLOT = 1000;
  var byTech = new Map();
  D.series.forEach(function (s) { byTech.set(s.tech, s); });
  var groups = new Map(), labels = new Map(), chips = new Map(), boxes = new Map();
  each(doc.querySelectorAll('#cmp-scale > g[data-tech]'), function (g) { groups.set(g.getAttribute('data-tech'), g); });
  each(doc.querySelectorAll('#cmp-labels > text[data-tech]'), function (t) { labels.set(t.getAttribute('data-tech'), t); });
  each(doc.querySelectorAll('#cmp-chooser input[type=checkbox][data-tech]'), function (b) {
    boxes.set(b.getAttribute('data-tech'), b);
    chips.set(b.getAttribute('data-tech'), b.closest('label'));
  });
  var scaleG = byId('cmp-scale');
  var rule = byId('cmp-rule');
  var readout = byId('cmp-readout');
  var yTicks = doc.querySelectorAll('#cmp-chart .ytick[data-frac]');
  var slotOf = new Map();
  var initial = [];
  boxes.forEach(function (b, tech) {
    if (!b.checked) return;
    var chip = chips.get(tech);
    var s = chip && chip.getAttribute('data-slot');
    slotOf.set(tech, s != null ? Number(s) : slotOf.size % SLOTS);
    initial.push(tech);
  });
  var yMax = D.drawnMax;

  function freeSlot() {
    var used = new Set(slotOf.values());
    for (var i = 0; i < SLOTS; i++) if (!used.has(i)) return i;
    return slotOf.size % SLOTS;
  }
  function setSlot(node, slot) {
    if (!node) return;
    if (slot == null) { node.removeAttribute('data-slot'); node.classList.add('is-off'); }
    else { node.setAttribute('data-slot', String(slot)); node.classList.remove('is-off'); }
  }
  function lastComplete(s) {
    for (var i = s.values.length - 1; i >= 0; i--) if (s.values[i] && !s.values[i][3]) return i;
    return -1;
  }
  function item(s, slot, text, note) {
    var it = el('span', 'ro-item');
    var sw = el('span', 'ro-swatch');
    sw.setAttribute('data-slot', String(slot));
    it.appendChild(sw);
    it.appendChild(doc.createTextNode(s.name + ' '));
    it.appendChild(el('b', null, text));
    if (note) { it.appendChild(doc.createTextNode(' ')); it.appendChild(el('small', null, note)); }
    return it;
  }
  function legend() {
    if (!readout) return;
    if (!slotOf.size) { readout.textContent = 'Choose one or more technologies to compare.'; return; }
    var parts = [];
    slotOf.forEach(function (slot, tech) {
      var s = byTech.get(tech);
      if (!s) return;
      var i = lastComplete(s);
      parts.push(item(s, slot, i >= 0 ? fmtPct(s.values[i][0]) : '\\u2013', i >= 0 ? fmtMonth(D.months[i]) : ''));
    });
    parts.push(el('span', 'ro-hint', 'Point at the chart to read any month.'));
    readout.replaceChildren.apply(readout, parts);
  }
  function lastValue(s) {
    for (var i = s.values.length - 1; i >= 0; i--) if (s.values[i]) return s.values[i][0];
    return null;
  }
  function placeLabels() {
    var h = chart.clientHeight || 300;
    var items = [];
    slotOf.forEach(function (slot, tech) {
      var s = byTech.get(tech), t = labels.get(tech);
      var v = s ? lastValue(s) : null;
      if (!t || v == null) return;
      items.push({ t: t, y: (1 - v / yMax) * h });
    });
    items.sort(function (a, b) { return a.y - b.y; });
    var gap = 15;
    for (var i = 1; i < items.length; i++) if (items[i].y - items[i - 1].y < gap) items[i].y = items[i - 1].y + gap;
    var over = items.length ? items[items.length - 1].y - (h + 4) : 0;
    if (over > 0) {
      items[items.length - 1].y -= over;
      for (var j = items.length - 2; j >= 0; j--) if (items[j + 1].y - items[j].y < gap) items[j].y = items[j + 1].y - gap;
    }
    items.forEach(function (it) { it.t.setAttribute('y', it.y.toFixed(1)); });
  }
  function update() {
    var max = 0;
    byTech.forEach(function (s, tech) {
      var slot = slotOf.has(tech) ? slotOf.get(tech) : null;
      setSlot(groups.get(tech), slot);
      setSlot(labels.get(tech), slot);
      var chip = chips.get(tech);
      if (chip) { if (slot == null) chip.removeAttribute('data-slot'); else chip.setAttribute('data-slot', String(slot)); }
      var box = boxes.get(tech);
      if (box) box.checked = slot != null;
      if (slot != null && s.max > max) max = s.max;
    });
    yMax = max > 0 ? niceMax(max) : D.drawnMax;
    var k = D.drawnMax / yMax;
    scaleG.setAttribute('transform', 'translate(0 ' + (PLOT * (1 - k)).toFixed(2) + ') scale(1 ' + k.toFixed(5) + ')');
    each(yTicks, function (t) { t.textContent = fmtTick(Number(t.getAttribute('data-frac')) * yMax); });
    placeLabels();
    legend();
  }
  boxes.forEach(function (b, tech) {
    b.addEventListener('change', function () {
      if (b.checked) { if (!slotOf.has(tech)) slotOf.set(tech, freeSlot()); }
      else slotOf.delete(tech);
      update();
    });
  });
  var clearBtn = byId('cmp-clear');
  if (clearBtn) clearBtn.addEventListener('click', function () { slotOf.clear(); update(); });
  var resetBtn = byId('cmp-reset');
  if (resetBtn) resetBtn.addEventListener('click', function () {
    slotOf.clear();
    initial.forEach(function (tech, i) { slotOf.set(tech, i % SLOTS); });
    update();
  });
  var filter = byId('cmp-filter');
  if (filter) filter.addEventListener('input', function () {
    var q = filter.value.trim().toLowerCase();
    var shown = 0;
    chips.forEach(function (chip) {
      if (!chip) return;
      var hide = q !== '' && chip.textContent.toLowerCase().indexOf(q) < 0;
      chip.classList.toggle('is-hidden', hide);
      if (!hide) shown++;
    });
    var none = byId('cmp-nomatch');
    if (none) {
      none.hidden = shown > 0;
      if (shown === 0) none.textContent = 'No technology in this list matches \u201c' + filter.value.trim() + '\u201d: the list holds the ' + chips.length + ' most asked-for in this report (every one with at least 10 ads).';
    }
  });
  function showAt(clientX) {
    if (!readout || !slotOf.size) return;
    var r = chart.getBoundingClientRect();
    var n = D.months.length;
    var fx = Math.min(1, Math.max(0, (clientX - r.left) / Math.max(1, r.width)));
    var i = n > 1 ? Math.round(fx * (n - 1)) : 0;
    var x = n > 1 ? (i / (n - 1)) * PLOT : PLOT / 2;
    rule.setAttribute('x1', String(x));
    rule.setAttribute('x2', String(x));
    rule.classList.remove('is-off');
    var parts = [el('b', null, fmtMonth(D.months[i]) + ' ')];
    var rows = [];
    slotOf.forEach(function (slot, tech) {
      var s = byTech.get(tech);
      var v = s && s.values[i];
      rows.push({ s: s, v: v, slot: slot });
    });
    rows.sort(function (a, b) { return (b.v ? b.v[0] : -1) - (a.v ? a.v[0] : -1); });
    rows.forEach(function (row) {
      var v = row.v;
      parts.push(item(row.s, row.slot, v ? fmtPct(v[0]) : '\\u2013', v ? fmtPct(v[1]).replace('%', '') + '\\u2013' + fmtPct(v[2]) + (v[3] ? ', partial month' : '') : ''));
    });
    readout.replaceChildren.apply(readout, parts);
  }
  chart.addEventListener('pointermove', function (e) { showAt(e.clientX); });
  chart.addEventListener('pointerdown', function (e) { showAt(e.clientX); });
  chart.addEventListener('pointerleave', function () {
    rule.classList.add('is-off');
    legend();
  });
  window.addEventListener('resize', placeLabels);
  update();
}
})();`;

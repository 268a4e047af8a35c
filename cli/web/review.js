// The review page's script: loads the queue from the JSON API, shows one
// article with its matched spans, and sends decisions with the per-run token.
// Every piece of feed text goes into the page through textContent only.
'use strict';

(() => {
  const token = document.querySelector('meta[name="chipwire-token"]').content;
  const ACTION_TYPES = ['export_control', 'export_license', 'import_approval', 'import_restriction', 'entity_list',
    'sanction', 'tariff', 'investigation', 'subsidy', 'legislation', 'investment_restriction'];
  const MODALITIES = ['asserted', 'planned', 'denied'];

  const view = { items: [], index: -1, detail: null, busy: false, loadSeq: 0 };
  const $ = (id) => document.getElementById(id);

  // el('li', {class: 'x', text: 'y', dataset: {id: 1}}, child...): text is set with textContent.
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function say(message, kind) {
    const status = $('status');
    status.textContent = message;
    status.className = kind || '';
  }

  async function api(path, options) {
    const response = await fetch(path, Object.assign({ credentials: 'same-origin', cache: 'no-store' }, options));
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    if (!response.ok) throw new Error((body && body.error) || `${response.status} ${response.statusText}`);
    return body;
  }

  function shortDate(iso) { return iso ? iso.slice(0, 10) : ''; }

  function badge(text, kind) { return el('span', { class: `badge ${kind || ''}`, text }); }

  // ---- the queue ----

  function listQuery() {
    const params = new URLSearchParams({ state: $('state-filter').value });
    if ($('reason-filter').value) params.set('reason', $('reason-filter').value);
    return `/api/items?${params}`;
  }

  function fillReasons(reasons) {
    const select = $('reason-filter');
    const chosen = select.value;
    clear(select);
    select.append(el('option', { value: '', text: 'any reason' }));
    for (const reason of reasons) select.append(el('option', { value: reason, text: reason.replaceAll('_', ' ') }));
    if (chosen && !reasons.includes(chosen)) select.append(el('option', { value: chosen, text: chosen.replaceAll('_', ' ') }));
    select.value = chosen;
  }

  function renderCounts(counts) {
    const box = $('counts');
    clear(box);
    for (const state of ['open', 'accepted', 'rejected'])
      box.append(el('span', { class: `count ${state}` }, el('b', { text: String(counts[state] || 0) }), ` ${state}`));
  }

  function renderList() {
    const list = $('item-list');
    clear(list);
    view.items.forEach((item, i) => {
      const reasons = el('span', { class: 'reasons' });
      for (const reason of item.reasons) reasons.append(badge(reason.replaceAll('_', ' '), 'reason'));
      const li = el('li', {
        class: `item${i === view.index ? ' selected' : ''}`,
        dataset: { id: item.id, state: item.state },
        tabindex: '-1',
        'aria-current': i === view.index ? 'true' : null,
        onclick: () => select(i),
      },
      el('span', { class: 'item-title', text: item.title || '(no title)' }),
      el('span', { class: 'item-meta' }, badge(item.state, `state ${item.state}`), ` ${item.source} · ${shortDate(item.date)}`),
      reasons);
      list.append(li);
    });
    $('queue-empty').hidden = view.items.length !== 0;
  }

  // Reloads the queue; keeps `keepId` selected when it is still listed, else
  // the item now at the same position (the next one after a decision).
  async function loadList(keepId) {
    const seq = ++view.loadSeq;
    const data = await api(listQuery());
    if (seq !== view.loadSeq) return;
    view.items = data.items;
    $('reviewer').textContent = data.reviewer;
    renderCounts(data.counts);
    fillReasons(data.reasons);
    $('queue-summary').textContent = data.matched > data.items.length
      ? `${data.items.length} of ${data.matched} articles` : `${data.items.length} article${data.items.length === 1 ? '' : 's'}`;
    let index = keepId ? view.items.findIndex((item) => item.id === keepId) : -1;
    if (index < 0 && view.items.length) index = Math.min(Math.max(view.index, 0), view.items.length - 1);
    view.index = -1;
    renderList();
    if (index >= 0) await select(index);
    else showDetail(null);
  }

  async function select(index) {
    if (index < 0 || index >= view.items.length) return;
    view.index = index;
    for (const [i, li] of Array.from($('item-list').children).entries()) {
      li.classList.toggle('selected', i === index);
      if (i === index) { li.setAttribute('aria-current', 'true'); li.scrollIntoView({ block: 'nearest' }); }
      else li.removeAttribute('aria-current');
    }
    const id = view.items[index].id;
    history.replaceState(null, '', `#${id}`);
    try {
      const detail = await api(`/api/items/${id}`);
      if (view.items[view.index] && view.items[view.index].id === id) showDetail(detail);
    } catch (e) {
      say(`Could not load the article: ${e.message}`, 'error');
    }
  }

  // ---- one article ----

  function segmentsInto(node, segments) {
    clear(node);
    for (const segment of segments) {
      if (!segment.kind) { node.append(document.createTextNode(segment.text)); continue; }
      node.append(el('mark', { class: segment.kind, title: `${segment.kind} ${segment.name} (rule ${segment.rule})`, text: segment.text }));
    }
  }

  function safeLink(url) {
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.href;
    } catch (e) { /* not a URL */ }
    return null;
  }

  function showDetail(detail) {
    view.detail = detail;
    $('detail').hidden = !detail;
    $('detail-empty').hidden = !!detail;
    if (!detail) return;
    const meta = $('detail-meta');
    clear(meta);
    meta.append(badge(detail.state, `state ${detail.state}`));
    if (detail.reviewer) meta.append(el('span', { text: ` by ${detail.reviewer}` }));
    meta.append(el('span', { class: 'source', text: ` ${detail.source} · ${shortDate(detail.date)} · revision ${detail.article.revision}` }));
    const href = safeLink(detail.article.url);
    if (href) meta.append(' · ', el('a', { href, target: '_blank', rel: 'noopener noreferrer', text: 'open original' }));
    segmentsInto($('detail-title'), detail.article.title_segments);
    segmentsInto($('detail-text'), detail.article.text_segments);

    const flags = $('detail-flags');
    clear(flags);
    for (const flag of detail.flags) {
      flags.append(el('li', {}, badge(flag.reason.replaceAll('_', ' '), 'reason'),
        flag.detail ? ` ${flag.detail}` : '', flag.rule ? el('span', { class: 'rule', text: ` rule ${flag.rule}` }) : null));
    }

    const actions = $('detail-actions');
    clear(actions);
    $('no-actions').hidden = detail.actions.length !== 0;
    for (const action of detail.actions) actions.append(actionCard(action));

    const decisions = $('detail-decisions');
    clear(decisions);
    $('no-decisions').hidden = detail.decisions.length !== 0;
    for (const d of detail.decisions) {
      const fix = Object.entries(d.correction).map(([k, v]) => `${k}=${v || '(none)'}`).join(', ');
      decisions.append(el('li', {}, badge(d.verdict, `verdict ${d.verdict}`),
        ` ${d.action || 'whole article'}${fix ? ` → ${fix}` : ''} · ${d.by} · ${d.time.replace('T', ' ').replace('Z', ' UTC')}`,
        d.note ? el('q', { text: d.note }) : null));
    }
  }

  function field(label, value, wide) {
    return el('div', { class: wide ? 'field wide' : 'field' }, el('dt', { text: label }), el('dd', { text: value || '—' }));
  }

  function actionCard(action) {
    const decided = action.decision;
    const card = el('li', { class: `action${decided ? ` decided ${decided.verdict}` : ''}`, dataset: { key: action.key } });
    card.append(el('div', { class: 'action-head' },
      el('span', { class: 'action-type', text: action.type.replaceAll('_', ' ') }),
      badge(action.modality, `modality ${action.modality}`),
      decided ? badge(`${decided.verdict}ed by ${decided.by}`, `verdict ${decided.verdict}`) : null,
      action.held ? badge('held: an event once accepted', 'held') : null,
      el('span', { class: 'spacer' }),
      el('button', { type: 'button', class: 'accept small accept-action', onclick: () => decide({ verdict: 'accept', action: action.key }) }, 'Accept'),
      el('button', { type: 'button', class: 'reject small reject-action', onclick: () => decide({ verdict: 'reject', action: action.key }) }, 'Reject'),
      el('button', { type: 'button', class: 'ghost small', 'aria-expanded': 'false', onclick: (e) => toggleCorrect(card, e.currentTarget) }, 'Correct…')));
    card.append(el('dl', { class: 'fields' },
      field('actor', action.actor),
      field('companies', action.companies.join(', ')),
      field('chips', action.chips.join(', ')),
      field('target', action.target_country),
      field('confidence', action.confidence.toFixed(2)),
      field('rule', action.rule, true)));
    if (action.evidence) card.append(el('blockquote', { class: 'evidence', text: action.evidence }));
    card.append(correctForm(action));
    return card;
  }

  function options(values, chosen) {
    return values.map((v) => el('option', { value: v, selected: v === chosen ? '' : null, text: v.replaceAll('_', ' ') }));
  }

  function correctForm(action) {
    const type = el('select', { name: 'type' }, ...options(ACTION_TYPES.includes(action.type) ? ACTION_TYPES : [action.type, ...ACTION_TYPES], action.type));
    const actor = el('input', { name: 'actor', type: 'text', maxlength: '3', size: '4', value: action.actor || '', placeholder: 'none', autocomplete: 'off' });
    const modality = el('select', { name: 'modality' }, ...options(MODALITIES, action.modality));
    const form = el('form', { class: 'correct', hidden: '' },
      el('label', {}, 'type ', type), el('label', {}, 'actor ', actor), el('label', {}, 'modality ', modality),
      el('button', { type: 'submit', class: 'primary small' }, 'Save correction'));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const body = { verdict: 'correct', action: action.key };
      if (type.value !== action.type) body.type = type.value;
      const newActor = actor.value.trim().toUpperCase();
      if (newActor !== (action.actor || '')) body.actor = newActor;
      if (modality.value !== action.modality) body.modality = modality.value;
      if (Object.keys(body).length === 2) { say('Nothing changed: pick another type, actor or modality.', 'error'); return; }
      decide(body);
    });
    return form;
  }

  function toggleCorrect(card, button) {
    const form = card.querySelector('form.correct');
    form.hidden = !form.hidden;
    button.setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) form.querySelector('select').focus();
  }

  // ---- decisions ----

  async function decide(body) {
    const detail = view.detail;
    if (!detail || view.busy) return;
    view.busy = true;
    document.body.classList.add('busy');
    const note = $('note').value.trim();
    if (note) body.note = note;
    try {
      const updated = await api(`/api/items/${detail.id}/decision`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Chipwire-Token': token },
        body: JSON.stringify(body),
      });
      $('note').value = '';
      // A decision on the whole article moves on; one on a single action stays.
      const stays = body.action || $('state-filter').value === 'all' || $('state-filter').value === updated.state;
      await loadList(stays ? detail.id : null);
      const what = body.action ? `action ${body.action.split('|')[0].replaceAll('_', ' ')}` : 'article';
      say(`${body.verdict === 'correct' ? 'Corrected' : body.verdict === 'accept' ? 'Accepted' : 'Rejected'} ${what}: ${updated.title}`, 'ok');
    } catch (e) {
      say(`Not saved: ${e.message}`, 'error');
    } finally {
      view.busy = false;
      document.body.classList.remove('busy');
    }
  }

  // ---- wiring ----

  function typing(target) {
    return target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement;
  }

  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'Escape' && typing(e.target)) { e.target.blur(); return; }
    if (typing(e.target) || $('help').open) return;
    const keys = {
      j: () => select(view.index + 1),
      k: () => select(view.index - 1),
      a: () => decide({ verdict: 'accept' }),
      r: () => decide({ verdict: 'reject' }),
      n: () => $('note').focus(),
      '?': () => $('help').showModal(),
    };
    const run = keys[e.key];
    if (!run) return;
    e.preventDefault();
    run();
  });

  $('accept-article').addEventListener('click', () => decide({ verdict: 'accept' }));
  $('reject-article').addEventListener('click', () => decide({ verdict: 'reject' }));
  $('state-filter').addEventListener('change', () => { view.index = 0; loadList(null).catch((e) => say(e.message, 'error')); });
  $('reason-filter').addEventListener('change', () => { view.index = 0; loadList(null).catch((e) => say(e.message, 'error')); });
  $('help-button').addEventListener('click', () => $('help').showModal());
  $('help-close').addEventListener('click', () => $('help').close());

  const wanted = location.hash.length > 1 ? location.hash.slice(1) : null;
  loadList(wanted).then(() => say('j/k move · a accept · r reject · ? help'))
    .catch((e) => say(`Could not load the queue: ${e.message}`, 'error'));
})();

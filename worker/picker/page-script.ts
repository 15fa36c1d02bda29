/**
 * The page's script, inlined under the CSP nonce. Plain ES2020 for any current browser; it builds the DOM with
 * textContent only (display names come from the user's settings and are never parsed as HTML), updates rows in
 * place by key so a refresh never rebuilds or moves the list, and keeps the CSRF token it was served in a meta tag.
 * Written without template literals so it can live in this TypeScript string.
 */
export const PAGE_SCRIPT = String.raw`
(function () {
  'use strict'
  var csrf = document.querySelector('meta[name="codex-shim-csrf"]').getAttribute('content')
  var list = document.getElementById('model-list')
  var filter = document.getElementById('filter')
  var restart = document.getElementById('restart')
  var statusLine = document.getElementById('switch-status')
  var activeName = document.getElementById('active-name')
  var modelCount = document.getElementById('model-count')
  var liveState = document.getElementById('live-state')
  var since = document.getElementById('activity-since')
  var recentBody = document.querySelector('#recent tbody')
  var totalsBody = document.querySelector('#totals tbody')
  var RECENT_LIMIT = 100
  var state = { models: [], active: null, canSwitch: true, reason: '', current: null, busy: false, seq: 0, since: null, totals: {}, last: {} }
  var rows = new Map()
  var recentRows = new Map()
  var totalRows = new Map()

  function el(tag, className, text) {
    var node = document.createElement(tag)
    if (className) node.className = className
    if (text !== undefined && text !== null) node.textContent = String(text)
    return node
  }
  function setText(node, text) {
    var value = text === undefined || text === null ? '' : String(text)
    if (node.textContent !== value) node.textContent = value
  }
  function formatWindow(tokens) {
    if (tokens >= 1000000) return (Math.round(tokens / 100000) / 10) + 'M'
    if (tokens >= 1000) return Math.round(tokens / 1000) + 'k'
    return String(tokens)
  }
  function formatTime(iso) {
    var date = new Date(iso)
    return isNaN(date.getTime()) ? '' : date.toLocaleTimeString()
  }
  function formatCount(value) {
    return typeof value === 'number' ? value.toLocaleString() : ''
  }
  function routeText(route) {
    return route.host ? route.kind + ' \u00b7 ' + route.host : route.kind
  }
  function lastRequestOf(model) {
    return state.last[model.slug] || model.last_request || null
  }
  function statusOf(model) {
    var last = lastRequestOf(model)
    if (model.key === 'missing') return { cls: 'is-missing', text: 'key missing' + (model.missing_key_env ? ' (' + model.missing_key_env + ')' : '') + (last && !last.ok ? ', last request failed at ' + formatTime(last.at) : '') }
    var key = model.key === 'present' ? 'key present' : 'no key needed'
    if (!last) return { cls: '', text: key + ', no requests yet' }
    var outcome = last.ok ? 'last request ok' : 'last request failed' + (last.error_code ? ' (' + last.error_code + ')' : ' (HTTP ' + last.status + ')')
    return { cls: last.ok ? 'is-ok' : 'is-failed', text: key + ', ' + outcome + ' at ' + formatTime(last.at) }
  }

  function rowFor(model, index) {
    var row = rows.get(model.slug)
    if (!row) {
      var li = el('li', 'option')
      li.setAttribute('role', 'option')
      li.id = 'model-' + index + '-' + model.slug.replace(/[^A-Za-z0-9_-]/g, '_')
      li.dataset.slug = model.slug
      var dot = el('span', 'dot')
      dot.setAttribute('role', 'img')
      var name = el('span', 'name')
      var badge = el('span', 'badge', 'active')
      badge.setAttribute('aria-hidden', 'true')
      var meta = el('span', 'meta')
      var slug = el('code', 'slug')
      var route = el('span', 'route')
      var context = el('span', 'context')
      var images = el('span', 'images')
      var last = el('span', 'last')
      meta.append(slug, route, context, images, last)
      li.append(dot, name, badge, meta)
      li.addEventListener('click', function () { setCurrent(model.slug); switchTo(model.slug) })
      row = { li: li, dot: dot, name: name, slug: slug, route: route, context: context, images: images, last: last }
      rows.set(model.slug, row)
    }
    return row
  }
  function updateRow(row, model) {
    var status = statusOf(model)
    setText(row.name, model.display_name)
    setText(row.slug, model.slug)
    setText(row.route, routeText(model.route))
    setText(row.context, formatWindow(model.context_window) + ' context')
    setText(row.images, model.images ? 'images: yes' : 'images: no')
    setText(row.last, status.text)
    row.last.className = 'last ' + status.cls
    row.dot.className = 'dot ' + status.cls
    row.dot.setAttribute('aria-label', status.text)
    row.li.setAttribute('aria-selected', model.slug === state.active ? 'true' : 'false')
    row.li.setAttribute('aria-label', model.display_name + (model.slug === state.active ? ', active' : '') + ', ' + model.slug + ', ' + routeText(model.route) + ', ' + status.text)
  }

  function renderModels() {
    var seen = new Set()
    state.models.forEach(function (model, index) {
      var row = rowFor(model, index)
      updateRow(row, model)
      seen.add(model.slug)
      // Appending an element already in place at the end is a no-op, so an unchanged order moves nothing.
      if (list.children[index] !== row.li) list.insertBefore(row.li, list.children[index] || null)
    })
    rows.forEach(function (row, slug) {
      if (!seen.has(slug)) { row.li.remove(); rows.delete(slug) }
    })
    var active = state.models.find(function (model) { return model.slug === state.active })
    setText(activeName, active ? active.display_name + ' (' + active.slug + ')' : state.active ? state.active : 'no model from this gateway')
    applyFilter()
  }

  function visibleSlugs() {
    return state.models.filter(function (model) { var row = rows.get(model.slug); return row && !row.li.hidden }).map(function (model) { return model.slug })
  }
  function applyFilter() {
    var needle = filter.value.trim().toLowerCase()
    var shown = 0
    state.models.forEach(function (model) {
      var row = rows.get(model.slug)
      var haystack = [model.display_name, model.slug, model.route.kind, model.route.host || ''].join(' ').toLowerCase()
      var isShown = needle === '' || haystack.indexOf(needle) !== -1
      if (row.li.hidden === isShown) row.li.hidden = !isShown
      if (isShown) shown++
    })
    setText(modelCount, shown === state.models.length ? state.models.length + ' models' : shown + ' of ' + state.models.length + ' models')
    var visible = visibleSlugs()
    if (visible.indexOf(state.current) === -1) setCurrent(visible[0] || null)
    else setCurrent(state.current)
  }
  function setCurrent(slug) {
    state.current = slug
    rows.forEach(function (row, key) { row.li.classList.toggle('is-current', key === slug) })
    var row = slug ? rows.get(slug) : null
    if (row) {
      filter.setAttribute('aria-activedescendant', row.li.id)
      list.setAttribute('aria-activedescendant', row.li.id)
      row.li.scrollIntoView({ block: 'nearest' })
    } else {
      filter.removeAttribute('aria-activedescendant')
      list.removeAttribute('aria-activedescendant')
    }
  }
  function moveCurrent(step, toEnd) {
    var visible = visibleSlugs()
    if (visible.length === 0) return
    var index = visible.indexOf(state.current)
    var next = toEnd ? (step > 0 ? visible.length - 1 : 0) : Math.min(visible.length - 1, Math.max(0, index === -1 ? 0 : index + step))
    setCurrent(visible[next])
  }
  function onKey(event) {
    if (event.key === 'ArrowDown') { moveCurrent(1); event.preventDefault() }
    else if (event.key === 'ArrowUp') { moveCurrent(-1); event.preventDefault() }
    else if (event.key === 'Home' && event.currentTarget === list) { moveCurrent(-1, true); event.preventDefault() }
    else if (event.key === 'End' && event.currentTarget === list) { moveCurrent(1, true); event.preventDefault() }
    else if (event.key === 'Enter') { if (state.current) switchTo(state.current); event.preventDefault() }
    else if (event.key === 'Escape' && event.currentTarget === filter && filter.value !== '') { filter.value = ''; applyFilter(); event.preventDefault() }
  }

  function setStatus(text, isError) {
    setText(statusLine, text)
    statusLine.className = isError ? 'status is-error' : 'status'
  }
  function switchTo(slug) {
    if (state.busy) return
    if (!state.canSwitch) { setStatus(state.reason || 'Switching is not available here.', true); return }
    state.busy = true
    setStatus('Switching Codex to ' + slug + '\u2026', false)
    fetch('/api/switch', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-codex-shim-csrf': csrf },
      body: JSON.stringify({ slug: slug, restart_codex: restart.checked }),
    }).then(function (response) {
      return response.json().then(function (body) { return { response: response, body: body } })
    }).then(function (result) {
      var body = result.body
      if (!result.response.ok) { setStatus((body.error && body.error.message) || 'Switching failed (HTTP ' + result.response.status + ').', true); return }
      state.active = body.active.slug
      renderModels()
      setStatus('Codex now uses ' + body.active.display_name + ' (' + body.active.slug + '). ' + body.restart.message, false)
    }).catch(function (error) {
      setStatus('Switching failed: ' + error.message, true)
    }).then(function () { state.busy = false })
  }

  function applyModels(body) {
    var previous = state.active
    state.models = body.models
    state.active = body.active || null
    if (previous !== null && state.active !== previous && !state.busy) {
      var now = body.models.find(function (model) { return model.slug === state.active })
      setStatus('Codex now uses ' + (now ? now.display_name + ' (' + now.slug + ')' : state.active || 'no model from this gateway') + ', changed outside this page.', false)
    }
    state.canSwitch = body.can_switch
    state.reason = body.switch_unavailable_reason || ''
    renderModels()
  }

  function cell(text, className) { return el('td', className, text) }
  function recentRow(entry) {
    var tr = el('tr')
    var tokens = entry.tokens || null
    tr.append(
      cell(formatTime(entry.at)), cell(entry.slug || '\u2014'), cell(entry.route || '\u2014'),
      cell(entry.status, entry.is_failed ? 'num is-failed' : 'num'),
      cell(entry.ttfb_ms + ' ms', 'num'), cell(entry.duration_ms + ' ms', 'num'),
      cell(tokens ? formatCount(tokens.input) : '\u2014', 'num'), cell(tokens ? formatCount(tokens.output) : '\u2014', 'num'),
      // A zero-width space after each underscore lets a long error code wrap between its words.
      cell(tokens ? formatCount(tokens.cached) : '\u2014', 'num'), cell((entry.error_code || '').replace(/_/g, '_\u200b'), entry.error_code ? 'is-failed' : ''))
    tr.dataset.seq = String(entry.seq)
    return tr
  }
  function applyActivity(body) {
    if (state.since !== null && body.since !== state.since) {
      // The gateway restarted: its counts began again, so ours do too.
      recentRows.forEach(function (tr) { tr.remove() })
      recentRows.clear()
      state.seq = 0
      state.last = {}
    }
    state.since = body.since
    setText(since, 'since ' + new Date(body.since).toLocaleString())
    body.recent.forEach(function (entry) {
      if (entry.seq <= state.seq) return
      state.seq = entry.seq
      var tr = recentRow(entry)
      recentRows.set(entry.seq, tr)
      recentBody.insertBefore(tr, recentBody.firstChild)
      if (entry.slug) state.last[entry.slug] = { at: entry.at, ok: !entry.is_failed, status: entry.status, error_code: entry.error_code }
    })
    while (recentRows.size > RECENT_LIMIT) {
      var oldest = recentRows.keys().next().value
      recentRows.get(oldest).remove()
      recentRows.delete(oldest)
    }
    renderTotals(body.totals)
    renderModels()
  }
  function renderTotals(totals) {
    Object.keys(totals).sort().forEach(function (slug) {
      var row = totals[slug]
      var tr = totalRows.get(slug)
      if (!tr) {
        tr = el('tr')
        for (var i = 0; i < 6; i++) tr.append(cell('', i === 0 ? '' : 'num'))
        totalRows.set(slug, tr)
        totalsBody.append(tr)
      }
      var values = [slug, formatCount(row.requests), formatCount(row.failures), formatCount(row.input_tokens), formatCount(row.output_tokens), formatCount(row.cached_tokens)]
      values.forEach(function (value, i) { setText(tr.children[i], value) })
      tr.children[2].className = row.failures > 0 ? 'num is-failed' : 'num'
    })
  }

  function getJson(path) {
    return fetch(path, { credentials: 'same-origin' }).then(function (response) {
      if (!response.ok) throw new Error(path + ' answered HTTP ' + response.status)
      return response.json()
    })
  }
  function connect() {
    var source = new EventSource('/api/activity/events?after=' + state.seq)
    source.addEventListener('open', function () { setText(liveState, '\u25cf live'); liveState.className = 'live is-live' })
    source.addEventListener('error', function () { setText(liveState, 'reconnecting\u2026'); liveState.className = 'live' })
    source.addEventListener('activity', function (event) { applyActivity(JSON.parse(event.data)) })
    source.addEventListener('models', function (event) { applyModels(JSON.parse(event.data)) })
  }

  filter.addEventListener('input', applyFilter)
  filter.addEventListener('keydown', onKey)
  list.addEventListener('keydown', onKey)
  try { restart.checked = localStorage.getItem('codex-shim-restart') === 'true' } catch (error) { /* storage off: default unchecked */ }
  restart.addEventListener('change', function () { try { localStorage.setItem('codex-shim-restart', String(restart.checked)) } catch (error) { /* storage off */ } })

  Promise.all([getJson('/api/models'), getJson('/api/activity')]).then(function (bodies) {
    applyModels(bodies[0])
    applyActivity(bodies[1])
    document.body.dataset.ready = 'true'
    connect()
  }).catch(function (error) {
    setStatus('Could not load the models: ' + error.message + '. Open the picker again with codex-shim picker.', true)
  })
})()
`

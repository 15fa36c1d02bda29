import { PAGE_SCRIPT } from './page-script'
import { PAGE_STYLE } from './page-style'

export interface PageSecrets {
  /** Allows this response's one <style> and one <script> (Content-Security-Policy). */
  nonce: string
  /** Sent back in a header by the page's state-changing calls. */
  csrfToken: string
}

/**
 * The whole page in one response: markup, style and script, nothing fetched from elsewhere. The data comes from
 * /api/models and /api/activity once the script runs; only the nonce and the CSRF token (both base64url, so
 * nothing to escape) are put into the markup.
 */
export function renderPickerPage(secrets: PageSecrets): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="codex-shim-csrf" content="${secrets.csrfToken}">
<title>codex-shim · model picker</title>
<link rel="icon" href="data:,">
<style nonce="${secrets.nonce}">${PAGE_STYLE}</style>
</head>
<body>
<header class="top">
  <h1>codex-shim <span class="muted">model picker</span></h1>
  <p class="active-line" aria-live="polite">Codex uses <strong id="active-name">…</strong></p>
</header>
<main class="layout">
  <section class="panel" aria-labelledby="models-heading">
    <div class="panel-head"><h2 id="models-heading">Models</h2><span class="count" id="model-count" aria-live="polite"></span></div>
    <div class="controls">
      <label for="filter">Filter models</label>
      <input id="filter" type="search" role="combobox" aria-controls="model-list" aria-expanded="true" aria-autocomplete="list"
        aria-describedby="keys-hint" autocomplete="off" spellcheck="false" placeholder="Name, slug, provider or host">
      <label class="check"><input type="checkbox" id="restart"> Restart Codex Desktop after switching</label>
      <p class="hint" id="keys-hint">↑ ↓ choose a model, Enter switches Codex to it.</p>
    </div>
    <ul id="model-list" role="listbox" aria-labelledby="models-heading" tabindex="0"></ul>
    <p id="switch-status" class="status" role="status" aria-live="polite"></p>
  </section>
  <section class="panel" aria-labelledby="activity-heading">
    <div class="panel-head"><h2 id="activity-heading">Live activity</h2><span class="count" id="activity-since"></span><span class="live" id="live-state" role="status">connecting…</span></div>
    <h3 id="totals-heading">Per model</h3>
    <div class="table-wrap totals-wrap" role="region" aria-labelledby="totals-heading" tabindex="0">
      <table id="totals"><thead><tr><th scope="col">Model</th><th scope="col" class="num">Requests</th><th scope="col" class="num">Failed</th>
        <th scope="col" class="num">Tokens in</th><th scope="col" class="num">Out</th><th scope="col" class="num">Cached</th></tr></thead><tbody></tbody></table>
    </div>
    <h3 id="recent-heading">Last 100 requests</h3>
    <div class="table-wrap recent-wrap" role="region" aria-labelledby="recent-heading" tabindex="0">
      <table id="recent"><thead><tr><th scope="col">Time</th><th scope="col">Model</th><th scope="col">Route</th><th scope="col" class="num">Status</th>
        <th scope="col" class="num" title="Until the response head left the gateway">TTFB</th><th scope="col" class="num">Duration</th>
        <th scope="col" class="num">In</th><th scope="col" class="num">Out</th><th scope="col" class="num">Cached</th><th scope="col">Error</th></tr></thead><tbody></tbody></table>
    </div>
  </section>
</main>
<script nonce="${secrets.nonce}">${PAGE_SCRIPT}</script>
</body>
</html>
`
}

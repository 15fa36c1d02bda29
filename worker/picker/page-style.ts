/**
 * The page's stylesheet, inlined under the CSP nonce (no external fonts or files). Light and dark follow
 * prefers-color-scheme. Every box that live data fills has a fixed size (rows, the status line, the tables' scroll
 * areas), so updates never move what is around them.
 */
export const PAGE_STYLE = `
:root {
  color-scheme: light dark;
  --bg: #f6f7f9; --panel: #ffffff; --text: #1b1f24; --muted: #5b6470; --line: #d9dde3;
  --accent: #0b62d6; --accent-bg: #e6f0fd; --focus: #0b62d6; --ok: #1a7f37; --bad: #c62828; --idle: #8a929c;
  --row-hover: #f0f3f7; --badge: #0b62d6; --badge-text: #ffffff;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 15px; line-height: 1.4;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1216; --panel: #171b21; --text: #e6e9ee; --muted: #9aa4b1; --line: #2b323c;
    --accent: #6ea8ff; --accent-bg: #1b2a40; --focus: #8dbbff; --ok: #3fb950; --bad: #ff6b6b; --idle: #6b7480;
    --row-hover: #1e242c; --badge: #6ea8ff; --badge-text: #0f1216;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); }
code, .num { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.86em; }
.num { font-variant-numeric: tabular-nums; text-align: right; white-space: nowrap; }
.top { padding: 14px 16px 6px; display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: baseline; }
h1 { font-size: 1.15rem; margin: 0; }
h1 .muted { color: var(--muted); font-weight: 500; }
h2 { font-size: 1rem; margin: 0; }
h3 { font-size: 0.85rem; color: var(--muted); margin: 12px 0 6px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.03em; }
.active-line { margin: 0; color: var(--muted); min-height: 1.4em; overflow-wrap: anywhere; }
.active-line strong { color: var(--text); }
.layout { display: grid; grid-template-columns: minmax(0, 1fr); gap: 12px; padding: 8px 12px 16px; }
@media (min-width: 980px) { .layout { grid-template-columns: minmax(360px, 5fr) minmax(0, 7fr); align-items: start; padding: 8px 16px 24px; } }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 12px; min-width: 0; }
.panel-head { display: flex; align-items: baseline; gap: 10px; flex-wrap: wrap; }
.count, .live { color: var(--muted); font-size: 0.85rem; }
.live { margin-left: auto; min-width: 8.5em; text-align: right; }
.live.is-live { color: var(--ok); }
.controls { display: grid; gap: 6px; margin: 10px 0; }
.controls label[for="filter"] { font-weight: 600; font-size: 0.9rem; }
input[type="search"] { width: 100%; font: inherit; padding: 8px 10px; border-radius: 7px; border: 1px solid var(--line); background: var(--bg); color: var(--text); }
.check { display: flex; gap: 8px; align-items: center; font-size: 0.9rem; }
.check input { width: 18px; height: 18px; margin: 0; }
.hint { margin: 0; color: var(--muted); font-size: 0.8rem; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
input[type="search"]:focus-visible { outline-offset: 0; }
#model-list { list-style: none; margin: 0; padding: 2px; min-height: 240px; border-radius: 8px; }
#model-list:focus-visible { outline-offset: 0; }
.option { display: grid; grid-template-columns: 14px minmax(0, 1fr) auto; grid-template-rows: auto auto; column-gap: 10px; row-gap: 2px;
  align-items: center; padding: 8px 10px; min-height: 58px; border-radius: 7px; border: 2px solid transparent; cursor: pointer; }
.option[hidden] { display: none; }
.option:hover { background: var(--row-hover); }
.option.is-current { border-color: var(--line); background: var(--row-hover); }
#model-list:focus .option.is-current, .controls:focus-within ~ #model-list .option.is-current { border-color: var(--focus); }
.option[aria-selected="true"] { background: var(--accent-bg); }
.option .dot { grid-row: 1 / span 2; width: 12px; height: 12px; border-radius: 50%; background: var(--idle); border: 2px solid var(--idle); }
.dot.is-ok { background: var(--ok); border-color: var(--ok); }
.dot.is-failed { background: var(--bad); border-color: var(--bad); }
.dot.is-missing { background: transparent; border-color: var(--bad); }
.option .name { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.option .badge { grid-column: 3; grid-row: 1; font-size: 0.72rem; font-weight: 700; padding: 1px 7px; border-radius: 99px; background: var(--badge); color: var(--badge-text); }
.option:not([aria-selected="true"]) .badge { visibility: hidden; }
.option .meta { grid-column: 2 / span 2; display: flex; flex-wrap: wrap; gap: 2px 12px; color: var(--muted); font-size: 0.82rem; min-width: 0; }
.option .meta code { color: var(--text); }
.option .last.is-failed, .option .last.is-missing { color: var(--bad); }
.status { min-height: 2.8em; margin: 8px 2px 0; font-size: 0.9rem; overflow-wrap: anywhere; }
.status.is-error { color: var(--bad); }
.empty { color: var(--muted); padding: 12px 10px; }
.table-wrap { overflow: auto; border: 1px solid var(--line); border-radius: 8px; }
.totals-wrap { height: 168px; }
.recent-wrap { height: 420px; }
table { border-collapse: collapse; width: 100%; min-width: 640px; font-size: 0.84rem; }
thead th { position: sticky; top: 0; background: var(--panel); color: var(--muted); font-weight: 600; text-align: left; border-bottom: 1px solid var(--line); }
th, td { padding: 5px 7px; white-space: nowrap; height: 29px; }
#recent td:last-child { white-space: normal; min-width: 9em; }
th.num { text-align: right; font-family: inherit; font-size: inherit; }
tbody tr + tr td { border-top: 1px solid var(--line); }
td.is-failed { color: var(--bad); font-weight: 600; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`

/** @module The style sheet inlined into report.html. */

/** CSS of the report page: readable tables, a two-column chart grid, coloured banners. */
export const PAGE_CSS = `
:root { --fg: #1d2330; --muted: #5b6474; --line: #d9dee7; --bg-alt: #f5f7fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
  margin: 0 auto; padding: 16px 24px 48px; max-width: 1600px; }
h1 { font-size: 24px; margin: 8px 0 4px; }
h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
.overview, .note { color: var(--muted); margin: 4px 0 8px; }
.lead { font-weight: 600; }
nav { margin: 12px 0; font-size: 13px; }
nav a { color: #1f5fbf; text-decoration: none; }
.banner { padding: 10px 14px; border-radius: 6px; margin: 10px 0; font-size: 15px; }
.banner.warn { background: #fff4d6; border: 1px solid #e6b800; }
.banner.bad { background: #fde8e8; border: 1px solid #d93025; }
.banner.good { background: #e6f4ea; border: 1px solid #34a853; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 12.5px; margin: 6px 0; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { white-space: normal; vertical-align: bottom; min-width: 48px; }
th { background: var(--bg-alt); font-weight: 600; }
td.r, th.r { text-align: right; font-variant-numeric: tabular-nums; }
td.l, th.l { text-align: left; }
td.bad { color: #b3261e; font-weight: 600; }
td.good { color: #1e7e34; font-weight: 600; }
td.warn { color: #8a6100; font-weight: 600; }
tbody tr:nth-child(even) { background: #fafbfc; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
figure.chart { margin: 0; height: 360px; padding: 8px; border: 1px solid var(--line); border-radius: 6px; }
details { margin: 8px 0; }
summary { cursor: pointer; color: #1f5fbf; }
`;

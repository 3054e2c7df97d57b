/** Hand-written SVG charts: latency CDFs on a log time axis, and RSS/CPU over the run. */
import type { ScaleResult } from './results.js';

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
const W = 860;
const H = 420;
const M = { left: 64, right: 250, top: 36, bottom: 48 };
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function frame(title: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">\n` +
    `<rect width="${W}" height="${H}" fill="white"/>\n<text x="${M.left}" y="20" font-size="14" font-weight="bold">${esc(title)}</text>\n`
  );
}

function legend(names: readonly string[]): string {
  return names
    .map((n, i) => {
      const y = M.top + 10 + i * 18;
      const c = COLORS[i % COLORS.length] ?? '#000';
      return `<line x1="${W - M.right + 50}" y1="${y}" x2="${W - M.right + 74}" y2="${y}" stroke="${c}" stroke-width="2"/><text x="${W - M.right + 80}" y="${y + 4}">${esc(n)}</text>`;
    })
    .join('\n');
}

/** CDFs of the latency series on a log10 millisecond axis. */
export function renderLatencyChart(r: ScaleResult): string {
  const series = Object.entries(r.cdf).filter(([, pts]) => pts.length > 0);
  const all = series.flatMap(([, pts]) => pts.map((p) => p[0]));
  const lo = Math.max(1, Math.min(...all, 1000));
  const hi = Math.max(lo * 10, ...all);
  const lmin = Math.floor(Math.log10(lo));
  const lmax = Math.ceil(Math.log10(hi));
  const x = (ms: number): number => M.left + ((Math.log10(Math.max(ms, 10 ** lmin)) - lmin) / (lmax - lmin)) * PW;
  const y = (f: number): number => M.top + (1 - f) * PH;
  let out = frame(`Latency distributions (CDF), ${r.options.members} members, ${r.options.workloads} + ${r.options.burst} workloads, ${r.date.slice(0, 10)}`);
  for (let e = lmin; e <= lmax; e++) {
    const px = x(10 ** e);
    out += `<line x1="${px}" y1="${M.top}" x2="${px}" y2="${M.top + PH}" stroke="#ddd"/><text x="${px}" y="${M.top + PH + 16}" text-anchor="middle">${e >= 3 ? `${10 ** (e - 3)} s` : `${10 ** e} ms`}</text>\n`;
  }
  for (const f of [0, 0.5, 0.9, 0.99]) {
    out += `<line x1="${M.left}" y1="${y(f)}" x2="${M.left + PW}" y2="${y(f)}" stroke="#ddd"/><text x="${M.left - 6}" y="${y(f) + 4}" text-anchor="end">${f === 0.99 ? 'P99' : f === 0.9 ? 'P90' : f === 0.5 ? 'P50' : '0'}</text>\n`;
  }
  out += `<rect x="${M.left}" y="${M.top}" width="${PW}" height="${PH}" fill="none" stroke="#888"/>\n`;
  out += `<text x="${M.left + PW / 2}" y="${H - 10}" text-anchor="middle">latency (log scale)</text>\n`;
  series.forEach(([, pts], i) => {
    const c = COLORS[i % COLORS.length] ?? '#000';
    const d = pts.map((p, k) => `${k === 0 ? 'M' : 'L'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ');
    out += `<path d="${d}" fill="none" stroke="${c}" stroke-width="1.8"/>\n`;
  });
  out += legend(series.map(([n]) => n));
  return `${out}\n</svg>\n`;
}

/** RSS (MB, left axis) and CPU (% of one core, right scale) per second, with the phases shaded. */
export function renderResourceChart(r: ScaleResult): string {
  const s = r.samples;
  const tmax = Math.max(1, ...s.map((p) => p.t));
  const rmax = Math.max(100, ...s.map((p) => p.rssMb)) * 1.1;
  const cmax = Math.max(100, ...s.map((p) => p.cpuPercent)) * 1.1;
  const x = (t: number): number => M.left + (t / tmax) * PW;
  const yr = (v: number): number => M.top + (1 - v / rmax) * PH;
  const yc = (v: number): number => M.top + (1 - v / cmax) * PH;
  let out = frame(`Whole-process RSS and CPU, ${r.options.members} members, ${r.date.slice(0, 10)}`);
  // phase bands
  let start = 0;
  let phase = s[0]?.phase ?? '';
  const bands: [string, number, number][] = [];
  for (const p of s) {
    if (p.phase !== phase) {
      bands.push([phase, start, p.t]);
      phase = p.phase;
      start = p.t;
    }
  }
  bands.push([phase, start, tmax]);
  bands.forEach(([name, a, b], i) => {
    out += `<rect x="${x(a)}" y="${M.top}" width="${Math.max(0, x(b) - x(a))}" height="${PH}" fill="${i % 2 === 0 ? '#f4f4f4' : '#fafafa'}"/><text x="${x(a) + 3}" y="${M.top + 12}" fill="#666">${esc(name)}</text>\n`;
  });
  for (let k = 0; k <= 4; k++) {
    const v = (rmax / 4) * k;
    out += `<text x="${M.left - 6}" y="${yr(v) + 4}" text-anchor="end">${v.toFixed(0)}</text>`;
    out += `<text x="${M.left + PW + 6}" y="${yr(v) + 4}">${((cmax / 4) * k).toFixed(0)}%</text>\n`;
  }
  for (let k = 0; k <= 5; k++) out += `<text x="${x((tmax / 5) * k)}" y="${M.top + PH + 16}" text-anchor="middle">${((tmax / 5) * k).toFixed(0)} s</text>`;
  out += `<rect x="${M.left}" y="${M.top}" width="${PW}" height="${PH}" fill="none" stroke="#888"/>\n`;
  const line = (f: (p: (typeof s)[number]) => number, c: string): string => `<path d="${s.map((p, k) => `${k === 0 ? 'M' : 'L'}${x(p.t).toFixed(1)},${f(p).toFixed(1)}`).join(' ')}" fill="none" stroke="${c}" stroke-width="1.5"/>\n`;
  out += line((p) => yc(p.cpuPercent), COLORS[1] ?? '#d62728');
  out += line((p) => yr(p.rssMb), COLORS[0] ?? '#1f77b4');
  out += line((p) => yr(p.heapUsedMb), COLORS[2] ?? '#2ca02c');
  out += `<text x="14" y="${M.top + PH / 2}" transform="rotate(-90 14 ${M.top + PH / 2})" text-anchor="middle">MB</text>\n`;
  out += legend(['RSS (MB)', 'CPU (% of one core, right)', 'V8 heap used (MB)']);
  return `${out}\n</svg>\n`;
}

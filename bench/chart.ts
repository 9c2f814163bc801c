// One SVG line chart: command latency (p50, ms) against stream length, one line per store; solid with
// aggregate snapshots, dashed without. Hand-written: a few lines of SVG need no charting library (those need
// a browser or a canvas).

export interface Series {
  label: string;
  color: string;
  dashed: boolean;
  points: { x: number; y: number }[];
}

const WIDTH = 760;
const HEIGHT = 420;
const MARGIN = { left: 70, right: 200, top: 40, bottom: 50 };

export function lineChartSvg(title: string, xLabel: string, yLabel: string, series: Series[]): string {
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const ys = series.flatMap((s) => s.points.map((p) => p.y));
  const [xMin, xMax] = [Math.log10(Math.min(...xs)), Math.log10(Math.max(...xs))];
  const [yMin, yMax] = [Math.log10(Math.max(0.01, Math.min(...ys)) / 1.5), Math.log10(Math.max(...ys) * 1.5)];
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (value: number) => MARGIN.left + ((Math.log10(value) - xMin) / (xMax - xMin || 1)) * plotWidth;
  const y = (value: number) =>
    MARGIN.top + plotHeight - ((Math.log10(Math.max(value, 0.01)) - yMin) / (yMax - yMin || 1)) * plotHeight;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${WIDTH / 2 - MARGIN.right / 2}" y="22" text-anchor="middle" font-size="15">${escapeXml(title)}</text>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top + plotHeight}" x2="${MARGIN.left + plotWidth}" y2="${MARGIN.top + plotHeight}" stroke="black"/>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${MARGIN.top + plotHeight}" stroke="black"/>`,
  ];
  for (const tick of [...new Set(xs)].sort((a, b) => a - b)) {
    parts.push(
      `<text x="${x(tick)}" y="${MARGIN.top + plotHeight + 18}" text-anchor="middle">${tick.toLocaleString('en')}</text>`,
    );
  }
  for (let exponent = Math.ceil(yMin); exponent <= Math.floor(yMax); exponent++) {
    const value = 10 ** exponent;
    parts.push(
      `<line x1="${MARGIN.left}" y1="${y(value)}" x2="${MARGIN.left + plotWidth}" y2="${y(value)}" stroke="#ddd"/>`,
    );
    parts.push(
      `<text x="${MARGIN.left - 8}" y="${y(value) + 4}" text-anchor="end">${value >= 1 ? value : value.toFixed(2)}</text>`,
    );
  }
  parts.push(
    `<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 12}" text-anchor="middle">${escapeXml(xLabel)}</text>`,
  );
  parts.push(
    `<text transform="translate(18 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`,
  );
  series.forEach((s, index) => {
    const path = s.points.map((p) => `${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join(' ');
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    parts.push(`<polyline points="${path}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`);
    for (const p of s.points) parts.push(`<circle cx="${x(p.x)}" cy="${y(p.y)}" r="3" fill="${s.color}"/>`);
    const legendY = MARGIN.top + 10 + index * 18;
    const legendX = WIDTH - MARGIN.right + 16;
    parts.push(
      `<line x1="${legendX}" y1="${legendY}" x2="${legendX + 24}" y2="${legendY}" stroke="${s.color}" stroke-width="2"${dash}/>`,
    );
    parts.push(`<text x="${legendX + 30}" y="${legendY + 4}">${escapeXml(s.label)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

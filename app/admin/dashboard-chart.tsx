// A server-rendered bar chart (inline SVG, no client JS): <title>/<desc> for assistive technology,
// plus a visually hidden table with every bucket.

export interface ChartBar {
  /** What the bar is, for the hidden table and the hover title ("7/21", "15:50~16:00"). */
  label: string;
  count: number;
  /** Axis label under the bar, when this bar carries one. */
  tick?: string;
}

const W = 880;
const H = 230;
const PAD = { left: 40, right: 16, top: 16, bottom: 40 };

/** A y-axis top that gives whole-number gridlines: 1, 2, 4, 5, 10, 20, 25, 50, … */
function niceMax(max: number): number {
  if (max <= 4) return Math.max(1, max);
  const pow = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * pow >= max && Number.isInteger((m * pow) / 2)) return m * pow;
  return 10 * pow;
}

export function BarChart(props: {
  id: string;
  title: string;
  desc: string;
  bars: ChartBar[];
  colLabel: string;
  colCount: string;
  barTitle: (b: ChartBar) => string;
  /** A dashed line at the right edge (the cutoff) with this label. */
  endMarker?: string;
  testId: string;
}) {
  const { bars } = props;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const top = niceMax(Math.max(0, ...bars.map((b) => b.count)));
  const step = plotW / Math.max(1, bars.length);
  const barW = Math.min(56, Math.max(2, step * 0.72));
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const grid = top === 1 ? [0, 1] : [0, top / 2, top];
  return (
    <figure className="dash-chart" data-testid={props.testId}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`} className="dash-svg" preserveAspectRatio="xMidYMid meet">
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{props.desc}</desc>
        <g aria-hidden="true">
          {grid.map((g) => (
            <g key={g}>
              <line x1={PAD.left} x2={W - PAD.right} y1={y(g)} y2={y(g)} className={g === 0 ? "dash-axis" : "dash-gridline"} />
              <text x={PAD.left - 8} y={y(g) + 4} textAnchor="end" className="dash-tick">
                {g}
              </text>
            </g>
          ))}
          {bars.map((b, i) => {
            const x = PAD.left + i * step + (step - barW) / 2;
            return (
              <g key={i}>
                {b.count > 0 && (
                  <rect x={x} y={y(b.count)} width={barW} height={y(0) - y(b.count)} rx={Math.min(3, barW / 3)} className="dash-bar" data-testid="chart-bar" data-count={b.count}>
                    <title>{props.barTitle(b)}</title>
                  </rect>
                )}
                {b.tick && (
                  <>
                    <line x1={x + barW / 2} x2={x + barW / 2} y1={y(0)} y2={y(0) + 5} className="dash-axis" />
                    <text x={x + barW / 2} y={H - PAD.bottom + 20} textAnchor="middle" className="dash-tick">
                      {b.tick}
                    </text>
                  </>
                )}
              </g>
            );
          })}
          {props.endMarker && (
            <g data-testid="chart-cutoff">
              <line x1={W - PAD.right} x2={W - PAD.right} y1={PAD.top - 6} y2={y(0) + 8} className="dash-cutoff" />
              <text x={W - PAD.right - 4} y={PAD.top + 4} textAnchor="end" className="dash-cutoff-label">
                {props.endMarker}
              </text>
            </g>
          )}
        </g>
      </svg>
      {/* A table ignores the height that hides .sr-only text, so the wrapper carries the class. */}
      <div className="sr-only">
        <table>
          <caption>{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{props.colLabel}</th>
              <th scope="col">{props.colCount}</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b, i) => (
              <tr key={i}>
                <th scope="row">{b.label}</th>
                <td>{b.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

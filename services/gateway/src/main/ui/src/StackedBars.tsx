import { compact } from './format';

/** One bar's parts: series name → value. */
export interface Bar {
  label: string;
  parts: Map<string, number>;
}

// eight hues that stay apart for the common colour-vision deficiencies (Okabe–Ito, darkened for white backgrounds)
const COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#7a6a00', '#444444'];

export function colourOf(index: number): string {
  return COLOURS[index % COLOURS.length]!;
}

const WIDTH = 880;
const HEIGHT = 240;
const LEFT = 56;
const BOTTOM = 28;
const TOP = 8;

/**
 * A stacked bar chart drawn as SVG by Preact: every label is a text node (never markup), each segment has a
 * <title> for its exact value, and the table beside it (UsagePage) carries the same numbers for screen readers.
 */
export function StackedBars({ bars, series, format, label }: {
  bars: Bar[];
  series: string[];
  format: (value: number) => string;
  label: string;
}) {
  const totals = bars.map((bar) => [...bar.parts.values()].reduce((sum, value) => sum + value, 0));
  const max = niceMax(Math.max(0, ...totals));
  const plotWidth = WIDTH - LEFT - 8;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const step = plotWidth / Math.max(1, bars.length);
  const barWidth = Math.max(1, step * 0.8);
  const y = (value: number) => TOP + plotHeight - (max === 0 ? 0 : (value / max) * plotHeight);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((share) => share * max);
  const labelEvery = Math.ceil(bars.length / 10);

  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} preserveAspectRatio="xMidYMid meet">
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={LEFT} x2={WIDTH - 8} y1={y(tick)} y2={y(tick)} class="grid" />
            <text x={LEFT - 6} y={y(tick) + 4} text-anchor="end" class="axis">{compact(tick)}</text>
          </g>
        ))}
        {bars.map((bar, index) => {
          let base = 0;
          const x = LEFT + index * step + (step - barWidth) / 2;
          return (
            <g key={bar.label}>
              {series.map((name, seriesIndex) => {
                const value = bar.parts.get(name) ?? 0;
                if (value <= 0) return null;
                const top = y(base + value);
                const height = y(base) - top;
                base += value;
                return (
                  <rect key={name} x={x} y={top} width={barWidth} height={Math.max(height, 0.5)}
                        fill={colourOf(seriesIndex)}>
                    <title>{`${bar.label} · ${name}: ${format(value)}`}</title>
                  </rect>
                );
              })}
              {index % labelEvery === 0 && (
                <text x={x + barWidth / 2} y={HEIGHT - 8} text-anchor="middle" class="axis">{bar.label.slice(5)}</text>
              )}
            </g>
          );
        })}
        <line x1={LEFT} x2={WIDTH - 8} y1={TOP + plotHeight} y2={TOP + plotHeight} class="baseline" />
      </svg>
      <figcaption>
        <ul class="legend">
          {series.map((name, index) => (
            <li key={name}><span class="swatch" style={{ background: colourOf(index) }} />{name}</li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

/** 1, 2, 2.5 or 5 times a power of ten, at least the value: round tick values. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const factor of [1, 2, 2.5, 5, 10]) {
    if (factor * power >= value) return factor * power;
  }
  return 10 * power;
}

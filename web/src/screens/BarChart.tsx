/** A small SVG bar chart: no chart library, so the office screen stays light. */
export function BarChart(props: { data: { label: string; value: number }[]; title: string; horizontal?: boolean }) {
  const max = Math.max(1, ...props.data.map((bar) => bar.value));
  if (props.horizontal) {
    const rowHeight = 28;
    return (
      <svg class="bars" viewBox={`0 0 320 ${props.data.length * rowHeight}`} role="img" aria-label={`${props.title}：${props.data.map((bar) => `${bar.label} ${bar.value}`).join('，')}`}>
        {props.data.map((bar, index) => (
          <g key={bar.label} transform={`translate(0 ${index * rowHeight})`}>
            <text x="0" y="18" font-size="13" fill="#111827">
              {bar.label}
            </text>
            <rect x="96" y="5" height="18" rx="3" width={(bar.value / max) * 180} fill="#0b4f6c" />
            <text x={100 + (bar.value / max) * 180} y="19" font-size="13" fill="#111827">
              {bar.value}
            </text>
          </g>
        ))}
      </svg>
    );
  }
  const width = 320;
  const height = 140;
  const slot = width / props.data.length;
  return (
    <svg class="bars" viewBox={`-4 0 ${width + 16} ${height + 20}`} role="img" aria-label={`${props.title}：${props.data.map((bar) => `${bar.label} ${bar.value}`).join('，')}`}>
      {props.data.map((bar, index) => {
        const barHeight = (bar.value / max) * (height - 16);
        return (
          <g key={bar.label}>
            <rect x={index * slot + 3} y={height - barHeight} width={slot - 6} height={barHeight} rx="2" fill="#0b4f6c" />
            {bar.value > 0 && (
              <text x={index * slot + slot / 2} y={height - barHeight - 3} font-size="11" text-anchor="middle" fill="#111827">
                {bar.value}
              </text>
            )}
            {index % 2 === 1 && (
              <text x={index * slot + slot / 2} y={height + 15} font-size="11" text-anchor="middle" fill="#374151">
                {bar.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

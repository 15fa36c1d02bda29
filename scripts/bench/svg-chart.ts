/** One group of bars per scenario, one bar per path, for the added time to first byte at several percentiles. */
export interface ChartGroup {
  label: string
  /** Added milliseconds per series (same order as `series`). */
  values: number[]
}

const COLORS = ['#8a94a6', '#4e79a7', '#e15759', '#59a14f']

/**
 * A small self-contained SVG bar chart (no fonts or scripts from anywhere), so bench/results.md can show the
 * floor beside ours at a glance.
 */
export function barChartSvg(title: string, series: string[], groups: ChartGroup[], unit: string): string {
  const width = 760
  const barWidth = 22
  const gap = 18
  const left = 56
  const top = 40
  const height = 220
  const max = Math.max(1, ...groups.flatMap((group) => group.values))
  const scale = (value: number) => (Math.max(0, value) / max) * height
  const groupWidth = series.length * barWidth + gap
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${top + height + 70}" viewBox="0 0 ${width} ${top + height + 70}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${left}" y="20" font-size="13" font-weight="bold">${escapeXml(title)}</text>`,
  ]
  for (let tick = 0; tick <= 4; tick++) {
    const value = (max * tick) / 4
    const y = top + height - scale(value)
    parts.push(`<line x1="${left - 4}" x2="${width - 10}" y1="${y}" y2="${y}" stroke="#e3e6eb"/>`)
    parts.push(`<text x="${left - 8}" y="${y + 4}" text-anchor="end" fill="#555">${value.toFixed(1)}</text>`)
  }
  parts.push(
    `<text x="14" y="${top + height / 2}" transform="rotate(-90 14 ${top + height / 2})" text-anchor="middle" fill="#555">${escapeXml(unit)}</text>`,
  )
  groups.forEach((group, groupIndex) => {
    const x0 = left + 10 + groupIndex * groupWidth
    group.values.forEach((value, index) => {
      const barHeight = scale(value)
      const x = x0 + index * barWidth
      parts.push(
        `<rect x="${x}" y="${top + height - barHeight}" width="${barWidth - 3}" height="${barHeight}" fill="${COLORS[index % COLORS.length]}"><title>${escapeXml(`${series[index]}: ${value} ${unit}`)}</title></rect>`,
      )
    })
    parts.push(
      `<text x="${x0 + (series.length * barWidth) / 2}" y="${top + height + 16}" text-anchor="middle">${escapeXml(group.label)}</text>`,
    )
  })
  series.forEach((name, index) => {
    const x = left + index * 150
    parts.push(
      `<rect x="${x}" y="${top + height + 36}" width="12" height="12" fill="${COLORS[index % COLORS.length]}"/>`,
    )
    parts.push(`<text x="${x + 18}" y="${top + height + 46}">${escapeXml(name)}</text>`)
  })
  parts.push('</svg>')
  return `${parts.join('\n')}\n`
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

import type { ModelConfig } from '../../shared/settings'
import { renderTable } from '../text-table'
import type { ModelProbeReport } from './probe-model'

const milliseconds = (value: number | undefined) =>
  value === undefined ? '-' : value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${value} ms`

/** model · key · stream · usage · tools · images · reasoning · TTFB · total. */
export function probeTable(reports: readonly ModelProbeReport[]): string[] {
  return renderTable(
    ['model', 'key', 'stream', 'usage', 'tools', 'images', 'reasoning', 'TTFB', 'total'],
    reports.map((report) => [
      report.slug,
      report.key,
      report.streaming,
      report.usage,
      report.tools,
      report.images,
      report.reasoning,
      milliseconds(report.ttfbMs),
      milliseconds(report.totalMs),
    ]),
  )
}

/** What to change in models.json (or where the gateway runs) for each finding that needs it. */
export function probeSuggestions(report: ModelProbeReport, model: ModelConfig): string[] {
  const suggestions: string[] = []
  const keySource = model.apiKeyEnv === undefined ? 'its api_key' : `$${model.apiKeyEnv}`
  if (report.key === 'missing')
    suggestions.push(`no key: set ${keySource} where the gateway runs, then \`codex-shim restart\``)
  if (report.key === 'rejected') suggestions.push(`the upstream rejected the key: check ${keySource}`)
  if (report.key === 'unknown' && report.errors.basic)
    suggestions.push(`the first request failed: ${report.errors.basic}`)
  if (report.streaming === 'one piece')
    suggestions.push('the answer arrived in one piece, not streamed: Codex shows it only at the end')
  if (report.usage === 'missing') suggestions.push('no usage in stream: tokens will show as 0')
  if (report.tools === 'text') suggestions.push('tool calls come back as text: this model lacks native tool calling')
  if (report.tools === 'none')
    suggestions.push('no tool call came back when one was required: Codex cannot act through this model')
  if (report.tools === 'failed') suggestions.push(`a forced tool call failed: ${report.errors.tools ?? ''}`)
  if (report.images === 'rejected') suggestions.push('images rejected: set no_image_support')
  if (report.images === 'failed') suggestions.push(`the image request failed: ${report.errors.images ?? ''}`)
  if (report.reasoning === 'failed')
    suggestions.push(`a request with reasoning effort failed (Codex sends one): ${report.errors.reasoning ?? ''}`)
  return suggestions
}

import type { Settings } from '../../shared/settings'
import { cursorModelsOf } from '../../shared/settings/cursor-schema'
import type { CursorOffer } from '../codex/resolve-model-choice'
import { probeCursorStatus } from './cursor-status'
import { currentCursorStatus, recordCursorStatus, recordedCursorStatus } from './cursor-status-file'

const JUST_PROBED_MS = 5000

/**
 * What Cursor offers `model use`: the recent status (the daemon's last probe, at most 30 s old) and the Cursor
 * models of models.json. When the name asked for is a Cursor model that status says cannot be served, cursor-agent
 * is asked again first: the user may have just run `cursor-agent login`, and should not be told to run it again.
 */
export async function cursorOfferFor(
  settings: Pick<Settings, 'cursor'>,
  requested: string,
  env: NodeJS.ProcessEnv,
  runtimeHome: string,
): Promise<CursorOffer> {
  const models = cursorModelsOf(settings)
  const recent = await currentCursorStatus(runtimeHome, env)
  const isCursorModel = models.some((model) => model.slug === requested || model.id === requested)
  if (!isCursorModel || recent.state === 'available' || recent.state === 'disabled')
    return { state: recent.state, models }
  // Probed a moment ago (building the catalog for this same command, say): asking again would only wait longer.
  const justProbed = await recordedCursorStatus(runtimeHome, JUST_PROBED_MS)
  if (justProbed !== undefined) return { state: justProbed.state, models }
  const probed = await probeCursorStatus(env)
  await recordCursorStatus(runtimeHome, probed).catch(() => undefined) // a read-only home: the next command probes again
  return { state: probed.state, models }
}

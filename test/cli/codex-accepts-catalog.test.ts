import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { buildCatalog } from '../../shared/catalog'
import { DEFAULT_CURSOR_MODELS } from '../../shared/cursor-protocol'
import { parseSettingsText } from '../../shared/settings'
import { runCodex } from '../kit/codex-cli'

const settingsText = JSON.stringify({
  models: [
    {
      model: 'deepseek-v4-pro',
      provider: 'openai',
      base_url: 'https://api.deepseek.com',
      api_key: 'sk-1',
      max_context_limit: 131072,
    },
    {
      model: 'claude-opus-4-7',
      provider: 'anthropic',
      display_name: 'Claude "Opus" \\ 4.7',
      api_key_env: 'ANTHROPIC_API_KEY',
    },
    { model: 'qwen3-coder', provider: 'ollama', no_image_support: true },
  ],
})

test('the real Codex CLI accepts a generated catalog and lists exactly our slugs', async () => {
  const settings = parseSettingsText(settingsText, 'models.json')
  if (!settings.ok) throw new Error('fixture settings must parse')
  const router = {
    slug: 'codex-auto',
    displayName: 'Auto (smart routing)',
    contextWindow: 131072,
    takesImages: true,
    candidateCount: 2,
  }
  const catalog = buildCatalog({
    models: settings.value.models,
    isChatgptPassthroughAvailable: true,
    router,
    cursorModels: [...DEFAULT_CURSOR_MODELS],
  })
  const directory = await mkdtemp(join(tmpdir(), 'catalog-'))
  const catalogPath = join(directory, 'catalog.json')
  await writeFile(catalogPath, JSON.stringify(catalog))

  const run = await runCodex(['debug', 'models', '-c', `model_catalog_json=${JSON.stringify(catalogPath)}`])
  expect(run.stderr).not.toMatch(/failed to parse|missing field/i)
  expect(run.exitCode).toBe(0)
  const listed = JSON.parse(run.stdout) as {
    models: { slug: string; context_window: number; input_modalities: string[]; display_name: string }[]
  }
  expect(listed.models.map((entry) => entry.slug).sort()).toEqual([
    'claude-opus-4-7',
    'codex-auto',
    'composer-2-5',
    'composer-2-5-fast',
    'deepseek-v4-pro',
    'gpt-5.5',
    'qwen3-coder',
  ])
  // Composer has no apply_patch tool (Cursor edits with its own) and takes text only.
  expect(listed.models.find((entry) => entry.slug === 'composer-2-5')?.input_modalities).toEqual(['text'])
  expect(listed.models.find((entry) => entry.slug === 'deepseek-v4-pro')?.context_window).toBe(131072)
  expect(listed.models.find((entry) => entry.slug === 'qwen3-coder')?.input_modalities).toEqual(['text'])
  expect(listed.models.find((entry) => entry.slug === 'claude-opus-4-7')?.display_name).toBe('Claude "Opus" \\ 4.7')
})

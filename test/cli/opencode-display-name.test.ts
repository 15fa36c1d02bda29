import { expect, test } from 'vitest'
import { opencodeGoDisplayName } from '../../cli/opencode/opencode-display-name'

test.each([
  ['glm-5.1', 'OpenCode Go GLM 5.1'],
  ['kimi-k2.7-code', 'OpenCode Go Kimi K2.7 Code'],
  ['deepseek-v4-flash', 'OpenCode Go DeepSeek V4 Flash'],
  ['qwen3.7-max', 'OpenCode Go Qwen3.7 Max'],
  ['minimax-m2.7', 'OpenCode Go MiniMax M2.7'],
  ['mimo-v2.5-pro', 'OpenCode Go MiMo V2.5 Pro'],
  ['gpt-5.6-luna', 'OpenCode Go GPT 5.6 Luna'],
  ['hy3-preview', 'OpenCode Go Hy3 Preview'],
])('%s is shown as "%s"', (id, name) => {
  expect(opencodeGoDisplayName(id)).toBe(name)
})

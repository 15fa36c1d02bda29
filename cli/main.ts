import { defineCommand, runMain } from 'citty'
import { VERSION } from '../shared/constants'
import { moveGlobalFlagsAfterCommand } from './argv'
import { GLOBAL_VALUE_FLAGS } from './commands/_args'

const main = defineCommand({
  meta: {
    name: 'codex-shim',
    version: VERSION,
    description: 'Use any model from OpenAI Codex: a local Responses gateway for BYOK providers and your ChatGPT login',
  },
  subCommands: {
    generate: () => import('./commands/generate').then((m) => m.default),
    list: () => import('./commands/list').then((m) => m.default),
    start: () => import('./commands/start').then((m) => m.default),
    stop: () => import('./commands/stop').then((m) => m.default),
    restart: () => import('./commands/restart').then((m) => m.default),
    status: () => import('./commands/status').then((m) => m.default),
    enable: () => import('./commands/enable').then((m) => m.default),
    disable: () => import('./commands/disable').then((m) => m.default),
    model: () => import('./commands/model').then((m) => m.default),
    codex: () => import('./commands/codex').then((m) => m.default),
    app: () => import('./commands/app').then((m) => m.default),
    doctor: () => import('./commands/doctor').then((m) => m.default),
    desktop: () => import('./commands/desktop').then((m) => m.default),
    'patch-app': () => import('./commands/patch-app').then((m) => m.default),
    'restore-app': () => import('./commands/restore-app').then((m) => m.default),
    token: () => import('./commands/token').then((m) => m.default),
    remote: () => import('./commands/remote').then((m) => m.default),
    router: () => import('./commands/router').then((m) => m.default),
    cursor: () => import('./commands/cursor').then((m) => m.default),
    picker: () => import('./commands/picker').then((m) => m.default),
    'opencode-go': () => import('./commands/opencode-go').then((m) => m.default),
    discover: () => import('./commands/discover').then((m) => m.default),
    probe: () => import('./commands/probe').then((m) => m.default),
  },
})

void runMain(main, { rawArgs: moveGlobalFlagsAfterCommand(process.argv.slice(2), GLOBAL_VALUE_FLAGS) })

import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from 'smol-toml'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAccessTeam, type AccessTeam } from '../kit/access-keys'
import { makeTestHome, runCli, type TestHome } from '../kit/cli-runner'
import { runCodex } from '../kit/codex-cli'
import { startDeployedGateway, type DeployedGateway } from '../kit/deployed-gateway'
import { startFakeAccessEdge, type FakeAccessEdge } from '../kit/fake-access-edge'
import { startMockUpstream, type MockUpstream, type RecordedRequest } from '../kit/mock-upstream'

const SERVICE_TOKEN = {
  clientId: 'e367826f93b8d71185e03fe518aff3b4.access',
  clientSecret: 'cfast_service-token-secret-9f8e7d6c5b4a',
}
let team: AccessTeam
let upstream: MockUpstream
let gateway: DeployedGateway
let edge: FakeAccessEdge
let home: TestHome
let env: NodeJS.ProcessEnv

const isToolTurn = (request: RecordedRequest) => JSON.stringify(request.json).includes('"role":"tool"')

beforeAll(async () => {
  team = await startAccessTeam()
  upstream = await startMockUpstream()
  gateway = await startDeployedGateway({
    CODEX_SHIM_SETTINGS: JSON.stringify({
      models: [
        {
          model: 'team-model',
          slug: 'team-chat',
          provider: 'openai',
          base_url: `${upstream.url}/v1`,
          api_key_env: 'TEAM_KEY',
        },
      ],
    }),
    TEAM_KEY: 'sk-team-key',
    CODEX_SHIM_ACCESS_TEAM_DOMAIN: team.teamDomain,
    CODEX_SHIM_ACCESS_AUD: team.aud,
  })
  edge = await startFakeAccessEdge(team, gateway.url, SERVICE_TOKEN)
  home = await makeTestHome('remote')
  await mkdir(home.codexHome, { recursive: true })
  env = {
    ...home.env,
    CF_ACCESS_CLIENT_ID: SERVICE_TOKEN.clientId,
    CF_ACCESS_CLIENT_SECRET: SERVICE_TOKEN.clientSecret,
  }
})
afterAll(async () => {
  await edge?.close()
  await gateway?.stop()
  await upstream?.close()
  await team?.close()
})

const configPath = () => join(home.codexHome, 'config.toml')

describe('codex-shim remote', () => {
  test('add without the credentials set explains which variables are missing, and changes nothing', async () => {
    const run = await runCli(
      [
        'remote',
        'add',
        'team',
        '--url',
        edge.url,
        '--access-client-id-env',
        'CF_ACCESS_CLIENT_ID',
        '--access-client-secret-env',
        'CF_ACCESS_CLIENT_SECRET',
      ],
      home.env,
    )
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toContain('$CF_ACCESS_CLIENT_ID')
    await expect(readFile(configPath())).rejects.toThrow()
  })

  test('add writes a provider that sends the service token by variable name and fetches the catalog', async () => {
    const run = await runCli(
      [
        'remote',
        'add',
        'team',
        '--url',
        edge.url,
        '--access-client-id-env',
        'CF_ACCESS_CLIENT_ID',
        '--access-client-secret-env',
        'CF_ACCESS_CLIENT_SECRET',
      ],
      env,
    )
    expect(run.stderr).not.toMatch(/error|warning/i)
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain('Added remote "team"')
    const text = await readFile(configPath(), 'utf8')
    expect(text).not.toContain(SERVICE_TOKEN.clientSecret)
    expect(text).not.toContain(SERVICE_TOKEN.clientId)
    const config = parse(text) as {
      model: string
      model_provider: string
      model_catalog_json: string
      model_providers: Record<string, Record<string, unknown>>
    }
    expect(config).toMatchObject({ model: 'team-chat', model_provider: 'codex_shim_team' })
    expect(config.model_providers.codex_shim_team).toMatchObject({
      base_url: `${edge.url}/v1`,
      env_http_headers: {
        'CF-Access-Client-Id': 'CF_ACCESS_CLIENT_ID',
        'CF-Access-Client-Secret': 'CF_ACCESS_CLIENT_SECRET',
      },
    })
    expect(JSON.parse(await readFile(config.model_catalog_json, 'utf8')).models[0].slug).toBe('team-chat')
    const list = await runCli(['remote', 'list'], env)
    expect(list.stdout).toContain('team')
    expect(list.stdout).toContain('team-chat')
  })

  test('the real Codex CLI runs a tool loop through the deployed gateway behind Access, to the mock upstream', async () => {
    upstream.handle((request) =>
      isToolTurn(request)
        ? { kind: 'chat', text: 'The team gateway ran it.' }
        : {
            kind: 'chat',
            toolCalls: [
              { id: 'call_remote_1', name: 'exec_command', arguments: '{"cmd":"echo via-the-team-gateway"}' },
            ],
          },
    )
    const run = await runCodex(
      [
        'exec',
        '--skip-git-repo-check',
        '--ephemeral',
        '--dangerously-bypass-approvals-and-sandbox',
        '--disable',
        'plugins',
        '--disable',
        'shell_snapshot',
        '--disable',
        'unbounded_connection_retries',
        '-c',
        'analytics.enabled=false',
        'run echo',
      ],
      {
        env: {
          CODEX_HOME: home.codexHome,
          CF_ACCESS_CLIENT_ID: SERVICE_TOKEN.clientId,
          CF_ACCESS_CLIENT_SECRET: SERVICE_TOKEN.clientSecret,
        },
        cwd: home.root,
        timeoutMs: 90_000,
      },
    )
    expect(run.stdout + run.stderr).toContain('The team gateway ran it.')
    expect(run.exitCode).toBe(0)
    const toolTurn = upstream.requests.find(isToolTurn)
    expect(JSON.stringify(toolTurn?.json)).toContain('via-the-team-gateway')
    expect(edge.admitted.filter((line) => line.startsWith('POST /v1/responses')).length).toBeGreaterThanOrEqual(2)
    expect(
      gateway.logs.some(
        (line) => line.includes('POST /v1/responses') && line.includes(`caller="${SERVICE_TOKEN.clientId}"`),
      ),
    ).toBe(true)
  })

  test('doctor checks the remote’s variables and that it answers through Access', async () => {
    const healthy = await runCli(['doctor', '--port', '1'], env)
    expect(healthy.stdout).toMatch(/OK +team: http:\/\/127\.0\.0\.1:\d+ answers/)
    const unset = await runCli(['doctor', '--port', '1'], home.env)
    expect(unset.stdout).toMatch(/FAIL +team: \$CF_ACCESS_CLIENT_ID, \$CF_ACCESS_CLIENT_SECRET not set/)
    const wrong = await runCli(['doctor', '--port', '1'], { ...env, CF_ACCESS_CLIENT_SECRET: 'wrong' })
    expect(wrong.stdout).toMatch(
      /FAIL +team: \/health answered 401 \(Cloudflare Access: service token authentication failed\)/,
    )
  })

  test('model use picks a local model of a slug over the remote one, and --remote picks the remote', async () => {
    const modelsFile = join(home.runtimeHome, 'models.json')
    await writeFile(
      modelsFile,
      JSON.stringify({
        models: [{ model: 'local-model', slug: 'team-chat', provider: 'openai', base_url: upstream.url }],
      }),
    )
    try {
      const providerOf = async () => parse(await readFile(configPath(), 'utf8')) as { model_provider: string }
      const local = await runCli(['model', 'use', 'team-chat'], env)
      expect(local.exitCode, local.stderr).toBe(0)
      expect(await providerOf()).toMatchObject({ model: 'team-chat', model_provider: 'codex_shim' })
      const remote = await runCli(['model', 'use', 'team-chat', '--remote', 'team'], env)
      expect(remote.exitCode, remote.stderr).toBe(0)
      expect(remote.stdout).toContain('on remote "team"')
      expect(await providerOf()).toMatchObject({ model: 'team-chat', model_provider: 'codex_shim_team' })
      const unknown = await runCli(['model', 'use', 'team-chat', '--remote', 'nowhere'], env)
      expect(unknown.exitCode).toBe(1)
      expect(await providerOf()).toMatchObject({ model_provider: 'codex_shim_team' })
    } finally {
      await rm(modelsFile, { force: true })
    }
  })

  test('remove takes the provider out; disable leaves the user’s config as it was', async () => {
    const remove = await runCli(['remote', 'remove', 'team'], env)
    expect(remove.exitCode).toBe(0)
    expect(remove.stderr).toContain('no local model is configured')
    const text = await readFile(configPath(), 'utf8').catch(() => '')
    expect(text).not.toContain('codex_shim_team')
    await runCli(['disable'], env)
    expect(await readFile(configPath(), 'utf8')).toBe('')
  })
})

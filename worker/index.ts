import { Hono } from 'hono'
import type { AppEnv } from './env'
import { anthropicErrorResponse } from './http/anthropic-error-response'
import { GatewayError } from './http/gateway-error'
import { openAiErrorResponse, toGatewayError } from './http/error-response'
import { guard } from './http/guard'
import { requestLog } from './http/request-summary'
import { recordActivity } from './activity/activity-log'
import { pickerSecurityHeaders } from './picker/security-headers'
import { apiRoute } from './routes/api'
import { pickerRoute } from './routes/picker'
import { chatCompletionsRoute } from './routes/chat-completions'
import { compactRoute } from './routes/compact'
import { messagesRoute } from './routes/messages'
import { healthRoute } from './routes/health'
import { modelsRoute } from './routes/models'
import { responsesRoute } from './routes/responses'

const app = new Hono<AppEnv>()

app.use(requestLog({ onFinish: recordActivity }))
app.use('/picker', pickerSecurityHeaders())
app.use('/api/*', pickerSecurityHeaders())
app.use(guard())

app.route('/health', healthRoute)
app.route('/v1/models', modelsRoute)
app.route('/v1/responses/compact', compactRoute)
app.route('/v1/responses', responsesRoute)
app.route('/v1/messages', messagesRoute)
app.route('/v1/chat/completions', chatCompletionsRoute)
app.route('/picker', pickerRoute)
app.route('/api', apiRoute)

app.notFound((c) =>
  openAiErrorResponse(
    new GatewayError(404, 'route_not_found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`),
  ),
)

app.onError((error, c) => {
  const gatewayError = toGatewayError(error)
  // Only bugs are printed in full; refusals and upstream failures are summarised by the request log.
  if (gatewayError.status === 500 && gatewayError.code === 'internal_error') console.error(error)
  c.var.summary?.finish({ status: gatewayError.status, failureCode: gatewayError.code })
  // Each client gets errors in its own format, so its SDK raises the matching error class.
  return new URL(c.req.url).pathname.startsWith('/v1/messages')
    ? anthropicErrorResponse(gatewayError)
    : openAiErrorResponse(gatewayError)
})

export default app

export { startMockUpstream, type MockUpstream, type RecordedRequest } from './mock-upstream'
export type {
  AnthropicReply,
  ChatReply,
  FixtureReply,
  LongBodyReply,
  MockReply,
  RawReply,
  ResetReply,
  ResponsesReply,
  SseReply,
  StatusReply,
} from './replies'
export { fixtureEvents, UPSTREAM_FIXTURES_DIR } from './fixture-events'

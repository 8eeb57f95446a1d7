/** The Slack channel: Bolt inbound (HTTP or Socket Mode), Web API outbound. */
export { createSlackChannel, type SlackChannel, type SlackChannelOptions } from './adapter.ts';
export { classifySlackError } from './deliver.ts';
export { SLACK_EVENTS_PATH } from './receiver.ts';
export { isFreshSlackTimestamp, slackSignature, verifySlackSignature, SLACK_REPLAY_WINDOW_SEC } from './verify.ts';

// CHAT_CLOSE's codes (src/shared/chat-live.ts) that the widget acts on, as numbers: importing a
// value from there would bring its zod schemas into the widget's bundle.
// test/e2e/chat-limits.test.ts holds them equal to CHAT_CLOSE.
export const CLOSE_VISITOR_GONE = 4410;
export const CLOSE_TOO_MANY = 4429;

// The task-card mechanism's public surface (workflows import from here).
export { TaskCards, type TaskCardsDeps, type UnmatchedHandler } from './task-cards.js';
export { TaskStore } from './store.js';
export * from './outcomes.js';
export type {
  CreateTaskInput,
  MessageContext,
  MessageHandler,
  OutcomeContext,
  OutcomeHandler,
  Task,
  TaskButton,
  TaskField,
  TaskOutcome,
  TaskRecipient,
} from './types.js';

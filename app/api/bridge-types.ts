// The raw call-and-events bridge between the UI and the app, shared by the desktop preload and the browser-mode transport.
import type { ApiResponse, CallName } from './contract';
import type { ApiEvent } from './events';

/**
 * What the desktop preload exposes as `window.reviewAssistant` and what the browser-mode
 * transport implements: a raw call returning the response envelope, and events. The
 * renderer's typed client (`ApiClient`) is built on top, from the contract's types.
 */
export interface Bridge {
  call(name: CallName, input: unknown): Promise<ApiResponse<unknown>>;
  onEvent(listener: (e: ApiEvent) => void): () => void;
}

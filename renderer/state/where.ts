// Says where a file or folder the app wrote is when it was not opened on this person's screen: in browser mode the app may run on a server.
import { isDesktop } from '../bridge';
import type { Toast } from './store';

/** Shows `message` with a Copy path button, unless the desktop app opened the path itself. */
export function sayWhere(toast: (t: Omit<Toast, 'id'>) => void, r: { opened: boolean; folder: string }, message: string): void {
  if (isDesktop && r.opened) return;
  toast({
    kind: 'info',
    message,
    key: `where:${r.folder}`,
    action: { label: 'Copy path', run: () => void navigator.clipboard?.writeText(r.folder).catch(() => undefined) },
  });
}

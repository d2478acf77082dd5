import { useEffect } from 'react';

// Telling the agent a chat waits, outside the page: the tab's title counts waiting chats,
// and a desktop notification (when the agent allowed them) says one more arrived. The
// notification goes to the operating system's notification centre, which Oubli cannot
// clear, so it carries fixed words only: never the visitor's name, email or message.

const BASE_TITLE = 'Oubli';

/** "(2) Oubli" while two chats wait, "Oubli" when none do. */
export function titleFor(waiting: number): string {
  return waiting > 0 ? `(${waiting}) ${BASE_TITLE}` : BASE_TITLE;
}

/** Keeps the tab's title counting waiting chats. */
export function useWaitingTitle(waiting: number): void {
  useEffect(() => {
    document.title = titleFor(waiting);
  }, [waiting]);
  useEffect(() => () => void (document.title = BASE_TITLE), []);
}

/** Whether this browser can show desktop notifications, and what the agent said. */
export function notificationPermission(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks the browser for permission (after a click: browsers refuse otherwise). */
export async function askNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

/** A desktop notification that a chat waits, when allowed and the agent is not already looking at the Chats page. */
export function notifyNewWaiting(onChatsPage: boolean): void {
  if (notificationPermission() !== 'granted') return;
  if (onChatsPage && document.visibilityState === 'visible') return;
  const n = new Notification('A chat is waiting', { body: 'A visitor is waiting for an agent in Oubli.', tag: 'oubli-chat-waiting' });
  n.onclick = () => {
    window.focus();
    if (!location.pathname.startsWith('/chats')) location.assign('/chats');
    n.close();
  };
}

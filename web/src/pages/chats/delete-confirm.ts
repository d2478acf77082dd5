// The questions asked before deleting a chat or its files, on the live and the history pages alike.

/** Before DELETE /chat/chats/{id}: says what goes and that it cannot be undone; a box to tick. */
export const confirmDeleteChat = {
  title: 'Delete this chat for good?',
  body: 'The transcript, its files and the visitor’s pages of this chat are erased. A ticket made from it stays. This cannot be undone.',
  confirmLabel: 'Delete chat',
  danger: true,
  acknowledge: 'I understand the chat is erased for good.',
};

/** Before DELETE /chat/chats/{id}/attachments. */
export const confirmDeleteFiles = {
  title: 'Delete every file of this chat?',
  body: 'Each file becomes an empty redacted.txt; the messages stay. This cannot be undone.',
  confirmLabel: 'Delete files',
  danger: true,
};

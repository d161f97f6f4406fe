import type { WebSocketServer } from 'ws';

const SHUTDOWN_GRACE_MS = 1_000;

/**
 * Closes a socket server at shutdown: upgraded sockets still hold the HTTP server open, so every
 * client is closed (1001), and terminated when it does not answer the close within a second.
 */
export async function closeAll(wss: WebSocketServer | null): Promise<void> {
  const clients = [...(wss?.clients ?? [])];
  wss?.close();
  await Promise.all(
    clients.map(
      (ws) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => ws.terminate(), SHUTDOWN_GRACE_MS);
          ws.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          ws.close(1001, 'Server shutting down');
        }),
    ),
  );
}

import { connect } from "node:net";

/**
 * Sends `bytes` exactly as given on a fresh TCP connection and collects everything the server writes until it
 * closes the connection (or `idleMs` pass without data). Returns the raw text and the status of each response.
 */
export function rawExchange(port: number, bytes: string, idleMs = 1500): Promise<{ text: string; statuses: number[]; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    let closed = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, statuses: [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1])), closed });
    };
    const idle = (): void => {
      clearTimeout(timer);
      timer = setTimeout(finish, idleMs);
    };
    socket.setEncoding("latin1");
    socket.on("connect", () => {
      socket.write(Buffer.from(bytes, "latin1"));
      idle();
    });
    socket.on("data", (chunk: string) => {
      text += chunk;
      idle();
    });
    socket.on("end", () => {
      closed = true;
      finish();
    });
    socket.on("close", () => {
      closed = true;
      finish();
    });
    socket.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** A minimal request: request line, Host, optional extra header lines, then a blank line. */
export function requestBytes(line: string, headers: string[] = []): string {
  return `${line}\r\nHost: 127.0.0.1\r\n${headers.map((h) => `${h}\r\n`).join("")}\r\n`;
}

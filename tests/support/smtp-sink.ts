import net from "node:net";

/** A minimal SMTP server on 127.0.0.1 that keeps what it receives: real SMTP for nodemailer, no mock. */
export async function startSmtpSink() {
  const received: string[] = [];
  const server = net.createServer((sock) => {
    let buf = "";
    let inData = false;
    sock.write("220 sink ESMTP\r\n");
    sock.on("data", (chunk) => {
      buf += chunk.toString("utf8");
      for (;;) {
        if (inData) {
          const end = buf.indexOf("\r\n.\r\n");
          if (end < 0) return;
          received.push(decodeMessage(buf.slice(0, end)));
          buf = buf.slice(end + 5);
          inData = false;
          sock.write("250 ok\r\n");
          continue;
        }
        const nl = buf.indexOf("\r\n");
        if (nl < 0) return;
        const line = buf.slice(0, nl).toUpperCase();
        buf = buf.slice(nl + 2);
        if (line.startsWith("EHLO") || line.startsWith("HELO")) sock.write("250 sink\r\n");
        else if (line.startsWith("DATA")) {
          inData = true;
          sock.write("354 go\r\n");
        } else if (line.startsWith("QUIT")) sock.end("221 bye\r\n");
        else sock.write("250 ok\r\n");
      }
    });
    sock.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

// nodemailer picks quoted-printable or base64 for Korean text, whichever is shorter for that text (so it
// varies with the recipient's name); the body is decoded either way so tests can read the link.
function decodeMessage(raw: string): string {
  const split = raw.indexOf("\r\n\r\n");
  if (split < 0) return decodeQuotedPrintable(raw);
  const head = raw.slice(0, split);
  const body = raw.slice(split + 4);
  if (/^content-transfer-encoding:\s*base64\s*$/im.test(head)) return `${head}\r\n\r\n${Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")}`;
  return `${head}\r\n\r\n${decodeQuotedPrintable(body)}`;
}

function decodeQuotedPrintable(raw: string): string {
  const bytes = raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

import net from "node:net";

const listens = (port: number, host: string) =>
  new Promise<number | null>((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(null));
    srv.listen({ port, host, exclusive: true }, () => {
      const got = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(got));
    });
  });

/**
 * `preferred` when nothing listens on it at 127.0.0.1, else a port the OS hands out. A server left
 * running by an earlier, killed run (or another clone's) must not make the next run fail or, worse,
 * talk to the stranger: CI once lost a whole run to a PostgreSQL still holding a fault script's port.
 */
export async function freePort(preferred: number, host = "127.0.0.1"): Promise<number> {
  if (preferred > 0 && (await listens(preferred, host)) === preferred) return preferred;
  const port = await listens(0, host);
  if (!port) throw new Error(`no free TCP port on ${host}`);
  return port;
}

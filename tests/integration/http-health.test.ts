import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readiness } from "../../src/core-runtime.js";
import { createHttpServer, listen } from "../../src/http/http-server.js";
import { testDatabase } from "../support/test-database.js";

describe("health endpoints over real HTTP", () => {
  let base: string;
  let close: () => Promise<void>;
  let databaseUp = true;

  beforeAll(async () => {
    const database = await testDatabase();
    const server = createHttpServer({
      logger: pino({ level: "silent" }),
      readiness: async () =>
        databaseUp ? readiness(database) : { ready: false, details: { database: "unreachable" } },
    });
    const port = await listen(server, 0, "127.0.0.1");
    base = `http://127.0.0.1:${port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });
  afterAll(() => close());

  it("GET /healthz is 200 while the process lives", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("GET /readyz is 200 with the database reachable and every migration applied", async () => {
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ready: true, database: "ok", migrations: "applied" });
  });

  it("GET /readyz is 503 when the database is not", async () => {
    databaseUp = false;
    const res = await fetch(`${base}/readyz`);
    databaseUp = true;
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ready: false });
  });

  it("answers 404 to anything else", async () => {
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });
});

import { Writable } from "node:stream";
import { createLogger } from "../../src/logger.js";

/** The production logger (scrubbed as in production), writing into a string the test reads. */
export const captureLogs = (level = "trace") => {
  let text = "";
  const sink = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return {
    logger: createLogger(level, sink),
    logged: () => text,
    clear: () => {
      text = "";
    },
  };
};

import { contractSuite } from "./contract-suite.js";
import { jsonWebhookDriver } from "./json-webhook-adapter/json-webhook-driver.js";
import { consoleDriver, slackDriver, teamsDriver } from "./platform-drivers.js";

/*
 * One suite, every platform: Slack and Teams as the registry mounts them on the real server, the
 * console through its line reader, and a plain JSON webhook platform that exists only here — it
 * passes the same suite with no change outside its folder but its registry line.
 */
contractSuite("slack", slackDriver, { files: true });
contractSuite("teams", teamsDriver, { files: true });
contractSuite("console", consoleDriver, { refusals: false, files: true });
contractSuite("json-webhook", jsonWebhookDriver);

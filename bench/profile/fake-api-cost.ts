/**
 * `npx tsx bench/profile/fake-api-cost.ts [posts] [--keep]`: what the bench's fake Slack API
 * (bench/slack/chat-api.ts) costs the load generator a post as posts pile up. It runs in the bench's
 * own process, beside the load it sends, and stands in for Slack's servers, which are not on this
 * machine: its cost a post must stay flat through a run, or Delegate's later load steps (the ones
 * that deliver the most) would be measured against a load generator slowing down. Posts a
 * chat.postMessage as the WebClient sends it, four at a time, and prints CPU a post and heap per
 * 5,000; `--keep` keeps the posts (as the faults part does).
 */
import http from "node:http";
import { startBenchSlackApi } from "../slack/chat-api.js";

const total = Number(process.argv[2] ?? 40_000);
const keepPosts = process.argv.includes("--keep");
const BLOCK = 5_000;
const api = await startBenchSlackApi({ keepPosts });
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
const blocks = JSON.stringify(
  Array.from({ length: 6 }, (_, i) => ({
    type: "section",
    text: { type: "mrkdwn", text: `line ${i} of a task notice` },
  })),
);
const body = new URLSearchParams({ channel: "U123", text: "Maria assigned you T-12.", blocks }).toString();
const post = () =>
  new Promise<void>((resolve, reject) => {
    const req = http.request(
      `${api.url}chat.postMessage`,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on("end", resolve);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
try {
  for (let done = 0; done < total; done += BLOCK) {
    const before = process.cpuUsage();
    for (let i = 0; i < BLOCK; i += 4) await Promise.all([post(), post(), post(), post()]);
    const used = process.cpuUsage(before);
    const perPost = (used.user + used.system) / 1000 / BLOCK;
    const heap = process.memoryUsage().heapUsed / 1e6;
    process.stdout.write(
      `after ${done + BLOCK} posts: ${perPost.toFixed(3)} ms CPU a post (client and fake), heap ${heap.toFixed(0)} MB\n`,
    );
  }
} finally {
  agent.destroy();
  await api.close();
}

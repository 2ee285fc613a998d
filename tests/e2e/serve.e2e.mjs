// End-to-end tests of `uccert serve` in a real browser: Debian's Chromium (/usr/bin/chromium),
// driven by playwright-core (which downloads no browser). Every server runs on 127.0.0.1: the
// page itself, a TLS endpoint (openssl s_server) to probe; the certificates are minted here
// (`uccert lab mint field-mistakes`, openssl for a key pair to put in a PFX).
//
//   UCCERT_EXE=build/apps/uccert node tests/e2e/serve.e2e.mjs
//
// Exit 0 all passed, 1 a test failed, 77 skipped (no Chromium, or playwright-core not installed:
// scripts/install-deps.sh installs both). UCCERT_SCREENSHOT_DIR names where the screenshots go
// (docs/screenshots to refresh the ones README shows).
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const SKIP = 77;

if (!fs.existsSync(CHROMIUM)) {
  console.log(`SKIP: ${CHROMIUM} not installed (apt-get install chromium; scripts/install-deps.sh)`);
  process.exit(SKIP);
}
let chromium;
try {
  ({ chromium } = await import("playwright-core"));
} catch {
  console.log("SKIP: playwright-core not installed (npm ci --prefix tests/e2e; scripts/install-deps.sh)");
  process.exit(SKIP);
}
const exe = process.env.UCCERT_EXE;
if (!exe || !fs.existsSync(exe)) {
  console.error(`UCCERT_EXE must name the uccert binary (got ${exe})`);
  process.exit(1);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "uccert-e2e-"));
const shots = process.env.UCCERT_SCREENSHOT_DIR || path.join(work, "screenshots");
fs.mkdirSync(shots, { recursive: true });
const children = [];
let failures = 0;

function cleanup() {
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
  fs.rmSync(work, { recursive: true, force: true });
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function test(name, body) {
  const started = Date.now();
  try {
    await body();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}: ${e.stack || e}`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function openssl(...args) {
  execFileSync("openssl", args, { cwd: work, stdio: ["ignore", "ignore", "pipe"] });
}

// Starts `uccert serve ARGS` and resolves with the address it printed.
function startServe(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(exe, ["serve", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`uccert serve did not start: ${out} ${err}`)), 15000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], child, log: () => err });
      }
    });
    child.stderr.on("data", (d) => { err += d; });
    child.on("exit", (code) => reject(new Error(`uccert serve exited ${code}: ${err}`)));
  });
}

function waitForPort(port) {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 10000;
    const attempt = () => {
      const s = net.connect(port, "127.0.0.1");
      s.on("connect", () => { s.destroy(); resolve(); });
      s.on("error", () => {
        if (Date.now() > deadline) reject(new Error(`nothing listens on 127.0.0.1:${port}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

// The verdicts the page shows: {client: verdict}.
async function pageVerdicts(page) {
  await page.locator("#verdicts li").first().waitFor({ timeout: 30000 });
  const items = await page.locator("#verdicts li").evaluateAll((lis) =>
    lis.map((li) => [li.getAttribute("data-client"), li.getAttribute("data-verdict")]));
  return Object.fromEntries(items);
}

// The verdicts `uccert check --format json` gives for the same input: the oracle.
function cliVerdicts(args) {
  let out;
  try {
    out = execFileSync(exe, ["check", ...args, "--format", "json"], { encoding: "utf8" });
  } catch (e) {
    out = e.stdout;  // exit 1 and 2 are verdicts
  }
  return JSON.parse(out).verdicts;
}

function sameVerdicts(a, b, what) {
  check(JSON.stringify(a) === JSON.stringify(b), `${what}: page ${JSON.stringify(a)} != check ${JSON.stringify(b)}`);
}

try {
  // Certificates: the demo deployment (public and enterprise CAs), and a key pair of our own for
  // the PFX and the live endpoint.
  execFileSync(exe, ["lab", "mint", "field-mistakes", "--out", path.join(work, "demo")], { stdio: "ignore" });
  const demo = (f) => path.join(work, "demo", f);
  // The reverse proxy of the field-mistakes lab sends its public certificate without the
  // intermediate (S-10); it is dialled as lyncdiscover.contoso.com.
  const leafOnly = demo("sent/rp-lyncdiscover.pem");
  openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "365",
          "-subj", "/CN=E2E Test Root CA", "-addext", "basicConstraints=critical,CA:TRUE",
          "-addext", "keyUsage=critical,keyCertSign,cRLSign");
  openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr",
          "-subj", "/CN=sip.contoso.com");
  fs.writeFileSync(path.join(work, "leaf.ext"),
    "subjectAltName=DNS:sip.contoso.com\nextendedKeyUsage=serverAuth,clientAuth\n" +
    "keyUsage=critical,digitalSignature,keyEncipherment\nbasicConstraints=critical,CA:FALSE\n");
  openssl("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
          "-out", "leaf.pem", "-days", "200", "-sha256", "-extfile", "leaf.ext");
  openssl("pkcs12", "-export", "-inkey", "leaf.key", "-in", "leaf.pem", "-certfile", "ca.pem",
          "-passout", "pass:E2e-Pfx-s3cret", "-out", "edge.pfx");
  fs.writeFileSync(path.join(work, "roots.pem"),
    fs.readFileSync(demo("ca/public-root.pem"), "utf8") + fs.readFileSync(path.join(work, "ca.pem"), "utf8"));
  const trust = ["--public-roots", path.join(work, "roots.pem"), "--enterprise-root", demo("ca/contoso-root.pem")];

  const { url, log } = await startServe(["--listen", "127.0.0.1:0", ...trust]);
  const userDataDir = fs.mkdtempSync(path.join(work, "chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1200, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = context.pages()[0] || (await context.newPage());
  const blocked = [];
  page.on("console", (m) => { if (m.type() === "error") blocked.push(m.text()); });

  await test("paste a certificate and read the verdicts", async () => {
    await page.goto(url);
    await page.fill("#pem", fs.readFileSync(leafOnly, "utf8"));
    await page.fill("#name", "lyncdiscover.contoso.com");
    await page.click("#run");
    const verdicts = await pageVerdicts(page);
    check(verdicts["mobile-ios"] === "fail", `mobile-ios: ${verdicts["mobile-ios"]} (S-10: no intermediate sent)`);
    sameVerdicts(verdicts, cliVerdicts([leafOnly, "--name", "lyncdiscover.contoso.com", ...trust]),
                 "pasted chain");
    // The report in the frame: its matrix says the same, and its CSP let its copy script run.
    const frame = page.frameLocator("#report");
    await frame.locator("table.matrix").waitFor();
    const cell = await frame.locator("table.matrix td[data-verdict]").evaluateAll((tds) =>
      tds.map((td) => td.getAttribute("data-verdict")));
    check(JSON.stringify(cell) === JSON.stringify(Object.values(verdicts)), `matrix ${cell}`);
    check(await frame.locator("button.copy").first().isVisible(), "the copy buttons are shown (script ran)");
    check(await frame.locator("li.cert.missing").count() > 0, "the missing intermediate is drawn");
    // Downloads: the JSON and the HTML report.
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-json")]);
    const saved = path.join(work, "report.json");
    await download.saveAs(saved);
    sameVerdicts(JSON.parse(fs.readFileSync(saved, "utf8")).verdicts, verdicts, "downloaded JSON");
    const [html] = await Promise.all([page.waitForEvent("download"), page.click("#download-html")]);
    const savedHtml = path.join(work, "report.html");
    await html.saveAs(savedHtml);
    check(fs.readFileSync(savedHtml, "utf8").startsWith("<!DOCTYPE html>"), "downloaded HTML");
    await page.screenshot({ path: path.join(shots, "serve-page.png"), fullPage: false });
    const report = await context.newPage();
    await report.setViewportSize({ width: 1200, height: 1500 });
    await report.goto(url.replace(/\/$/, "") + (await page.getAttribute("#download-html", "href")).replace(
      "report.html", "view"));
    await report.screenshot({ path: path.join(shots, "report.png") });
    await report.close();
    check(blocked.length === 0, `console errors (CSP?): ${blocked.join("; ")}`);
  });

  await test("upload a PFX with its password", async () => {
    await page.goto(url);
    await page.check('input[name="mode"][value="upload"]');
    await page.setInputFiles("#file", path.join(work, "edge.pfx"));
    await page.fill("#password", "E2e-Pfx-s3cret");
    await page.fill("#name", "sip.contoso.com");
    await page.click("#run");
    const verdicts = await pageVerdicts(page);
    check(verdicts["browser"] === "pass", `browser: ${verdicts["browser"]}`);
    // The report names the uploaded file (the frame loads after the verdicts are shown).
    await page.frameLocator("#report").locator("h2", { hasText: "edge.pfx" }).waitFor({ timeout: 10000 });
    // The wrong password: one line, which does not repeat it.
    await page.fill("#password", "not-the-password");
    await page.click("#run");
    await page.locator("#error").waitFor({ state: "visible" });
    const error = await page.textContent("#error");
    check(error.includes("edge.pfx") && !error.includes("not-the-password"), `error: ${error}`);
    // The server's log names requests, never what they carried.
    check(log().includes("POST /api/check 200"), `log: ${log()}`);
    check(!log().includes("E2e-Pfx-s3cret") && !log().includes("not-the-password"), "a password in the log");
  });

  await test("probe a local endpoint", async () => {
    const port = await freePort();
    const server = spawn("openssl", ["s_server", "-accept", `127.0.0.1:${port}`, "-cert", "leaf.pem", "-key",
                                     "leaf.key", "-cert_chain", "ca.pem", "-www", "-quiet"],
                         { cwd: work, stdio: "ignore" });
    children.push(server);
    await waitForPort(port);
    await page.goto(url);
    await page.check('input[name="mode"][value="endpoint"]');
    await page.fill("#host", "127.0.0.1");
    await page.fill("#port", String(port));
    await page.selectOption("#proto", "tls");
    await page.fill("#name", "sip.contoso.com");
    await page.click("#run");
    const verdicts = await pageVerdicts(page);
    check(verdicts["browser"] === "pass", `browser: ${JSON.stringify(verdicts)}`);
    server.kill("SIGTERM");
  });

  await test("a refused target is refused", async () => {
    await page.goto(url);
    await page.check('input[name="mode"][value="endpoint"]');
    await page.fill("#host", "192.0.2.10");
    await page.fill("#port", "5061");
    await page.click("#run");
    await page.locator("#error").waitFor({ state: "visible" });
    const error = await page.textContent("#error");
    check(error.includes("refused") && error.includes("--allow"), `error: ${error}`);
    check(await page.isHidden("#result"), "no result shown");
    await page.screenshot({ path: path.join(shots, "serve-refused.png") });
  });

  await test("off loopback, a request without the token is refused", async () => {
    const { url: tokenUrl } = await startServe(["--listen", "0.0.0.0:0", ...trust]);
    const m = tokenUrl.match(/^http:\/\/[^/]+:(\d+)\/\?token=([0-9a-f]{64})$/);
    check(m, `printed address: ${tokenUrl}`);
    const base = `http://127.0.0.1:${m[1]}/`;
    const bare = await page.goto(base);
    check(bare.status() === 401, `without the token: ${bare.status()}`);
    const api = await page.request.post(base + "api/check", { multipart: { mode: "paste", pem: "x" } });
    check(api.status() === 401, `API without the token: ${api.status()}`);
    const withToken = await page.goto(`${base}?token=${m[2]}`);
    check(withToken.status() === 200, `with the token: ${withToken.status()}`);
    check(await page.locator("#check").count() === 1, "the page is shown");
  });

  await context.close();
} catch (e) {
  failures++;
  console.log(`FAIL setup: ${e.stack || e}`);
} finally {
  cleanup();
}
console.log(failures === 0 ? "e2e: all passed" : `e2e: ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);

// Front-end build for SEND Casework.
//
//   cd frontend && npm ci && npm run build
//
// Compiles sass/app.scss (GOV.UK Frontend 6.3.0 + council brand) into
// ../static/build/app.css and copies the vendored JavaScript (GOV.UK Frontend,
// htmx, axe-core), our own src/app.js and the council icons next to it.
// Everything is served by Flask from /static/build/; nothing comes from a CDN.

import { copyFile, mkdir, readdir, rm, writeFile, access } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "..");
const outDir = join(repoRoot, "static", "build");
const modules = join(here, "node_modules");

// The URL prefix the CSS is compiled for; must match $govuk-assets-path in
// sass/app.scss and Flask's static_url_path ("/static").
const ASSETS_URL = "/static/build/";

const copies = [
  [join(modules, "govuk-frontend/dist/govuk/govuk-frontend.min.js"), "govuk-frontend.min.js"],
  [join(modules, "govuk-frontend/dist/govuk/govuk-frontend.min.js.map"), "govuk-frontend.min.js.map"],
  [join(modules, "htmx.org/dist/htmx.min.js"), "htmx.min.js"],
  [join(modules, "axe-core/axe.min.js"), "axe.min.js"],
  [join(here, "src/app.js"), "app.js"],
];

function fail(message) {
  console.error(`frontend build failed: ${message}`);
  process.exit(1);
}

async function exists(path) {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function main() {
  if (!(await exists(join(modules, "govuk-frontend")))) {
    fail("node_modules is missing: run `npm ci` in frontend/ first");
  }

  // Start from an empty output directory so no stale file is ever served.
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });

  // 1. Sass -> compressed CSS
  let result;
  try {
    result = sass.compile(join(here, "sass/app.scss"), {
      style: "compressed",
      importers: [new sass.NodePackageImporter(here)],
      quietDeps: true,
      sourceMap: false,
    });
  } catch (error) {
    fail(`Sass: ${error.message}`);
  }
  const css = result.css;

  // Guards: the council must not ship the GOV.UK-only typeface or its fonts.
  if (/GDS Transport/i.test(css) || /@font-face/i.test(css)) {
    fail('app.css contains "GDS Transport" / @font-face: check $govuk-font-family in sass/app.scss');
  }
  await writeFile(join(outDir, "app.css"), css + "\n");

  // 2. JavaScript and other files copied as they are
  for (const [from, to] of copies) {
    if (!(await exists(from))) fail(`missing ${relative(repoRoot, from)}`);
    await copyFile(from, join(outDir, to));
  }

  // 3. Council icons (our own: the GOV.UK favicons show the crown, which a
  //    council service must not use)
  await mkdir(join(outDir, "images"), { recursive: true });
  for (const name of await readdir(join(here, "src/images"))) {
    await copyFile(join(here, "src/images", name), join(outDir, "images", name));
  }

  // 4. Any image/font the CSS refers to must exist under static/build/.
  //    GOV.UK Frontend images are copied only when the CSS actually uses them.
  const urls = [...css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)].map((m) => m[1]);
  for (const url of urls) {
    if (url.startsWith("data:")) continue;
    if (!url.startsWith(ASSETS_URL)) fail(`app.css refers to ${url}, outside ${ASSETS_URL}`);
    const rel = url.slice(ASSETS_URL.length).split(/[?#]/)[0];
    const target = join(outDir, rel);
    if (await exists(target)) continue;
    const source = join(modules, "govuk-frontend/dist/govuk/assets", rel);
    if (!(await exists(source))) fail(`app.css refers to ${url} but no such asset exists`);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(source, target);
  }

  const files = (await readdir(outDir, { recursive: true })).sort();
  console.log(`frontend build: wrote ${files.length} files to ${relative(repoRoot, outDir)}/: ${files.join(", ")}`);
}

await main();

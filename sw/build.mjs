// Writes SITE/sw.js: sw/service-worker.js with Workbox's precache manifest of SITE.
//   node sw/build.mjs SITE
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { injectManifest } from "workbox-build";

const here = path.dirname(fileURLToPath(import.meta.url));
const site = process.argv[2];
if (!site) {
  console.error("usage: node sw/build.mjs SITE");
  process.exit(2);
}

// Subresource integrity for each entry: the browser checks every byte it caches.
async function withIntegrity(entries) {
  const manifest = await Promise.all(
    entries.map(async (entry) => {
      const body = await readFile(path.join(site, decodeURIComponent(entry.url)));
      const digest = createHash("sha384").update(body).digest("base64");
      return { ...entry, integrity: `sha384-${digest}` };
    }),
  );
  return { manifest, warnings: [] };
}

const { count, size, warnings } = await injectManifest({
  swSrc: path.join(here, "service-worker.js"),
  swDest: path.join(site, "sw.js"),
  globDirectory: site,
  globPatterns: ["**/*"],
  globIgnores: [
    "sw.js",
    "**/*.gz",
    "**/*.map",
    "static/vendor/workbox/**", // the worker's own imports, kept with its registration
    "static/vendor/pyscript/toml-*.js", // loaded only for TOML configs
    "static/vendor/pyscript/zip-*.js", // loaded only for zip archives in "files"
    "static/vendor/fonts/LICENSE",
  ],
  maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
  manifestTransforms: [withIntegrity],
});
for (const warning of warnings) console.warn(warning);
console.log(`sw.js: ${count} files precached, ${size} bytes`);

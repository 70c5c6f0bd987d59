// The site's service worker (built into sw.js by sw/build.mjs; Workbox fills in the
// manifest). It keeps every file of one deploy together, so a repeat visit and an
// offline one load from this cache, and a new deploy replaces the whole set at once.
importScripts(
  "static/vendor/workbox/workbox-core.prod.js",
  "static/vendor/workbox/workbox-routing.prod.js",
  "static/vendor/workbox/workbox-strategies.prod.js",
  "static/vendor/workbox/workbox-precaching.prod.js",
);

const { precaching } = self.workbox;

// Revalidate instead of re-downloading: right after a first visit the browser's HTTP cache
// holds these files, so the server answers "304 Not Modified" and nothing is fetched twice.
// Each entry carries its hash (integrity), so a file changed mid-deploy fails the install
// rather than joining the wrong version.
precaching.addPlugins([
  { requestWillFetch: async ({ request }) => new Request(request, { cache: "no-cache" }) },
]);
precaching.cleanupOutdatedCaches();
precaching.precacheAndRoute(self.__WB_MANIFEST, { ignoreURLParametersMatching: [/.*/] });

// A new version waits until the learner chooses "Reload" (static/js/boot.js asks), or until
// every tab of the old one has closed.
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
});

// Starts the bundle the server named for this page (`frontend` for readers,
// `newsroom` for staff). A file, not an inline script, so the page's
// Content-Security-Policy can forbid inline scripts altogether.
const app = document.querySelector('meta[name="gi-app"]')?.content || "frontend";
import(`/assets/${app}.js`)
  .then((module) => module.default({ module_or_path: `/assets/${app}_bg.wasm` }))
  .catch(() => {
    // A reader's page the server rendered reads without the app; say nothing there.
    if (document.getElementById("app")?.childElementCount) return;
    const message = document.createElement("p");
    message.className = "boot-error";
    message.setAttribute("role", "alert");
    message.textContent =
      "Aplikasi tidak dapat dimuat di peramban ini. / The app cannot start in this browser.";
    document.body.prepend(message);
  });

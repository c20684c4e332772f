// Starts the components of GOV.UK Frontend and MoJ Frontend found on the page
// (data-module="govuk-..." and data-module="moj-..."). Loaded with
// <script type="module">, so it runs after the document is parsed. The two
// files are copied next to this one from node_modules by make assets.
import { initAll as initGovukFrontend } from "./govuk-frontend.min.js";
import { initAll as initMojFrontend } from "./moj-frontend.min.js";

initGovukFrontend();
initMojFrontend();

// Content that htmx swaps in (the case list's filters and results) gets the
// same components started on it alone; an error summary in it takes focus,
// as it does on a full page load.
document.addEventListener("htmx:load", (event) => {
  const scope = event.target;
  if (!(scope instanceof HTMLElement) || scope === document.body) {
    return;
  }
  initGovukFrontend({ scope });
  initMojFrontend({ scope });
});

// Starts the components of GOV.UK Frontend and MoJ Frontend found on the page
// (data-module="govuk-..." and data-module="moj-..."). Loaded with
// <script type="module">, so it runs after the document is parsed. The two
// files are copied next to this one from node_modules by make assets.
import { initAll as initGovukFrontend } from "./govuk-frontend.min.js";
import { initAll as initMojFrontend } from "./moj-frontend.min.js";

initGovukFrontend();
initMojFrontend();

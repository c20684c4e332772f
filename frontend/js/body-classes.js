// Loaded as a classic script, the first child of <body>, so that the classes
// are on <body> before the page is first painted (no flash of no-JS styles).
// - js-enabled: GOV.UK Frontend's CSS hides or shows things for JavaScript.
// - govuk-frontend-supported: the browser runs ES modules, which GOV.UK
//   Frontend 6 needs; without it GOV.UK's components stay in their no-JS form.
// A file of its own, not inline code: the Content-Security-Policy allows
// scripts from this site only (script-src 'self').
(function (body) {
  body.classList.add("js-enabled");
  if ("noModule" in HTMLScriptElement.prototype) {
    body.classList.add("govuk-frontend-supported");
  }
})(document.body);

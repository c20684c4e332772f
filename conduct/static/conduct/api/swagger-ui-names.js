// Swagger UI draws some controls and regions with no accessible name, or with
// a name that does not contain what they say (axe: select-name, label,
// button-name, landmark-unique, label-content-name-mismatch). Its bundle
// writes that markup, so each is named here as it is drawn.
"use strict";

(() => {
  const root = document.getElementById("swagger-ui");
  if (root === null) {
    return;
  }

  // Controls Swagger UI leaves unnamed, and the name each gets.
  const unnamed = [
    [
      "tr[data-param-name] select",
      (control) => `Value of ${control.closest("tr").dataset.paramName}`,
    ],
    [".examples-select select", () => "Example to show"],
    ["textarea.body-param__text", () => "Request body"],
    ["button.close-modal", () => "Close"],
    [
      // Each operation's responses are a region, all of them unnamed.
      "table.responses-table[role=region]",
      (control) => {
        const summary = control.closest(".opblock").querySelector(".opblock-summary");
        const method = summary.querySelector(".opblock-summary-method").textContent;
        const path = summary.querySelector(".opblock-summary-path").dataset.path;
        return `Responses to ${method} ${path}`;
      },
    ],
  ];

  const name = () => {
    for (const [selector, nameOf] of unnamed) {
      for (const control of root.querySelectorAll(`${selector}:not([aria-label])`)) {
        control.setAttribute("aria-label", nameOf(control));
      }
    }
    // A button labelled other than it reads ("Authorize" named "Apply
    // credentials") is named by what it reads, as speech input expects.
    for (const button of root.querySelectorAll("button[aria-label]")) {
      const text = button.textContent.trim();
      const label = button.getAttribute("aria-label");
      if (text !== "" && !label.toLowerCase().includes(text.toLowerCase())) {
        button.setAttribute("aria-label", text);
      }
    }
  };

  // Attributes are not watched, so naming a control does not call this again.
  new MutationObserver(name).observe(root, { childList: true, subtree: true });
  name();
})();

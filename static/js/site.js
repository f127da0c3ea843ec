// Small progressive enhancements; every page works without them (no inline scripts: see the CSP).
(function () {
  "use strict";

  // A form came back with errors: take the person to the summary (it is focusable: tabindex=-1)
  // so a screen reader reads it out and the keyboard starts there (WCAG 3.3.1).
  var summary = document.getElementById("form-errors");
  if (summary) {
    summary.focus();
  }

  // Messages ("You joined ...") sit in a role=status live region. Screen readers announce a live
  // region's changes, not what it holds when the page loads, so the text is put back after a tick.
  var region = document.querySelector(".messages[role=status]");
  if (region && !summary) {
    var items = Array.prototype.slice.call(region.childNodes);
    items.forEach(function (node) { region.removeChild(node); });
    window.setTimeout(function () {
      items.forEach(function (node) { region.appendChild(node); });
    }, 250);
  }

  // Filters collapsed behind a <details> on phones are always open from 768 px up (site.css does
  // this where the browser supports ::details-content; this covers the others).
  if (window.matchMedia("(min-width: 768px)").matches) {
    document.querySelectorAll("details.open-from-md").forEach(function (details) {
      details.open = true;
    });
  }
})();

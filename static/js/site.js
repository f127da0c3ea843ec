// Small progressive enhancements; every page works without them (no inline scripts: see the CSP).
(function () {
  "use strict";

  // A form came back with errors: take the person to the summary (it is focusable: tabindex=-1)
  // so a screen reader reads it out and the keyboard starts there (WCAG 3.3.1).
  var summary = document.getElementById("form-errors");
  if (summary) {
    summary.focus();
  }

  // Messages ("You joined ...") stay where they are; their text is also put into an empty live
  // region after a tick, because screen readers announce a live region's changes, not what it
  // holds when the page loads.
  var messages = document.querySelector(".messages");
  var announcer = document.getElementById("status-announcer");
  if (messages && announcer && !summary) {
    window.setTimeout(function () {
      announcer.textContent = messages.textContent.replace(/\s+/g, " ").trim();
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

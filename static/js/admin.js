// Django admin, made usable with a screen reader where its own widgets fall short.
(function () {
  "use strict";

  // Autocomplete boxes (select2) get their field's label as their accessible name; select2 names
  // them only by the chosen value, so an empty box has no name (axe: aria-input-field-name).
  function nameAutocompletes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = select.id && document.querySelector('label[for="' + select.id + '"]');
      var container = select.nextElementSibling;
      if (!label || !container || !container.classList.contains("select2")) return;
      if (!label.id) label.id = select.id + "-label";
      container.querySelectorAll('[role="combobox"], [role="textbox"]').forEach(function (box) {
        var ids = (box.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
        if (ids.indexOf(label.id) === -1) ids.unshift(label.id);
        box.setAttribute("aria-labelledby", ids.join(" "));
      });
    });
  }

  if (window.django && window.django.jQuery) {
    // Queued after admin's autocomplete.js, which starts select2 on the same ready event.
    window.django.jQuery(nameAutocompletes);
    document.addEventListener("formset:added", function () { window.setTimeout(nameAutocompletes); });
  }
})();

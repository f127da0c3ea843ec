// Progressive enhancement for /propose/: while the proposed name is typed, show communities with
// a similar name (the server's list, GET propose/similar/?name=...), so the proposer can join one
// instead. Without this script the same list appears after submitting.
(function () {
  "use strict";
  function start() {
    var form = document.querySelector("form[data-similar-url]");
    var input = form && form.querySelector("input[name=name]");
    if (!input) return;
    var box = document.createElement("div");
    box.id = "similar-names";
    box.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", box);
    var timer = null;
    var asked = "";
    var controller = null;
    function ask() {
      var name = input.value.trim().slice(0, 200);
      if (name === asked) return;
      asked = name;
      if (controller) controller.abort();
      if (name.length < 3) { box.innerHTML = ""; return; }
      controller = new AbortController();
      var url = form.getAttribute("data-similar-url") + "?name=" + encodeURIComponent(name);
      fetch(url, { credentials: "same-origin", signal: controller.signal })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) { box.innerHTML = html; })  // server-rendered, escaped fragment
        .catch(function () { /* aborted or offline: the check after submit still runs */ });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 300);
    });
    if (input.value) ask();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

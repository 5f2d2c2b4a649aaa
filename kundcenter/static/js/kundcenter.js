// Small behaviours of our pages. They live here, not in inline scripts or onchange=""
// attributes, so the Content Security Policy can refuse every inline script.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  ready(function () {
    // The language switch in the header sends its form as soon as a language is chosen.
    var language = document.getElementById("language-switch");
    if (language) {
      language.addEventListener("change", function () {
        language.form.submit();
      });
    }

    // New ticket: the service level matters only for software bugs; hide it otherwise.
    var box = document.getElementById("service-level");
    if (box) {
      var update = function () {
        var checked = document.querySelector('input[name="category"]:checked');
        box.hidden = !(checked && checked.value === "bug");
      };
      document.querySelectorAll('input[name="category"]').forEach(function (radio) {
        radio.addEventListener("change", update);
      });
      update();
    }

    // A reply box with text in it: sending another form of the page (close early, hand
    // over, withdraw …) would drop the text, so ask first. The workflow step buttons send
    // the reply form itself, with the text.
    var draft = document.querySelector("textarea[data-unsent]");
    if (draft) {
      document.addEventListener("submit", function (event) {
        var form = event.target;
        if (form === draft.form || !draft.value.trim()) return;
        if ((form.getAttribute("method") || "").toLowerCase() !== "post") return;
        if (!window.confirm(draft.getAttribute("data-unsent"))) {
          event.preventDefault();
        }
      });
    }
  });
})();

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

    // A form that came back with errors: put the cursor in the first marked field (else
    // on the error summary), not at the top of the page.
    var invalid = document.querySelector(
      "main .has-error input:not([type=hidden]), main .has-error select, " +
        'main .has-error textarea, main [aria-invalid="true"]'
    );
    var summary = document.querySelector("main .error-summary");
    if (invalid && invalid.offsetParent !== null) {
      invalid.focus();
    } else if (summary) {
      summary.focus();
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

// The queue: a header checkbox ticks every row's checkbox of the bulk-action form.
// Delegated, since htmx replaces the table when filters change.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var all = event.target;
    if (!all.matches || !all.matches("input[data-select-all]")) {
      return;
    }
    var name = all.getAttribute("data-select-all");
    all.form.querySelectorAll('input[type="checkbox"]').forEach(function (box) {
      if (box.name === name) {
        box.checked = all.checked;
      }
    });
  });
})();

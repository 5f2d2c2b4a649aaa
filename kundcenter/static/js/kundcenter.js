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

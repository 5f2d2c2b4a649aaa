// The agent workspace: keyboard shortcuts for the queue and the ticket page, and the
// "writing a reply" flag of the collision warning. A static file, never inline script:
// the Content Security Policy refuses inline scripts.
(function () {
  "use strict";

  function typing(target) {
    if (!target) return false;
    var tag = target.tagName;
    return (
      tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable
    );
  }

  function items() {
    var rows = document.querySelectorAll("table.queue tbody tr");
    if (rows.length) return Array.prototype.slice.call(rows);
    return Array.prototype.slice.call(document.querySelectorAll("ol.conversation > li[id]"));
  }

  function move(step) {
    var list = items();
    if (!list.length) return;
    var current = list.findIndex(function (el) {
      return el.classList.contains("is-selected");
    });
    var next = current < 0 ? (step > 0 ? 0 : list.length - 1) : current + step;
    next = Math.max(0, Math.min(list.length - 1, next));
    list.forEach(function (el) {
      el.classList.remove("is-selected");
    });
    var chosen = list[next];
    chosen.classList.add("is-selected");
    var link = chosen.querySelector("a.ticket-number");
    if (link) {
      link.focus();
    } else {
      chosen.setAttribute("tabindex", "-1");
      chosen.focus();
    }
    chosen.scrollIntoView({ block: "nearest" });
  }

  function write(kind) {
    var form = document.getElementById("reply-form");
    if (!form) return false;
    var radio = form.querySelector('input[name="kind"][value="' + kind + '"]');
    if (radio) radio.checked = true;
    var body = form.querySelector("textarea");
    if (body) {
      body.focus();
      body.scrollIntoView({ block: "center" });
    }
    return true;
  }

  function help(show) {
    var box = document.getElementById("shortcuts-help");
    if (!box) return;
    box.hidden = show === undefined ? !box.hidden : !show;
    if (!box.hidden) {
      var close = document.getElementById("shortcuts-close");
      if (close) close.focus();
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape") {
      help(false);
      return;
    }
    if (typing(event.target)) return;
    var handled = true;
    switch (event.key) {
      case "j":
        move(1);
        break;
      case "k":
        move(-1);
        break;
      case "r":
        handled = write("public");
        break;
      case "n":
        handled = write("internal");
        break;
      case "a":
        var assign = document.getElementById("assign-me-form");
        if (assign) assign.submit();
        else handled = false;
        break;
      case "?":
        help();
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  });

  function ready(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  ready(function () {
    var close = document.getElementById("shortcuts-close");
    if (close) {
      close.addEventListener("click", function () {
        help(false);
      });
    }
    // Collision warning: the next heartbeat says whether this person is writing.
    var flag = document.getElementById("presence-writing");
    var form = document.getElementById("reply-form");
    if (flag && form) {
      var body = form.querySelector("textarea");
      if (body) {
        var update = function () {
          flag.value = body.value.trim() ? "1" : "0";
        };
        body.addEventListener("input", update);
        update();
      }
    }
  });
})();

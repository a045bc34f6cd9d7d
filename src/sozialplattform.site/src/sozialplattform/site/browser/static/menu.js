/* Sozialplattform: the phone menu (Barceloneta's offcanvas navigation) for anonymous
 * visitors, who do not get Plone's bundle with Bootstrap's JavaScript (issue 11, page
 * weight). Same markup and classes as Bootstrap's offcanvas: the button opens the panel,
 * focus moves into it and stays there (Tab wraps), Escape, the close button or a click on
 * the backdrop closes it and focus returns to the button. The theme names the close
 * button "Close" in English: its translated name comes from the skip links' container
 * (data-menu-close-label, browser/skiplinks.pt).
 */
(function () {
  "use strict";
  var FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]:not([tabindex='-1'])";
  var open = null;

  function focusables(panel) {
    return Array.prototype.filter.call(panel.querySelectorAll(FOCUSABLE), function (el) {
      return el.offsetParent !== null;
    });
  }

  function close() {
    if (!open) { return; }
    var state = open;
    open = null;
    state.panel.classList.remove("show");
    state.panel.removeAttribute("aria-modal");
    state.panel.removeAttribute("role");
    state.button.setAttribute("aria-expanded", "false");
    state.backdrop.remove();
    document.removeEventListener("keydown", onKey, true);
    state.button.focus();
  }

  function onKey(event) {
    if (!open) { return; }
    if (event.key === "Escape") { event.preventDefault(); close(); return; }
    if (event.key !== "Tab") { return; }
    var items = focusables(open.panel);
    if (!items.length) { return; }
    var first = items[0];
    var last = items[items.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault(); last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault(); first.focus();
    }
  }

  function show(button, panel) {
    var backdrop = document.createElement("div");
    backdrop.className = "offcanvas-backdrop fade show";
    backdrop.addEventListener("click", close);
    document.body.appendChild(backdrop);
    panel.classList.add("show");
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-modal", "true");
    button.setAttribute("aria-expanded", "true");
    open = { button: button, panel: panel, backdrop: backdrop };
    document.addEventListener("keydown", onKey, true);
    var items = focusables(panel);
    (items[0] || panel).focus();
  }

  function init() {
    var labels = document.getElementById("sozialplattform-skiplinks");
    var closeLabel = labels && labels.getAttribute("data-menu-close-label");
    Array.prototype.forEach.call(
      document.querySelectorAll("[data-bs-toggle='offcanvas'][data-bs-target]"),
      function (button) {
        var panel = document.querySelector(button.getAttribute("data-bs-target"));
        if (!panel) { return; }
        button.setAttribute("aria-expanded", "false");
        button.addEventListener("click", function (event) {
          event.preventDefault();
          if (open) { close(); } else { show(button, panel); }
        });
        Array.prototype.forEach.call(
          panel.querySelectorAll("[data-bs-dismiss='offcanvas']"),
          function (dismiss) {
            if (closeLabel) { dismiss.setAttribute("aria-label", closeLabel); }
            dismiss.addEventListener("click", close);
          }
        );
      }
    );
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

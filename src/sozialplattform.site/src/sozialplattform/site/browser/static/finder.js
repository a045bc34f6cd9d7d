/* Sozialplattform finder: progressive enhancement only. The pages work without it.
 * - Map: nothing is requested from the tile server before the visitor clicks
 *   "Karte anzeigen"; the choice is remembered in sessionStorage: for this tab (and tabs
 *   opened from it) until the browser session ends; never sent to the server.
 *   After the click, focus moves to the map region (the button is gone).
 * - Live update: changing a filter reloads the result list and the filter button's
 *   count of active filters in place; the persistent status element #finder-status
 *   announces the new count to screen readers.
 */
(function () {
  "use strict";
  var CONSENT_KEY = "sozialplattform-map-consent";

  function portalUrl() {
    return document.body.getAttribute("data-portal-url") || "";
  }

  function loadLeaflet(callback) {
    if (window.L) { callback(); return; }
    var base = portalUrl() + "/++plone++sozialplattform.site/leaflet/";
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = base + "leaflet.css";
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = base + "leaflet.js";
    script.onload = callback;
    document.head.appendChild(script);
  }

  function showMap(container, focus) {
    var data = JSON.parse(container.getAttribute("data-map"));
    loadLeaflet(function () {
      // marker images from our own Leaflet copy, never guessed from the stylesheet URL
      window.L.Icon.Default.imagePath = portalUrl() + "/++plone++sozialplattform.site/leaflet/images/";
      container.innerHTML = "";
      var canvas = document.createElement("div");
      canvas.className = "finder-map-canvas";
      canvas.setAttribute("role", "region");
      canvas.setAttribute("aria-label", container.getAttribute("data-label") || "Karte");
      canvas.setAttribute("tabindex", "-1");
      container.appendChild(canvas);
      var map = window.L.map(canvas, { scrollWheelZoom: false });
      window.L.tileLayer(data.tile_url, { attribution: data.tile_attribution, maxZoom: 18 }).addTo(map);
      var points = [];
      data.markers.forEach(function (marker) {
        var link = document.createElement("a");
        link.href = marker.url;
        link.textContent = marker.title;
        window.L.marker([marker.lat, marker.lon], { title: marker.title }).addTo(map).bindPopup(link);
        points.push([marker.lat, marker.lon]);
      });
      if (points.length > 1) {
        map.fitBounds(points, { padding: [20, 20] });
      } else if (points.length === 1) {
        map.setView(points[0], 13);
      } else if (data.centre) {
        map.setView([data.centre.lat, data.centre.lon], 11);
      }
      if (focus) { canvas.focus(); }
    });
  }

  function initMaps(root) {
    root.querySelectorAll("[data-map]").forEach(function (container) {
      if (window.sessionStorage && sessionStorage.getItem(CONSENT_KEY) === "1") {
        showMap(container, false);
        return;
      }
      var button = container.querySelector("[data-action=show-map]");
      if (!button) { return; }
      button.addEventListener("click", function () {
        try { sessionStorage.setItem(CONSENT_KEY, "1"); } catch (e) { /* private mode */ }
        showMap(container, true);
      });
    });
  }

  function announce(text) {
    var status = document.getElementById("finder-status");
    if (!status) { return; }
    status.textContent = "";
    // a fresh text node after a tick, so that the same count is announced again
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function liveUpdate(form) {
    if (!document.getElementById("finder-results") || !window.fetch) { return; }
    form.addEventListener("change", function (event) {
      if (!event.target.matches("input[type=checkbox], select")) { return; }
      // every control and hidden input of the form, so nothing of a shared URL is lost
      var params = new URLSearchParams(new FormData(form));
      var url = form.action + "?" + params.toString();
      var finalUrl = url;
      fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" })
        .then(function (response) { finalUrl = response.url || url; return response.text(); })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var fresh = page.getElementById("finder-results");
          var results = document.getElementById("finder-results");
          if (!fresh || !results) { window.location.href = finalUrl; return; }
          // the section stays in place; only its content changes
          results.innerHTML = fresh.innerHTML;
          page.querySelectorAll("#finder-filters label[for]").forEach(function (label) {
            var current = document.querySelector("#finder-filters label[for='" + label.htmlFor + "']");
            if (current) { current.innerHTML = label.innerHTML; }
          });
          // the filter button's count of active filters
          var summary = document.querySelector("#finder-filters > summary");
          var freshSummary = page.querySelector("#finder-filters > summary");
          if (summary && freshSummary) { summary.innerHTML = freshSummary.innerHTML; }
          ["finder-sort"].forEach(function (id) {
            var mine = document.getElementById(id);
            var theirs = page.getElementById(id);
            if (mine && theirs && mine !== event.target) { mine.innerHTML = theirs.innerHTML; }
          });
          window.history.replaceState(null, "", finalUrl);
          if (page.title) { document.title = page.title; }  // the count in the title bar
          var heading = results.querySelector("h2");
          if (heading) { announce(heading.textContent.replace(/\s+/g, " ").trim()); }
          initMaps(results);
        });
    });
  }

  function init() {
    initMaps(document);
    var form = document.getElementById("finder-form");
    if (form) { liveUpdate(form); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

// The page shell, on every page (base.html):
// - tables: each cell gets its column's header as data-label, so that on a phone, where the CSS
//   stacks a table's rows, every figure says what it is; roles keep them a table for screen
//   readers although the CSS changes how they display;
// - "More" in the tab bar closes with Escape or a tap elsewhere;
// - after an htmx swap the person asked for (a click or a form sent), the keyboard focus moves to
//   the changed region (without scrolling) and #announce says what changed. Swaps nobody asked
//   for (a count refreshing itself, a page following the partner's changes) never move focus.
(function () {
  "use strict";

  // --- tables -------------------------------------------------------------------------------
  function headerTexts(table) {
    var rows = table.tHead ? table.tHead.rows : [];
    if (!rows.length) return null;
    var texts = [];
    var cells = rows[rows.length - 1].cells;
    for (var i = 0; i < cells.length; i++) {
      var text = (cells[i].getAttribute("data-label") || cells[i].textContent || "")
        .replace(/\s+/g, " ").trim();
      var span = cells[i].colSpan || 1;
      for (var k = 0; k < span; k++) texts.push(text);
    }
    return texts;
  }

  function setRole(el, role) {
    if (!el.hasAttribute("role")) el.setAttribute("role", role);
  }

  function labelTable(table) {
    var texts = headerTexts(table);
    setRole(table, "table");
    var groups = table.querySelectorAll(":scope > thead, :scope > tbody, :scope > tfoot");
    for (var g = 0; g < groups.length; g++) setRole(groups[g], "rowgroup");
    var rows = table.rows;
    for (var r = 0; r < rows.length; r++) {
      var row = rows[r];
      setRole(row, "row");
      var inHead = row.parentNode && row.parentNode.tagName === "THEAD";
      var col = 0;
      for (var c = 0; c < row.cells.length; c++) {
        var cell = row.cells[c];
        if (inHead) {
          setRole(cell, "columnheader");
        } else {
          var scope = cell.getAttribute("scope");
          setRole(cell, cell.tagName !== "TH" ? "cell" : scope === "col" ? "columnheader" : "rowheader");
          if (texts && !cell.hasAttribute("data-label")) {
            // A row's first cell names the row (a member, a card, a day): on a phone it
            // heads the row's block and needs no label of its own.
            var label = c === 0 ? "" : texts[col] || "";
            cell.setAttribute("data-label", label);
          }
        }
        col += cell.colSpan || 1;
      }
    }
  }

  function labelTables(root) {
    var tables = (root || document).querySelectorAll("table");
    for (var i = 0; i < tables.length; i++) labelTable(tables[i]);
  }

  // --- "More" in the tab bar ----------------------------------------------------------------
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("details.tab-more[open]");
    if (!open) return;
    open.open = false;
    open.querySelector("summary").focus();
  });
  document.addEventListener("click", function (event) {
    var open = document.querySelector("details.tab-more[open]");
    if (open && !open.contains(event.target)) open.open = false;
  });

  // --- focus and announcement after an htmx swap --------------------------------------------
  var regions = [];
  var pending = false;

  document.addEventListener("htmx:beforeRequest", function (event) {
    // Marked on the request itself: a count refreshing in between is a request of its own.
    var detail = event.detail || {};
    var config = detail.requestConfig;
    var why = config && config.triggeringEvent ? config.triggeringEvent.type : "";
    if (detail.xhr && (why === "submit" || why === "click")) detail.xhr.evenlyAsked = true;
  });

  function announce(text) {
    var status = document.getElementById("announce");
    if (!status) return;
    status.textContent = "";
    // Emptied first and filled a moment later, so the same words are said again.
    window.setTimeout(function () { status.textContent = text; }, 60);
  }

  function whatChanged(region) {
    var said = region.querySelectorAll(
      ".messages .message, [role=status], [role=alert], .message, .notice");
    for (var i = 0; i < said.length; i++) {
      var text = said[i].textContent.replace(/\s+/g, " ").trim();
      if (text) return text;
    }
    // No message: say that it changed, and what the region now leads with (the next card).
    var status = document.getElementById("announce");
    var updated = status ? status.getAttribute("data-updated") || "" : "";
    var heading = region.querySelector("h1, h2, h3");
    var title = heading ? heading.textContent.replace(/\s+/g, " ").trim() : "";
    return title ? updated + " " + title : updated;
  }

  function settle() {
    pending = false;
    var found = regions.filter(function (el) { return el && el.isConnected; });
    regions = [];
    if (!found.length) return;
    var region = found[0];
    var active = document.activeElement;
    var inside = false;
    for (var i = 0; i < found.length; i++) {
      if (active && active !== document.body && found[i].contains(active)) inside = true;
    }
    if (!inside) {
      // The page's own script (week.js) may have put focus on the row acted on already;
      // otherwise the region itself takes it.
      if (!region.hasAttribute("tabindex")) region.setAttribute("tabindex", "-1");
      region.focus({preventScroll: true});
    }
    announce(whatChanged(region));
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    labelTables(event.target && event.target.querySelectorAll ? event.target : document);
    var detail = event.detail || {};
    if (!detail.xhr || !detail.xhr.evenlyAsked) return;
    var region = event.target;
    if (!region || !region.isConnected) {
      var old = detail.target;
      region = old && old.id ? document.getElementById(old.id) : null;
    }
    if (!region || region.id === "needs-tab") return;
    regions.push(region);
    if (!pending) {
      pending = true;
      // After every element of this swap settled, and after the page's own handlers.
      window.setTimeout(settle, 0);
    }
  });

  // A page following the household (live.js) swapped its regions: labels again, focus stays.
  document.addEventListener("evenly:live-refreshed", function () { labelTables(document); });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { labelTables(document); });
  } else {
    labelTables(document);
  }
})();

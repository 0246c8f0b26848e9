/* Tables that read on every screen, and sorting and filtering where the book
   asks for them (kzbook/htmlpost.py writes the markup; custom.css styles it).
   Nothing here is needed to read the page: without JavaScript the tables are
   whole, just not sortable. No request leaves the page. */
(function () {
  "use strict";

  function cueScrolling(wrapper) {
    var box = wrapper.querySelector(".pst-scrollable-table-container");
    if (!box) return;
    var cue = document.createElement("p");
    cue.className = "kz-scroll-cue";
    cue.textContent = "Scroll sideways for more columns \u2192";
    box.parentNode.insertBefore(cue, box);
    function update() {
      wrapper.classList.toggle("kz-scrolls", box.scrollWidth > box.clientWidth + 1);
    }
    update();
    window.addEventListener("resize", update);
  }

  function toolbar(wrapper) {
    var tools = wrapper.querySelector(".kz-table-tools");
    if (!tools) {
      tools = document.createElement("div");
      tools.className = "kz-table-tools";
      var box = wrapper.querySelector(".pst-scrollable-table-container");
      box.parentNode.insertBefore(tools, box);
    }
    return tools;
  }

  function tableName(table) {
    var number = table.closest(".kz-table").querySelector(".caption-number");
    return number ? number.textContent.trim() : "the table";
  }

  function makeFilterable(table) {
    var wrapper = table.closest(".kz-table");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var label = document.createElement("label");
    label.textContent = "Filter rows: ";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "kz-filter";
    input.setAttribute("aria-label", "Filter the rows of " + tableName(table));
    label.appendChild(input);
    var count = document.createElement("span");
    count.className = "kz-filter-count";
    count.setAttribute("aria-live", "polite");
    var tools = toolbar(wrapper);
    tools.appendChild(label);
    tools.appendChild(count);
    input.addEventListener("input", function () {
      var query = input.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var match = !query || row.textContent.toLowerCase().indexOf(query) !== -1;
        row.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = query ? shown + " of " + rows.length + " rows" : "";
    });
  }

  function makeSortable(table) {
    if (typeof Tablesort === "undefined") return;
    var sorter = new Tablesort(table);
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    /* Cards on a phone hide the header row: a menu sorts them instead. */
    var label = document.createElement("label");
    label.textContent = "Sort by: ";
    var select = document.createElement("select");
    select.className = "kz-sort";
    select.setAttribute("aria-label", "Sort the rows of " + tableName(table));
    var none = document.createElement("option");
    none.value = "";
    none.textContent = "original order";
    select.appendChild(none);
    headers.forEach(function (th, i) {
      var option = document.createElement("option");
      option.value = String(i);
      option.textContent = th.textContent.trim();
      select.appendChild(option);
    });
    var original = Array.prototype.slice.call(table.tBodies[0].rows);
    select.addEventListener("change", function () {
      if (select.value === "") {
        original.forEach(function (row) { table.tBodies[0].appendChild(row); });
        headers.forEach(function (th) { th.removeAttribute("aria-sort"); });
        return;
      }
      var th = headers[Number(select.value)];
      headers.forEach(function (other) { if (other !== th) other.removeAttribute("aria-sort"); });
      th.removeAttribute("aria-sort");  /* always ascending from the menu */
      sorter.sortTable(th);
    });
    label.appendChild(select);
    var tools = toolbar(table.closest(".kz-table"));
    tools.insertBefore(label, tools.firstChild);
  }

  function init() {
    document.querySelectorAll("main .kz-table").forEach(cueScrolling);
    document.querySelectorAll("main table.kz-sortable").forEach(makeSortable);
    document.querySelectorAll("main table.kz-filterable").forEach(makeFilterable);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

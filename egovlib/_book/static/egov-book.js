/* egov-kz book: a filter box above every table of a register (rows that contain the typed text stay). */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".egov-register table").forEach(function (table) {
    var rows = Array.prototype.slice.call(table.tBodies[0] ? table.tBodies[0].rows : []);
    var box = document.createElement("input");
    box.type = "search";
    box.className = "egov-filter";
    box.placeholder = "Filter the " + rows.length + " rows";
    box.setAttribute("aria-label", "Filter the rows of the table");
    var count = document.createElement("span");
    count.className = "egov-filter-count";
    table.parentNode.insertBefore(box, table);
    table.parentNode.insertBefore(count, table);
    box.addEventListener("input", function () {
      var text = box.value.toLowerCase(), shown = 0;
      rows.forEach(function (row) {
        var keep = !text || row.textContent.toLowerCase().indexOf(text) !== -1;
        row.style.display = keep ? "" : "none";
        if (keep) { shown += 1; }
      });
      count.textContent = text ? shown + " of " + rows.length + " rows" : "";
    });
  });
});

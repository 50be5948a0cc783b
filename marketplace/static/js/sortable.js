// Tables marked class="sortable" sort by a column when its heading is clicked (or Enter/Space
// on its button). A heading's data-sort says how: "number" (money, counts, scores: the digits
// in the cell, "—" last), "date" (yyyy-MM-dd[ HH:mm]) or "text". A cell's data-value, when
// present, is used instead of its text. No inline script: the CSP forbids it.
(() => {
  const EMPTY = new Set(["", "—", "-", "–"]);

  function cellValue(row, index, kind) {
    const cell = row.children[index];
    if (!cell) return null;
    const raw = (cell.dataset.value ?? cell.textContent).trim();
    if (EMPTY.has(raw)) return null;
    if (kind === "number") {
      const match = raw.replace(/[,，\s]/g, "").match(/-?\d+(\.\d+)?/);
      return match ? parseFloat(match[0]) : null;
    }
    if (kind === "date") {
      const match = raw.match(/(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?/);
      return match ? Date.UTC(+match[1], +match[2] - 1, +match[3], +(match[4] || 0), +(match[5] || 0)) : null;
    }
    return raw;
  }

  function sortBy(table, heading) {
    const index = Array.prototype.indexOf.call(heading.parentElement.children, heading);
    const kind = heading.dataset.sort || "text";
    const ascending = heading.getAttribute("aria-sort") !== "ascending";
    const body = table.tBodies[0];
    if (!body) return;
    const rows = Array.from(body.rows);
    const collator = new Intl.Collator(document.documentElement.lang || "zh-CN", { numeric: true });
    rows.sort((a, b) => {
      const x = cellValue(a, index, kind);
      const y = cellValue(b, index, kind);
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1; // blanks last
      const order = kind === "text" ? collator.compare(x, y) : x - y;
      return ascending ? order : -order;
    });
    rows.forEach((row) => body.appendChild(row));
    table.querySelectorAll("th[aria-sort]").forEach((th) => th.removeAttribute("aria-sort"));
    heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function prepare(table) {
    table.querySelectorAll("thead th[data-sort]").forEach((heading) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (heading.firstChild) button.appendChild(heading.firstChild);
      const mark = document.createElement("span");
      mark.className = "sort-mark";
      mark.setAttribute("aria-hidden", "true");
      button.appendChild(mark);
      heading.appendChild(button);
      button.addEventListener("click", () => sortBy(table, heading));
    });
  }

  document.querySelectorAll("table.sortable").forEach(prepare);
})();

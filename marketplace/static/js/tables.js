// Tables, wired here so templates need no inline script (the CSP forbids it).
//
// class="cards": on phones each row shows as a card (css/responsive.css), each cell headed by
// its column's name, which is copied here from the table's heading into data-label.
//
// class="sortable": every named heading becomes a button that sorts the rows by its column,
// ascending then descending (aria-sort says which). A heading's data-sort says how: "number"
// (money, counts, scores: the number in the cell), "date" (yyyy-MM-dd[ HH:mm]), "text", or
// "none" (not sortable); without it the column's cells decide: all dates → date, all numbers →
// number, else text. Blank cells ("—") go last. A cell's data-value replaces its text.
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

  const DATE = /^\d{4}-\d{2}-\d{2}/;
  const NUMBER = /^[¥￥$]?\s*-?\d[\d,，]*(\.\d+)?/; // a cell that starts with a number

  function guessKind(rows, index) {
    const texts = rows
      .map((row) => row.children[index])
      .filter(Boolean)
      .map((cell) => (cell.dataset.value ?? cell.textContent).trim())
      .filter((text) => !EMPTY.has(text));
    if (texts.length && texts.every((t) => DATE.test(t))) return "date";
    if (texts.length && texts.every((t) => NUMBER.test(t))) return "number";
    return "text";
  }

  function sortBy(table, heading) {
    const index = Array.prototype.indexOf.call(heading.parentElement.children, heading);
    const ascending = heading.getAttribute("aria-sort") !== "ascending";
    const body = table.tBodies[0];
    if (!body) return;
    const rows = Array.from(body.rows);
    const kind = heading.dataset.sort || guessKind(rows, index);
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
    table.querySelectorAll("thead th").forEach((heading) => {
      if (heading.dataset.sort === "none" || !heading.textContent.trim() || heading.colSpan > 1) return;
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

  function label(table) {
    const names = Array.from(table.querySelectorAll("thead th")).map((th) => th.textContent.trim());
    table.querySelectorAll("tbody tr").forEach((row) => {
      Array.from(row.children).forEach((cell, i) => {
        if (!cell.hasAttribute("data-label") && names[i]) cell.setAttribute("data-label", names[i]);
      });
    });
  }

  document.querySelectorAll("table.cards").forEach(label);
  document.querySelectorAll("table.sortable").forEach(prepare);
})();

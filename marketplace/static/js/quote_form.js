// Quote form: add/remove lines and show amounts and totals as the provider types.
// The server recomputes everything from quantity × unit price; these numbers are a preview.
(function () {
  "use strict";
  var form = document.getElementById("quote-form");
  if (!form) { return; }
  var body = document.getElementById("line-body");
  var template = document.getElementById("line-template");
  var next = body.querySelectorAll("tr.line-row").length + 1;

  function cents(value) {
    var n = parseFloat(value);
    return isFinite(n) ? Math.round(n * 100) : 0;
  }
  function money(c) {
    var sign = c < 0 ? "-" : "";
    c = Math.abs(c);
    var yuan = Math.floor(c / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    var fen = (c % 100).toString().padStart(2, "0");
    // as the server shows money: to the 元 when whole (template_helpers.money)
    return sign + "¥" + yuan + (c % 100 ? "." + fen : "");
  }

  function recompute() {
    var subtotal = 0;
    var byKind = {};
    var order = [];
    body.querySelectorAll("tr.line-row").forEach(function (row) {
      var q = row.querySelector("[data-role=quantity]").value;
      var p = row.querySelector("[data-role=price]").value;
      var cell = row.querySelector("[data-role=amount]");
      if (q === "" || p === "") { cell.textContent = "—"; return; }
      var amount = Math.round(cents(q) * cents(p) / 100);
      cell.textContent = money(amount);
      var kindSelect = row.querySelector("[data-role=kind]");
      var kind = kindSelect.options[kindSelect.selectedIndex].text;
      if (!(kind in byKind)) { byKind[kind] = 0; order.push(kind); }
      byKind[kind] += amount;
      subtotal += amount;
    });
    var discount = parseFloat(form.querySelector("[data-role=discount]").value) || 0;
    var total = Math.round(subtotal * (100 - discount) / 100);
    document.getElementById("subtotal").textContent = money(subtotal);
    document.getElementById("total").textContent = money(total);
    document.getElementById("kind-subtotals").innerHTML = order.map(function (k) {
      return '<span class="tag">' + k.replace(/[<>&]/g, "") + " " + money(byKind[k]) + "</span>";
    }).join("");
  }

  document.getElementById("add-line").addEventListener("click", function () {
    var html = template.innerHTML.replace(/__i__/g, String(next));
    next += 1;
    var holder = document.createElement("tbody");
    holder.innerHTML = html;
    var row = holder.querySelector("tr");
    body.appendChild(row);
    row.querySelector("input").focus();
    recompute();
  });
  body.addEventListener("click", function (event) {
    var button = event.target.closest("[data-action=remove-line]");
    if (!button) { return; }
    var rows = body.querySelectorAll("tr.line-row");
    var row = button.closest("tr");
    if (rows.length > 1) {
      row.remove();
    } else {
      row.querySelectorAll("input").forEach(function (input) { input.value = input.name.endsWith("unit") ? "项" : ""; });
    }
    recompute();
  });
  form.addEventListener("input", recompute);
  form.addEventListener("change", recompute);
  recompute();
})();

// Small page buttons, wired here so templates need no inline script:
// data-action="print" prints the page, data-action="back" goes back one page, and a form
// with data-confirm="question" is sent only once the user confirms the question (so is a
// form sent by a button with its own data-confirm).
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-action]");
  if (!target) return;
  if (target.dataset.action === "print") {
    event.preventDefault();
    window.print();
  } else if (target.dataset.action === "back" && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});

document.addEventListener("submit", (event) => {
  const button = event.submitter;
  const question =
    (button && button.dataset && button.dataset.confirm) ||
    (event.target.dataset ? event.target.dataset.confirm : undefined);
  if (question && !window.confirm(question)) event.preventDefault();
});

// A button with data-action="toggle-nav" opens and closes the main menu on phones;
// a button with data-action="toggle-panel" opens and closes its panel (the catalog's 筛选).
// Both say their state in aria-expanded, and Escape closes the menu.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-action='toggle-nav'], [data-action='toggle-panel']");
  if (!button) return;
  const holder =
    button.dataset.action === "toggle-nav"
      ? button.closest(".topbar")
      : document.getElementById(button.getAttribute("aria-controls"));
  if (!holder) return;
  const open = holder.classList.toggle(button.dataset.action === "toggle-nav" ? "nav-open" : "open");
  button.setAttribute("aria-expanded", open ? "true" : "false");
});

document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  const bar = document.querySelector(".topbar.nav-open");
  if (!bar) return;
  bar.classList.remove("nav-open");
  const button = bar.querySelector("[data-action='toggle-nav']");
  button.setAttribute("aria-expanded", "false");
  button.focus();
});

// A menu group of the top bar closes when another opens or the click lands elsewhere.
document.addEventListener("click", (event) => {
  const inside = event.target.closest("details.navgroup");
  document.querySelectorAll("details.navgroup[open]").forEach((group) => {
    if (group !== inside) group.removeAttribute("open");
  });
});

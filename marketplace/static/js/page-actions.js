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

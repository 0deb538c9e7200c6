// Small behaviours of the staff pages; no inline scripts, so a strict Content-Security-Policy holds.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field.matches && field.matches("[data-autosubmit]") && field.form) {
    field.form.requestSubmit();
  }
});

// A button with data-confirm asks before its form is sent.
document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});

// A form sent back with errors shows the first one where the person is looking, with the
// cursor in its field: a whole page comes back at its top, and a swapped part where it was,
// either of which can leave the error out of sight, below the fold of a phone.
function showFirstError(root, block) {
  const error = root.querySelector(".has-error, .error[role=alert], .error-box");
  if (!error) return;
  error.scrollIntoView({ block });
  const field = error.matches(".has-error") && error.querySelector("input, select, textarea");
  if (field) field.focus({ preventScroll: true });
}

document.addEventListener("DOMContentLoaded", () => {
  const main = document.querySelector("main");
  if (main) showFirstError(main, "center");
});

document.addEventListener("htmx:afterSettle", (event) => {
  const swapped = event.detail.elt;
  showFirstError(swapped && swapped.isConnected ? swapped : document, "nearest");
});

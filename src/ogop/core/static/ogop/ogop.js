// Small behaviours of the staff pages; no inline scripts, so a strict Content-Security-Policy holds.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field.matches && field.matches("[data-autosubmit]") && field.form) {
    field.form.requestSubmit();
  }
});

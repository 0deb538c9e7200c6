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

// A button with data-print prints the page (a receipt: ogop.css leaves out all but the content).
document.addEventListener("click", (event) => {
  if (event.target.closest && event.target.closest("[data-print]")) {
    window.print();
  }
});

// On a phone a table's rows stack (ogop.css, table.stacks): each cell is labelled with the header
// of its column, so that every table, on every page and in every fragment htmx swaps in, reads
// without scrolling sideways. A row's heading (its first cell, a th) stands unlabelled above
// the others; a cell that has its own data-label keeps it.
(() => {
  function columnNames(table) {
    const head = table.tHead;
    if (!head || !head.rows.length) return null;
    const names = [];
    for (const cell of head.rows[head.rows.length - 1].cells) {
      const name = cell.textContent.trim().replace(/\s+/g, " ");
      for (let span = 0; span < cell.colSpan; span += 1) names.push(name);
    }
    return names;
  }

  function stack(table) {
    const names = columnNames(table);
    if (!names) return;
    const bodies = [...table.tBodies, ...(table.tFoot ? [table.tFoot] : [])];
    for (const body of bodies) {
      for (const row of body.rows) {
        let column = 0;
        for (const cell of row.cells) {
          const name = names[column];
          const heading = cell.tagName === "TH" && (column === 0 || cell.scope === "row");
          if (!heading && cell.colSpan === 1 && name && !cell.dataset.label) {
            cell.dataset.label = name;
          }
          column += cell.colSpan;
        }
      }
    }
    table.classList.add("stacks");
  }

  function stackWithin(root) {
    if (!root.querySelectorAll) return;
    const own = root.closest && root.closest("table.table");
    if (own) stack(own);
    root.querySelectorAll("table.table").forEach(stack);
  }

  document.addEventListener("DOMContentLoaded", () => stackWithin(document.body));
  document.addEventListener("htmx:load", (event) => stackWithin(event.target));
})();

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

// What a person sees when an htmx request fails. A refused form comes back as a fragment and is
// swapped (see core/_htmx.html); any other failure leaves the page as it is and puts a message,
// in an alert region, next to the form or link that was used. The words come from the page.
(() => {
  const words = document.currentScript.dataset;
  const PAGE = /<html[\s>]/i;

  function placeFor(elt) {
    return (elt.closest && elt.closest("form")) || elt;
  }

  function clear(elt) {
    const place = placeFor(elt);
    const message = place.querySelector(":scope > [data-request-problem]")
      || (place.nextElementSibling && place.nextElementSibling.matches("[data-request-problem]")
        ? place.nextElementSibling : null);
    if (message) message.remove();
  }

  function show(elt, text) {
    clear(elt);
    const place = placeFor(elt);
    const message = document.createElement("p");
    message.className = "request-problem";
    message.setAttribute("role", "alert");
    message.dataset.requestProblem = "";
    message.textContent = text;
    if (place.tagName === "FORM") place.append(message);
    else place.after(message);
    message.scrollIntoView({ block: "nearest" });
  }

  function withStatus(text, status) {
    return text.replace("%(status)s", String(status));
  }

  function isSave(detail) {
    const verb = (detail.requestConfig && detail.requestConfig.verb) || "get";
    return verb.toLowerCase() !== "get";
  }

  // The visible words of an error page (its heading and first paragraph), to say why.
  function reasonOf(html) {
    const page = new DOMParser().parseFromString(html, "text/html");
    return ["main h1", "main p"]
      .map((selector) => page.querySelector(selector))
      .filter(Boolean)
      .map((node) => node.textContent.trim())
      .join(" ");
  }

  // The element that sent each request: htmx tells the swap only where it would go.
  const senders = new WeakMap();

  document.addEventListener("htmx:beforeRequest", (event) => {
    senders.set(event.detail.xhr, event.detail.elt);
    clear(event.detail.elt);
  });

  // A 4xx that is not a fragment (a whole error page, or JSON) is said, not swapped; unless
  // the element picks its part out of a whole page (hx-select).
  document.addEventListener("htmx:beforeSwap", (event) => {
    const detail = event.detail;
    const status = detail.xhr.status;
    if (status < 400 || status >= 500 || !detail.shouldSwap) return;
    const type = detail.xhr.getResponseHeader("Content-Type") || "";
    const response = detail.serverResponse || "";
    const sender = senders.get(detail.xhr) || detail.elt;
    const picksPart = sender.closest && sender.closest("[hx-select]");
    if (type.startsWith("text/html") && (picksPart || !PAGE.test(response))) return;
    detail.shouldSwap = false;
    const reason = type.startsWith("text/html") ? reasonOf(response) : "";
    show(sender, `${withStatus(words.refused, status)} ${reason}`.trim());
  });

  document.addEventListener("htmx:responseError", (event) => {
    const detail = event.detail;
    const text = isSave(detail) ? words.saveFailed : words.loadFailed;
    show(detail.elt, withStatus(text, detail.xhr.status));
  });

  document.addEventListener("htmx:timeout", (event) => show(event.detail.elt, words.timedOut));
  document.addEventListener("htmx:sendError", (event) => show(event.detail.elt, words.unreachable));
})();

// The fair counter: sales are queued on the device first and sent when the server answers.
//
// A sale gets its number (a UUID) on the device and goes into a queue kept in localStorage,
// so it survives a dropped connection, a failed request or a closed tab. The queue is sent
// one sale at a time; the server records a number once, so sending again is always safe.
// A sale leaves the queue only when the server gives a verdict: recorded (201, or 200 for a
// sale it already had) or refused (any other 4xx, final: shown under "Not recorded" with the
// reason, for the cashier to correct or dismiss); a refusal says {"detail": the reason,
// "code": what kind, "stock": the server's, when it is about the product's}. A network or
// server error keeps that sale queued and retries it with its own backoff, while the sales
// behind it still go: one bad sale never holds back the others. An ended session (401, or a
// refused CSRF token) holds every sale alike: they stay queued until the cashier logs in again.
// The stock shown is the server's (as the page gave it, or as the server's latest answer about
// that product said, whichever is newer) less what still waits in the queue; a product with
// none left cannot be chosen. A day outside the fair is said before any sale is tried.
// A sale paid by QR first shows the payment's code, drawn here from what the page holds
// (offline too), and is kept only when the cashier confirms that the payment was received.
// A service worker (/counter-sw.js) keeps this page and its files, so that a reload without
// a network opens the counter with its queue.
// No inline scripts: a strict Content-Security-Policy holds.
(function () {
  "use strict";

  const root = document.getElementById("counter");
  if (!root) {
    return;
  }

  const msg = (name) => root.dataset["msg" + name] || "";
  const storageKey = root.dataset.storageKey;
  const endpoint = root.dataset.endpoint;
  const MAX_DELAY_MS = 30000;
  // A tablet's clock may be wrong: sales are dated by the server's clock, read when the page
  // was served, plus the time that has passed since on the tablet. A page opened again from
  // the device's copy (offline) carries the time it was first served: the difference measured
  // then still holds.
  const serverTime = parseInt(root.dataset.serverTime, 10);
  const clockOffset = measureClock();
  const now = () => new Date(Date.now() + (Math.abs(clockOffset) > 60000 ? clockOffset : 0));
  const KEEP_RECENT = 30;
  const maxQuantity = parseInt(root.dataset.maxQuantity, 10) || Infinity;
  const allowNegative = root.dataset.allowNegative === "true";

  const els = {
    connection: document.getElementById("connection"),
    pending: document.getElementById("pending"),
    codeInput: document.getElementById("code-input"),
    form: document.getElementById("sale-form"),
    chosen: document.getElementById("chosen-product"),
    quantity: document.getElementById("quantity"),
    price: document.getElementById("unit-price"),
    total: document.getElementById("sale-total"),
    message: document.getElementById("counter-message"),
    lastSale: document.getElementById("last-sale"),
    rejected: document.getElementById("rejected"),
    rejectedBox: document.getElementById("rejected-box"),
    recent: document.getElementById("recent"),
    closed: document.getElementById("fair-closed"),
    record: document.getElementById("record-sale"),
    offlineReady: document.getElementById("offline-ready"),
  };
  const buttons = Array.from(root.querySelectorAll(".product-button"));

  // The device's memory ------------------------------------------------------------------

  function load() {
    try {
      const state = JSON.parse(window.localStorage.getItem(storageKey) || "{}");
      return {
        queue: state.queue || [],
        rejected: state.rejected || [],
        recent: state.recent || [],
        stock: state.stock || {},
        clock: state.clock || null,
      };
    } catch (error) {
      return { queue: [], rejected: [], recent: [], stock: {}, clock: null };
    }
  }

  function measureClock() {
    if (!Number.isFinite(serverTime)) {
      return 0;
    }
    const state = load();
    if (state.clock && state.clock.page === serverTime) {
      return state.clock.offset;
    }
    const offset = serverTime - Date.now();
    state.clock = { page: serverTime, offset: offset };
    save(state);
    return offset;
  }

  function save(state) {
    window.localStorage.setItem(storageKey, JSON.stringify(state));
  }

  // Several tabs may share the queue: always read it fresh, change it, write it back.
  function update(change) {
    const state = load();
    change(state);
    save(state);
    render(state);
    return state;
  }

  // Display ------------------------------------------------------------------------------

  function decimal(text) {
    const value = String(text || "").trim().replace(/,/g, "");
    return /^\d+(\.\d{1,2})?$/.test(value) ? value : null;
  }

  function cents(text) {
    const [whole, fraction = ""] = text.split(".");
    return BigInt(whole) * 100n + BigInt((fraction + "00").slice(0, 2));
  }

  function money(centsValue) {
    const whole = centsValue / 100n;
    const fraction = String(centsValue % 100n).padStart(2, "0");
    return whole.toLocaleString("en") + "." + fraction + " " + root.dataset.currency;
  }

  function item(text, ...extras) {
    const li = document.createElement("li");
    li.textContent = text;
    extras.forEach((extra) => li.append(" ", extra));
    return li;
  }

  // A button on a refused sale: data-correct or data-dismiss holds the sale's number.
  function action(kind, label, sale) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "link";
    button.dataset[kind] = sale.client_uuid;
    button.textContent = msg(label);
    return button;
  }

  function receiptLink(url) {
    const link = document.createElement("a");
    link.href = url;
    link.textContent = msg("Receipt");
    link.target = "_blank";
    return link;
  }

  function describe(sale) {
    return sale.quantity + " × " + sale.label + " — " + sale.total_display;
  }

  function render(state) {
    const count = state.queue.length;
    els.pending.dataset.count = String(count);
    els.pending.textContent = count ? msg("Pending") + " " + count : msg("PendingNone");
    els.pending.classList.toggle("waiting", count > 0);

    els.rejectedBox.hidden = state.rejected.length === 0;
    els.rejected.replaceChildren(
      ...state.rejected.map((sale) =>
        item(
          describe(sale) + " — " + msg("Refused") + " " + sale.error,
          action("correct", "Correct", sale),
          action("dismiss", "Dismiss", sale)
        )
      )
    );
    const waiting = state.queue.map((sale) =>
      item(describe(sale) + " (" + msg("Waiting") + (sale.attempts ? "; " + msg("Retrying") : "") + ")")
    );
    const done = state.recent.map((sale) => item(describe(sale), receiptLink(sale.receipt_url)));
    els.recent.replaceChildren(...waiting.reverse(), ...done);
    showStock(state);
  }

  function say(text, isError) {
    els.message.textContent = text;
    els.message.classList.toggle("error", Boolean(isError));
  }

  function showConnection(online) {
    els.connection.textContent = online ? msg("Online") : msg("Offline");
    els.connection.classList.toggle("warning", !online);
  }

  function showLastSale(sale, waiting, refusal) {
    els.lastSale.replaceChildren(document.createTextNode(describe(sale) + " "));
    if (refusal) {
      els.lastSale.append("— " + msg("Refused") + " " + refusal);
    } else if (waiting) {
      els.lastSale.append("(" + msg("Waiting") + ")");
    } else if (sale.receipt_url) {
      els.lastSale.append(receiptLink(sale.receipt_url));
    }
    els.lastSale.classList.toggle("error", Boolean(refusal));
    els.lastSale.dataset.uuid = sale.client_uuid;
  }

  // The server's stock of each product: the page's, or a newer answer's (kept on the device).
  function serverStock(state, button) {
    const known = state.stock[button.dataset.exhibit];
    return known && known.at > serverTime ? known.value : parseInt(button.dataset.serverStock, 10);
  }

  // What is left to sell: the server's stock less the sales still waiting to reach it.
  function available(state, button) {
    const waiting = state.queue
      .filter((sale) => String(sale.exhibit) === button.dataset.exhibit)
      .reduce((sum, sale) => sum + sale.quantity, 0);
    return serverStock(state, button) - waiting;
  }

  function showStock(state) {
    buttons.forEach((button) => {
      const left = available(state, button);
      button.dataset.stock = String(left);
      button.querySelector(".stock-value").textContent = String(left);
      const soldOut = left <= 0 && !allowNegative;
      button.disabled = soldOut;
      button.classList.toggle("sold-out", soldOut);
      if (soldOut && chosen === button) {
        unchoose();
      }
    });
  }

  function rememberStock(exhibitId, value) {
    if (!Number.isInteger(value)) {
      return;
    }
    update((state) => {
      state.stock[String(exhibitId)] = { value: value, at: now().getTime() };
    });
  }

  // The fair's day now, at the fair: sales dated outside the fair are refused.
  function fairDay() {
    const parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: root.dataset.timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }).formatToParts(now());
    const part = (type) => parts.find((p) => p.type === type).value;
    return part("year") + "-" + part("month") + "-" + part("day");
  }

  function isFairOpen() {
    const day = fairDay();
    return root.dataset.firstDay <= day && day <= root.dataset.lastDay;
  }

  function showFairOpen() {
    const open = isFairOpen();
    els.closed.hidden = open;
    els.record.disabled = !open;
    return open;
  }

  // Choosing a product -------------------------------------------------------------------

  let chosen = null;

  function unchoose() {
    chosen = null;
    buttons.forEach((b) => b.setAttribute("aria-pressed", "false"));
    els.chosen.textContent = msg("NoneChosen");
    els.price.value = "";
    showTotal();
  }

  function choose(button) {
    chosen = button;
    buttons.forEach((b) => b.setAttribute("aria-pressed", b === button ? "true" : "false"));
    els.chosen.textContent = button.dataset.code + " " + button.dataset.name;
    els.price.value = button.dataset.price;
    els.quantity.value = "1";
    say("");
    showTotal();
  }

  function showTotal() {
    const price = decimal(els.price.value);
    const quantity = parseInt(els.quantity.value, 10);
    els.total.textContent =
      chosen && price !== null && quantity > 0 ? money(cents(price) * BigInt(quantity)) : "—";
  }

  buttons.forEach((button) => button.addEventListener("click", () => choose(button)));

  els.codeInput.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") {
      return;
    }
    event.preventDefault();
    const code = els.codeInput.value.trim().toUpperCase();
    const button = buttons.find((b) => b.dataset.code.toUpperCase() === code);
    if (button && button.disabled) {
      say(msg("SoldOut") + " " + button.dataset.code, true);
    } else if (button) {
      choose(button);
      els.codeInput.value = "";
      els.quantity.focus();
    } else {
      say(msg("UnknownCode") + " " + code, true);
    }
  });

  root.querySelectorAll(".step").forEach((step) =>
    step.addEventListener("click", () => {
      const next = (parseInt(els.quantity.value, 10) || 0) + parseInt(step.dataset.step, 10);
      els.quantity.value = String(Math.max(1, next));
      showTotal();
    })
  );
  els.quantity.addEventListener("input", showTotal);
  els.price.addEventListener("input", showTotal);

  root.addEventListener("click", (event) => {
    const data = event.target.dataset || {};
    const uuid = data.dismiss || data.correct;
    if (!uuid) {
      return;
    }
    const refused = load().rejected.find((sale) => sale.client_uuid === uuid);
    if (data.correct && refused) {
      // Back into the form as it was sent; recording it again gives it a new number.
      const button = buttons.find((b) => b.dataset.exhibit === String(refused.exhibit));
      if (!button) {
        say(msg("UnknownCode") + " " + refused.label, true);
        return;
      }
      choose(button);
      els.quantity.value = String(refused.quantity);
      els.price.value = refused.unit_price;
      showTotal();
      say(msg("Correcting") + " " + refused.error, true);
      els.quantity.focus();
    }
    update((state) => {
      state.rejected = state.rejected.filter((sale) => sale.client_uuid !== uuid);
    });
  });

  // Recording: into the queue first, then to the server -----------------------------------

  els.form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!showFairOpen()) {
      say(els.closed.textContent.trim(), true);
      return;
    }
    if (!chosen) {
      say(msg("Choose"), true);
      return;
    }
    const quantityText = els.quantity.value.trim();
    const quantity = /^\d+$/.test(quantityText) ? parseInt(quantityText, 10) : 0;
    if (quantity < 1) {
      say(msg("Quantity"), true);
      return;
    }
    if (quantity > maxQuantity) {
      say(msg("QuantityHigh") + " " + maxQuantity.toLocaleString("en"), true);
      return;
    }
    const left = available(load(), chosen);
    if (!allowNegative && quantity > left) {
      say(msg("StockLow") + " " + Math.max(left, 0), true);
      return;
    }
    const price = decimal(els.price.value);
    if (price === null || cents(price) < cents(chosen.dataset.lowest)) {
      say(msg("PriceLow") + " " + chosen.dataset.lowest, true);
      return;
    }
    if (cents(price) > cents(chosen.dataset.price)) {
      say(msg("PriceHigh") + " " + chosen.dataset.price, true);
      return;
    }
    const payment = els.form.querySelector("input[name=payment_method]:checked");
    const total = cents(price) * BigInt(quantity);
    const sale = {
      client_uuid: window.crypto.randomUUID(),
      exhibit: parseInt(chosen.dataset.exhibit, 10),
      quantity: quantity,
      unit_price: price,
      payment_method: payment ? payment.value : "cash",
      sold_at: now().toISOString(),
      label: chosen.dataset.code + " " + chosen.dataset.name,
      total_display: money(total),
    };
    if (sale.payment_method === "qr") {
      askQrPayment(sale, total);
    } else {
      keep(sale);
    }
  });

  // A sale goes into the queue, and on to the server.
  function keep(sale) {
    update((state) => state.queue.push(sale));
    showLastSale(sale, true);
    say(navigator.onLine ? msg("Sending") : msg("Queued"));
    els.quantity.value = "1";
    showTotal();
    sessionRetryAt = 0; // the cashier may have logged in again meanwhile
    flush();
  }

  // Payment by QR: the code, with the sale's amount, is drawn here on the tablet (offline
  // too) from what the page holds; the sale is kept only once the cashier confirms that the
  // payment was received, and cancelling keeps nothing.
  const qr = {
    dialog: document.getElementById("qr-dialog"),
    code: document.getElementById("qr-code"),
    amount: document.getElementById("qr-amount"),
  };
  let awaitingPayment = null;

  // CRC-16/CCITT-FALSE (polynomial 0x1021, from 0xFFFF) of an ASCII text, in 4 hex digits.
  function crc16(text) {
    let crc = 0xffff;
    for (let i = 0; i < text.length; i += 1) {
      crc ^= text.charCodeAt(i) << 8;
      for (let bit = 0; bit < 8; bit += 1) {
        crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
      }
    }
    return crc.toString(16).toUpperCase().padStart(4, "0");
  }

  // The EMVCo payload as fairs/payment_qr.py makes it: the data objects before the amount,
  // the amount (tag 54), those after it, and the CRC (tag 63).
  function qrPayload(amountText) {
    const data =
      root.dataset.qrBefore +
      "54" + String(amountText.length).padStart(2, "0") + amountText +
      root.dataset.qrAfter +
      "6304";
    return data + crc16(data);
  }

  // The code as an SVG drawing, its modules one path, four modules of quiet zone around it.
  function drawQr(payload) {
    const code = window.qrcode(0, "M");
    code.addData(payload, "Byte");
    code.make();
    const count = code.getModuleCount();
    const quiet = 4;
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    const side = String(count + 2 * quiet);
    svg.setAttribute("viewBox", "0 0 " + side + " " + side);
    svg.setAttribute("shape-rendering", "crispEdges");
    const paper = document.createElementNS(ns, "rect");
    paper.setAttribute("width", side);
    paper.setAttribute("height", side);
    paper.setAttribute("fill", "#fff");
    const modules = [];
    for (let row = 0; row < count; row += 1) {
      for (let col = 0; col < count; col += 1) {
        if (code.isDark(row, col)) {
          modules.push("M" + (col + quiet) + " " + (row + quiet) + "h1v1h-1z");
        }
      }
    }
    const ink = document.createElementNS(ns, "path");
    ink.setAttribute("d", modules.join(""));
    ink.setAttribute("fill", "#000");
    svg.append(paper, ink);
    qr.code.replaceChildren(svg);
    qr.code.dataset.payload = payload;
  }

  // Show the code for the sale's total (in cents); the sale waits for the cashier's word.
  function askQrPayment(sale, total) {
    if (total <= 0n) {
      say(msg("QrNothing"), true);
      return;
    }
    const amountText = String(total / 100n) + "." + String(total % 100n).padStart(2, "0");
    if (amountText.length > 13) {
      say(msg("QrTooLarge"), true);
      return;
    }
    if (!qr.dialog || typeof window.qrcode !== "function") {
      say(msg("QrMissing"), true);
      return;
    }
    drawQr(qrPayload(amountText));
    qr.amount.textContent = sale.total_display;
    awaitingPayment = sale;
    say("");
    qr.dialog.returnValue = "";
    qr.dialog.showModal();
  }

  if (qr.dialog) {
    // "Confirm payment received" closes the dialog with "confirm"; Cancel and Escape without.
    qr.dialog.addEventListener("close", () => {
      const sale = awaitingPayment;
      awaitingPayment = null;
      if (!sale) {
        return;
      }
      if (qr.dialog.returnValue === "confirm") {
        sale.sold_at = now().toISOString(); // paid now
        keep(sale);
      } else {
        say(msg("QrCancelled"));
      }
    });
  }

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : root.dataset.csrf;
  }

  // What the server said: "done", "refused" (a verdict on this sale), "session" (the
  // session ended: no sale can go until the cashier logs in) or "retry" (no verdict yet).
  async function send(sale) {
    const body = {
      client_uuid: sale.client_uuid,
      exhibit: sale.exhibit,
      quantity: sale.quantity,
      unit_price: sale.unit_price,
      payment_method: sale.payment_method,
      sold_at: sale.sold_at,
    };
    let response;
    try {
      response = await fetch(endpoint, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": csrfToken(),
        },
        body: JSON.stringify(body),
      });
    } catch (error) {
      return { outcome: "retry", reason: "network" };
    }
    const isJson = (response.headers.get("Content-Type") || "").includes("application/json");
    const data = isJson ? await response.json().catch(() => null) : null;
    if (response.ok && data && data.client_uuid === sale.client_uuid) {
      return { outcome: "done", data: data };
    }
    const status = response.status;
    if (
      response.type === "opaqueredirect" ||
      status === 401 ||
      (status === 403 && (!data || data.code === "csrf"))
    ) {
      // Logged out (a redirect to the login page), or the page's CSRF token is out of date.
      return { outcome: "session" };
    }
    if (status >= 400 && status < 500) {
      const error =
        data && typeof data.detail === "string" ? data.detail : msg("RefusedStatus") + " " + status;
      return { outcome: "refused", error: error, stock: data ? data.stock : undefined };
    }
    return { outcome: "retry", reason: "server" };
  }

  let flushing = false;
  let onlineAt = 0; // when the connection last came back
  let sessionFailures = 0;
  let sessionRetryAt = 0;
  let retryTimer = null;

  function backoff(failures) {
    return Math.min(MAX_DELAY_MS, 1000 * 2 ** Math.min(failures, 5));
  }

  // The next try: when the first waiting sale's backoff ends (or the session's).
  function scheduleNext() {
    window.clearTimeout(retryTimer);
    const queue = load().queue;
    if (!queue.length) {
      return;
    }
    const due = Math.max(sessionRetryAt, Math.min(...queue.map((sale) => sale.retry_at || 0)));
    retryTimer = window.setTimeout(flush, Math.max(250, due - Date.now()));
  }

  function settle(sale, result) {
    update((state) => {
      state.queue = state.queue.filter((s) => s.client_uuid !== sale.client_uuid);
      if (result.outcome === "done") {
        const recorded = Object.assign({}, sale, {
          receipt_url: result.data.receipt_url,
          total_display: result.data.total_display,
        });
        delete recorded.attempts;
        delete recorded.retry_at;
        state.recent = [recorded, ...state.recent.filter((s) => s.client_uuid !== sale.client_uuid)].slice(0, KEEP_RECENT);
      } else {
        state.rejected.push(Object.assign({}, sale, { error: result.error }));
      }
    });
    if (result.outcome === "done") {
      rememberStock(sale.exhibit, result.data.stock);
      if (els.lastSale.dataset.uuid === sale.client_uuid) {
        showLastSale(Object.assign({}, sale, result.data, { label: sale.label }), false);
        say(msg("Recorded"));
      }
    } else {
      // Nothing was recorded: the stock shown is the server's again, as it says it is.
      rememberStock(sale.exhibit, result.stock);
      if (els.lastSale.dataset.uuid === sale.client_uuid) {
        showLastSale(sale, false, result.error);
      }
      say(msg("Refused") + " " + result.error, true);
    }
  }

  function postpone(sale) {
    update((state) => {
      const queued = state.queue.find((s) => s.client_uuid === sale.client_uuid);
      if (queued) {
        queued.attempts = (queued.attempts || 0) + 1;
        queued.retry_at = Date.now() + backoff(queued.attempts);
      }
    });
  }

  // Send every sale that is due, oldest first; one that fails waits its turn again.
  async function flush() {
    if (flushing || Date.now() < sessionRetryAt) {
      return;
    }
    flushing = true;
    try {
      const tried = new Set();
      for (;;) {
        const now = Date.now();
        const next = load().queue.find(
          (sale) => !tried.has(sale.client_uuid) && !((sale.retry_at || 0) > now)
        );
        if (!next) {
          break;
        }
        tried.add(next.client_uuid);
        const setOut = Date.now();
        const result = await send(next);
        if (result.outcome === "session") {
          sessionFailures += 1;
          sessionRetryAt = Date.now() + backoff(sessionFailures);
          showConnection(true);
          say(msg("Login"), true);
          break;
        }
        sessionFailures = 0;
        if (result.outcome === "retry") {
          showConnection(result.reason !== "network");
          say(msg("Retry"), true);
          // A try that set out before the connection came back says nothing about the
          // connection now: the sale stays due, and goes again on the next round.
          if (setOut >= onlineAt) {
            postpone(next);
          }
          continue;
        }
        showConnection(true);
        settle(next, result);
      }
    } finally {
      flushing = false;
      scheduleNext();
    }
  }

  window.addEventListener("online", () => {
    // Back online: every waiting sale is due now.
    onlineAt = Date.now();
    sessionRetryAt = 0;
    update((state) => state.queue.forEach((sale) => delete sale.retry_at));
    showConnection(true);
    flush();
  });
  window.addEventListener("offline", () => showConnection(false));
  window.addEventListener("storage", (event) => {
    if (event.key === storageKey) {
      render(load());
    }
  });
  // A safety net if an "online" event is missed.
  window.setInterval(() => {
    if (load().queue.length && !flushing) {
      flush();
    }
  }, 15000);

  // Kept for offline: a service worker keeps this page and its files on the device.
  function keepForOffline() {
    const worker = navigator.serviceWorker.controller;
    if (!worker) {
      return;
    }
    const files = Array.from(document.querySelectorAll("link[rel=stylesheet][href], script[src]"));
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => {
      const ready = event.data.kept === event.data.wanted;
      root.dataset.offlineReady = String(ready);
      els.offlineReady.hidden = !ready;
    };
    const keep = [window.location.href, ...files.map((el) => el.href || el.src)];
    worker.postMessage({ keep: keep }, [channel.port2]);
  }

  if ("serviceWorker" in navigator && root.dataset.serviceWorker) {
    navigator.serviceWorker.addEventListener("controllerchange", keepForOffline);
    navigator.serviceWorker
      .register(root.dataset.serviceWorker, { scope: root.dataset.serviceWorkerScope })
      .then(() => navigator.serviceWorker.ready)
      .then(keepForOffline)
      .catch(() => {
        root.dataset.offlineReady = "false";
      });
  }

  showFairOpen();
  window.setInterval(showFairOpen, 60000); // the day may end while the page is open
  showConnection(navigator.onLine);
  render(load());
  flush();
})();

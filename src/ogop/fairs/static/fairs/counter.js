// The fair counter: sales are queued on the device first and sent when the server answers.
//
// A sale gets its number (a UUID) on the device and goes into a queue kept in localStorage,
// so it survives a dropped connection, a failed request or a closed tab. The queue is sent
// one sale at a time; the server records a number once, so sending again is always safe.
// A sale leaves the queue only when the server gives a verdict in JSON: recorded (201, or
// 200 for a sale it already had) or refused (4xx, shown under "Not recorded"). Network
// errors, server errors and expired sessions keep it queued and retry with backoff.
// No inline scripts: a strict Content-Security-Policy holds.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) {
      window.print();
    }
  });

  const root = document.getElementById("counter");
  if (!root) {
    return;
  }

  const msg = (name) => root.dataset["msg" + name] || "";
  const storageKey = root.dataset.storageKey;
  const endpoint = root.dataset.endpoint;
  const MAX_DELAY_MS = 30000;
  // A tablet's clock may be wrong: sales are dated by the server's clock, read when the page
  // was served, plus the time that has passed since on the tablet.
  const serverTime = parseInt(root.dataset.serverTime, 10);
  const clockOffset = Number.isFinite(serverTime) ? serverTime - Date.now() : 0;
  const now = () => new Date(Date.now() + (Math.abs(clockOffset) > 60000 ? clockOffset : 0));
  const KEEP_RECENT = 30;

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
      };
    } catch (error) {
      return { queue: [], rejected: [], recent: [] };
    }
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

  function item(text, extra) {
    const li = document.createElement("li");
    li.textContent = text;
    if (extra) {
      li.append(" ", extra);
    }
    return li;
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
      ...state.rejected.map((sale) => {
        const dismiss = document.createElement("button");
        dismiss.type = "button";
        dismiss.className = "link";
        dismiss.dataset.dismiss = sale.client_uuid;
        dismiss.textContent = msg("Dismiss");
        return item(describe(sale) + " — " + msg("Refused") + " " + sale.error, dismiss);
      })
    );
    const waiting = state.queue.map((sale) => item(describe(sale) + " (" + msg("Waiting") + ")"));
    const done = state.recent.map((sale) => item(describe(sale), receiptLink(sale.receipt_url)));
    els.recent.replaceChildren(...waiting.reverse(), ...done);
  }

  function say(text, isError) {
    els.message.textContent = text;
    els.message.classList.toggle("error", Boolean(isError));
  }

  function showConnection(online) {
    els.connection.textContent = online ? msg("Online") : msg("Offline");
    els.connection.classList.toggle("warning", !online);
  }

  function showLastSale(sale, waiting) {
    els.lastSale.replaceChildren(document.createTextNode(describe(sale) + " "));
    if (waiting) {
      els.lastSale.append("(" + msg("Waiting") + ")");
    } else if (sale.receipt_url) {
      els.lastSale.append(receiptLink(sale.receipt_url));
    }
    els.lastSale.dataset.uuid = sale.client_uuid;
  }

  function showStock(exhibitId, stock) {
    const button = buttons.find((b) => b.dataset.exhibit === String(exhibitId));
    if (button) {
      button.dataset.stock = String(stock);
      button.querySelector(".stock-value").textContent = String(stock);
    }
  }

  // Choosing a product -------------------------------------------------------------------

  let chosen = null;

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
    if (button) {
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
    const uuid = event.target.dataset && event.target.dataset.dismiss;
    if (uuid) {
      update((state) => {
        state.rejected = state.rejected.filter((sale) => sale.client_uuid !== uuid);
      });
    }
  });

  // Recording: into the queue first, then to the server -----------------------------------

  els.form.addEventListener("submit", (event) => {
    event.preventDefault();
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
    const sale = {
      client_uuid: window.crypto.randomUUID(),
      exhibit: parseInt(chosen.dataset.exhibit, 10),
      quantity: quantity,
      unit_price: price,
      payment_method: payment ? payment.value : "cash",
      sold_at: now().toISOString(),
      label: chosen.dataset.code + " " + chosen.dataset.name,
      total_display: money(cents(price) * BigInt(quantity)),
    };
    update((state) => state.queue.push(sale));
    showStock(sale.exhibit, parseInt(chosen.dataset.stock, 10) - quantity);
    showLastSale(sale, true);
    say(navigator.onLine ? msg("Sending") : msg("Queued"));
    els.quantity.value = "1";
    showTotal();
    flush();
  });

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : root.dataset.csrf;
  }

  // What the server said: "done", "refused" (a verdict), or "retry" (no verdict yet).
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
    if (response.ok && data && data.ok) {
      return { outcome: "done", data: data };
    }
    if (response.status === 401 || response.type === "opaqueredirect" || !data) {
      // Logged out, a CSRF refusal or a proxy's error page: keep the sale, ask to log in.
      return { outcome: "retry", reason: response.status === 401 || response.status === 403 ? "login" : "server" };
    }
    if (response.status >= 500) {
      return { outcome: "retry", reason: "server" };
    }
    return { outcome: "refused", data: data };
  }

  let flushing = false;
  let failures = 0;
  let retryTimer = null;

  function scheduleRetry() {
    window.clearTimeout(retryTimer);
    const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** Math.min(failures, 5));
    retryTimer = window.setTimeout(flush, delay);
  }

  async function flush() {
    if (flushing) {
      return;
    }
    flushing = true;
    try {
      for (;;) {
        const next = load().queue[0];
        if (!next) {
          break;
        }
        const result = await send(next);
        if (result.outcome === "retry") {
          failures += 1;
          showConnection(result.reason !== "network");
          say(result.reason === "login" ? msg("Login") : msg("Retry"), true);
          scheduleRetry();
          break;
        }
        failures = 0;
        showConnection(true);
        update((state) => {
          state.queue = state.queue.filter((sale) => sale.client_uuid !== next.client_uuid);
          if (result.outcome === "done") {
            const recorded = Object.assign({}, next, {
              receipt_url: result.data.receipt_url,
              total_display: result.data.total_display,
            });
            state.recent = [recorded, ...state.recent.filter((s) => s.client_uuid !== next.client_uuid)].slice(0, KEEP_RECENT);
          } else {
            state.rejected.push(Object.assign({}, next, { error: result.data.error }));
          }
        });
        if (result.outcome === "done") {
          showStock(next.exhibit, result.data.stock);
          if (els.lastSale.dataset.uuid === next.client_uuid) {
            showLastSale(Object.assign({}, next, result.data, { label: next.label }), false);
            say(msg("Recorded"));
          }
        } else {
          say(msg("Refused") + " " + result.data.error, true);
        }
      }
    } finally {
      flushing = false;
    }
  }

  window.addEventListener("online", () => {
    failures = 0;
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

  showConnection(navigator.onLine);
  render(load());
  flush();
})();

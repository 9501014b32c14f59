// NutriNube: progressive enhancement only. Forms marked `data-enhance` are
// sent with fetch; the server answers the same page it would after a normal
// post (the redirected page, or the page with validation messages), and its
// <main> replaces this one. No page logic lives here.
//
// Off line (everywhere.md §3): a service worker (/sw.js) keeps the app
// shell and the diary last seen; a banner says when the network is
// unreachable; the diary's forms marked `data-offline-queue` that cannot be
// sent are kept in IndexedDB and sent again, in order, when it returns. The
// words shown come from the page (templates), never from here.
(function () {
  "use strict";
  async function submit(form, submitter) {
    const body = new URLSearchParams(new FormData(form, submitter));
    // A form the queue may keep carries its key from the first attempt: if
    // that reached the server but its answer was lost, the resend is
    // recognised and creates nothing.
    const queueable = offline.canQueue(form);
    const key = queueable ? crypto.randomUUID() : null;
    if (queueable && await offline.pending() > 0) {
      // Behind what is already waiting, so that entries keep their order.
      await offline.keep(form, body, key);
      offline.recover();
      return;
    }
    const headers = { "X-Requested-With": "fetch" };
    if (key) headers["Idempotency-Key"] = key;
    form.setAttribute("aria-busy", "true");
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: headers,
      });
    } catch (e) {
      // No network: kept for later when the form allows; otherwise the page
      // stays as it is (a browser error page would lose what was typed).
      form.removeAttribute("aria-busy");
      offline.unreachable();
      if (queueable) await offline.keep(form, body, key);
      return;
    }
    offline.reached();
    const html = await response.text();
    const doc = new DOMParser().parseFromString(html, "text/html");
    const fresh = doc.querySelector("main");
    if (!fresh || !response.url) {
      document.open(); document.write(html); document.close();
      return;
    }
    document.querySelector("main").replaceWith(fresh);
    document.title = doc.title;
    if (response.ok && response.url !== location.href) {
      history.pushState(null, "", response.url);
    }
    if (response.ok) offline.pageShown(response, html);
    const error = fresh.querySelector(".invalid input, .invalid select");
    if (error) {
      error.focus();
    } else {
      const status = fresh.querySelector("[role=status]") || fresh.querySelector("h1");
      if (status) { status.setAttribute("tabindex", "-1"); status.focus({ preventScroll: true }); }
    }
    document.dispatchEvent(new CustomEvent("nutrinube:updated"));
  }
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-enhance")) return;
    event.preventDefault();
    submit(form, event.submitter);
  });
  // A form's empty `data-time-zone` field gets the browser's time zone, so
  // that a new account's "today" is the person's (the server takes UTC
  // without it).
  function fillTimeZones(root) {
    let zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return; }
    root.querySelectorAll("input[data-time-zone]").forEach(function (input) {
      if (!input.value) input.value = zone;
    });
  }
  fillTimeZones(document);
  document.addEventListener("nutrinube:updated", function () { fillTimeZones(document); });
  document.documentElement.classList.add("js");

  // ---- Off line ---------------------------------------------------------
  const offline = (function () {
    const banner = document.getElementById("offline-banner");
    // Queued entries are the account's: another person signing in on this
    // browser neither sees nor sends them.
    const account = banner ? banner.dataset.account || "" : "";
    const queueWorks = Boolean(account && window.indexedDB && window.crypto && crypto.randomUUID);
    // How often the page tries again while off line or with entries waiting.
    const RETRY_MS = 10000;
    // A request with no answer by then counts as unreachable.
    const PATIENCE_MS = 15000;
    let pendingCount = 0;

    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register("/sw.js").catch(function () { /* the page works without */ });
    }

    function setOffline(isOffline) {
      if (banner) banner.hidden = !isOffline;
    }
    function isOfflineCopy() {
      return document.documentElement.hasAttribute("data-offline-copy");
    }
    function patience() {
      return AbortSignal.timeout ? AbortSignal.timeout(PATIENCE_MS) : undefined;
    }

    // The queue: one IndexedDB store, in the order entries were kept.
    let database = null;
    function openQueue() {
      if (!database) {
        database = new Promise(function (resolve, reject) {
          const opening = indexedDB.open("nutrinube", 1);
          opening.onupgradeneeded = function () {
            opening.result.createObjectStore("queue", { keyPath: "id", autoIncrement: true });
          };
          opening.onsuccess = function () { resolve(opening.result); };
          opening.onerror = function () { reject(opening.error); };
        });
      }
      return database;
    }
    async function inQueue(mode, work) {
      const db = await openQueue();
      return new Promise(function (resolve, reject) {
        const tx = db.transaction("queue", mode);
        const request = work(tx.objectStore("queue"));
        tx.oncomplete = function () { resolve(request.result); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    }
    async function queued() {
      if (!queueWorks) return [];
      const all = await inQueue("readonly", function (store) { return store.getAll(); });
      return all.filter(function (record) { return record.account === account; });
    }
    function dequeue(id) {
      return inQueue("readwrite", function (store) { return store.delete(id); });
    }

    function canQueue(form) {
      return queueWorks && form.hasAttribute("data-offline-queue");
    }

    // Keeps a form's fields with its key, and shows it waiting in its meal.
    // The CSRF token is left out (it is the page's when sent) but keeps its
    // place, so that the resend's body is the first attempt's.
    async function keep(form, body, key) {
      const fields = Array.from(body.entries()).map(function (field) {
        return field[0] === "csrf" ? ["csrf", ""] : field;
      });
      const value = function (name) { return body.get(name) || ""; };
      const action = new URL(form.action, location.href);
      const record = {
        account: account,
        url: action.pathname,
        fields: fields,
        key: key,
        queuedAt: new Date().toISOString(),
        date: value("date"),
        name: value("name") || form.dataset.offlineName || "",
        section: action.pathname === "/diary/activity" ? "activities"
          : action.pathname === "/diary/water" ? "water" : "meal-" + value("meal"),
      };
      await inQueue("readwrite", function (store) { return store.add(record); });
      if (form.matches("details form")) form.reset();
      await showQueued();
    }

    // The waiting entries of the day shown, each in its meal.
    async function showQueued() {
      const records = await queued();
      pendingCount = records.length;
      document.querySelectorAll("[data-queued]").forEach(function (item) { item.remove(); });
      const template = document.getElementById("queued-entry");
      const day = document.getElementById("diary-date");
      if (!template || !day) return;
      records.forEach(function (record) {
        const section = record.date === day.dataset.date && document.getElementById(record.section);
        if (!section) return;
        let list = section.querySelector("ul.entries");
        if (!list) {
          list = document.createElement("ul");
          list.className = "entries";
          section.appendChild(list);
        }
        const item = template.content.firstElementChild.cloneNode(true);
        item.dataset.queued = record.key;
        item.querySelector(".entry-name").textContent = record.name;
        list.appendChild(item);
      });
      document.querySelectorAll("section .empty").forEach(function (empty) {
        empty.hidden = Boolean(empty.parentElement.querySelector(".entry"));
      });
    }

    // What a refused entry's answer says: the messages beside its fields
    // (each after its label, as the page writes them), or an error page's.
    async function refusal(response) {
      const type = response.headers.get("Content-Type") || "";
      if (type.includes("json")) {
        const problem = await response.json().catch(function () { return {}; });
        const messages = (problem.errors || []).map(function (e) { return e.message; });
        return messages.join("; ") || problem.detail || "";
      }
      const doc = new DOMParser().parseFromString(await response.text(), "text/html");
      const messages = Array.from(doc.querySelectorAll("main .invalid .error")).map(function (error) {
        const label = error.closest(".field") && error.closest(".field").querySelector("label");
        const text = error.textContent.trim();
        const name = label ? label.textContent.trim() : "";
        return !name || text.startsWith(name) ? text : name + " " + text;
      });
      if (messages.length) return messages.join("; ");
      const page = doc.querySelector("#error-message") || doc.querySelector("main");
      return page ? page.textContent.trim() : String(response.status);
    }

    // Sends one kept entry with its key: "saved", "refused" (a 4xx: it will
    // never pass as it is), "later" (the server is busy: kept), "signed
    // out" (kept until the person signs in again) or "unreachable".
    async function send(record, token) {
      const body = new URLSearchParams(record.fields);
      body.set("csrf", token);
      let response;
      try {
        response = await fetch(record.url, {
          method: "POST",
          body: body,
          credentials: "same-origin",
          headers: { "X-Requested-With": "fetch", "Idempotency-Key": record.key },
          signal: patience(),
        });
      } catch (e) {
        return { outcome: "unreachable" };
      }
      if (new URL(response.url).pathname === "/login") return { outcome: "signed out" };
      if (response.ok) return { outcome: "saved" };
      const busy = [408, 409, 425, 429].includes(response.status) || response.status >= 500;
      if (busy) return { outcome: "later" };
      return { outcome: "refused", message: await refusal(response) };
    }

    // Sends the queue in order, one at a time, stopping at the first that
    // cannot go now. One tab at a time (a second would only be answered
    // again, thanks to the keys, but would wait).
    async function sendAll() {
      const report = { sent: 0, refused: [], reachable: true, signedOut: false };
      const tokenField = document.querySelector("input[name=csrf]");
      if (!tokenField) return report;
      for (const record of await queued()) {
        const result = await send(record, tokenField.value);
        if (result.outcome === "unreachable") { report.reachable = false; break; }
        if (result.outcome === "signed out") { report.signedOut = true; break; }
        if (result.outcome === "later") break;
        await dequeue(record.id);
        if (result.outcome === "saved") report.sent += 1;
        else report.refused.push({ name: record.name, message: result.message });
      }
      return report;
    }
    let sending = null;
    function flush() {
      if (!sending) {
        const run = navigator.locks
          ? navigator.locks.request("nutrinube-queue", sendAll)
          : sendAll();
        sending = run.finally(function () { sending = null; });
      }
      return sending;
    }

    async function reachable() {
      try {
        const response = await fetch("/health/live", { cache: "no-store", signal: patience() });
        return response.ok;
      } catch (e) {
        return false;
      }
    }

    // The page, fetched again, in place of this one's <main>; false when
    // that has to wait (the person is typing in it, or no answer).
    async function reloadMain() {
      const focused = document.activeElement;
      if (focused && focused.closest("main") && focused.matches("input, select, textarea")) return false;
      let response;
      try {
        response = await fetch(location.href, {
          credentials: "same-origin",
          headers: { "X-Requested-With": "fetch" },
          signal: patience(),
        });
      } catch (e) {
        return false;
      }
      // Signed out, or an error: nothing better to show than this page.
      if (!response.ok || response.redirected) return true;
      const html = await response.text();
      const doc = new DOMParser().parseFromString(html, "text/html");
      const fresh = doc.querySelector("main");
      if (!fresh) return true;
      document.querySelector("main").replaceWith(fresh);
      document.title = doc.title;
      document.documentElement.removeAttribute("data-offline-copy");
      pageShown(response, html);
      document.dispatchEvent(new CustomEvent("nutrinube:updated"));
      return true;
    }

    function showReport(report) {
      const box = document.getElementById("queue-report");
      if (!box) return;
      const saved = document.getElementById("queue-saved");
      if (saved) saved.hidden = report.sent === 0;
      const template = document.getElementById("queued-refused");
      report.refused.forEach(function (refused) {
        if (!template) return;
        const line = template.content.firstElementChild.cloneNode(true);
        line.querySelector(".queued-name").textContent = refused.name;
        line.querySelector(".queued-why").textContent = refused.message;
        box.appendChild(line);
      });
      box.hidden = false;
    }

    // Sends what waits and, once the server answers, hides the banner and
    // shows the page as it is now, with what became of the entries.
    const unshown = { sent: 0, refused: [] };
    let mainIsStale = false;
    let signedOut = false;
    async function recoverOnce() {
      const report = await flush();
      signedOut = report.signedOut;
      if (!report.reachable) { setOffline(true); return; }
      const changed = report.sent > 0 || report.refused.length > 0;
      if (!changed && pendingCount === 0 && !(await reachable())) { setOffline(true); return; }
      setOffline(false);
      unshown.sent += report.sent;
      unshown.refused = unshown.refused.concat(report.refused);
      if (changed || mainIsStale || isOfflineCopy()) mainIsStale = !(await reloadMain());
      if (!mainIsStale && (unshown.sent > 0 || unshown.refused.length > 0)) {
        showReport(unshown);
        unshown.sent = 0;
        unshown.refused = [];
      }
      await showQueued();
    }
    let recovering = null;
    function recover() {
      if (!recovering) recovering = recoverOnce().finally(function () { recovering = null; });
      return recovering;
    }

    // A diary page shown in place: the worker keeps it as the last seen.
    function pageShown(response, html) {
      const controller = navigator.serviceWorker && navigator.serviceWorker.controller;
      if (!controller || new URL(response.url).pathname !== "/diary") return;
      controller.postMessage({
        type: "diary-page",
        url: response.url,
        html: html,
        csp: response.headers.get("Content-Security-Policy") || "",
      });
    }

    function pending() {
      return queueWorks ? queued().then(function (r) { return r.length; }) : Promise.resolve(0);
    }

    window.addEventListener("offline", function () { setOffline(true); });
    window.addEventListener("online", recover);
    document.addEventListener("nutrinube:updated", function () { showQueued().catch(function () {}); });
    setInterval(function () {
      const waiting = (banner && !banner.hidden) || pendingCount > 0 || mainIsStale;
      if (waiting && !signedOut) recover();
    }, RETRY_MS);
    if (!navigator.onLine || isOfflineCopy()) setOffline(true);
    if (queueWorks) {
      showQueued().then(function () {
        if (pendingCount > 0 || isOfflineCopy()) recover();
      }).catch(function () {});
    } else if (isOfflineCopy()) {
      recover();
    }

    return {
      canQueue: canQueue,
      keep: keep,
      pending: pending,
      recover: recover,
      unreachable: function () { setOffline(true); },
      reached: function () { if (banner && !banner.hidden) recover(); },
      pageShown: pageShown,
    };
  })();
})();

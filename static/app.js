// NutriNube: progressive enhancement only. Forms marked `data-enhance` are
// sent with fetch; the server answers the same page it would after a normal
// post (the redirected page, or the page with validation messages), and its
// <main> replaces this one. No page logic lives here.
(function () {
  "use strict";
  async function submit(form, submitter) {
    const body = new URLSearchParams(new FormData(form, submitter));
    form.setAttribute("aria-busy", "true");
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      });
    } catch (e) {
      form.removeAttribute("aria-busy");
      form.submit();
      return;
    }
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
})();

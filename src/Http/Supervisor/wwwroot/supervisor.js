// EmergencyFlow supervisor page: polls one read model with ETags and renders it with DOM APIs only
// (no innerHTML of data). The ops key lives in sessionStorage and travels as a header, never in a URL.
"use strict";

(() => {
  const KEY_STORE = "emergencyflow.opsKey";
  const VIEW_URL = "/api/ops/supervisor";
  const ACK_URL = "/api/ops/alert-acknowledgements";
  const HANDOVER_URL = "/api/ops/handover?hours=24";
  const AS_OF_HEADER = "X-EmergencyFlow-As-Of";
  const POLL_MS = 1000;

  const $ = (id) => document.getElementById(id);

  // In Azure the page is /api/supervisor: the Functions app serves the OpenAPI document (/api/openapi/v1.json)
  // but cannot host the interactive reference, which only the local host serves.
  if (location.pathname.startsWith("/api/")) {
    $("api-reference").hidden = true;
    $("api-document").setAttribute("href", "/api/openapi/v1.json");
  }
  let etag = null;
  let view = null;
  // The server's clock may be virtual (tests, the demo): countdowns run from its time, not the browser's.
  let serverAsOf = 0;
  let receivedAt = 0;
  let pollTimer = null;
  const seenEmergencies = new Set();
  const seenAlerts = new Set();
  let firstRender = true;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // Times read in the viewer's own zone ("7:00 PM", with the date when not today) and, for the last day, how long ago;
  // the exact UTC value is the element's datetime and its tooltip, and stays ISO 8601 in the API.
  const iso = (text) => (text ? new Date(text).toISOString().replace(/\.\d{3}Z$/, "Z") : "");
  const serverNow = () => serverAsOf + (performance.now() - receivedAt);
  const clockFormat = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });
  const dateFormat = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });
  const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: "auto", style: "short" });
  function localTime(text) {
    const at = new Date(text);
    const now = new Date(serverNow() || Date.now());
    return at.toDateString() === now.toDateString() ? clockFormat.format(at) : dateFormat.format(at);
  }
  function relative(text) {
    const seconds = Math.round((Date.parse(text) - (serverNow() || Date.now())) / 1000);
    if (Math.abs(seconds) >= 86400) return "";
    if (Math.abs(seconds) < 60) return seconds <= 0 ? "just now" : "in under a minute";
    if (Math.abs(seconds) < 3600) return relativeFormat.format(Math.trunc(seconds / 60), "minute");
    return relativeFormat.format(Math.trunc(seconds / 3600), "hour");
  }
  const timeEl = (text) => {
    const rel = relative(text);
    return el("time", { datetime: iso(text), title: `${iso(text)} (UTC)`, "data-relative": text },
      localTime(text), el("span", { class: "relative" }, rel ? ` (${rel})` : ""));
  };

  // Something new while nobody looked: the title says so (another tab shows it) and, when the supervisor turned it on
  // for this browser, a short chime plays. Both reset when the supervisor comes back to the page.
  const SOUND_STORE = "emergencyflow.sound";
  const NAME_STORE = "emergencyflow.supervisorName";
  const BASE_TITLE = document.title;
  let unseen = 0;
  let audio = null;
  function notice(count) {
    if (count <= 0) return;
    unseen += count;
    document.title = `(${unseen} new) ${BASE_TITLE}`;
    if (localStorage.getItem(SOUND_STORE) === "on") chime();
  }
  function seen() {
    unseen = 0;
    document.title = BASE_TITLE;
  }
  function chime() {
    try {
      audio = audio || new AudioContext();
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.2, audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
      tone.connect(gain).connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + 0.4);
    } catch (error) {
      // No audio device: the title still says it.
    }
    document.body.dataset.chimes = String(Number(document.body.dataset.chimes || 0) + 1);
  }

  function duration(ms) {
    const total = Math.max(0, Math.floor(ms / 1000));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    const mm = String(m).padStart(2, "0");
    const ss = String(s).padStart(2, "0");
    return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
  }

  function spokenDuration(ms) {
    const total = Math.max(0, Math.floor(ms / 1000));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const parts = [];
    if (h) parts.push(`${h} hour${h === 1 ? "" : "s"}`);
    parts.push(`${m} minute${m === 1 ? "" : "s"}`);
    return parts.join(" ");
  }

  function announce(text) {
    $("announcer").append(el("p", {}, text));
    while ($("announcer").childElementCount > 5) $("announcer").firstElementChild.remove();
  }

  // The line changes every second, so it is not a live region; only losing and regaining the connection is announced.
  let wasLost = false;
  function setConnection(text, lost) {
    const node = $("connection");
    node.textContent = text;
    node.classList.toggle("lost", Boolean(lost));
    if (Boolean(lost) !== wasLost && view) announce(lost ? "Connection lost, retrying." : "Connection restored.");
    wasLost = Boolean(lost);
  }

  function showSignIn(message) {
    stopPolling();
    sessionStorage.removeItem(KEY_STORE);
    etag = null;
    view = null;
    $("board").hidden = true;
    $("sign-out").hidden = true;
    $("sign-in").hidden = false;
    $("sign-in-error").textContent = message || "";
    setConnection("Not signed in");
    $("ops-key").focus();
  }

  function showBoard() {
    $("sign-in").hidden = true;
    $("sign-out").hidden = false;
    $("board").hidden = false;
  }

  function stopPolling() {
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = null;
  }

  async function poll() {
    const key = sessionStorage.getItem(KEY_STORE);
    if (!key) return showSignIn();
    const headers = { "x-ops-key": key, Accept: "application/json" };
    if (etag) headers["If-None-Match"] = etag;
    try {
      const response = await fetch(VIEW_URL, { headers, cache: "no-store", credentials: "omit" });
      if (response.status === 401 || response.status === 403) {
        return showSignIn("The ops key was refused. Check it and sign in again.");
      }
      const asOf = response.headers.get(AS_OF_HEADER);
      if (response.status === 304) {
        if (asOf) { serverAsOf = Date.parse(asOf); receivedAt = performance.now(); }
      } else if (response.ok) {
        const body = await response.json();
        etag = response.headers.get("ETag");
        serverAsOf = Date.parse(asOf || body.asOf);
        receivedAt = performance.now();
        view = body;
        showBoard();
        render(body);
      } else {
        throw new Error(`HTTP ${response.status}`);
      }
      setConnection(`Live · updated ${clockFormat.format(new Date(serverNow()))}`);
    } catch (error) {
      setConnection("Connection lost, retrying every second…", true);
    }
    tick();
    pollTimer = setTimeout(poll, POLL_MS);
  }

  function render(v) {
    let fresh = 0;
    for (const a of v.alerts) if (!seenAlerts.has(a.id) && !firstRender) fresh++;
    for (const e of v.active) if (!seenEmergencies.has(e.instanceId) && !firstRender) fresh++;
    renderAlerts(v.alerts);
    renderAcknowledged(v.acknowledged || []);
    $("pool-free").textContent = v.pool.free;
    $("pool-leased").textContent = v.pool.leased;
    $("pool-total").textContent = `${v.pool.total} number${v.pool.total === 1 ? "" : "s"}`;
    renderCards($("active"), $("no-active"), v.active.map(emergencyCard));
    renderCards($("leases"), $("no-leases"), v.leases.map(leaseCard));
    renderFinished(v.finished);
    for (const e of v.active) {
      if (!seenEmergencies.has(e.instanceId) && !firstRender) {
        announce(`New emergency: ${e.agentName} dialled ${e.dialledNumber} in ${e.country}${e.isTest ? " (test call)" : ""}.`);
      }
      seenEmergencies.add(e.instanceId);
    }
    firstRender = false;
    notice(fresh);
  }

  // An alert's card is kept while the alert stays, so a supervisor typing an acknowledgement loses nothing to a poll.
  const alertCards = new Map();
  function renderAlerts(alerts) {
    const list = $("alerts");
    const cards = alerts.map((a) => alertCards.get(a.id) || alertCard(a));
    alertCards.clear();
    alerts.forEach((a, i) => alertCards.set(a.id, cards[i]));
    list.replaceChildren(...cards);
    $("no-alerts").hidden = alerts.length > 0;
    $("alerts-section").classList.toggle("has-alerts", alerts.length > 0);
    for (const a of alerts) {
      if (!seenAlerts.has(a.id)) announce(`Alert: ${a.title}. ${a.action}`);
      seenAlerts.add(a.id);
    }
  }

  function alertCard(a) {
    const formId = `ack-${alertSeq++}`;
    const form = el("form", { class: "ack-form", "aria-label": `Acknowledge: ${a.title}` },
      el("label", { for: `${formId}-by` }, "Your name"),
      el("input", { id: `${formId}-by`, name: "by", required: true, maxlength: 100, autocomplete: "name", value: localStorage.getItem(NAME_STORE) || "" }),
      el("label", { for: `${formId}-note` }, "What you did (who you called, what they said)"),
      el("textarea", { id: `${formId}-note`, name: "note", rows: 3, maxlength: 2000 }),
      el("p", { class: "error", role: "alert" }),
      el("button", { type: "submit" }, "Acknowledge"));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      acknowledge(a.id, form);
    });
    return el("li", { class: "alert", "data-kind": a.kind, "data-alert": a.id },
      el("h3", {}, a.title),
      el("p", {}, a.message),
      a.agentName ? el("p", {}, "Agent: ", a.agentName) : null,
      a.raisedAt ? el("p", {}, "Raised ", timeEl(a.raisedAt)) : null,
      el("p", { class: "todo" }, "What to do: ", a.action),
      el("p", {}, el("a", { href: a.docs }, `Runbook: ${a.title}`)),
      el("details", { class: "ack" }, el("summary", {}, "Acknowledge this alert"), form));
  }
  let alertSeq = 0;

  async function acknowledge(alertId, form) {
    const by = form.elements.by.value.trim();
    const note = form.elements.note.value.trim();
    const error = form.querySelector(".error");
    if (!by) {
      error.textContent = "Enter your name.";
      return;
    }
    localStorage.setItem(NAME_STORE, by);
    try {
      const response = await fetch(ACK_URL, {
        method: "POST",
        headers: { "x-ops-key": sessionStorage.getItem(KEY_STORE) || "", "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ alertId, by, note }),
        credentials: "omit",
      });
      if (response.status === 401 || response.status === 403) return showSignIn("The ops key was refused. Check it and sign in again.");
      if (!response.ok) {
        const problem = await response.json().catch(() => ({}));
        error.textContent = (problem.problems || [problem.title || `The acknowledgement failed (HTTP ${response.status}).`]).join(" ");
        return;
      }
      announce("Alert acknowledged.");
      etag = null;
      stopPolling();
      await poll();
    } catch (failure) {
      error.textContent = "The acknowledgement could not be sent; check the connection and try again.";
    }
  }

  function renderAcknowledged(acknowledged) {
    $("acknowledged").replaceChildren(...acknowledged.map((a) => el("li", { class: "alert acknowledged", "data-alert": a.id },
      el("h3", {}, a.title),
      a.message ? el("p", {}, a.message) : null,
      a.agentName ? el("p", {}, "Agent: ", a.agentName) : null,
      el("p", {}, "Acknowledged by ", el("strong", {}, a.by), " ", timeEl(a.acknowledgedAt)),
      a.note ? el("p", { class: "note" }, a.note) : null,
      a.kind ? el("p", {}, el("a", { href: a.docs }, `Runbook: ${a.title}`)) : null)));
    $("no-acknowledged").hidden = acknowledged.length > 0;
  }

  // The hand-over is read on demand (it is the whole day, not the live view): shown, printed, or saved as CSV.
  async function fetchHandover(accept) {
    $("handover-error").textContent = "";
    const response = await fetch(`${HANDOVER_URL}&format=${accept === "text/csv" ? "csv" : "json"}`, {
      headers: { "x-ops-key": sessionStorage.getItem(KEY_STORE) || "", Accept: accept },
      cache: "no-store",
      credentials: "omit",
    });
    if (response.status === 401 || response.status === 403) {
      showSignIn("The ops key was refused. Check it and sign in again.");
      return null;
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response;
  }

  async function showHandover() {
    try {
      const response = await fetchHandover("application/json");
      if (!response) return false;
      const report = await response.json();
      $("handover-emergencies").replaceChildren(...report.emergencies.map((e) => el("tr", {},
        el("td", { "data-label": "Dialled at" }, timeEl(e.placedAt)),
        el("td", { "data-label": "Agent" }, e.agentName),
        el("td", { "data-label": "Number" }, `${e.dialledNumber || ""} ${e.country || ""}`, e.isTest ? el("span", { class: "badge test" }, "TEST") : null),
        el("td", { "data-label": "Outcome" }, e.outcome, e.callEndedAt ? [" · ended ", timeEl(e.callEndedAt)] : null),
        el("td", { "data-label": "Alerts" }, e.alerts.join(", ") || "none"))));
      $("handover-alerts").replaceChildren(...report.alerts.map((a) => el("tr", {},
        el("td", { "data-label": "Raised at" }, timeEl(a.raisedAt)),
        el("td", { "data-label": "Alert" }, a.title),
        el("td", { "data-label": "Agent" }, a.agentName || ""),
        el("td", { "data-label": "Acknowledged" }, a.acknowledgedBy ? [a.acknowledgedBy, " ", timeEl(a.acknowledgedAt)] : "not yet"),
        el("td", { "data-label": "Note", class: "note" }, a.note || ""))));
      $("handover").hidden = false;
      return true;
    } catch (error) {
      $("handover-error").textContent = "The hand-over could not be read; check the connection and try again.";
      return false;
    }
  }

  async function downloadHandover() {
    try {
      const response = await fetchHandover("text/csv");
      if (!response) return;
      const name = (response.headers.get("Content-Disposition") || "").match(/filename=\"?([^\";]+)/);
      const link = el("a", { href: URL.createObjectURL(await response.blob()), download: name ? name[1] : "emergencyflow-handover.csv" });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    } catch (error) {
      $("handover-error").textContent = "The CSV could not be downloaded; check the connection and try again.";
    }
  }

  function renderCards(container, empty, cards) {
    container.replaceChildren(...cards);
    empty.hidden = cards.length > 0;
  }

  function emergencyCard(e) {
    const headingId = `em-${e.instanceId}`;
    return el("article", { class: "card emergency", "aria-labelledby": headingId, "data-instance": e.instanceId },
      el("h3", { id: headingId }, e.agentName, " · ", e.dialledNumber, " ", e.country,
        e.isTest ? el("span", { class: "badge test" }, "TEST CALL") : null,
        e.alerts.length ? el("span", { class: "badge problem" }, `${e.alerts.length} alert${e.alerts.length === 1 ? "" : "s"}`) : null),
      el("p", {}, el("span", { class: "stage", "data-stage": e.stage }, e.stageText)),
      el("dl", {},
        el("dt", {}, "Since dial"), el("dd", { "data-since": e.placedAt }, duration(serverNow() - Date.parse(e.placedAt))),
        el("dt", {}, "Dialled at"), el("dd", {}, timeEl(e.placedAt)),
        el("dt", {}, "Callback number"), el("dd", {}, e.callbackNumber || "none"),
        e.callEndedAt ? [el("dt", {}, "Call ended"), el("dd", {}, timeEl(e.callEndedAt))] : null),
      el("ol", { class: "steps", "aria-label": `Progress for ${e.agentName}` },
        e.steps.map((s) => el("li", { class: s.state }, s.text, el("span", { class: "visually-hidden" }, ` (${s.state})`)))));
  }

  function leaseCard(l) {
    const headingId = `lease-${l.number}-${l.agentId}`;
    return el("article", { class: "card lease", "aria-labelledby": headingId },
      el("h3", { id: headingId }, l.number, " → ", l.agentName),
      el("p", {}, "Releases in ",
        el("span", { class: "countdown", role: "timer", "data-expires": l.expiresAt }, duration(Date.parse(l.expiresAt) - serverNow()))),
      l.callInProgress ? el("p", { class: "quiet" }, "At the latest: the call is still going; the callback window starts when it ends.") : null,
      el("dl", {},
        el("dt", {}, "Release at"), el("dd", {}, timeEl(l.expiresAt)),
        el("dt", {}, "Leased at"), el("dd", {}, timeEl(l.leasedAt)),
        l.holds > 1 ? [el("dt", {}, "Calls holding it"), el("dd", {}, l.holds)] : null),
      l.callbacks.length
        ? el("ul", { class: "callbacks", "aria-label": "Routed callbacks" }, l.callbacks.map((c) => el("li", {}, timeEl(c.at), " ", c.text)))
        : el("p", { class: "quiet" }, "No callbacks yet."));
  }

  function renderFinished(finished) {
    $("finished").replaceChildren(...finished.map((e) => el("tr", {},
      el("td", { "data-label": "Agent" }, e.agentName, e.isTest ? el("span", { class: "badge test" }, "TEST") : null),
      el("td", { "data-label": "Number" }, e.dialledNumber),
      el("td", { "data-label": "Country" }, e.country),
      el("td", { "data-label": "Dialled at" }, timeEl(e.placedAt)),
      el("td", { "data-label": "Outcome" }, e.stageText, e.alerts.length ? el("span", { class: "badge problem" }, e.alerts.join(", ")) : null))));
    $("finished-table").hidden = finished.length === 0;
    $("no-finished").hidden = finished.length > 0;
  }

  // Countdowns and "since dial" move every second between polls, from the server's time.
  function tick() {
    if (!view) return;
    const now = serverNow();
    for (const node of document.querySelectorAll("[data-expires]")) {
      const left = Date.parse(node.dataset.expires) - now;
      node.textContent = duration(left);
      node.setAttribute("aria-label", `${spokenDuration(left)} left`);
    }
    for (const node of document.querySelectorAll("[data-since]")) {
      node.textContent = duration(now - Date.parse(node.dataset.since));
    }
    for (const node of document.querySelectorAll("time[data-relative] .relative")) {
      const rel = relative(node.parentElement.dataset.relative);
      node.textContent = rel ? ` (${rel})` : "";
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("sign-in").addEventListener("submit", (event) => {
      event.preventDefault();
      const key = $("ops-key").value.trim();
      if (!key) return;
      sessionStorage.setItem(KEY_STORE, key);
      $("ops-key").value = "";
      $("sign-in-error").textContent = "";
      setConnection("Connecting…");
      stopPolling();
      poll().then(() => { if (!$("board").hidden) $("main").focus(); });
    });
    $("sign-out").addEventListener("click", () => showSignIn());
    $("handover-show").addEventListener("click", showHandover);
    $("handover-csv").addEventListener("click", downloadHandover);
    $("handover-print").addEventListener("click", async () => { if (await showHandover()) window.print(); });
    $("sound").checked = localStorage.getItem(SOUND_STORE) === "on";
    $("sound").addEventListener("change", () => {
      localStorage.setItem(SOUND_STORE, $("sound").checked ? "on" : "off");
      if ($("sound").checked) chime();
    });
    document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") seen(); });
    window.addEventListener("focus", seen);
    document.addEventListener("pointerdown", seen);
    document.addEventListener("keydown", seen);
    setInterval(tick, 1000);
    if (sessionStorage.getItem(KEY_STORE)) poll();
    else showSignIn();
  });
})();

/* sitesurvey: what every page shares. No framework; user text only via textContent. */
"use strict";
(function () {
  function json(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  const page = json("page-data") || {};
  const words = json("ui-words") || {};

  /* el("li", {class: "x", dataset: {path: "a"}}, "text" | [children]) */
  function el(tag, attrs, content) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "dataset") Object.assign(node.dataset, value);
      else if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key in node && typeof value !== "string") node[key] = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    if (Array.isArray(content)) content.forEach((c) => c && node.append(c));
    else if (content !== undefined && content !== null) node.textContent = String(content);
    return node;
  }

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.error && body.error.message) || "HTTP " + status);
      this.status = status;
      this.body = body || {};
    }
  }

  async function api(method, url, body, isForm) {
    const headers = { "Accept": "application/json" };
    if (method !== "GET" && page.csrf_token) headers["X-CSRF-Token"] = page.csrf_token;
    let payload;
    if (isForm) payload = body;
    else if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const response = await fetch(url, { method, headers, body: payload, credentials: "same-origin" });
    if (response.status === 204) return null;
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }

  function netState() {
    const node = document.getElementById("net");
    if (!node) return;
    const online = navigator.onLine;
    node.dataset.state = online ? "online" : "offline";
    node.textContent = online ? words.online : words.offline;
  }
  window.addEventListener("online", netState);
  window.addEventListener("offline", netState);
  document.addEventListener("DOMContentLoaded", () => {
    netState();
    const logout = document.getElementById("logout");
    if (logout) logout.addEventListener("click", async () => {
      /* the pages kept for offline use show this user's orders: gone with the session
         (drafts not yet sent stay in IndexedDB: input is never thrown away) */
      try {
        await api("POST", "/api/logout");
        if (window.caches) for (const name of await caches.keys()) await caches.delete(name);
      } finally { location.href = "/login"; }
    });
  });

  if ("serviceWorker" in navigator) {
    /* keep this page for offline use: a page loaded before the worker took control
       is fetched once more through it */
    const keep = () => fetch(location.pathname + location.search, { credentials: "same-origin" }).catch(() => {});
    if (!navigator.serviceWorker.controller) {
      navigator.serviceWorker.addEventListener("controllerchange", keep, { once: true });
    }
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  }

  window.Survey = { page, words, el, api, ApiError, json };
})();

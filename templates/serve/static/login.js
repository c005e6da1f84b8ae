"use strict";
(function () {
  const { api, words } = window.Survey;
  const form = document.getElementById("login");
  const error = document.getElementById("login-error");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    try {
      await api("POST", "/api/login", {
        username: form.username.value.trim(),
        password: form.password.value,
      });
      const next = new URLSearchParams(location.search).get("next");
      location.href = next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
    } catch (e) {
      error.textContent = e.status === 429 ? words.too_many : e.status === 401 ? words.login_failed : e.message;
    }
  });
})();

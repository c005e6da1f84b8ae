"use strict";
(function () {
  const { api, page, words, el } = window.Survey;
  const list = document.getElementById("orders");
  document.getElementById("no-orders").hidden = (page.orders || []).length > 0;
  const done = document.getElementById("import-done");
  const imported = sessionStorage.getItem("imported");
  if (imported !== null) {
    sessionStorage.removeItem("imported");
    done.textContent = words.imported + imported;
    done.hidden = false;
  }
  /* the office picks the installer from the list of installers; without the list (an
     older server, offline) the free-text box stays */
  const picker = document.getElementById("installer-list");
  if (picker && page.user && page.user.role === "office") {
    api("GET", "/api/users?role=installer").then((data) => {
      const names = ((data && data.users) || []).filter((u) => u.role === "installer").map((u) => u.name);
      if (!names.length) return;
      picker.replaceChildren(el("option", { value: "" }, words.choose_installer), ...names.map((n) => el("option", { value: n }, n)));
      picker.name = "installer";
      picker.required = true;
      picker.hidden = false;
      picker.disabled = false;
      const box = document.getElementById("installer-text");
      box.hidden = true;
      box.disabled = true;
      box.removeAttribute("name");
      document.getElementById("installer-names").replaceChildren(...names.map((n) => el("option", { value: n })));
    }, () => {});
  }
  for (const o of page.orders || []) {
    list.append(el("li", {}, [
      el("a", { href: "/surveys/" + o.id, class: "order" }, [
        el("span", { class: "no" }, o.order),
        el("span", { class: "who" }, o.customer),
        el("span", { class: "addr" }, o.address),
        el("span", { class: "badge st-" + o.status }, words["status_" + o.status] || o.status),
        page.user && page.user.role === "office" ? el("span", { class: "inst" }, o.installer) : null,
      ]),
    ]));
  }
  const create = document.getElementById("new-order");
  if (create) create.addEventListener("submit", async (event) => {
    event.preventDefault();
    const f = new FormData(create);
    const body = {
      order: f.get("order"),
      customer: { name: f.get("customer.name"), phone: f.get("customer.phone"), address: f.get("customer.address") },
      heater: { model: f.get("heater.model"), power: f.get("heater.power"), supply_voltage: f.get("heater.supply_voltage") },
      installer: f.get("installer"),
    };
    if (f.get("date")) body.date = f.get("date");
    if (f.get("appointment")) body.appointment = f.get("appointment");
    const error = document.getElementById("new-order-error");
    error.textContent = "";
    try {
      const made = await api("POST", "/api/orders", body);
      location.href = "/surveys/" + made.id;
    } catch (e) { error.textContent = e.message; }
  });
  const upload = document.getElementById("import-orders");
  if (upload) upload.addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = document.getElementById("import-error");
    error.textContent = "";
    try {
      const made = await api("POST", "/api/orders/import", new FormData(upload), true);
      let said = String(((made && made.ids) || []).length);
      const lacking = (made && made.lacking_customer) || [];
      if (lacking.length) said += words.imported_lacking + lacking.map((o) => o.order).join(", ");
      sessionStorage.setItem("imported", said);
      location.reload();
    } catch (e) { error.textContent = e.message; }
  });
})();

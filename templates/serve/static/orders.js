"use strict";
(function () {
  const { api, page, words, el } = window.Survey;
  const list = document.getElementById("orders");
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
      await api("POST", "/api/orders/import", new FormData(upload), true);
      location.reload();
    } catch (e) { error.textContent = e.message; }
  });
})();

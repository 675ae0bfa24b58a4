// The browsable API's filter form: open the address with the filled-in fields only (the API
// answers a filter given with no value with a 400).
"use strict";
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-drop-empty")) {
    return;
  }
  event.preventDefault();
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form)) {
    if (typeof value === "string" && value.trim() !== "") {
      params.append(name, value);
    }
  }
  const query = params.toString();
  window.location.assign(window.location.pathname + (query ? "?" + query : ""));
});

// Renders the ops API's OpenAPI document (paths, operations, parameters, bodies, responses) with DOM APIs.
"use strict";

(() => {
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const METHODS = ["get", "put", "post", "delete", "patch"];

  function schemaName(schema) {
    if (!schema) return "";
    if (schema.$ref) return schema.$ref.split("/").pop();
    if (schema.type === "array") return `array of ${schemaName(schema.items)}`;
    return Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type || "object");
  }

  function operation(path, method, op) {
    const params = op.parameters || [];
    const body = op.requestBody && op.requestBody.content && Object.values(op.requestBody.content)[0];
    return el("section", { class: "op", "aria-label": `${method.toUpperCase()} ${path}` },
      el("h3", {}, el("span", { class: "method" }, method.toUpperCase()), " ", path),
      op.summary ? el("p", {}, op.summary) : null,
      op.description ? el("p", {}, op.description) : null,
      params.length ? el("p", {}, "Parameters: ", params.map((p, i) => [i ? ", " : "", el("code", {}, p.name), ` (${p.in}${p.required ? ", required" : ""})`])) : null,
      body ? el("p", {}, "Body: ", el("code", {}, schemaName(body.schema))) : null,
      el("p", {}, "Responses: ", Object.keys(op.responses || {}).join(", ")));
  }

  document.addEventListener("DOMContentLoaded", async () => {
    const target = document.getElementById("operations");
    try {
      const response = await fetch("/openapi/v1.json", { cache: "no-store" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const doc = await response.json();
      document.getElementById("source").textContent = `${doc.info.title} ${doc.info.version} · OpenAPI ${doc.openapi}`;
      const groups = new Map();
      for (const [path, item] of Object.entries(doc.paths || {}).sort(([a], [b]) => a.localeCompare(b))) {
        const group = path.split("/").slice(0, 4).join("/");
        if (!groups.has(group)) groups.set(group, []);
        for (const method of METHODS) if (item[method]) groups.get(group).push(operation(path, method, item[method]));
      }
      target.replaceChildren(...[...groups].map(([group, ops]) => el("section", {}, el("h2", {}, group), ops)));
    } catch (error) {
      target.replaceChildren(el("p", { class: "error" }, `The OpenAPI document could not be read (${error.message}).`));
    }
  });
})();

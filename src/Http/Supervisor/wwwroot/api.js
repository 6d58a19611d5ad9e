// Renders the ops API's OpenAPI document (paths, operations, parameters, bodies, responses) with DOM APIs.
"use strict";

(() => {
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const METHODS = ["get", "put", "post", "delete", "patch"];

  function schemaName(schema) {
    if (!schema) return "";
    if (schema.$ref) return schema.$ref.split("/").pop();
    const choices = schema.oneOf || schema.anyOf;
    if (choices) {
      const named = choices.filter((c) => c.type !== "null").map(schemaName);
      return named.join(" | ") + (named.length < choices.length ? " (optional)" : "");
    }
    if (schema.type === "array" || (Array.isArray(schema.type) && schema.type.includes("array"))) return `array of ${schemaName(schema.items)}`;
    const type = Array.isArray(schema.type) ? schema.type.filter((t) => t !== "null").join(" | ") : schema.type;
    if (schema.format) return `${type || "string"} (${schema.format})`;
    return type || (schema.properties ? "object" : "any");
  }

  function responses(op) {
    return Object.entries(op.responses || {}).map(([status, r], i) => {
      const content = r.content && Object.values(r.content)[0];
      return [i ? ", " : "", el("code", {}, status), content && content.schema ? ` ${schemaName(content.schema)}` : ""];
    });
  }

  function schemaSection(name, schema) {
    const props = Object.entries(schema.properties || {});
    return el("section", { class: "op", "aria-label": `Schema ${name}`, id: `schema-${name}` },
      el("h3", {}, name),
      schema.enum ? el("p", {}, "One of: ", schema.enum.filter((v) => v !== null).join(", ")) : null,
      props.length ? el("ul", {}, props.map(([p, s]) => el("li", {}, el("code", {}, p), `: ${schemaName(s)}`))) : null);
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
      el("p", {}, "Responses: ", responses(op)));
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
      const schemas = Object.entries((doc.components && doc.components.schemas) || {}).sort(([a], [b]) => a.localeCompare(b));
      target.replaceChildren(
        ...[...groups].map(([group, ops]) => el("section", {}, el("h2", {}, group), ops)),
        el("section", {}, el("h2", {}, "Schemas"), schemas.map(([name, schema]) => schemaSection(name, schema))));
    } catch (error) {
      target.replaceChildren(el("p", { class: "error" }, `The OpenAPI document could not be read (${error.message}).`));
    }
  });
})();

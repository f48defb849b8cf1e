// kg serve: the query editor and the claims browser. Plain JavaScript, no build step.
// Every text from the store goes into the page as text (textContent), never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
let prefixes = {};
let queries = {};

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("data-")) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(await response.text());
  return response.json();
}

// ------------------------------------------------------------------ tabs

function showTab(name) {
  for (const tab of document.querySelectorAll(".tab")) {
    tab.classList.toggle("active", tab.dataset.tab === name);
  }
  for (const panel of document.querySelectorAll(".panel")) {
    panel.hidden = panel.id !== name;
  }
}

// ------------------------------------------------------------------ SPARQL editor

function shorten(iri) {
  for (const [prefix, ns] of Object.entries(prefixes)) {
    if (iri.startsWith(ns) && iri.length > ns.length) return `${prefix}:${iri.slice(ns.length)}`;
  }
  return iri;
}

function chooseQuery(name) {
  const params = $("params");
  params.replaceChildren();
  const query = queries[name];
  $("query-description").textContent = query ? query.description : "";
  if (!query) return;
  $("query").value = query.sparql;
  for (const [param, help] of Object.entries(query.params)) {
    const input = el("input", { type: "text", name: param, title: help, placeholder: help.slice(0, 40) });
    input.dataset.param = param;
    params.append(el("label", {}, `${param} `, input));
  }
}

async function runQuery() {
  const body = new URLSearchParams({ query: $("query").value });
  for (const input of document.querySelectorAll("#params input")) {
    body.append(`$${input.dataset.param}`, input.value);
  }
  const error = $("error");
  const table = $("results");
  const graph = $("graph");
  error.hidden = true;
  graph.hidden = true;
  table.replaceChildren();
  $("status").textContent = "running…";
  const started = performance.now();
  let response;
  try {
    response = await fetch("/sparql", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/sparql-results+json, text/turtle;q=0.9",
      },
      body,
    });
  } catch (e) {
    $("status").textContent = "";
    error.textContent = `The server did not answer: ${e}`;
    error.hidden = false;
    return;
  }
  const took = Math.round(performance.now() - started);
  if (!response.ok) {
    $("status").textContent = `HTTP ${response.status}`;
    error.textContent = await response.text();
    error.hidden = false;
    return;
  }
  const type = response.headers.get("Content-Type") || "";
  if (type.startsWith("text/turtle")) {
    graph.textContent = await response.text();
    graph.hidden = false;
    $("status").textContent = `a graph, in ${took} ms`;
    return;
  }
  const data = await response.json();
  if ("boolean" in data) {
    table.append(el("tr", {}, el("th", {}, "answer")), el("tr", {}, el("td", {}, String(data.boolean))));
    $("status").textContent = `${data.boolean}, in ${took} ms`;
    return;
  }
  const vars = data.head.vars;
  const thead = el("thead", {}, el("tr", {}, ...vars.map((v) => el("th", {}, v))));
  const tbody = el("tbody");
  for (const binding of data.results.bindings) {
    const row = el("tr");
    for (const v of vars) {
      const term = binding[v];
      if (!term) row.append(el("td"));
      else if (term.type === "uri") row.append(el("td", { class: "iri", title: term.value }, shorten(term.value)));
      else row.append(el("td", {}, term.value));
    }
    tbody.append(row);
  }
  table.append(thead, tbody);
  const n = data.results.bindings.length;
  $("status").textContent = `${n} row${n === 1 ? "" : "s"} in ${took} ms`;
}

// ------------------------------------------------------------------ claims browser

let current = null; // the entity shown: {id, said, about}

async function searchEntities(event) {
  if (event) event.preventDefault();
  const text = $("search").value.trim();
  const list = $("search-results");
  list.replaceChildren();
  if (!text) return;
  const found = await getJSON(`/api/search?q=${encodeURIComponent(text)}`);
  if (!found.length) {
    list.append(el("li", { class: "note" }, `Nothing named “${text}”.`));
    return;
  }
  for (const entity of found) {
    const button = el(
      "button",
      { type: "button", "data-entity": entity.id },
      el("span", { class: "count" }, `${entity.said} said · ${entity.about} about`),
      el("div", {}, entity.name),
      el("span", { class: "kind" }, entity.type),
    );
    button.addEventListener("click", () => showEntity(entity, entity.said ? "by" : "about"));
    list.append(el("li", {}, button));
  }
  showEntity(found[0], found[0].said ? "by" : "about");
}

async function showEntity(entity, role) {
  current = entity;
  for (const button of document.querySelectorAll("#search-results button")) {
    button.classList.toggle("active", button.dataset.entity === entity.id);
  }
  $("entity").hidden = false;
  $("entity-name").textContent = `${entity.name}`;
  $("role-by").textContent = `Said by (${entity.said})`;
  $("role-about").textContent = `About (${entity.about})`;
  for (const button of document.querySelectorAll(".role")) {
    button.classList.toggle("active", button.dataset.role === role);
  }
  const list = $("claim-list");
  list.replaceChildren();
  $("claims-note").textContent = "loading…";
  const data = await getJSON(
    `/api/claims?entity=${encodeURIComponent(entity.id)}&role=${role}`,
  );
  if (current !== entity) return; // another was chosen meanwhile
  const shown = data.claims.length;
  $("claims-note").textContent =
    (role === "by" ? `Claims ${entity.name} made` : `Claims that name ${entity.name}`) +
    `, earliest first: ${data.total}` +
    (shown < data.total ? ` (the first ${shown} shown)` : "");
  for (const claim of data.claims) list.append(claimItem(claim, role));
}

function sentence(context) {
  // The sentence with the claim marked, and the speaker's mention when it is in it.
  const cuts = [[context.claim[0], context.claim[1], "claim"]];
  if (context.speaker) cuts.push([context.speaker[0], context.speaker[1], "speaker"]);
  cuts.sort((a, b) => a[0] - b[0]);
  const out = el("div", { class: "sentence" });
  let at = 0;
  for (const [start, end, kind] of cuts) {
    if (start < at) continue; // overlapping spans: keep the first
    out.append(context.text.slice(at, start));
    const span = kind === "claim" ? el("mark", { class: "claim" }) : el("span", { class: "speaker" });
    span.textContent = context.text.slice(start, end);
    out.append(span);
    at = end;
  }
  out.append(context.text.slice(at));
  return out;
}

function claimItem(claim, role) {
  const article = claim.article;
  const title = article.headline || article.id;
  const meta = el(
    "div",
    { class: "meta" },
    el("span", { class: "date" }, claim.date || "undated"),
    el("span", { class: "article", title: article.id }, title),
    role === "about" && claim.speaker ? el("span", {}, `by ${claim.speaker.name}`) : null,
    el("span", { class: "badge cue" }, claim.cue),
    el("span", { class: "badge kind" }, claim.quote_kind),
    claim.act ? el("span", { class: "badge act" }, claim.act) : null,
  );
  return el("li", { "data-date": claim.date || "" }, meta, sentence(claim.context));
}

// ------------------------------------------------------------------ start

async function start() {
  for (const tab of document.querySelectorAll(".tab")) {
    tab.addEventListener("click", () => showTab(tab.dataset.tab));
  }
  for (const button of document.querySelectorAll(".role")) {
    button.addEventListener("click", () => current && showEntity(current, button.dataset.role));
  }
  $("search-form").addEventListener("submit", searchEntities);
  $("run").addEventListener("click", runQuery);
  $("named").addEventListener("change", (event) => chooseQuery(event.target.value));
  $("query").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) runQuery();
  });
  const named = await getJSON("/api/queries");
  prefixes = named.prefixes;
  for (const query of named.queries) {
    queries[query.name] = query;
    $("named").append(el("option", { value: query.name, title: query.description }, query.name));
  }
  try {
    const stats = await getJSON("/api/stats");
    $("stats").textContent =
      `${stats.articles} articles · ${stats.claims} claims · ` +
      `${stats.persons + stats.organizations + stats.places} entities · ${stats.triples} triples`;
  } catch (e) {
    $("stats").textContent = "";
  }
  document.body.dataset.ready = "true";
}

start();

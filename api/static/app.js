// The explorer: search with suggestions, entity pages with an interactive graph, SPARQL, upload.
"use strict";

const COLOURS = {
  Person: "#8ecae6", Organization: "#ffb703", SpaceAgency: "#fb8500", Company: "#f4a261",
  NewsOrganization: "#e9c46a", Film: "#cdb4db", Spacecraft: "#90be6d", LaunchVehicle: "#43aa8b",
  Spaceflight: "#b5e48c", SpaceStation: "#52b69a", Spaceport: "#d4a373", Place: "#e5e5e5",
  Country: "#bdb2ff",
};
const DEFAULT_COLOUR = "#ffffff";
// The most nodes one graph request asks for; the server may cap it lower and says so.
const GRAPH_LIMIT = 2000;
// Past this many nodes the force-directed layout is too slow to stay interactive.
const FORCE_LAYOUT_MAX = 250;

const EXAMPLES = {
  "Who stars in which film": `PREFIX sm: <https://w3id.org/space-media-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?person ?film WHERE {
  ?p sm:starsIn ?f . ?p rdfs:label ?person . ?f rdfs:label ?film .
} ORDER BY ?person LIMIT 100`,
  "Entities by class": `PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class (COUNT(DISTINCT ?e) AS ?entities) WHERE {
  ?e rdfs:label ?l ; a ?class .
  FILTER(STRSTARTS(STR(?e), "https://w3id.org/space-media-kg/entity/"))
} GROUP BY ?class ORDER BY DESC(?entities)`,
  "Facts with evidence": `PREFIX sm: <https://w3id.org/space-media-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?subject ?property ?object ?confidence ?evidence WHERE {
  ?f a sm:Fact ; rdf:subject ?s ; rdf:predicate ?property ; rdf:object ?o ;
     sm:confidence ?confidence ; sm:evidence ?evidence .
  ?s rdfs:label ?subject . ?o rdfs:label ?object .
} ORDER BY DESC(?confidence) LIMIT 50`,
  "Articles": `PREFIX schema: <https://schema.org/>
SELECT ?article ?headline WHERE { ?article a schema:NewsArticle ; schema:headline ?headline }
ORDER BY ?headline LIMIT 100`,
};

const $ = (id) => document.getElementById(id);
const kg = (window.kg = { layoutMs: null, nodes: 0, cy: null });

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

async function getJSON(url, options = {}) {
  const response = await fetch(url, options);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail || body.title || `HTTP ${response.status}`);
  return { body, headers: response.headers };
}

function entityLink(id, label) {
  return el("a", { href: `#/entity/${id}`, text: label || id });
}

// ------------------------------------------------------------------------------------------------
// Routing

function route() {
  const hash = location.hash.replace(/^#\/?/, "");
  for (const view of document.querySelectorAll(".view")) view.hidden = true;
  if (hash.startsWith("entity/")) {
    $("view-entity").hidden = false;
    showEntity(decodeURIComponent(hash.slice("entity/".length)));
  } else if (hash === "sparql") {
    $("view-sparql").hidden = false;
  } else if (hash === "upload") {
    $("view-upload").hidden = false;
  } else {
    $("view-home").hidden = false;
    showStats();
  }
}

async function showStats() {
  try {
    const { body } = await getJSON("/stats");
    const parts = Object.entries(body).filter(([, v]) => typeof v === "number");
    $("stats").textContent = parts.map(([k, v]) => `${v} ${k}`).join(" · ");
  } catch (error) {
    $("stats").textContent = "";
  }
}

// ------------------------------------------------------------------------------------------------
// Search with suggestions

let searchTimer = null;
let searchSeq = 0;
let selected = -1;

function setupSearch() {
  const input = $("search");
  const list = $("suggestions");
  input.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(suggest, 150);
  });
  input.addEventListener("keydown", (event) => {
    const items = [...list.children];
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      selected = (selected + (event.key === "ArrowDown" ? 1 : -1) + items.length) % items.length;
      items.forEach((item, i) => item.setAttribute("aria-selected", String(i === selected)));
    } else if (event.key === "Enter") {
      const item = items[selected >= 0 ? selected : 0];
      if (item) item.click();
    } else if (event.key === "Escape") {
      list.hidden = true;
    }
  });
  document.addEventListener("click", (event) => {
    if (!list.contains(event.target) && event.target !== input) list.hidden = true;
  });
}

async function suggest() {
  const input = $("search");
  const list = $("suggestions");
  const q = input.value.trim();
  const seq = ++searchSeq;
  if (!q) { list.hidden = true; return; }
  let hits = [];
  try { hits = (await getJSON(`/entities?q=${encodeURIComponent(q)}&limit=8`)).body; } catch { hits = []; }
  if (seq !== searchSeq) return;
  list.replaceChildren();
  selected = -1;
  for (const hit of hits) {
    const matched = hit.matched !== hit.label ? ` (${hit.matched})` : "";
    const item = el("li", { role: "option", "data-id": hit.id },
      el("span", { text: hit.label + matched }), el("small", { text: hit.types.join(", ") }));
    item.addEventListener("click", () => {
      list.hidden = true;
      input.value = hit.label;
      location.hash = `#/entity/${hit.id}`;
    });
    list.append(item);
  }
  if (!hits.length) list.append(el("li", { text: "no match" }));
  list.hidden = false;
}

// ------------------------------------------------------------------------------------------------
// Entity page

let currentEntity = null;

async function showEntity(id) {
  currentEntity = id;
  delete document.body.dataset.graphNodes;
  $("entity-label").textContent = "…";
  let entity;
  try {
    entity = (await getJSON(`/entities/${id}`)).body;
  } catch (error) {
    $("entity-label").textContent = error.message;
    return;
  }
  $("entity-label").textContent = entity.label;
  $("entity-types").replaceChildren(...entity.types.map((t) => el("span", { text: t })));
  $("entity-aliases").textContent = entity.aliases.length ? `Also: ${entity.aliases.join(", ")}` : "";
  const rows = [];
  const factRow = (subject, fact, object) => {
    const evidence = el("td", { class: "evidence" });
    for (const ev of fact.evidence) {
      evidence.append(el("div", {}, `“${ev.sentence || ""}” — `,
        el("a", { href: `/articles/${ev.article}`, text: ev.headline || ev.article })));
    }
    return el("tr", {}, el("td", {}, subject), el("td", { text: fact.predicate }),
      el("td", {}, object), el("td", { text: fact.confidence.toFixed(2) }), evidence);
  };
  for (const fact of entity.facts_out) {
    rows.push(factRow(entity.label, fact, entityLink(fact.object.id, fact.object.label)));
  }
  for (const fact of entity.facts_in) {
    rows.push(factRow(entityLink(fact.subject.id, fact.subject.label), fact, entity.label));
  }
  $("facts").querySelector("tbody").replaceChildren(...rows);
  $("entity-articles").replaceChildren(...entity.articles.map((a) =>
    el("li", {}, el("a", { href: `/articles/${a.id}`, text: a.headline || a.id }))));
  await loadGraph(id);
}

// ------------------------------------------------------------------------------------------------
// Graph

const hiddenClasses = new Set();

function graphUrl(id, hops, limit) {
  return `/export?format=cytoscape&entity=${encodeURIComponent(id)}&hops=${hops}&limit=${limit}`;
}

function newCy(size) {
  if (kg.cy) kg.cy.destroy();
  const big = size > FORCE_LAYOUT_MAX;
  const cy = cytoscape({
    container: $("graph"),
    // Big graphs pan and zoom as a bitmap and redraw edges when the gesture ends.
    textureOnViewport: big,
    hideEdgesOnViewport: big,
    wheelSensitivity: 0.3,
    minZoom: 0.01,
    maxZoom: 4,
    style: [
      // Plain mappers and selectors, no functions: styles stay cheap for thousands of nodes.
      { selector: "node", style: {
        "background-color": DEFAULT_COLOUR,
        "border-color": "#445", "border-width": 1, label: "data(label)", "font-size": 11,
        "text-valign": "bottom", "text-margin-y": 3, "min-zoomed-font-size": 7,
        width: "mapData(degree, 0, 60, 14, 40)", height: "mapData(degree, 0, 60, 14, 40)",
      } },
      ...Object.entries(COLOURS).map(([cls, colour]) => (
        { selector: `node[class = "${cls}"]`, style: { "background-color": colour } })),
      { selector: "node[hops = 0]", style: { "border-width": 4, "border-color": "#14213d" } },
      { selector: "node.expanded", style: { "border-style": "double", "border-width": 4 } },
      { selector: "edge", style: {
        width: "mapData(confidence, 0, 1, 1, 3)", "line-color": "#99a",
        "target-arrow-color": "#99a", "target-arrow-shape": "triangle", "curve-style": "bezier",
        label: "data(label)", "font-size": 9, color: "#445", "min-zoomed-font-size": 9,
        "text-rotation": "autorotate",
      } },
      { selector: ".hidden", style: { display: "none" } },
    ],
  });
  cy.on("tap", "node", (event) => expand(event.target.id()));
  cy.on("dbltap", "node", (event) => { location.hash = `#/entity/${event.target.id()}`; });
  kg.cy = cy;
  return cy;
}

// A radial layout for graphs too big for force direction: the center, its neighbors on a ring,
// and everything further packed in a sunflower disc around the neighbor it was reached through.
// Linear in the number of nodes.
function radialPositions(nodes, edges) {
  const spacing = 22;
  const adjacency = new Map(nodes.map((n) => [n.id, []]));
  for (const e of edges) {
    if (adjacency.has(e.source) && adjacency.has(e.target)) {
      adjacency.get(e.source).push(e.target);
      adjacency.get(e.target).push(e.source);
    }
  }
  const centerId = (nodes.find((n) => n.hops === 0) || nodes[0]).id;
  const seen = new Set([centerId]);
  const branch = new Map();
  let frontier = [centerId];
  while (frontier.length) {
    const next = [];
    for (const id of frontier) {
      for (const other of adjacency.get(id)) {
        if (seen.has(other)) continue;
        seen.add(other);
        branch.set(other, id === centerId ? other : branch.get(id));
        next.push(other);
      }
    }
    frontier = next;
  }
  const groups = new Map();
  for (const [id, root] of branch) {
    if (id === root) continue;
    if (!groups.has(root)) groups.set(root, []);
    groups.get(root).push(id);
  }
  const roots = [...branch.keys()].filter((id) => branch.get(id) === id).sort();
  const radius = (id) => spacing * Math.sqrt(1 + (groups.get(id) || []).length) + spacing;
  const total = roots.reduce((sum, id) => sum + 2 * radius(id), 0);
  const ring = Math.max(160, (1.1 * total) / (2 * Math.PI));
  const positions = { [centerId]: { x: 0, y: 0 } };
  let used = 0;
  for (const id of roots) {
    const angle = (2 * Math.PI * (used + radius(id))) / total;
    used += 2 * radius(id);
    const x = ring * Math.cos(angle);
    const y = ring * Math.sin(angle);
    positions[id] = { x, y };
    (groups.get(id) || []).forEach((child, i) => {
      const r = spacing * Math.sqrt(i + 1.5);
      const a = i * 2.39996 + angle;
      positions[child] = { x: x + r * Math.cos(a) + 0.5 * spacing * Math.cos(angle),
        y: y + r * Math.sin(a) + 0.5 * spacing * Math.sin(angle) };
    });
  }
  // Nodes the center does not reach (filtered out paths) go on an outer ring.
  const rest = nodes.filter((n) => !positions[n.id]);
  rest.forEach((n, i) => {
    const a = (2 * Math.PI * i) / rest.length;
    positions[n.id] = { x: 1.6 * ring * Math.cos(a), y: 1.6 * ring * Math.sin(a) };
  });
  return positions;
}

function fitPositions(cy, points, padding = 40) {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const zoom = Math.min((cy.width() - 2 * padding) / Math.max(1, maxX - minX),
    (cy.height() - 2 * padding) / Math.max(1, maxY - minY), 1.2);
  cy.viewport({ zoom, pan: { x: cy.width() / 2 - zoom * (minX + maxX) / 2,
    y: cy.height() / 2 - zoom * (minY + maxY) / 2 } });
}

function runLayout(cy, onlyNew = null) {
  const started = performance.now();
  const big = cy.nodes().length > FORCE_LAYOUT_MAX;
  let options;
  if (big) {
    const positions = radialPositions(
      cy.nodes().map((n) => ({ id: n.id(), hops: n.data("hops") })),
      cy.edges().map((e) => ({ source: e.data("source"), target: e.data("target") })));
    kg.positionsMs = performance.now() - started;
    options = { name: "preset", positions: (n) => positions[n.id()], animate: false };
  } else {
    options = { name: "cose", animate: false, randomize: onlyNew === null,
      nodeRepulsion: () => 9000, idealEdgeLength: () => 90, numIter: 600 };
  }
  const layout = cy.layout(options);
  return new Promise((resolve) => {
    layout.one("layoutstop", () => {
      kg.layoutMs = performance.now() - started;
      if (big) fitPositions(cy, cy.nodes().map((n) => n.position()));
      else {
        cy.fit(undefined, 30);
        if (cy.zoom() > 1.2) { cy.zoom(1.2); cy.center(); }
      }
      kg.layoutName = options.name;
      resolve(kg.layoutMs);
    });
    layout.run();
  });
}

async function loadGraph(id) {
  const hops = Number($("hops").value);
  const notice = $("graph-notice");
  let body, headers;
  try {
    ({ body, headers } = await getJSON(graphUrl(id, hops, GRAPH_LIMIT)));
  } catch (error) {
    notice.hidden = false;
    notice.textContent = `Graph not available: ${error.message}`;
    return;
  }
  if (id !== currentEntity) return;
  const size = body.elements.nodes.length;
  const cy = newCy(size);
  const started = performance.now();
  if (size > FORCE_LAYOUT_MAX) {
    // Place big graphs as they are added: no layout pass, one render.
    const positions = radialPositions(body.elements.nodes.map((n) => n.data),
      body.elements.edges.map((e) => e.data));
    for (const node of body.elements.nodes) node.position = positions[node.data.id];
    kg.positionsMs = performance.now() - started;
    kg.layoutName = "radial (preset at add)";
  }
  cy.startBatch();
  cy.add(body.elements);
  cy.endBatch();
  // Fit before the first frame, from the positions alone (cy.fit would measure every label):
  // zoomed out, labels below the readable size are never drawn.
  if (size > FORCE_LAYOUT_MAX) fitPositions(cy, body.elements.nodes.map((n) => n.position));
  kg.addMs = performance.now() - started;
  showNotice(body, headers);
  const filtering = performance.now();
  buildFilters();
  kg.filtersMs = performance.now() - filtering;
  if (size > FORCE_LAYOUT_MAX) {
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    kg.layoutMs = performance.now() - started;
  } else {
    await runLayout(cy);
  }
  kg.nodes = cy.nodes().length;
  kg.renderedAt = performance.now();
  document.body.dataset.graphNodes = String(kg.nodes);
}

function showNotice(body, headers) {
  const notice = $("graph-notice");
  const shown = Number(headers.get("X-KG-Nodes"));
  const reachable = Number(headers.get("X-KG-Reachable"));
  if (headers.get("X-KG-Truncated") === "true") {
    notice.hidden = false;
    notice.textContent = `Showing the ${shown} nearest of ${reachable} entities in reach: ` +
      "the server caps what it sends. Lower the hops or click nodes to explore further.";
  } else {
    notice.hidden = true;
  }
}

async function expand(id) {
  const cy = kg.cy;
  const node = cy.getElementById(id);
  if (node.hasClass("expanded")) return;
  const { body } = await getJSON(graphUrl(id, 1, 200));
  const baseHops = node.data("hops") ?? 0;
  const fresh = [];
  cy.startBatch();
  for (const element of body.elements.nodes) {
    if (cy.getElementById(element.data.id).empty()) {
      element.data.hops = baseHops + element.data.hops;
      element.position = { x: node.position("x") + 60 * (Math.random() - 0.5),
        y: node.position("y") + 60 * (Math.random() - 0.5) };
      fresh.push(element);
    }
  }
  cy.add(fresh);
  cy.add(body.elements.edges.filter((e) => cy.getElementById(e.data.id).empty()));
  cy.endBatch();
  node.addClass("expanded");
  buildFilters();
  await runLayout(cy, fresh);
  kg.nodes = cy.nodes().length;
  document.body.dataset.graphNodes = String(kg.nodes);
  document.body.dataset.expanded = id;
}

function buildFilters() {
  const cy = kg.cy;
  const classes = [...new Set(cy.nodes().map((n) => n.data("class")))].sort();
  $("legend").replaceChildren(...classes.map((cls) => {
    const button = el("button", { type: "button", "data-class": cls, text: cls });
    button.style.background = COLOURS[cls] || DEFAULT_COLOUR;
    if (hiddenClasses.has(cls)) button.classList.add("off");
    button.addEventListener("click", () => {
      if (hiddenClasses.has(cls)) hiddenClasses.delete(cls); else hiddenClasses.add(cls);
      button.classList.toggle("off");
      applyFilters();
    });
    return button;
  }));
  const select = $("filter-property");
  const current = select.value;
  const properties = [...new Set(cy.edges().map((e) => e.data("property")))].sort();
  select.replaceChildren(el("option", { value: "", text: "any" }),
    ...properties.map((p) => el("option", { value: p, text: p })));
  select.value = properties.includes(current) ? current : "";
  applyFilters();
}

function applyFilters() {
  const cy = kg.cy;
  if (!cy) return;
  const property = $("filter-property").value;
  const minimum = Number($("filter-confidence").value);
  $("confidence-value").textContent = minimum.toFixed(2);
  cy.batch(() => {
    cy.nodes().forEach((n) => n.toggleClass("hidden", hiddenClasses.has(n.data("class"))));
    cy.edges().forEach((e) => e.toggleClass("hidden",
      (property && e.data("property") !== property) || e.data("confidence") < minimum ||
      e.source().hasClass("hidden") || e.target().hasClass("hidden")));
  });
}

// ------------------------------------------------------------------------------------------------
// SPARQL

function setupSparql() {
  const examples = $("examples");
  for (const name of Object.keys(EXAMPLES)) examples.append(el("option", { value: name, text: name }));
  examples.addEventListener("change", () => { $("query").value = EXAMPLES[examples.value]; });
  $("query").value = EXAMPLES[Object.keys(EXAMPLES)[0]];
  $("run").addEventListener("click", runQuery);
}

async function runQuery() {
  const status = $("query-status");
  const table = $("results");
  status.textContent = "running…";
  status.classList.remove("error");
  const started = performance.now();
  const response = await fetch(`/sparql?query=${encodeURIComponent($("query").value)}`,
    { headers: { Accept: "application/sparql-results+json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok || !body) {
    status.textContent = (body && (body.detail || body.title)) || `HTTP ${response.status}`;
    status.classList.add("error");
    table.replaceChildren();
    return;
  }
  if ("boolean" in body) {
    table.replaceChildren(el("tr", {}, el("td", { text: String(body.boolean) })));
    status.textContent = "ASK answered";
    return;
  }
  const vars = body.head.vars;
  const rows = body.results.bindings;
  table.replaceChildren(
    el("thead", {}, el("tr", {}, ...vars.map((v) => el("th", { text: v })))),
    el("tbody", {}, ...rows.map((row) => el("tr", {}, ...vars.map((v) => {
      const cell = row[v];
      if (!cell) return el("td");
      const prefix = "https://w3id.org/space-media-kg/entity/";
      if (cell.type === "uri" && cell.value.startsWith(prefix)) {
        return el("td", {}, entityLink(cell.value.slice(prefix.length), cell.value));
      }
      return el("td", { text: cell.value });
    })))));
  status.textContent = `${rows.length} rows in ${Math.round(performance.now() - started)} ms`;
}

// ------------------------------------------------------------------------------------------------
// Upload

function setupUpload() {
  $("upload-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const status = $("upload-status");
    const result = $("upload-result");
    const file = $("upload-file").files[0];
    let options;
    if (file) {
      const form = new FormData();
      form.append("file", file);
      options = { method: "POST", body: form };
    } else {
      options = { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ title: $("upload-title").value, text: $("upload-text").value }) };
    }
    status.textContent = "extracting…";
    status.classList.remove("error");
    result.replaceChildren();
    let article;
    try {
      article = (await getJSON("/articles", options)).body;
    } catch (error) {
      status.textContent = error.message;
      status.classList.add("error");
      return;
    }
    status.textContent = `${article.status}: ${article.entities.length} entities, ${article.facts.length} facts`;
    result.append(
      el("h2", { text: article.headline || article.id }),
      el("h3", { text: "Entities" }),
      el("ul", { "data-testid": "upload-entities" }, ...article.entities.map((e) =>
        el("li", {}, entityLink(e.id, e.label), ` — ${e.types.join(", ")}`))),
      el("h3", { text: "Facts" }),
      el("ul", {}, ...article.facts.map((f) => el("li", {}, entityLink(f.subject.id, f.subject.label),
        ` ${f.predicate} `, entityLink(f.object.id, f.object.label),
        ` (${f.confidence.toFixed(2)}): “${f.sentence || ""}”`))));
  });
}

// ------------------------------------------------------------------------------------------------

$("hops").addEventListener("change", () => currentEntity && loadGraph(currentEntity));
$("filter-property").addEventListener("change", applyFilters);
$("filter-confidence").addEventListener("input", applyFilters);
$("fit").addEventListener("click", () => kg.cy && kg.cy.fit());
setupSearch();
setupSparql();
setupUpload();
window.addEventListener("hashchange", route);
route();

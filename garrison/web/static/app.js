// Garrison's web app: map, timeline, evidence, presence, documents — over the JSON API of the same server.
// Every piece of stored text reaches the page through textContent (the el() helper), never as HTML.
"use strict";

(function () {
  const requests = window.garrisonRequests;  // prefetch.js: the request URLs, and the first page asked for early
  const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#7f7f7f", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d",
    "#31a354", "#756bb1", "#636363", "#9c9ede", "#cedb9c"];
  const FILTERS = ["q", "type", "actor", "place", "since", "until", "stance", "min", "contested", "bg"];

  const state = readState();
  const viewGiven = Boolean(state.z);
  const app = {state, happenings: [], shown: [], byId: new Map(), names: {}, countries: {}, docHits: null};
  window.garrison = app; // for the browser tests and the curious

  // -- helpers -----------------------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

  function safeHref(url) {
    try {
      const parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) { return null; }
  }

  function colour(type) {
    let h = 0;
    for (const ch of type || "") h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    return PALETTE[h % PALETTE.length];
  }

  function name(id) { return app.names[id] || (id || "").split(":").slice(1).join(":") || id; }

  function readState() {
    const params = new URLSearchParams(location.search);
    const s = {};
    for (const [k, v] of params) s[k] = v;
    s.view = s.view || "map";
    return s;
  }

  function writeState(push) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(state)) {
      if (v === undefined || v === null || v === "" || (k === "view" && v === "map") || (k === "min" && v === "1")) continue;
      params.set(k, v);
    }
    const url = location.pathname + (params.toString() ? "?" + params : "");
    if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
    updateExportLinks();
  }

  async function getJSON(url) {
    const response = await (requests.take(url) || fetch(url, {headers: {accept: "application/json"}}));
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || response.statusText);
    return body;
  }

  function apiFilters() { return requests.filters(state); }

  function isoDay(date) { return date.toISOString().slice(0, 10); }

  function dayAfter(iso) { const d = new Date(iso + "T00:00:00Z"); d.setUTCDate(d.getUTCDate() + 1); return d; }

  function whenText(t) {
    if (!t) return "undated";
    if (t.start === t.end) return t.start;
    return `${t.start} – ${t.end} (${t.precision})`;
  }

  // -- filters form ------------------------------------------------------------------------------

  const form = document.getElementById("filters");
  const inputs = {q: "f-q", type: "f-type", actor: "f-actor", place: "f-place", since: "f-since", until: "f-until",
    stance: "f-stance", min: "f-min", contested: "f-contested", bg: "f-bg"};

  function fillForm() {
    for (const [key, id] of Object.entries(inputs)) {
      const input = document.getElementById(id);
      if (input.type === "checkbox") input.checked = state[key] === "1";
      else input.value = state[key] || (key === "min" ? "1" : "");
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    for (const [key, id] of Object.entries(inputs)) {
      const input = document.getElementById(id);
      state[key] = input.type === "checkbox" ? (input.checked ? "1" : "") : input.value.trim();
    }
    delete state.sel;
    writeState(true);
    load();
  });
  for (const id of ["f-type", "f-stance", "f-contested", "f-bg"]) {
    document.getElementById(id).addEventListener("change", () => form.requestSubmit());
  }
  document.getElementById("f-reset").addEventListener("click", () => {
    for (const key of [...FILTERS, "sel", "from", "to"]) delete state[key];
    fillForm();
    writeState(true);
    load();
  });

  // -- map ---------------------------------------------------------------------------------------

  const map = L.map("map", {worldCopyJump: true, minZoom: 2, maxZoom: 14, zoomControl: true, attributionControl: true})
    .setView([state.lat ? +state.lat : 20, state.lon ? +state.lon : 15], state.z ? +state.z : 3);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Countries: Natural Earth via world-atlas");
  app.map = map;
  map.createPane("countries").style.zIndex = 250;
  const countryLayer = L.geoJSON(null, {pane: "countries", style: countryStyle, onEachFeature: bindCountry});
  countryLayer.addTo(map);
  const regionLayer = L.layerGroup().addTo(map);
  // Pins are clustered by supercluster: one index per drawing (tens of milliseconds for ten thousand points),
  // then each view change draws only the clusters and pins inside the view, so what the map costs follows the
  // view, not the store.  From CLUSTER_UNTIL_ZOOM on, every pin is drawn on its own.
  const CLUSTER_UNTIL_ZOOM = 9;
  const clusterLayer = L.layerGroup().addTo(map);
  const cluster = {index: null, points: [], drawnClusters: 0, drawnPins: 0, drawings: 0};
  app.cluster = cluster;
  // Presence sites sit under the happenings: a site's diamond frames the happenings reported there.
  map.createPane("presence").style.zIndex = 390;
  const presenceLayer = L.layerGroup().addTo(map);
  const markers = new Map();
  let countryHappenings = new Map(); // ISO numeric → happenings placed only at country level

  map.on("moveend", () => {
    const c = map.getCenter();
    state.lat = c.lat.toFixed(3); state.lon = c.lng.toFixed(3); state.z = String(map.getZoom());
    writeState(false);
    drawClusters();
  });

  function countryStyle(feature) {
    const list = countryHappenings.get(feature.id);
    if (!list) return {color: "#9aa5b1", weight: 0.6, fillColor: "#f3efe6", fillOpacity: 1};
    return {color: colour(list[0].type), weight: 1.5, fillColor: colour(list[0].type), fillOpacity: 0.35};
  }

  function bindCountry(feature, layer) {
    layer.on("click", () => {
      const list = countryHappenings.get(feature.id);
      if (list && list.length) select(list[0].id, true, list);
    });
  }

  async function loadCountries() {
    try {
      const [atlas, codes] = await Promise.all([getJSON("/vendor/countries-110m.json"), getJSON("/api/countries")]);
      app.countries = codes;
      countryLayer.addData(topojson.feature(atlas, atlas.objects.countries));
    } catch (e) {
      console.warn("no offline atlas", e);
    }
  }

  function numericOf(alpha2) { return app.countries[alpha2] || null; }

  function makeMarker(h, loc) {
    const radius = 5 + 3 * Math.sqrt(Math.max(h.reports, 1));
    const marker = L.circleMarker([loc.lat, loc.lon], {radius, color: "#222", weight: 1, fillColor: colour(h.type),
      fillOpacity: 0.85, className: "happening " + "h-" + h.id.replace(/[^a-z0-9]/gi, "")});
    // Made when first shown: ten thousand tooltips made up front are a large part of drawing the map.
    marker.bindTooltip(() => el("span", {text: `${h.type}${h.mode ? " / " + h.mode : ""} · ${loc.name} · ${h.reports} report(s)`}));
    marker.on("click", () => select(h.id, true));
    marker.on("keypress", (e) => { if (e.originalEvent.key === "Enter") select(h.id, true); });
    return marker;
  }

  function clusterIcon(count) {
    const size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    const px = {small: 30, medium: 36, large: 42}[size];
    return L.divIcon({html: el("div", {}, el("span", {text: String(count)})), iconSize: [px, px],
      className: `marker-cluster marker-cluster-${size}`});
  }

  function viewBox() {
    // The view padded by half its size (what is just outside shows while the map is dragged), as supercluster's
    // [west, south, east, north] within ±180°.
    const b = map.getBounds().pad(0.5);
    let west = b.getWest(), east = b.getEast();
    if (east - west >= 360) { west = -180; east = 180; }
    else { west = ((west + 180) % 360 + 360) % 360 - 180; east = ((east + 180) % 360 + 360) % 360 - 180; }
    return [west, Math.max(b.getSouth(), -90), east, Math.min(b.getNorth(), 90)];
  }

  function drawClusters() {
    clusterLayer.clearLayers();
    markers.clear();
    cluster.drawnClusters = cluster.drawnPins = 0;
    if (!cluster.index) return;
    cluster.drawings++;
    const layers = [];
    for (const feature of cluster.index.getClusters(viewBox(), map.getZoom())) {
      const [lon, lat] = feature.geometry.coordinates;
      if (feature.properties.cluster) {
        const count = feature.properties.point_count;
        const id = feature.properties.cluster_id;
        const icon = L.marker([lat, lon], {icon: clusterIcon(count), title: `${count} happenings: select to zoom in`});
        icon.on("click", () => map.setView([lat, lon], Math.min(cluster.index.getClusterExpansionZoom(id), map.getMaxZoom())));
        layers.push(icon);
        cluster.drawnClusters++;
        continue;
      }
      const {h, loc} = cluster.points[feature.properties.i];
      const marker = makeMarker(h, loc);
      markers.set(h.id, marker);
      layers.push(marker);
      cluster.drawnPins++;
    }
    for (const layer of layers) clusterLayer.addLayer(layer);
  }

  function drawMap() {
    regionLayer.clearLayers();
    countryHappenings = new Map();
    const points = [];
    for (const h of app.shown) {
      const loc = h.location || h.destination;
      if (!loc) continue;
      if (loc.feature === "country" && loc.country && numericOf(loc.country)) {
        // A country-level report says "somewhere in this country": shade the country, no pin at its centroid.
        const key = numericOf(loc.country);
        if (!countryHappenings.has(key)) countryHappenings.set(key, []);
        countryHappenings.get(key).push(h);
        continue;
      }
      if (loc.precision >= 3) {
        // A region, sea or province: a wide dashed area, not a point.
        const area = L.circle([loc.lat, loc.lon], {radius: loc.feature === "continent" ? 1500000 : 250000,
          color: colour(h.type), weight: 1, dashArray: "4 4", fillOpacity: 0.06, className: "region-hit"});
        area.bindTooltip(() => el("span", {text: `${h.type} · ${loc.name} (${loc.feature || "region"})`}));
        area.on("click", () => select(h.id, true));
        regionLayer.addLayer(area);
        continue;
      }
      points.push({h, loc});
    }
    cluster.points = points;
    cluster.index = new Supercluster({radius: 40, extent: 256, minZoom: map.getMinZoom(),
      maxZoom: CLUSTER_UNTIL_ZOOM - 1, minPoints: 2});
    cluster.index.load(points.map(({loc}, i) => ({type: "Feature", properties: {i},
      geometry: {type: "Point", coordinates: [loc.lon, loc.lat]}})));
    styleCountries();
    const drawnBefore = cluster.drawings;
    if (!viewGiven && points.length && !app.fitted) {
      app.fitted = true;
      const bounds = L.latLngBounds(points.map(({loc}) => [loc.lat, loc.lon]));
      map.fitBounds(bounds.pad(0.15), {maxZoom: 6, animate: false});  // its moveend draws the clusters
    }
    if (cluster.drawings === drawnBefore) drawClusters();
    app.mapPoints = points.length;
    app.mapCountries = countryHappenings.size;
    document.getElementById("map").dataset.points = String(points.length);
    drawLegend();
  }

  function styleCountries() {
    countryLayer.setStyle(countryStyle);
    countryLayer.eachLayer((layer) => {
      const path = layer.getElement && layer.getElement();
      if (path) path.classList.toggle("country-hit", countryHappenings.has(layer.feature.id));
    });
  }

  function drawLegend() {
    const legend = clear(document.getElementById("legend"));
    const types = [...new Set(app.shown.map((h) => h.type))].sort();
    for (const type of types) {
      legend.append(el("span", {class: "legend-item"}, el("span", {class: "swatch", style: `background:${colour(type)}`}), type));
    }
    legend.append(el("span", {class: "legend-item"}, el("span", {class: "swatch presence-swatch"}), "presence site"));
    legend.append(el("span", {class: "legend-item"}, el("span", {class: "swatch country-swatch"}), "country-level only"));
  }

  async function drawPresenceSites() {
    presenceLayer.clearLayers();
    const p = new URLSearchParams({limit: "500"});  // the presence view lists the first 500 actor × site rows
    if (state.actor) p.set("actor", state.actor);
    if (state.place) p.set("place", state.place);
    if (state.bg) p.set("include_background", "true");
    const page = await getJSON("/api/presence?" + p);
    Object.assign(app.names, page.names);
    app.presences = page.items;
    app.presenceMore = Boolean(page.next_cursor);
    const icon = L.divIcon({className: "presence-icon", iconSize: [18, 18]});
    for (const pr of page.items) {
      if (pr.place.precision >= 3) continue;
      const marker = L.marker([pr.place.lat, pr.place.lon], {icon, pane: "presence", keyboard: true, title: `${name(pr.actor)} at ${pr.place.name}`});
      marker.bindTooltip(el("span", {text: `${name(pr.actor)} at ${pr.place.name}: ${pr.first_reported || "?"} – ${pr.last_reported || "?"}`}));
      marker.on("click", () => { state.view = "presence"; writeState(true); showView(); });
      presenceLayer.addLayer(marker);
    }
    drawPresence();
  }

  // -- timeline ---------------------------------------------------------------------------------

  // vis-timeline lays out every item it holds: beyond a few thousand it takes seconds.  Then the timeline shows, per
  // type, one item per week, month, quarter or year with the count of happenings in it, and the happenings
  // themselves once the visible span holds few enough.
  const TIMELINE_ITEMS = 1500;
  const DAY = 86400000;
  const aggregates = new Map();
  let drawnAs = null;  // what the timeline holds now: "items" of a window, or "bins" of a size

  const timelineItems = new vis.DataSet();
  const timelineGroups = new vis.DataSet();
  const timeline = new vis.Timeline(document.getElementById("timeline"), timelineItems, timelineGroups, {
    stack: true, height: "100%", zoomMin: 86400000 * 7, showCurrentTime: false, selectable: true,
    orientation: {axis: "top"}, margin: {item: 2}, tooltip: {followMouse: false},
    groupOrder: "content", verticalScroll: true, maxHeight: 400,
  });
  app.timeline = timeline;
  let settingWindow = false;

  timeline.on("select", (props) => {
    if (!props.items.length) return;
    const bin = aggregates.get(props.items[0]);
    if (bin) {  // a count of happenings: its span becomes the time window
      state.from = isoDay(bin.start);
      state.to = isoDay(new Date(bin.end - 86400000));
      writeState(false);
      settingWindow = true;
      timeline.setWindow(bin.start, bin.end, {animation: false}, () => { settingWindow = false; redrawTimelineItems(); });
      applyWindow();
      return;
    }
    select(props.items[0], false);
  });
  timeline.on("rangechanged", (props) => {
    redrawTimelineItems();
    if (!props.byUser || settingWindow) return;
    state.from = isoDay(props.start);
    state.to = isoDay(props.end);
    writeState(false);
    applyWindow();
  });
  document.getElementById("window-reset").addEventListener("click", () => {
    delete state.from; delete state.to;
    writeState(true);
    applyWindow();
    fitTimeline();
  });


  function drawTimeline() {
    const groups = new Map();
    for (const h of app.happenings) {
      if (h.time && !groups.has(h.type)) groups.set(h.type, {id: h.type, content: el("span", {text: h.type}), value: h.type});
    }
    app.dated = app.happenings.filter((h) => h.time);
    timelineItems.clear();
    timelineGroups.clear();
    timelineGroups.add([...groups.values()]);
    drawnAs = null;
    if (app.dated.length <= TIMELINE_ITEMS) {
      timelineItems.add(app.dated.map(timelineItem));
      drawnAs = {kind: "all"};
    }
    timeline.setOptions({stack: app.dated.length <= TIMELINE_ITEMS});
    if (state.from && state.to) {
      settingWindow = true;
      timeline.setWindow(state.from, state.to, {animation: false}, () => { settingWindow = false; });
    } else fitTimeline();
    redrawTimelineItems();
  }

  function timelineItem(h) {
    const label = (h.location ? h.location.name : "?");
    return {id: h.id, group: h.type, start: h.time.start, end: dayAfter(h.time.end), type: "range",
      content: el("span", {text: label, title: `${h.type} · ${label} · ${whenText(h.time)}`}),
      style: `background-color:${colour(h.type)};border-color:${colour(h.type)}`,
      className: "precision-" + h.time.precision};
  }

  function binSize(spanDays) {
    for (const [name, days] of [["week", 7], ["month", 30], ["quarter", 91], ["year", 365]]) {
      if (spanDays / days <= 40) return name;  // vis-timeline measures each item: a few hundred at most
    }
    return "year";
  }

  function binStart(iso, size) {
    const d = new Date(iso + "T00:00:00Z");
    if (size === "week") { d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7)); return d; }
    d.setUTCDate(1);
    if (size === "quarter") d.setUTCMonth(d.getUTCMonth() - (d.getUTCMonth() % 3));
    if (size === "year") d.setUTCMonth(0);
    return d;
  }

  function binEnd(start, size) {
    const d = new Date(start);
    if (size === "week") d.setUTCDate(d.getUTCDate() + 7);
    else d.setUTCMonth(d.getUTCMonth() + ({month: 1, quarter: 3, year: 12})[size]);
    return d;
  }

  function redrawTimelineItems() {
    if (!app.dated || (drawnAs && drawnAs.kind === "all")) return;
    const range = timeline.getWindow();
    const from = isoDay(range.start), to = isoDay(range.end);
    const visible = app.dated.filter((h) => h.time.end >= from && h.time.start <= to);
    if (visible.length <= TIMELINE_ITEMS) {
      // Few enough in view: the happenings themselves, and those of a view's width either side for panning.
      const span = range.end - range.start;
      const wideFrom = isoDay(new Date(+range.start - span)), wideTo = isoDay(new Date(+range.end + span));
      if (drawnAs && drawnAs.kind === "items" && drawnAs.from <= from && drawnAs.to >= to) return;
      let near = app.dated.filter((h) => h.time.end >= wideFrom && h.time.start <= wideTo);
      let covered = {from: wideFrom, to: wideTo};
      if (near.length > 3 * TIMELINE_ITEMS) { near = visible; covered = {from, to}; }
      timelineItems.clear();
      aggregates.clear();
      timeline.setOptions({stack: true});
      timelineItems.add(near.map(timelineItem));
      drawnAs = {kind: "items", ...covered};
      return;
    }
    const size = binSize((range.end - range.start) / DAY);
    if (drawnAs && drawnAs.kind === "bins" && drawnAs.size === size) return;
    const bins = new Map();
    for (const h of app.dated) {
      const start = binStart(h.time.start, size);
      const id = `bin:${h.type}:${isoDay(start)}`;
      const bin = bins.get(id);
      if (bin) bin.count++;
      else bins.set(id, {id, type: h.type, start, end: binEnd(start, size), count: 1});
    }
    aggregates.clear();
    const items = [];
    for (const bin of bins.values()) {
      aggregates.set(bin.id, bin);
      items.push({id: bin.id, group: bin.type, start: bin.start, end: bin.end, type: "range",
        content: el("span", {text: String(bin.count),
          title: `${bin.count} ${bin.type} happening${bin.count === 1 ? "" : "s"} from ${isoDay(bin.start)} (a ${size}): select to see them`}),
        style: `background-color:${colour(bin.type)};border-color:${colour(bin.type)}`, className: "aggregate"});
    }
    timelineItems.clear();
    timeline.setOptions({stack: false});
    timelineItems.add(items);
    drawnAs = {kind: "bins", size};
    app.timelineBins = items.length;
  }

  function fitTimeline() {
    // The bulk of the reports, not their outliers: a decade-old background clause would squash the rest.
    const starts = app.happenings.filter((h) => h.time).map((h) => h.time.start).sort();
    const ends = app.happenings.filter((h) => h.time).map((h) => h.time.end).sort();
    settingWindow = true;
    if (starts.length) {
      const from = new Date(starts[Math.floor(starts.length * 0.05)] + "T00:00:00Z");
      const to = dayAfter(ends[ends.length - 1]);
      const pad = Math.max((to - from) * 0.03, 86400000 * 3);
      timeline.setWindow(new Date(from - pad), new Date(+to + pad), {animation: false});
    }
    setTimeout(() => { settingWindow = false; }, 100);
  }

  // -- data ------------------------------------------------------------------------------------

  let loading = 0;

  async function load() {
    const generation = ++loading;
    const count = document.getElementById("count");
    count.textContent = "loading…";
    const started = performance.now();
    try {
      let docHits = null;
      if (state.q) {
        const hits = await getJSON("/api/documents?limit=500&q=" + encodeURIComponent(state.q));
        docHits = new Set(hits.items.map((d) => d.id));
      }
      const all = [];
      let cursor = null;
      do {
        const page = await getJSON(requests.pageURL(state, cursor));
        Object.assign(app.names, page.names);
        all.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor);
      await atlas;
      if (generation !== loading) return;  // a newer load (another filter) replaced this one meanwhile
      app.docHits = docHits;
      app.happenings = docHits ? all.filter((h) => (h.attributes.documents || []).some((d) => docHits.has(d))) : all;
      app.byId = new Map(app.happenings.map((h) => [h.id, h]));
      const fetched = performance.now();
      fillTypes();
      drawTimeline();
      const timed = performance.now();
      applyWindow();
      app.loadMs = performance.now() - started;
      app.timings = {fetch: fetched - started, timeline: timed - fetched, map: performance.now() - timed};
      document.body.dataset.loaded = String(app.happenings.length);
      if (state.sel) select(state.sel, false);
      const presenceStarted = performance.now();
      drawPresenceSites().then(() => { app.timings.presence = performance.now() - presenceStarted; })
        .catch((e) => console.warn(e));
    } catch (e) {
      count.textContent = "error: " + e.message;
    }
  }

  function applyWindow() {
    // The count is shown once every happening of it is on the map and the timeline: what "shown" means to the
    // analyst (and the page-load bench).
    const from = state.from, to = state.to;
    app.shown = app.happenings.filter((h) => !from || !to || (h.time && h.time.end >= from && h.time.start <= to));
    const label = document.getElementById("window-label");
    const reset = document.getElementById("window-reset");
    if (from && to) { label.textContent = `time window ${from} – ${to}`; reset.hidden = false; }
    else { label.textContent = ""; reset.hidden = true; }
    drawMap();
    listDirty = true;
    if (state.view === "list") drawList();
    const count = document.getElementById("count");
    count.textContent = `${app.shown.length} happening${app.shown.length === 1 ? "" : "s"} shown` +
      (app.happenings.length !== app.shown.length ? ` of ${app.happenings.length}` : "") +
      (state.q ? ` (reported by documents matching “${state.q}”)` : "");
    count.dataset.count = String(app.shown.length);
    app.shownAt = performance.now();
    updateExportLinks();
  }

  function fillTypes() {
    const select = document.getElementById("f-type");
    const known = new Set([...select.options].map((o) => o.value));
    for (const type of [...new Set(app.happenings.map((h) => h.type))].sort()) {
      if (!known.has(type)) select.append(el("option", {value: type, text: type}));
    }
    select.value = state.type || "";
  }

  function updateExportLinks() {
    for (const format of ["csv", "geojson", "jsonl"]) {
      const p = apiFilters();
      p.set("format", format);
      if (state.from && state.to) {
        // The visible window narrows the filter's own dates.
        if (!state.since || state.from > state.since) p.set("since", state.from);
        if (!state.until || state.to < state.until) p.set("until", state.to);
      }
      const link = document.getElementById("export-" + format);
      link.href = "/api/export/happenings?" + p;
      link.setAttribute("download", `garrison-happenings.${format}`);
    }
  }

  // -- list view -------------------------------------------------------------------------------

  function happeningRow(h) {
    const who = [...h.actors, ...h.targets, ...h.materiel].map(name).join(", ");
    const stances = Object.entries(h.stances).map(([k, v]) => `${k} ${v}`).join(", ");
    const button = el("button", {type: "button", class: "link", text: h.type + (h.mode ? " / " + h.mode : ""),
      onclick: () => select(h.id, true)});
    return el("tr", {"data-id": h.id, class: state.sel === h.id ? "selected" : null},
      el("td", {text: whenText(h.time)}), el("td", {}, button), el("td", {text: h.location ? h.location.name : "?"}),
      el("td", {text: who}), el("td", {text: String(h.reports)}),
      el("td", {}, h.contradicted ? el("span", {class: "badge contested", text: "contested"}) : null, stances));
  }

  // Drawn when the list is open: two thousand rows made in a hidden table are time the map waits for.
  let listDirty = true;

  function drawList() {
    listDirty = false;
    const body = clear(document.querySelector("#list tbody"));
    const rows = app.shown.slice(0, 2000).map(happeningRow);
    body.append(...rows);
    if (app.shown.length > 2000) body.append(el("tr", {}, el("td", {colspan: 6, text: `… ${app.shown.length - 2000} more: narrow the filters`})));
  }

  // -- evidence panel ---------------------------------------------------------------------------

  function highlight(sentence, needles) {
    // The evidence sentence as text nodes, with the trigger and the arguments' names marked.
    const marks = [];
    const lower = sentence.toLowerCase();
    for (const [needle, kind] of needles) {
      if (!needle || needle.length < 2) continue;
      let from = 0;
      const n = needle.toLowerCase();
      for (;;) {
        const at = lower.indexOf(n, from);
        if (at < 0) break;
        marks.push([at, at + n.length, kind]);
        from = at + n.length;
      }
    }
    marks.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const out = el("q", {class: "evidence"});
    let pos = 0;
    for (const [start, end, kind] of marks) {
      if (start < pos) continue;
      out.append(sentence.slice(pos, start), el("mark", {class: kind, text: sentence.slice(start, end), title: kind}));
      pos = end;
    }
    out.append(sentence.slice(pos));
    return out;
  }

  function entityNeedles(ids, names) {
    const out = [];
    for (const id of ids) {
      const n = names[id] || name(id);
      out.push(n);
    }
    return out;
  }

  async function select(id, fromMap, alternatives) {
    state.sel = id;
    writeState(false);
    for (const row of document.querySelectorAll("#list tr.selected")) row.classList.remove("selected");
    const row = document.querySelector(`#list tr[data-id="${CSS.escape(id)}"]`);
    if (row) row.classList.add("selected");
    if (!fromMap || timelineItems.get(id)) {
      try { timeline.setSelection(timelineItems.get(id) ? [id] : []); } catch (e) { /* not on the timeline */ }
    }
    const panel = document.getElementById("panel");
    let detail;
    try {
      detail = await getJSON("/api/happenings/" + encodeURIComponent(id));
    } catch (e) {
      clear(panel).append(el("p", {class: "error", text: e.message}));
      return;
    }
    if (state.sel !== id) return;
    Object.assign(app.names, detail.names);
    renderPanel(panel, detail, alternatives);
  }

  function renderPanel(panel, h, alternatives) {
    clear(panel);
    const names = h.names || {};
    const where = h.location ? `${h.location.name}${h.location.country ? " (" + h.location.country + ")" : ""}` : "place unknown";
    const heading = el("h2", {}, el("span", {class: "swatch", style: `background:${colour(h.type)}`}),
      `${h.type}${h.mode ? " / " + h.mode : ""}`);
    const copies = h.syndicated_copies || 0;
    panel.append(
      el("button", {type: "button", class: "close", "aria-label": "Close the evidence panel", text: "×",
        onclick: closePanel}),
      heading,
      el("p", {class: "meta"}, where, h.location ? el("span", {class: "precision", text: ` · place precision ${h.location.precision} (${h.location.feature || "?"})`}) : null),
      el("p", {class: "meta", text: `${whenText(h.time)}${h.attributes && h.attributes.time_from_dct ? " · dated by publication only" : ""}`}),
      el("p", {class: "reports"}, `${h.reports} independent report${h.reports === 1 ? "" : "s"}`,
        copies ? ` (${copies} syndicated cop${copies === 1 ? "y" : "ies"})` : "",
        h.contradicted ? el("span", {class: "badge contested", text: "contested"}) : null),
    );
    const parties = [["actors", h.actors], ["targets", h.targets], ["materiel", h.materiel]].filter(([, v]) => v.length);
    if (parties.length) {
      const dl = el("dl", {class: "parties"});
      for (const [label, ids] of parties) {
        dl.append(el("dt", {text: label}), el("dd", {}, ids.map((i, n) => [n ? ", " : "", el("button", {type: "button",
          class: "link", text: names[i] || name(i), title: i, onclick: () => filterActor(i)})])));
      }
      panel.append(dl);
    }
    if (alternatives && alternatives.length > 1) {
      panel.append(el("p", {class: "meta", text: `${alternatives.length} happenings placed only at this country:`}),
        el("ul", {class: "alternatives"}, alternatives.slice(0, 50).map((a) => el("li", {}, el("button", {type: "button",
          class: "link", text: `${a.type} · ${whenText(a.time)}`, onclick: () => select(a.id, true, alternatives)})))));
    }
    const claims = el("ol", {class: "claims"});
    for (const event of h.events) {
      for (const claim of event.claims) {
        const doc = h.documents[claim.document_id] || {};
        const href = safeHref(doc.url);
        const outlet = claim.outlet || doc.outlet || "unknown outlet";
        const sentence = claim.evidence.map((e) => e.text.trim()).join(" … ");
        const needles = [[event.trigger, "trigger"],
          ...entityNeedles(event.actors, names).map((n) => [n, "actor"]),
          ...entityNeedles(event.targets, names).map((n) => [n, "target"]),
          ...entityNeedles(event.materiel, names).map((n) => [n, "materiel"]),
          [event.location && event.location.name, "place"]];
        claims.append(el("li", {class: "claim"},
          el("div", {class: "claim-head"},
            el("span", {class: "badge stance stance-" + claim.stance, text: claim.stance}),
            href ? el("a", {href, rel: "noopener noreferrer", target: "_blank", text: outlet}) : el("strong", {text: outlet}),
            doc.published ? el("span", {class: "date", text: " · " + doc.published}) : null,
            doc.duplicate_of ? el("span", {class: "badge copy", text: "syndicated copy"}) : null),
          claim.source_chain.length ? el("p", {class: "chain", text: "via " + claim.source_chain.join(" ← ")}) : null,
          claim.speaker ? el("p", {class: "speaker", text: `speaker: ${claim.speaker}${claim.speaker_role ? " (" + claim.speaker_role + ")" : ""}`}) : null,
          highlight(sentence, needles),
          el("p", {}, el("a", {href: docLink(claim.document_id), class: "doc-link", text: "open the document",
            onclick: (e) => { e.preventDefault(); openDocument(claim.document_id); }}))));
      }
    }
    panel.append(el("h3", {text: "Claims"}), claims);
  }

  function closePanel() {
    delete state.sel;
    writeState(false);
    const panel = clear(document.getElementById("panel"));
    panel.append(el("p", {class: "hint", text: "Select a happening on the map, the timeline or the list."}));
    timeline.setSelection([]);
  }

  function filterActor(id) {
    state.actor = id;
    fillForm();
    writeState(true);
    load();
  }

  function docLink(id) {
    const p = new URLSearchParams(location.search);
    p.set("view", "doc"); p.set("doc", id);
    return location.pathname + "?" + p;
  }

  // -- document view --------------------------------------------------------------------------

  function openDocument(id) {
    state.view = "doc";
    state.doc = id;
    writeState(true);
    showView();
  }

  async function drawDocument() {
    const head = clear(document.getElementById("doc-head"));
    const body = clear(document.getElementById("doc-text"));
    if (!state.doc) return;
    let d;
    try { d = await getJSON("/api/documents/" + encodeURIComponent(state.doc)); }
    catch (e) { head.append(el("p", {class: "error", text: e.message})); return; }
    const href = safeHref(d.url);
    head.append(el("h2", {text: d.title || "(untitled)"}),
      el("p", {class: "meta"}, href ? el("a", {href, rel: "noopener noreferrer", target: "_blank", text: d.outlet || href}) : (d.outlet || "unknown outlet"),
        ` · published ${d.published || "?"} (${d.published_source || "unknown"}) · ${d.language || "?"}`,
        d.duplicate_of ? ` · near-copy of ${d.duplicate_of}` : ""));
    body.setAttribute("lang", d.language || "");
    const spans = [];
    for (const m of d.mentions) spans.push([m.start, m.end, "m-" + String(m.label).toLowerCase(), `${m.label}${m.entity_id ? " " + m.entity_id : ""}`]);
    for (const t of d.toponyms) spans.push([t.start, t.end, "toponym", t.place ? `${t.place.name} (${t.place.lat.toFixed(3)}, ${t.place.lon.toFixed(3)})` : "unresolved place"]);
    for (const x of d.timexes) spans.push([x.start, x.end, "timex", x.value || x.type]);
    for (const e of d.events) for (const c of e.claims) for (const ev of c.evidence) spans.push([ev.start, ev.end, "event-evidence", `${e.type} · ${c.stance}`]);
    body.append(...annotate(d.text, spans));
    const legend = clear(document.getElementById("doc-legend"));
    for (const [cls, label] of [["m-person", "person"], ["m-armed_group", "armed group"], ["m-mil_unit", "unit"], ["m-equipment", "equipment"],
      ["m-org", "organisation"], ["toponym", "place"], ["timex", "time"], ["event-evidence", "event sentence"]]) {
      legend.append(el("span", {class: "legend-item " + cls, text: label}));
    }
  }

  function annotate(text, spans) {
    // Cut the text at every span boundary; each piece carries the classes of the spans covering it.
    const cuts = new Set([0, text.length]);
    for (const [s, e] of spans) { if (s >= 0 && e <= text.length && s < e) { cuts.add(s); cuts.add(e); } }
    const points = [...cuts].sort((a, b) => a - b);
    const nodes = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const [s, e] = [points[i], points[i + 1]];
      const covering = spans.filter(([a, b]) => a <= s && b >= e);
      const piece = text.slice(s, e);
      if (!covering.length) { nodes.push(document.createTextNode(piece)); continue; }
      nodes.push(el("span", {class: [...new Set(covering.map((c) => c[2]))].join(" "), title: covering.map((c) => c[3]).join(" | "), text: piece}));
    }
    return nodes;
  }

  // -- presence view ---------------------------------------------------------------------------

  const presenceItems = new vis.DataSet();
  const presenceGroups = new vis.DataSet();
  let presenceTimeline = null;

  function drawPresence() {
    const rows = app.presences || [];
    const body = clear(document.querySelector("#presence-table tbody"));
    presenceItems.clear();
    presenceGroups.clear();
    const groups = [], items = [];
    for (const p of rows) {
      const stances = Object.entries((p.attributes || {}).stances || {}).map(([k, v]) => `${k} ${v}`).join(", ");
      const assets = p.materiel.map(name).join(", ");
      body.append(el("tr", {"data-id": p.id}, el("td", {text: name(p.actor)}), el("td", {text: p.place.name}),
        el("td", {text: p.first_reported || "?"}), el("td", {text: p.last_reported || "?"}), el("td", {text: assets}),
        el("td", {}, (p.attributes || {}).tentative ? el("span", {class: "badge tentative", text: "tentative"}) : null, stances),
        el("td", {text: String(p.reports)})));
      if (!p.first_reported) continue;
      groups.push({id: p.id, content: el("span", {text: `${name(p.actor)} — ${p.place.name}`})});
      items.push({id: p.id, group: p.id, start: p.first_reported, end: dayAfter(p.last_reported || p.first_reported),
        type: p.first_reported === p.last_reported ? "point" : "range",
        content: el("span", {text: assets || `${p.reports} report(s)`}),
        className: (p.attributes || {}).tentative ? "tentative" : "firm"});
    }
    if (app.presenceMore) {
      body.append(el("tr", {}, el("td", {colspan: 7, text: `the first ${rows.length} rows: filter by actor or place for the others`})));
    }
    presenceGroups.add(groups);
    presenceItems.add(items);
    fitPresence();
  }

  function fitPresence() {
    // As on the main timeline: the bulk of the reports, not a decades-old background mention.
    const starts = (app.presences || []).filter((p) => p.first_reported).map((p) => p.first_reported).sort();
    const ends = (app.presences || []).filter((p) => p.last_reported).map((p) => p.last_reported).sort();
    if (!presenceTimeline || !starts.length) return;
    const from = new Date(starts[Math.floor(starts.length * 0.05)] + "T00:00:00Z");
    const to = dayAfter(ends[ends.length - 1]);
    const pad = Math.max((to - from) * 0.03, 86400000 * 3);
    presenceTimeline.setWindow(new Date(from - pad), new Date(+to + pad), {animation: false});
  }

  // -- views and keys ---------------------------------------------------------------------------

  function showView() {
    const view = state.view || "map";
    for (const name of ["map", "list", "presence", "doc"]) {
      document.getElementById("view-" + name).hidden = name !== view;
      const tab = document.getElementById("tab-" + name);
      tab.setAttribute("aria-pressed", String(name === view));
    }
    document.getElementById("tab-doc").hidden = !state.doc;
    if (view === "map") { map.invalidateSize(); timeline.redraw(); }
    if (view === "list" && listDirty) drawList();
    if (view === "presence" && !presenceTimeline) {
      presenceTimeline = new vis.Timeline(document.getElementById("presence-timeline"), presenceItems, presenceGroups,
        {stack: false, showCurrentTime: false, orientation: {axis: "top"}, maxHeight: 420, verticalScroll: true, selectable: false});
      fitPresence();
    }
    if (view === "doc") drawDocument();
  }

  for (const tab of document.querySelectorAll("nav button[data-view]")) {
    tab.addEventListener("click", () => { state.view = tab.dataset.view; writeState(true); showView(); });
  }

  function step(delta) {
    if (!app.shown.length) return;
    const at = app.shown.findIndex((h) => h.id === state.sel);
    const next = app.shown[(at + delta + app.shown.length) % app.shown.length];
    select(next.id, false);
    const pinned = cluster.points.find((p) => p.h.id === next.id);
    if (pinned && !markers.has(next.id) && state.view === "map") {
      // Inside a cluster or out of view: zoom to where it is drawn on its own.
      map.setView([pinned.loc.lat, pinned.loc.lon], Math.max(map.getZoom(), CLUSTER_UNTIL_ZOOM));
    }
  }

  document.addEventListener("keydown", (event) => {
    const typing = ["INPUT", "SELECT", "TEXTAREA"].includes(document.activeElement.tagName);
    if (event.key === "Escape") { if (typing) document.activeElement.blur(); else closePanel(); return; }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "/") { event.preventDefault(); document.getElementById("f-q").focus(); }
    else if (event.key === "j") step(1);
    else if (event.key === "k") step(-1);
    else if (["1", "2", "3"].includes(event.key)) {
      state.view = ["map", "list", "presence"][+event.key - 1]; writeState(true); showView();
    }
  });

  window.addEventListener("popstate", () => {
    Object.keys(state).forEach((k) => delete state[k]);
    Object.assign(state, readState());
    fillForm();
    showView();
    load();
  });

  fillForm();
  showView();
  // Fetched alongside the happenings; drawing waits for it, since a country-level report shades its country.
  const atlas = loadCountries();
  load();
})();

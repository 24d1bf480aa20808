// Loaded first, in the page's head: the first page of happenings is asked for while the map and timeline
// libraries load and compile (about as long as the server takes to answer for ten thousand).  app.js takes the
// answer when it asks for the same URL, and builds its requests with the same functions.
"use strict";

(function () {
  const PAGE = 10000, COMPACT_PAGE = 50000;  // the API's largest pages: one request draws most stores

  function filters(state) {
    const p = new URLSearchParams();
    if (state.type) p.set("type", state.type);
    if (state.actor) p.set("actor", state.actor);
    if (state.place) p.set("place", state.place);
    if (state.since) p.set("since", state.since);
    if (state.until) p.set("until", state.until);
    if (state.stance) p.set("stance", state.stance);
    if (state.min && state.min !== "1") p.set("min_reports", state.min);
    if (state.contested) p.set("contested", state.contested);
    if (state.bg) p.set("include_background", "true");
    return p;
  }

  function pageURL(state, cursor) {
    const p = filters(state);
    // The map, timeline and list draw the compact fields; the panel fetches the rest.  A full-text search
    // matches happenings by their documents, which only the full form lists.
    p.set("limit", String(state.q ? PAGE : COMPACT_PAGE));
    if (!state.q) p.set("compact", "true");
    if (cursor) p.set("cursor", cursor);
    return "/api/happenings?" + p;
  }

  const state = Object.fromEntries(new URLSearchParams(location.search));
  const url = pageURL(state, null);
  let answer = fetch(url, {headers: {accept: "application/json"}});
  answer.catch(() => {});  // a failure is app.js's to report, when it asks

  function take(wanted) {
    if (!answer || wanted !== url) return null;
    const found = answer;
    answer = null;
    return found;
  }

  window.garrisonRequests = {filters, pageURL, take};
})();

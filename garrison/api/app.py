"""The JSON API under /api/ and the web app, served by one process (``garrison serve``).

A thin edge over the store's read side: parse and validate the query, ask the store, shape the answer with
the pydantic models in ``models.py``.  Nothing here knows SQL.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import orjson
from fastapi import (
    FastAPI,
    File,
    Form,
    Header,
    HTTPException,
    Query,
    Request,
    UploadFile,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from garrison import export as exporter
from garrison.api import models as m
from garrison.api.jobs import Jobs, UnsafeURL
from garrison.api.security import BodyTooLarge, EdgeMiddleware, token_matches
from garrison.store import Store
from garrison.store.queries import CursorError, HappeningFilter, Queries, iter_all, stored_entity_ids

WEB = Path(__file__).resolve().parent.parent / "web"
log = logging.getLogger("garrison.api")

MAX_BODY = 64 * 1024  # JSON bodies are small: a list of URLs
MAX_UPLOAD = 25 * 1024 * 1024
MAX_PAGE = 10_000
# The web app asks for all it draws at once: the compact form of 50 000 happenings is about 30 MB.
MAX_COMPACT_PAGE = 50_000
EXPORTABLE = ("events", "happenings", "presence")

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="at most this many items in the page")]
Cursor = Annotated[str | None, Query(max_length=400, description="next_cursor of the previous page")]
Since = Annotated[date | None, Query(description="time ends on or after YYYY-MM-DD")]
Until = Annotated[date | None, Query(description="time starts on or before YYYY-MM-DD")]
Types = Annotated[str | None, Query(max_length=400, description="event type(s), comma-separated: DEPLOY,ASSAULT")]
Actor = Annotated[str | None, Query(max_length=200, description="actor, target or asset: entity id or part of it")]
PlaceQ = Annotated[str | None, Query(max_length=200, description="place name part or ISO country code")]
StanceQ = Annotated[str | None, Query(max_length=40, description="asserted, reported, denied, speculated, planned …")]
Background = Annotated[bool, Query(description="also list background (history, context) records")]


def _types(value: str | None) -> list[str] | None:
    return [x.strip() for x in value.split(",") if x.strip()] if value else None


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    try:
        south, west, north, east = (float(x) for x in value.split(","))
    except ValueError as exc:
        raise HTTPException(422, "bbox expects south,west,north,east in degrees") from exc
    if not (-90 <= south <= north <= 90 and -180 <= west <= east <= 180):
        raise HTTPException(422, "bbox expects south ≤ north within ±90 and west ≤ east within ±180")
    return south, west, north, east


def _names_of(reads: Queries, records: list[Any]) -> dict[str, str]:
    ids: set[str] = set()
    for r in records:
        if isinstance(r, dict):
            ids.update(r.get("actors", ()), r.get("targets", ()), r.get("materiel", ()))
            continue
        ids.update(getattr(r, "actors", ()), getattr(r, "targets", ()), getattr(r, "materiel", ()))
        if hasattr(r, "actor"):
            ids.add(r.actor)
    return reads.entity_names(ids) if ids else {}


def create_app(store: Store | str, *, token: str | None = None, host: str = "127.0.0.1",
               process_uploads: bool = True, max_upload: int = MAX_UPLOAD) -> EdgeMiddleware:
    store = store if isinstance(store, Store) else Store(store)
    reads = store.queries
    jobs = Jobs(store, process=process_uploads)
    app = FastAPI(
        title="Garrison", version="0.1.0",
        description="Sourced, geolocated, time-resolved military presence and activity read from the news. "
                    "Every list is paginated by cursor: pass next_cursor back as ?cursor=.",
        openapi_url="/api/openapi.json", docs_url=None, redoc_url=None,
    )
    app.state.store, app.state.jobs = store, jobs

    # -- errors: JSON, a sentence, never a trace ---------------------------------------

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": str(exc.detail), "detail": None}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [{"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg")}
                    for e in exc.errors()]
        return JSONResponse({"error": "invalid request", "detail": problems}, status_code=422)

    @app.exception_handler(CursorError)
    async def bad_cursor(_request: Request, exc: CursorError) -> JSONResponse:
        return JSONResponse({"error": str(exc), "detail": None}, status_code=400)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> JSONResponse:
        if isinstance(exc, BodyTooLarge):
            return JSONResponse({"error": str(exc), "detail": None}, status_code=413)
        log.exception("error answering %s %s", request.method, request.url.path)
        return JSONResponse({"error": "internal error: the server log says more", "detail": None}, status_code=500)

    # -- reads ------------------------------------------------------------------------

    @app.get("/api/status", response_model=m.Status, tags=["store"])
    def status() -> dict[str, Any]:
        """Counts: documents, duplicates, work per stage, stored records, rejects by reason."""
        return reads.status() | {"recent_rejects": reads.rejects(limit=10)}

    @app.get("/api/documents", response_model=m.Page[m.DocumentHeader], tags=["documents"])
    def documents(
        q: Annotated[str | None, Query(max_length=500, description="full-text query")] = None,
        outlet: Annotated[str | None, Query(max_length=200)] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        cursor: Cursor = None,
    ) -> dict[str, Any]:
        """Documents by publication date, or full-text search results best first (one page, no cursor)."""
        if q and q.strip():
            hits = reads.search(q, limit=limit)
            return {"items": [_header(d) | {"snippet": s} for d, s in hits], "next_cursor": None}
        page = reads.documents_page(outlet=outlet, limit=limit, cursor=cursor)
        return {"items": page.items, "next_cursor": page.next_cursor}

    @app.get("/api/documents/{document_id}", response_model=m.DocumentDetail, tags=["documents"],
             responses={404: {"model": m.Problem}})
    def document(document_id: str) -> dict[str, Any]:
        """One document with its text and every span the stages found: mentions, places, times, events."""
        doc = reads.get_document(document_id)
        if doc is None:
            raise HTTPException(404, f"no document with id {document_id[:60]!r}")
        analysis = reads.analysis(doc.id).to_dict()
        names = {e["id"]: e["name"] for e in analysis["entities"]}
        return {**analysis["document"], "mentions": analysis["mentions"], "toponyms": analysis["toponyms"],
                "timexes": analysis["timexes"], "events": analysis["events"], "entities": names}

    @app.get("/api/events", response_model=m.Page[m.Event], tags=["events"])
    def events(
        type: Types = None, actor: Actor = None, place: PlaceQ = None, since: Since = None, until: Until = None,
        stance: StanceQ = None, document: Annotated[str | None, Query(max_length=40)] = None,
        include_background: Background = False, limit: Limit = 100, cursor: Cursor = None,
    ) -> dict[str, Any]:
        """Events, one per report, with their claims (evidence, outlet, cited sources, stance)."""
        page = reads.events_page(type=_types(type), actor=actor, place=place, since=since, until=until, stance=stance,
                            document_id=document, include_background=include_background, limit=limit,
                            cursor=cursor)
        return {"items": [e.to_dict() for e in page.items], "next_cursor": page.next_cursor,
                "names": _names_of(reads, page.items)}

    def happening_filter(type, actor, place, since, until, stance, min_reports, contested, include_background,
                         bbox) -> HappeningFilter:
        return HappeningFilter(type=_types(type), actor=actor, place=place, since=since, until=until,
                               stance=stance, min_reports=min_reports, contested=contested,
                               include_background=include_background, bbox=_bbox(bbox))

    @app.get("/api/happenings", response_model=m.Page[m.Happening], tags=["happenings"])
    def happenings(
        type: Types = None, actor: Actor = None, place: PlaceQ = None, since: Since = None, until: Until = None,
        stance: StanceQ = None,
        min_reports: Annotated[int, Query(ge=1, le=10_000, description="at least this many independent reports")] = 1,
        contested: Annotated[bool | None, Query(description="true: only contested; false: only uncontested")] = None,
        include_background: Background = False,
        bbox: Annotated[str | None, Query(max_length=100, description="south,west,north,east")] = None,
        compact: Annotated[bool, Query(description="only what a map, a timeline and a list draw: no event ids, "
                                                   "outlets, reporting dates, time text; of the attributes "
                                                   "only background and time_from_dct")] = False,
        limit: Annotated[int, Query(ge=1, le=MAX_COMPACT_PAGE, description=f"at most this many items in the page "
                                    f"({MAX_PAGE} at most, {MAX_COMPACT_PAGE} with compact=true)")] = 100,
        cursor: Cursor = None,
    ) -> dict[str, Any]:
        """Real-world happenings: every report of one fused, corroboration and contradiction counted."""
        if limit > MAX_PAGE and not compact:
            raise HTTPException(422, f"limit above {MAX_PAGE} needs compact=true")
        f = happening_filter(type, actor, place, since, until, stance, min_reports, contested, include_background,
                             bbox)
        page = reads.happenings_page(f, limit=limit, cursor=cursor, as_records=False, compact=compact, as_text=True)
        # The stored JSON text is already in the documented shape (schemathesis checks every answer against it):
        # it is sent as it is, neither validated nor decoded and encoded again.
        ids = stored_entity_ids(page.items)
        return _json_response({"items": [orjson.Fragment(text) for text in page.items],
                               "next_cursor": page.next_cursor, "names": reads.entity_names(ids) if ids else {}})

    @app.get("/api/happenings/{happening_id}", response_model=m.HappeningDetail, tags=["happenings"],
             responses={404: {"model": m.Problem}})
    def happening(happening_id: str) -> dict[str, Any]:
        """One happening with its events and claims, and a source card for every reporting document."""
        h = reads.happening(happening_id)
        if h is None:
            raise HTTPException(404, f"no happening with id {happening_id[:60]!r}")
        found = reads.happening_events(h.id)
        documents = reads.document_sources([c.document_id for e in found for c in e.claims]
                                          + list(h.attributes.get("documents", [])))
        copies = sum(1 for d in documents.values() if d.get("duplicate_of"))
        names = _names_of(reads, [h, *found])
        return {**h.to_dict(), "events": [e.to_dict() for e in found], "documents": documents, "names": names,
                "syndicated_copies": copies}

    @app.get("/api/presence", response_model=m.Page[m.Presence], tags=["presence"])
    def presence(actor: Actor = None, place: PlaceQ = None, include_background: Background = False,
                 limit: Limit = 200, cursor: Cursor = None) -> dict[str, Any]:
        """Actor × site timelines: first and last reported, assets, reports."""
        page = reads.presences_page(actor=actor, place=place, include_background=include_background, limit=limit,
                               cursor=cursor)
        return {"items": [p.to_dict() for p in page.items], "next_cursor": page.next_cursor,
                "names": _names_of(reads, page.items)}

    @app.get("/api/entities", response_model=list[m.Entity], tags=["entities"])
    def entities(q: Annotated[str | None, Query(max_length=200)] = None,
                 type: Annotated[str | None, Query(max_length=40)] = None,
                 limit: Annotated[int, Query(ge=1, le=1000)] = 50) -> list[dict[str, Any]]:
        """Entities with type, aliases, mention and document counts, most documented first."""
        return reads.entities(query=q, type=type, limit=limit)

    @app.get("/api/entities/{entity_id}", response_model=m.EntityDetail, tags=["entities"],
             responses={404: {"model": m.Problem}})
    def entity(entity_id: str, limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> dict[str, Any]:
        """One entity with the events that name it as actor, target or asset."""
        found = reads.entity(entity_id)
        if found is None:
            raise HTTPException(404, f"no entity with id {entity_id[:80]!r}")
        return found | {"events": [e.to_dict() for e in reads.entity_events(entity_id, limit=limit)]}

    @app.get("/api/places", response_model=list[m.PlaceRow], tags=["places"])
    def places(q: Annotated[str | None, Query(max_length=200)] = None,
               limit: Annotated[int, Query(ge=1, le=1000)] = 50) -> list[dict[str, Any]]:
        """Places the documents name, resolved, with document and mention counts."""
        return reads.places(query=q, limit=limit)

    @app.get("/api/countries", tags=["places"])
    def countries() -> dict[str, str]:
        """ISO 3166-1 alpha-2 → numeric code: how the web app finds a country's shape in its offline atlas."""
        import pycountry

        return {c.alpha_2: c.numeric for c in pycountry.countries}

    @app.get("/api/export/{what}", tags=["export"], responses={200: {"content": {"text/plain": {}}}})
    def export(
        what: str,
        format: Annotated[str, Query(description="csv, jsonl, geojson …", max_length=20)] = "csv",
        type: Types = None, actor: Actor = None, place: PlaceQ = None, since: Since = None, until: Until = None,
        stance: StanceQ = None, min_reports: Annotated[int, Query(ge=1, le=10_000)] = 1,
        contested: bool | None = None, include_background: Background = False,
        bbox: Annotated[str | None, Query(max_length=100)] = None,
    ) -> Response:
        """Exactly what the same filters list, as a file for other tools: flat CSV, JSON lines, GeoJSON, STIX 2.1,
        FollowTheMoney, ACLED's CSV, TimeMap, KML."""
        if what not in EXPORTABLE:
            raise HTTPException(404, f"export one of {', '.join(EXPORTABLE)}, not {what[:40]!r}")
        if format not in exporter.FORMATS:
            raise HTTPException(422, f"format must be one of {', '.join(exporter.FORMATS)}")
        if what not in exporter.kinds(format):
            raise HTTPException(422, f"format {format} exports {', '.join(exporter.kinds(format))}, not {what}")
        if what == "happenings":
            f = happening_filter(type, actor, place, since, until, stance, min_reports, contested,
                                 include_background, bbox)
            records = list(iter_all(lambda c: reads.happenings_page(f, limit=MAX_PAGE, cursor=c)))
        elif what == "events":
            records = list(iter_all(lambda c: reads.events_page(
                type=_types(type), actor=actor, place=place, since=since, until=until, stance=stance,
                include_background=include_background, limit=MAX_PAGE, cursor=c)))
        else:
            records = list(iter_all(lambda c: reads.presences_page(actor=actor, place=place,
                                                              include_background=include_background,
                                                              limit=MAX_PAGE, cursor=c)))
        document_ids = {cl.document_id for r in records for cl in getattr(r, "claims", ())}
        document_ids |= {r.document_id for r in records if getattr(r, "document_id", None)}
        documents = {d.id: d for d in reads.documents(ids=sorted(document_ids), limit=None)} if document_ids else {}
        lookups = exporter.Lookups.from_names(_names_of(reads, records), documents)
        text = "".join(exporter.write(format, what, records, lookups))
        return Response(text, media_type=exporter.media_type(format) + "; charset=utf-8",
                        headers={"content-disposition":
                                 f'attachment; filename="garrison-{what}{exporter.suffix(format)}"'})

    # -- writes -------------------------------------------------------------------------

    def require_token(authorization: str | None) -> None:
        if not token:
            raise HTTPException(403, "writes are disabled: start the server with --token or GARRISON_TOKEN")
        if not token_matches(authorization, token):
            raise HTTPException(401, "a valid 'Authorization: Bearer <token>' header is needed to write",
                                headers={"www-authenticate": "Bearer"})

    @app.post("/api/ingest", response_model=m.Job, status_code=202, tags=["ingest"],
              responses={400: {"model": m.Problem}, 401: {"model": m.Problem}, 403: {"model": m.Problem},
                         413: {"model": m.Problem}})
    async def ingest(
        request: Request,
        authorization: Annotated[str | None, Header(description="Bearer <token>")] = None,
        files: Annotated[list[UploadFile] | None, File(description="documents to read")] = None,
        urls: Annotated[list[str] | None, Form(description="http(s) URLs or feeds to read")] = None,
        published: Annotated[date | None, Form()] = None,
    ) -> dict[str, Any]:
        """Upload files or give URLs: they are read, stored and processed in the background. Needs the token.

        Send multipart/form-data (``files``, ``urls``, ``published``) or JSON ``{"urls": [...]}``.
        """
        require_token(authorization)
        if request.headers.get("content-type", "").startswith("application/json"):
            try:
                body = m.IngestRequest.model_validate_json(await request.body())
            except ValueError as exc:
                raise HTTPException(422, "expected JSON {\"urls\": [...], \"published\": \"YYYY-MM-DD\"}") from exc
            url_list, published = body.urls, body.published
        else:
            url_list = [u for u in urls or [] if u.strip()]
        uploads = [(f.filename or "upload", await f.read()) for f in files or []]
        if not url_list and not uploads:
            raise HTTPException(400, "nothing to ingest: send files or urls")
        try:
            job = jobs.submit(urls=url_list, files=uploads, published=published)
        except UnsafeURL as exc:
            raise HTTPException(400, str(exc)) from exc
        return job.to_dict()

    @app.get("/api/jobs/{job_id}", response_model=m.Job, tags=["ingest"], responses={404: {"model": m.Problem}})
    def job(job_id: str) -> dict[str, Any]:
        """Where an ingest job is: queued, ingesting, processing, done or failed, with its summaries."""
        found = jobs.get(job_id)
        if found is None:
            raise HTTPException(404, f"no job {job_id[:40]!r} (jobs are forgotten when the server restarts)")
        return found.to_dict()

    # -- the web app ---------------------------------------------------------------------

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> FileResponse:
        return FileResponse(WEB / "api-docs.html")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB / "index.html")

    @app.get("/{path:path}", include_in_schema=False)
    def unknown(path: str) -> JSONResponse:
        return JSONResponse({"error": f"nothing at /{path[:100]}", "detail": None}, status_code=404)

    app.router.routes.insert(0, _mount("/static", WEB / "static"))
    app.router.routes.insert(0, _mount("/vendor", WEB / "vendor"))

    allowed = {"127.0.0.1", "localhost", "[::1]", host.lower()}
    edge = EdgeMiddleware(app, allowed_hosts=allowed, max_body=MAX_BODY, max_upload=max_upload)
    edge.fastapi = app
    return edge


def _mount(prefix: str, folder: Path):
    from starlette.routing import Mount

    folder.mkdir(parents=True, exist_ok=True)
    return Mount(prefix, app=StaticFiles(directory=folder), name=prefix.strip("/"))


def _json_response(content: Any) -> Response:
    return Response(orjson.dumps(content, default=str), media_type="application/json")


def _header(doc) -> dict[str, Any]:
    d = doc.to_dict()
    d.pop("text", None)
    d.pop("meta", None)
    return d

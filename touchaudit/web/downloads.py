"""An audit's files: the HTML scorecard, the JSON result, the Markdown summary (rendered from the
stored result, in the asked language) and the WARC capture of its crawl."""
from __future__ import annotations

import json

from starlette.responses import FileResponse, HTMLResponse, Response

from touchaudit.output import safe_stem
from touchaudit.web.context import AppContext
from touchaudit.web.messages import NotFound
from touchaudit.web.tables import AuditRow

KINDS = ("html", "json", "md", "warc")
# The scorecard is self-contained (inline CSS, no scripts): its own policy forbids everything else.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def download(app: AppContext, row: AuditRow, kind: str, lang: str) -> Response:
    if kind not in KINDS or row.scan_id is None:
        raise NotFound()
    stem = "touchaudit-" + safe_stem(row.url.split("://", 1)[-1])
    attachment = {"content-disposition": f'attachment; filename="{stem}.{kind if kind != "warc" else "warc.gz"}"'}
    if kind == "warc":
        path = app.service.warc_path(row)
        if path is None:
            raise NotFound()
        return FileResponse(path, media_type="application/warc", headers=attachment)
    result = app.store.result(row.scan_id)
    if kind == "json":
        return Response(json.dumps(result, ensure_ascii=False, indent=2), media_type="application/json", headers=attachment)
    if kind == "md":
        from touchaudit.reports.markdown import render_markdown

        return Response(render_markdown(result, lang), media_type="text/markdown; charset=utf-8", headers=attachment)
    from touchaudit.reports.html import render_html

    return HTMLResponse(render_html(result, lang), headers={"content-security-policy": REPORT_CSP})

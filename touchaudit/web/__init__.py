"""`touchaudit serve`: the web app (FastAPI on uvicorn, server-rendered with the report templates)."""

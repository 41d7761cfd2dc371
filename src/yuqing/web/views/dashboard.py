"""The dashboard: what came in, and how the sources are doing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from yuqing.store.models import Article, ArticleScore, User
from yuqing.web.deps import get_db, render
from yuqing.web.security import current_user

router = APIRouter()


@router.get("/")
def dashboard(
    request: Request,
    db: Annotated[Session, Depends(get_db)],
    user: Annotated[User, Depends(current_user)],
) -> Any:
    articles = db.scalar(select(func.count()).select_from(Article)) or 0
    relevant = db.scalar(select(func.count()).select_from(ArticleScore).where(ArticleScore.relevant)) or 0
    return render(request, "dashboard.html", articles=articles, relevant=relevant)

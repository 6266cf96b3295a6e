"""The JSON API for coordinators, reviewers and structures; roles checked on every route."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, status
from pydantic import BaseModel, StrictBool, StrictFloat, StrictInt
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth import DB, STAFF, current_user, require
from campaigns.status import progress
from core.listing import campaigns as list_campaigns
from core.models import Campaign, Role, Structure, User
from core.scores import barometer
from reports.feedback import structure_feedback
from review import correct, queue
from review.queue import CorrectionError

router = APIRouter(prefix="/api", tags=["api"])


def _campaign(session: Session, campaign_id: int) -> Campaign:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Campagne introuvable.")
    return campaign


@router.get("/me")
def me(user: User = Depends(current_user)) -> dict[str, Any]:
    """Qui suis-je : rôle et structure de rattachement."""
    return {
        "email": user.email,
        "name": user.name,
        "role": user.role.value,
        "structure_id": user.structure_id,
    }


@router.get("/campaigns")
def campaigns(_: User = Depends(require(*STAFF)), session: Session = DB) -> list[dict]:
    """Les campagnes (coordination)."""
    return list_campaigns(session)


@router.get("/campaigns/{campaign_id}/status")
def campaign_status(campaign_id: int, _: User = Depends(require(*STAFF)),
                    session: Session = DB) -> dict[str, Any]:  # fmt: skip
    """Avancement d'une campagne par vague et par canal."""
    return progress(session, _campaign(session, campaign_id).id)


@router.get("/campaigns/{campaign_id}/barometer")
def campaign_barometer(campaign_id: int, _: User = Depends(require(*STAFF)),
                       session: Session = DB) -> dict[str, Any]:  # fmt: skip
    """Le baromètre de la campagne (panel, canaux, catégories, certifiées)."""
    return barometer(session, _campaign(session, campaign_id), store=False)


@router.get("/structures/{code}/feedback")
def feedback(code: str, user: User = Depends(current_user),
             session: Session = DB) -> dict[str, Any]:  # fmt: skip
    """Le retour d'une structure sur ses réponses ; une structure ne voit que le sien."""
    structure = session.scalar(select(Structure).where(Structure.code == code))
    allowed = user.role in (*STAFF, Role.REVIEWER) or (
        user.role == Role.STRUCTURE and structure is not None and user.structure_id == structure.id
    )
    if not allowed:  # same answer whether the structure exists or not: nothing leaks
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "Vous n'avez pas accès aux données de cette structure."
        )
    if structure is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Structure introuvable.")
    return structure_feedback(session, structure)


@router.get("/review/queue")
def review_queue(limit: int = 50, _: User = Depends(require(Role.ADMIN, Role.REVIEWER)),
                 session: Session = DB) -> list[dict[str, Any]]:  # fmt: skip
    """Les notes automatiques à relire, de la moins sûre à la plus sûre."""
    return queue(session, limit=min(max(limit, 1), 500))


class Correction(BaseModel):
    exchange_id: int
    criterion: str
    value: StrictBool | StrictFloat | StrictInt | None
    reason: str | None = None


@router.post("/review/corrections")
def review_correct(body: Correction, user: User = Depends(require(Role.ADMIN, Role.REVIEWER)),
                   session: Session = DB) -> dict[str, Any]:  # fmt: skip
    """Corriger la note d'un critère ; la correction est conservée et le score recalculé."""
    try:
        return correct(session, exchange_id=body.exchange_id, criterion=body.criterion, value=body.value,
                       reason=body.reason, author_id=user.id)  # fmt: skip
    except CorrectionError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc

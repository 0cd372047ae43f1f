"""/api/v1 routes for training (being written)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["training"])

"""Crop geometry for single-person pose models: boxes, tracking windows, search tiles.

Pure numpy (and PIL for resizing), no model: the rules that decide where BlazePose looks are
tested here without loading it. Boxes are ``(x0, y0, x1, y1)`` integer pixels, x1/y1 exclusive.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from PIL import Image

Box = tuple[int, int, int, int]

# A window this many times the person's long side leaves room for a kick or a stride.
WINDOW_SCALE = 2.0
# Below this the model sees more blur than person; such windows are grown to it.
MIN_WINDOW_SIDE = 96


def bbox_of(image: NDArray[np.float64], width: int, height: int) -> Box:
    """Pixel box around normalised landmarks (33, 2+), clipped to the frame.

    >>> bbox_of(np.array([[0.25, 0.5, 0.0], [0.75, 1.5, 0.0]]), 100, 100)
    (25, 50, 75, 100)
    """
    xy = image[:, :2] * np.array([width, height])
    xy = xy[np.isfinite(xy).all(axis=1)]
    if len(xy) == 0:
        return (0, 0, width, height)
    x0, y0 = np.floor(xy.min(axis=0)).astype(int)
    x1, y1 = np.ceil(xy.max(axis=0)).astype(int)
    x0, x1 = int(np.clip(x0, 0, width - 1)), int(np.clip(x1, 1, width))
    y0, y1 = int(np.clip(y0, 0, height - 1)), int(np.clip(y1, 1, height))
    return (x0, y0, max(x1, x0 + 1), max(y1, y0 + 1))


def window_around(box: Box, width: int, height: int, scale: float = WINDOW_SCALE) -> Box | None:
    """A square window centred on ``box``, shifted inside the frame; None if it would be
    (nearly) the whole frame, where a crop gains nothing, or could not hold the person.

    >>> window_around((600, 300, 640, 380), 1280, 720)
    (540, 260, 700, 420)
    >>> window_around((0, 0, 600, 600), 1280, 720) is None
    False
    >>> window_around((0, 200, 800, 500), 1280, 720) is None
    True
    >>> window_around((0, 0, 600, 600), 640, 640) is None
    True
    """
    long_side = max(box[2] - box[0], box[3] - box[1])
    if long_side > 0.9 * min(width, height):
        return None  # a square crop cannot hold them with a margin
    side = int(min(max(long_side * scale, MIN_WINDOW_SIDE), width, height))
    if side * side >= 0.8 * width * height:
        return None
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    x0 = int(np.clip(round(cx - side / 2), 0, width - side))
    y0 = int(np.clip(round(cy - side / 2), 0, height - side))
    return (x0, y0, x0 + side, y0 + side)


def window_needs_move(window: Box, box: Box, margin: float = 0.1) -> bool:
    """True when the person nears the window's edge or no longer fits its scale.

    >>> window_needs_move((0, 0, 200, 200), (50, 50, 150, 150))
    False
    >>> window_needs_move((0, 0, 200, 200), (120, 50, 199, 150))
    True
    """
    side = window[2] - window[0]
    m = margin * side
    inside = (
        box[0] >= window[0] + m
        and box[1] >= window[1] + m
        and box[2] <= window[2] - m
        and box[3] <= window[3] - m
    )
    long_side = max(box[2] - box[0], box[3] - box[1])
    return not inside or long_side < side / (2 * WINDOW_SCALE) or long_side > 0.8 * side


def search_tiles(width: int, height: int) -> list[Box]:
    """Overlapping square tiles to look for a person the whole frame hides: frame-height tiles
    across a wide frame, then half-height tiles over everything.

    >>> len(search_tiles(1280, 720)), search_tiles(1280, 720)[0]
    (24, (0, 0, 720, 720))
    """
    tiles: list[Box] = []
    short = min(width, height)
    sizes = [short] if max(width, height) > 1.2 * short else []
    sizes.append(short // 2)
    for side in sizes:
        step = max(1, side // 2)
        xs = sorted({*range(0, width - side + 1, step), width - side})
        ys = sorted({*range(0, height - side + 1, step), height - side})
        tiles.extend((x, y, x + side, y + side) for y in ys for x in xs)
    return tiles


def iou(a: Box, b: Box) -> float:
    """Intersection over union of two boxes.

    >>> iou((0, 0, 10, 10), (5, 0, 15, 10))
    0.3333333333333333
    """
    ix = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def mask_box(frame: NDArray[np.uint8], box: Box, grow: float = 0.0) -> NDArray[np.uint8]:
    """A copy of the frame with ``box`` (grown by ``grow`` of its size) filled with the
    frame's median colour, so a detector looks past the person already tracked."""
    h, w = frame.shape[:2]
    gx, gy = (box[2] - box[0]) * grow, (box[3] - box[1]) * grow
    x0, y0 = max(0, int(box[0] - gx)), max(0, int(box[1] - gy))
    x1, y1 = min(w, int(box[2] + gx)), min(h, int(box[3] + gy))
    out = frame.copy()
    out[y0:y1, x0:x1] = np.median(frame[::8, ::8].reshape(-1, frame.shape[2]), axis=0).astype(
        np.uint8
    )
    return out


def downscale(frame: NDArray[np.uint8], max_side: int | None) -> NDArray[np.uint8]:
    """Scale an RGB frame so its long side is at most ``max_side`` (a no-op when it already is).

    >>> downscale(np.zeros((720, 1280, 3), np.uint8), 640).shape
    (360, 640, 3)
    """
    h, w = frame.shape[:2]
    if not max_side or max(h, w) <= max_side:
        return frame
    scale = max_side / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return np.asarray(Image.fromarray(frame).resize(size, Image.Resampling.BILINEAR))

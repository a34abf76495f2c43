from __future__ import annotations

import numpy as np
import pytest

from hipcoach.pose.crop import (
    bbox_of,
    downscale,
    iou,
    mask_box,
    search_tiles,
    window_around,
    window_needs_move,
)


def test_bbox_ignores_missing_landmarks_and_clips() -> None:
    image = np.array([[0.1, 0.2, 0], [np.nan, np.nan, np.nan], [1.2, 0.5, 0]])
    assert bbox_of(image, 100, 50) == (10, 10, 100, 25)
    assert bbox_of(np.full((33, 3), np.nan), 100, 50) == (0, 0, 100, 50)


@pytest.mark.parametrize(
    ("box", "size", "expect"),
    [
        ((600, 300, 640, 380), (1280, 720), (540, 260, 700, 420)),  # centred, 2x the person
        ((0, 0, 20, 20), (1280, 720), (0, 0, 96, 96)),  # grown to the minimum, kept inside
        ((1200, 600, 1280, 720), (1280, 720), (1040, 480, 1280, 720)),  # shifted inside
        ((500, 100, 700, 700), (1280, 720), (240, 0, 960, 720)),  # tall person: full height
        ((100, 300, 900, 500), (1280, 720), None),  # wider than a square crop can hold
        ((100, 100, 500, 500), (640, 640), None),  # would be the whole frame
    ],
)
def test_window_around(box, size, expect) -> None:  # type: ignore[no-untyped-def]
    win = window_around(box, *size)
    assert win == expect
    if win is not None:
        assert win[2] - win[0] == win[3] - win[1]  # square, as the detector wants
        assert win[0] >= 0 and win[2] <= size[0] and win[1] >= 0 and win[3] <= size[1]


def test_window_moves_when_the_person_nears_the_edge_or_changes_scale() -> None:
    win = (0, 0, 200, 200)
    assert not window_needs_move(win, (60, 60, 140, 140))
    assert window_needs_move(win, (150, 60, 199, 140))  # at the right edge
    assert window_needs_move(win, (90, 90, 110, 110))  # much smaller than the window
    assert window_needs_move(win, (25, 25, 195, 190))  # fills it


def test_search_tiles_cover_the_frame() -> None:
    tiles = search_tiles(1280, 720)
    covered = np.zeros((720, 1280), bool)
    for x0, y0, x1, y1 in tiles:
        assert x1 - x0 == y1 - y0 and x1 <= 1280 and y1 <= 720
        covered[y0:y1, x0:x1] = True
    assert covered.all()
    assert tiles[0] == (0, 0, 720, 720)  # big tiles first: the cheaper find
    assert len(search_tiles(480, 480)) == 9  # a square frame: only half-size tiles


def test_iou_and_mask() -> None:
    assert iou((0, 0, 10, 10), (0, 0, 10, 10)) == 1
    assert iou((0, 0, 10, 10), (20, 20, 30, 30)) == 0
    frame = np.zeros((100, 100, 3), np.uint8)
    frame[:, 50:] = 200
    frame[40:60, 40:60] = 7
    masked = mask_box(frame, (40, 40, 60, 60))
    assert (masked[40:60, 40:60] != 7).all() and frame[50, 50, 0] == 7  # a copy


def test_downscale() -> None:
    frame = np.zeros((1080, 1920, 3), np.uint8)
    assert downscale(frame, 1280).shape == (720, 1280, 3)
    assert downscale(frame, None) is frame

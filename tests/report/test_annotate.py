from __future__ import annotations

import numpy as np
import pytest

from hipcoach.pose.landmarks import SIDE_JOINTS
from hipcoach.report.annotate import Overlay, OverlayStyle, draw_overlay, landmarks_to_px

STYLE = OverlayStyle()


def _bridge_points() -> np.ndarray:
    """A side-view bridge at the top: shoulder on the floor, hips up, shins vertical."""
    pts = np.full((33, 2), np.nan)
    left = SIDE_JOINTS["left"]
    pts[left["shoulder"]] = [120, 300]
    pts[left["hip"]] = [300, 200]
    pts[left["knee"]] = [440, 190]
    pts[left["ankle"]] = [450, 320]
    return pts


def _mask(out: np.ndarray, color: tuple[int, int, int], tol: int = 30) -> np.ndarray:
    return (np.abs(out.astype(int) - np.array(color)) <= tol).all(axis=2)


def test_frame_is_not_modified_and_shape_kept() -> None:
    frame = np.full((360, 640, 3), 100, np.uint8)
    out = draw_overlay(frame, Overlay(_bridge_points(), side="left", angle_deg=171, reps=2))
    assert out.shape == frame.shape and out.dtype == np.uint8
    assert (frame == 100).all()


def test_measured_chain_is_highlighted_along_the_thigh() -> None:
    frame = np.zeros((360, 640, 3), np.uint8)
    out = draw_overlay(frame, Overlay(_bridge_points(), side="left"))
    hot = _mask(out, STYLE.measured)
    # Midpoint of hip (300, 200) -> knee (440, 190).
    assert hot[193:198, 368:372].any()
    # Nothing drawn far from the body.
    assert not out[20:60, 560:620].any()


def test_fault_colour_replaces_the_highlight() -> None:
    frame = np.zeros((360, 640, 3), np.uint8)
    out = draw_overlay(frame, Overlay(_bridge_points(), side="left", angle_deg=196, fault=True))
    assert _mask(out, STYLE.fault).sum() > 200
    assert _mask(out, STYLE.measured, tol=10).sum() == 0


def test_invisible_joints_are_not_drawn() -> None:
    frame = np.zeros((360, 640, 3), np.uint8)
    vis = np.zeros(33)
    out = draw_overlay(frame, Overlay(_bridge_points(), visibility=vis, side="left"))
    assert not out.any()


def test_panel_text_and_hold_bar_in_the_top_left() -> None:
    frame = np.full((360, 640, 3), 128, np.uint8)
    full = draw_overlay(
        frame, Overlay(reps=4, target_reps=12, set_index=0, hold_s=10, hold_target_s=10)
    )
    half = draw_overlay(
        frame, Overlay(reps=4, target_reps=12, set_index=0, hold_s=5, hold_target_s=10)
    )
    corner = full[:50, :120]
    assert (corner < 128).mean() > 0.5  # the darkened panel
    assert (corner > 200).any()  # white text
    assert _mask(full, STYLE.good).sum() > _mask(half, STYLE.good).sum()  # a full bar turns green
    assert (full[200:, 400:] == 128).all()  # the rest of the frame untouched


def test_panel_darkens_by_its_alpha_and_leaves_the_input_alone() -> None:
    frame = np.full((360, 640, 3), 200, np.uint8)
    out = draw_overlay(frame, Overlay(reps=1))
    dimmed = int(200 * (1.0 - STYLE.panel_alpha))
    # Inside the panel, away from its text, each channel is scaled down by the panel's alpha.
    assert (out[:30, :55] == dimmed).all(axis=2).mean() > 0.5
    assert (frame == 200).all()


def test_cues_banner_at_the_bottom_fits_long_text() -> None:
    frame = np.full((360, 640, 3), 128, np.uint8)
    cue = (
        "Keep the ribs down and squeeze the glutes at the top instead of arching the lower back "
        * 3
    )
    out = draw_overlay(frame, Overlay(cues=[cue, "Slow down"]))
    assert (out[-10:, :] < 128).all(axis=2).mean() > 0.9  # the banner spans the width
    assert (out[-60:, :] > 200).any()  # text inside it
    assert (out[:200] == 128).all()


@pytest.mark.parametrize("size", [(240, 320), (720, 1280), (1080, 1920)])
def test_any_resolution(size: tuple[int, int]) -> None:
    h, w = size
    pts = _bridge_points() * (h / 360)
    out = draw_overlay(
        np.zeros((h, w, 3), np.uint8),
        Overlay(pts, side="left", angle_deg=180, reps=1, cues=["Hold"]),
    )
    assert out.shape == (h, w, 3)


def test_bad_frame_is_refused() -> None:
    with pytest.raises(ValueError, match=r"expected an \(H, W, 3\) RGB frame"):
        draw_overlay(np.zeros((10, 10), np.uint8), Overlay())


def test_landmarks_to_px() -> None:
    image = np.full((33, 3), np.nan)
    image[23] = [0.25, 0.5, 0.1]
    px = landmarks_to_px(image, 1280, 720)
    assert px[23].tolist() == [320.0, 360.0] and np.isnan(px[0]).all()

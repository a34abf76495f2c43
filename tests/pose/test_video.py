from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hipcoach.errors import CorruptVideoError, EmptyVideoError, InputError, NotAVideoError
from hipcoach.pose.video import VideoReader, iter_frames, probe

pytestmark = pytest.mark.slow  # decodes videos (tiny ones: the whole file takes about a second)


def test_probe_reports_size_rate_and_count(video) -> None:  # type: ignore[no-untyped-def]
    info = probe(video("a.mp4", n=45, width=96, height=64, fps=30))
    assert (info.width, info.height, info.rotation) == (96, 64, 0)
    assert info.fps == pytest.approx(30, rel=0.01)
    assert info.frame_count == 45
    assert info.duration_s == pytest.approx(1.5, abs=0.05)
    assert info.codec == "h264"


@pytest.mark.parametrize("name", ["a.mp4", "a.mkv", "a.mov", "a.webm", "a.avi"])
def test_common_containers_stream_every_frame(video, name: str) -> None:  # type: ignore[no-untyped-def]
    codec = (
        "libvpx-vp9" if name.endswith("webm") else "mpeg4" if name.endswith("avi") else "libx264"
    )
    path = video(name, n=20, codec=codec)
    frames = list(iter_frames(path))
    assert len(frames) == 20
    times = [t for t, _ in frames]
    assert times[0] == pytest.approx(0, abs=1e-6)
    assert np.allclose(np.diff(times), 1 / 30, atol=2e-3)
    rgb = frames[0][1]
    assert rgb.shape == (48, 64, 3) and rgb.dtype == np.uint8 and rgb.flags.c_contiguous


def test_variable_frame_rate_keeps_real_timestamps(video) -> None:  # type: ignore[no-untyped-def]
    times = [0.0, 0.1, 0.15, 0.5, 0.51, 1.0]
    path = video("vfr.mp4", n=6, times=times)
    got = [t for t, _ in iter_frames(path)]
    np.testing.assert_allclose(got, times, atol=1e-3)


@pytest.mark.parametrize(
    ("rotation", "corner"), [(90, "bottom-left"), (270, "top-right"), (180, "bottom-right")]
)
def test_phone_rotation_turns_frames_upright(video, rotation: int, corner: str) -> None:  # type: ignore[no-untyped-def]
    # The stored frames are 64x48 with a white block top-left; the display matrix says how to
    # turn them, as phones write portrait videos.
    path = video("rot.mp4", n=3, width=64, height=48, rotation=rotation)
    info = probe(path)
    assert info.rotation == rotation
    expect_size = (48, 64) if rotation in (90, 270) else (64, 48)
    assert (info.width, info.height) == expect_size
    _, rgb = next(iter_frames(path))
    assert rgb.shape[1::-1] == expect_size
    h, w = rgb.shape[:2]
    quads = {
        "top-left": rgb[: h // 8, : w // 8],
        "top-right": rgb[: h // 8, -w // 8 :],
        "bottom-left": rgb[-h // 8 :, : w // 8],
        "bottom-right": rgb[-h // 8 :, -w // 8 :],
    }
    brightest = max(quads, key=lambda k: quads[k].mean())
    assert brightest == corner
    assert rgb.flags.c_contiguous


def test_resize_keeps_aspect_and_rotation(video) -> None:  # type: ignore[no-untyped-def]
    path = video("big.mp4", n=2, width=320, height=180, rotation=90)
    reader = VideoReader(path, max_side=160)
    assert reader.size == (90, 160)
    _, rgb = next(reader.frames())
    assert rgb.shape == (160, 90, 3)


def test_lower_analysis_rate_drops_frames_on_a_fixed_grid(video) -> None:  # type: ignore[no-untyped-def]
    path = video("a.mp4", n=60, fps=30)
    times = [t for t, _ in VideoReader(path, fps=10).frames()]
    assert len(times) == 20
    assert np.allclose(np.diff(times), 0.1, atol=1e-3)


def test_dense_head_then_the_coarse_grid(video) -> None:  # type: ignore[no-untyped-def]
    path = video("a.mp4", n=90, fps=30)
    times = np.array([t for t, _ in VideoReader(path, fps=5, head_s=1.0, head_fps=15).frames()])
    head, rest = times[times < 1.0], times[times >= 1.0]
    assert len(head) == 15 and np.allclose(np.diff(head), 1 / 15, atol=1e-3)
    assert len(rest) == 10 and np.allclose(np.diff(rest), 0.2, atol=1e-3)
    # A chunk that starts after the head reads exactly the single pass's frames.
    later = [t for t, _ in VideoReader(path, fps=5, head_s=1.0, head_fps=15, start_s=2.0).frames()]
    assert later == pytest.approx(times[times >= 2.0].tolist())


def test_chunk_reads_only_its_window(video) -> None:  # type: ignore[no-untyped-def]
    path = video("a.mp4", n=90, fps=30)
    everything = [t for t, _ in VideoReader(path, fps=15).frames()]
    parts = [
        [t for t, _ in VideoReader(path, fps=15, start_s=a, end_s=b).frames()]
        for a, b in ((0, 1.0), (1.0, 2.0), (2.0, None))
    ]
    assert [t for part in parts for t in part] == pytest.approx(everything)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        probe(tmp_path / "nope.mp4")


def test_text_file_renamed_mp4_is_not_a_video(tmp_path: Path) -> None:
    p = tmp_path / "notes.mp4"
    p.write_text("squats 3x10\n" * 20)
    with pytest.raises(NotAVideoError, match="not a video file") as exc:
        probe(p)
    assert exc.value.hint and ".mp4" in exc.value.hint
    assert exc.value.exit_code == 4


def test_empty_file_and_zero_frames(tmp_path: Path, video) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "empty.mp4"
    p.write_bytes(b"")
    with pytest.raises(EmptyVideoError, match="0 bytes"):
        probe(p)
    with pytest.raises(EmptyVideoError, match="no frames"):
        probe(video("zero.mp4", n=0))


def _truncate(path: Path, keep: float) -> Path:
    data = path.read_bytes()
    out = path.with_name("cut-" + path.name)
    out.write_bytes(data[: int(len(data) * keep)])
    return out


def test_truncated_mp4_without_index_is_reported_as_damaged(video) -> None:  # type: ignore[no-untyped-def]
    # The default MP4 writes its index at the end: cut it off and nothing can be read.
    path = _truncate(video("a.mp4", n=30, noise=True), 0.6)
    with pytest.raises(CorruptVideoError, match="cannot be opened"):
        probe(path)


@pytest.mark.parametrize(
    ("name", "options"), [("a.mkv", None), ("fs.mp4", {"movflags": "+faststart"})]
)
def test_truncated_video_keeps_the_frames_before_the_damage(video, name, options) -> None:  # type: ignore[no-untyped-def]
    path = _truncate(video(name, n=60, noise=True, options=options), 0.5)
    strict = VideoReader(path)
    got: list[float] = []
    with pytest.raises(CorruptVideoError, match=r"damaged after \d\.\d s \(\d+ frames read\)"):
        for t, _ in strict.frames():
            got.append(t)
    assert 10 <= len(got) < 60

    lenient = VideoReader(path, strict=False)
    kept = [t for t, _ in lenient.frames()]
    assert kept == got
    assert lenient.damage is not None and "frames before the damage were kept" in str(
        lenient.damage
    )
    assert lenient.frames_read == len(kept)


def test_intact_video_has_no_damage(video) -> None:  # type: ignore[no-untyped-def]
    reader = VideoReader(video("a.mkv", n=30, noise=True), strict=False)
    assert len(list(reader.frames())) == 30
    assert reader.damage is None


def test_skipping_non_reference_frames_keeps_exact_times(video) -> None:  # type: ignore[no-untyped-def]
    path = video("b.mp4", n=60)  # x264 defaults: B-frames, some not referenced
    every = [t for t, _ in VideoReader(path).frames()]
    some = [t for t, _ in VideoReader(path, skip_nonref=True).frames()]
    assert 0 < len(some) < len(every)
    assert set(np.round(some, 6)) <= set(np.round(every, 6))

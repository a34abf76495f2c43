"""H.264 MP4 writing with PyAV (yuv420p, constant quality), the format the coach decodes."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np
from numpy.typing import NDArray


class Mp4Writer:
    """Write RGB frames to an H.264 MP4; ``crf`` trades size for quality (23 good, 30 small).

    >>> with Mp4Writer(Path("/tmp/x.mp4"), 64, 64, fps=30) as w:  # doctest: +SKIP
    ...     w.write(np.zeros((64, 64, 3), np.uint8))
    """

    def __init__(
        self, path: Path, width: int, height: int, fps: float = 30.0, crf: int = 28
    ) -> None:
        import av

        self._av = av
        self.path = path
        self.container: Any = av.open(str(path), mode="w")
        self.stream: Any = self.container.add_stream("libx264", rate=round(fps))
        self.stream.width, self.stream.height = width, height
        self.stream.pix_fmt = "yuv420p"
        # One thread and no scene-cut randomness: the same frames give the same bytes.
        self.stream.options = {"crf": str(crf), "preset": "medium", "threads": "1"}
        self.frames = 0

    def write(self, rgb: NDArray[np.uint8]) -> None:
        frame = self._av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24")
        for packet in self.stream.encode(frame):
            self.container.mux(packet)
        self.frames += 1

    def close(self) -> None:
        for packet in self.stream.encode():
            self.container.mux(packet)
        self.container.close()

    def __enter__(self) -> Mp4Writer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

"""Rendered ground truth: the kinematic generator's motions performed by a real body model.

Needs the ``render`` extra (torch CPU, anny 0.6.2, pyrender on EGL); nothing in the coach imports
it. Regenerate the committed benchmark clips and the packaged demo video with::

    PYOPENGL_PLATFORM=egl python -m hipcoach.synth.render --out benchmarks/data/rendered

Modules: ``body`` (anny posed from a Motion), ``truth`` (33 landmarks, signed angles), ``props``
and ``scene`` (floor, wall, bench, box, ball, bar, lights, clothes), ``video`` (H.264 writer),
``clip`` (one clip: MP4 + label JSON), ``jobs`` (the benchmark set).
"""

"""Imported by the pose workers' fork server before it forks them (see
:mod:`hipcoach.pose.parallel`): loads the part of mediapipe BlazePose needs once, so each
worker starts with it in place instead of importing it again.

Importing this module is the point of it, so it acts on import, unlike the rest of hipcoach.
"""

from hipcoach.pose.mp_runtime import preload

preload()

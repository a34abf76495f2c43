"""Use cases that several front ends share (CLI, web app, batch runner).

>>> from hipcoach.app import CoachRequest
>>> CoachRequest().annotated
True
"""

from hipcoach.app.coach import CoachRequest, CoachResult, coach_video, default_output

__all__ = ["CoachRequest", "CoachResult", "coach_video", "default_output"]

"""Ground truth: synthetic landmark sequences and rendered videos with exact labels.

The kinematic generator needs only numpy; the renderer needs the ``render`` extra. Nothing in the
coach imports this package.
"""

"""Runnable models, training and evaluation kernels (PyTorch, scikit-learn; CPU first).

Run ``python -m technical --help`` for the command line.
"""

__all__: list[str] = []

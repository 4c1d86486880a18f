"""Compression kernels: quantization, pruning, distillation, and how they are measured."""

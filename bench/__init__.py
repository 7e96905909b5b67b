"""Benchmarks on realistic volumes (`make bench`). Figures are printed, never asserted."""

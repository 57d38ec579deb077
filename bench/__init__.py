"""Benchmarks, run on demand (`make bench`); results go to BENCHMARKS.md, never to tests."""

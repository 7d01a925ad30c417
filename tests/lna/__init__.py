"""Tests of the learning needs analysis, mirroring academy/lna."""

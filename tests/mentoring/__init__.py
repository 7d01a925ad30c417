"""Tests of the mentoring package."""

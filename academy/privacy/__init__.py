"""Privacy: subject access downloads, retention of leavers' data, and erasure requests."""

"""Trusted read documents compiled to one SQL statement (see `compiler`)."""

"""Trusted documents over GraphQL: requests by document id or APQ hash, the
production switch that runs nothing else, and their registration."""

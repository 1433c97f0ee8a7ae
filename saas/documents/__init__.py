"""Trusted documents: the GraphQL operations frontends register ahead of time."""

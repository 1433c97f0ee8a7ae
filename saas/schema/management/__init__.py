"""The weekly management loop in GraphQL: meetings, their actions, and
personal success plans."""

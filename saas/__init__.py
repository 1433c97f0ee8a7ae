"""Dealer CRM SaaS: a multi-tenant GraphQL backend for car dealer groups and OEMs."""

"""Webhooks: endpoints registered by dealer groups and OEMs, signed deliveries."""

"""Global ids: how the API names a row to its clients (base64 of
"<GraphQL type>:<primary key>"). `saas.schema.relay` reads and writes them
for the schema; this is the encoding alone, for a domain that stores what
the API will show (a notification's data)."""

from __future__ import annotations

import binascii


def global_id(type_name: str, pk: object) -> str:
    """The global id of row `pk` shown as GraphQL type `type_name`."""
    # base64.b64encode without its wrapper: a page shows ~280 ids.
    return binascii.b2a_base64(f"{type_name}:{pk}".encode(), newline=False).decode()

"""Print the GraphQL schema (SDL): `python -m saas.schema.export > schema.graphql`."""

from saas.schema import schema

if __name__ == "__main__":
    print(schema.as_str())

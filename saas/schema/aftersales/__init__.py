"""After-sales in GraphQL: vehicles, service, insurance, complaints, surveys,
reminder tasks and the customer timeline."""

"""Reports in GraphQL: the daily report, targets against actuals, the
funnel and H-list, comparisons, and report runs in the background."""

"""Domain events: one emission point (`emit`) for webhooks and live subscriptions."""

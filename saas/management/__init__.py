"""The showroom's weekly management loop: the weekly meeting with its
continuous-improvement actions, and the consultants' personal success plans.
It reads the reports (`saas.reports`) and the CRM, and nothing below it reads it."""

"""Service levels: the business-hours calendar and SLA due times for software bugs."""

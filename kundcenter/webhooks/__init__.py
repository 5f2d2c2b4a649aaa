"""Signed webhooks: endpoints staff and customers' SuperUsers register, fed by the outbox.

A channel like the mail (kundcenter.webhooks.channel): it subscribes to what the domain
records and delivers one signed HTTP POST per endpoint (Standard Webhooks), with the
outbox's retries, a log of every attempt, and endpoints paused when they keep failing.
"""

"""The transactional outbox: what a change causes outside its own transaction.

An action records each consequence (`kundcenter.outbox.events.record`) in the same
database transaction as the change; channels that subscribed to the topic (the mail
channel, later webhooks) deliver it after commit (`kundcenter.outbox.delivery`).
"""

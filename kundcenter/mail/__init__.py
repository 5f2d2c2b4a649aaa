"""The e-mail channel: inbound mail becomes tickets and replies; outbound notifications."""

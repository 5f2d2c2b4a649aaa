"""The one error type domain actions raise when they refuse."""


class ActionError(Exception):
    """A refused action; `message` is a sentence for the user, in their language.

    Views catch it and show the message; the action has changed nothing.
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message

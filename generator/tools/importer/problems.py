"""The one error the readers raise: a document that cannot be read, said in Chinese."""


class ReadProblem(Exception):
    """A document that cannot be read: the message (Chinese) says why and what to do."""

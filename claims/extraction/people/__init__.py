"""The people and organisations of one document, and who a name, title or pronoun refers to.

Quotes, events and claims all resolve names through one :class:`PeopleIndex`, built once per
document by the pipeline.
"""

from .index import NOBODY, PeopleIndex, Person, Resolution, SpeakerBook
from .names import clean_name, name_key, short_key
from .speakers import ResolvedSpeaker, describe_speaker, named_speaker, recent_speaker

__all__ = [
    "NOBODY",
    "PeopleIndex",
    "Person",
    "Resolution",
    "ResolvedSpeaker",
    "SpeakerBook",
    "clean_name",
    "describe_speaker",
    "name_key",
    "named_speaker",
    "recent_speaker",
    "short_key",
]

"""Container image references: the grammar every registry client parses them with.

A reference that this grammar refuses is refused by every kind's runtime (containerd,
ACI, ACA, ECS and Cloud Run all parse it with distribution's `reference` package or an
equivalent), but only when the workload starts, after `pulumi up` has replaced things.
Checking it here turns that late failure into an error before anything registers.

The grammar is distribution/reference's `ReferenceRegexp` (regexp.go, mirrored from
https://github.com/distribution/reference/blob/main/regexp.go; formerly
docker/distribution/reference):

    reference        := name [ ":" tag ] [ "@" digest ]
    name             := [domain "/"] path-component ["/" path-component]*
    domain           := host [":" port-number]
    host             := domain-name | "[" IPv6address "]"
    domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
    path-component   := /[a-z0-9]+/ [separator /[a-z0-9]+/]*      (lower case only)
    separator        := /[_.]|__|[-]+/
    tag              := /[\\w][\\w.-]{0,127}/
    digest           := algorithm ":" hex (32 or more)

plus what `reference.Parse` checks after the match (reference.go): the repository path is
at most 255 characters, and the digest is valid for its algorithm (go-digest: sha256 is 64
lower-case hex characters, sha384 96, sha512 128; other algorithms are unsupported).
"""

from __future__ import annotations

import re
from typing import Optional

# The building blocks of regexp.go, named as there. Go's `\w` and `[[:xdigit:]]` are ASCII.
_ALPHANUMERIC = r"[a-z0-9]+"
_SEPARATOR = r"(?:[._]|__|[-]+)"
_DOMAIN_NAME_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_OPTIONAL_PORT = r"(?::[0-9]+)?"
_TAG = r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}"
_IPV6_ADDRESS = r"\[(?:[a-fA-F0-9:]+)\]"
_DOMAIN_NAME = _DOMAIN_NAME_COMPONENT + r"(?:\." + _DOMAIN_NAME_COMPONENT + r")*"
_HOST = r"(?:" + _DOMAIN_NAME + r"|" + _IPV6_ADDRESS + r")"
_DOMAIN_AND_PORT = _HOST + _OPTIONAL_PORT
_PATH_COMPONENT = _ALPHANUMERIC + r"(?:" + _SEPARATOR + _ALPHANUMERIC + r")*"
_REMOTE_NAME = _PATH_COMPONENT + r"(?:/" + _PATH_COMPONENT + r")*"
_NAME = r"(?:" + _DOMAIN_AND_PORT + r"/)?" + _REMOTE_NAME

# Anchored with \Z, not $: Python's $ also matches before a trailing newline, and "nginx\n" is no image.
REFERENCE = re.compile(r"^(" + _NAME + r")(?::(" + _TAG + r"))?(?:@(" + _DIGEST + r"))?\Z")
_ANCHORED_NAME = re.compile(r"^(?:(" + _DOMAIN_AND_PORT + r")/)?(" + _REMOTE_NAME + r")\Z")

# reference.RepositoryNameTotalLengthMax
REPOSITORY_NAME_MAX = 255
# go-digest's algorithms and the length of their hex encoding (algorithm.go).
DIGEST_HEX_LENGTH = {"sha256": 64, "sha384": 96, "sha512": 128}

EXAMPLES = "'nginx', 'nginx:1.27', 'ghcr.io/org/app:1.2.3', 'localhost:5000/app', 'repo/app@sha256:<64 hex>'"


def image_problem(image: str) -> Optional[tuple[str, str]]:
    """(problem, fix) when `image` is not a valid reference; None when it is."""
    match = REFERENCE.match(image)
    if match is None:
        return _why_not(image)
    name, _tag, digest = match.groups()
    path = _ANCHORED_NAME.match(name).group(2)  # type: ignore[union-attr]  # name matched already
    if len(path) > REPOSITORY_NAME_MAX:
        return (f"the repository path is {len(path)} characters, more than the {REPOSITORY_NAME_MAX} registries accept",
                "use a shorter repository path")
    if digest:
        algorithm, _, encoded = digest.partition(":")
        length = DIGEST_HEX_LENGTH.get(algorithm)
        if length is None:
            return (f"digest algorithm '{algorithm}' is not supported",
                    f"use one of {sorted(DIGEST_HEX_LENGTH)} (normally sha256)")
        if len(encoded) != length or not re.fullmatch(r"[a-f0-9]+", encoded):
            return (f"a {algorithm} digest is {length} lower-case hex characters, this one is {len(encoded)} "
                    f"characters{'' if encoded == encoded.lower() else ' with upper case'}",
                    "copy the digest exactly as the registry shows it")
    return None


def _why_not(image: str) -> tuple[str, str]:
    """The most likely reason a reference does not match, for the message."""
    fix = f"use [registry[:port]/]repository[:tag][@digest], like {EXAMPLES}"
    if image != image.strip() or any(c.isspace() for c in image):
        return ("an image reference cannot contain whitespace (a space, tab or newline)",
                "remove it; a reference read from a file or a command keeps its trailing newline: strip() it")
    if image.startswith(("http://", "https://")):
        return "an image reference has no URL scheme", "remove the 'http(s)://' prefix"
    if REFERENCE.match(image.lower()):
        return ("the repository part must be lower case (only the registry host and the tag may have upper case)",
                f"use '{_lower_repository(image)}'")
    name, at, digest = image.partition("@")
    if at and not digest:
        return "the digest after '@' is empty", "give the digest, like 'sha256:<64 hex>', or remove the '@'"
    if at and not re.fullmatch(_DIGEST, digest):
        return f"'{digest}' is not a digest", "give it as 'sha256:<64 hex>'"
    last = name.rsplit("/", 1)[-1]
    if ":" in last:
        tag = last.split(":", 1)[1]
        if not tag:
            return "the tag after ':' is empty", "give a tag, like ':1.2.3', or remove the ':'"
        if not re.fullmatch(_TAG, tag):
            return (f"tag '{tag}' is not valid (letters, digits, '_', '.', '-', at most 128, not starting with '.' "
                    "or '-')", "use a valid tag")
    return "not a valid image reference", fix


def _lower_repository(image: str) -> str:
    """`Registry.io/Org/App:TAG` -> `Registry.io/org/app:TAG`: what the user most likely meant."""
    name, at, digest = image.partition("@")
    head, slash, last = name.rpartition("/")
    repo_last, colon, tag = last.partition(":")
    parts = (head + slash).split("/")
    first_is_domain = bool(slash) and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost")
    lowered = [p if (i == 0 and first_is_domain) else p.lower() for i, p in enumerate(parts)]
    return "/".join(lowered) + repo_last.lower() + colon + tag + at + digest

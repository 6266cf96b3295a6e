"""PLATFORMS.md test vectors, for the sandbox's signers and the tests' own receiver."""

from __future__ import annotations

import pytest
from sandbox_helpers import meta_sig, x_crc, x_sig

from sandbox.signing import meta_body, meta_signature, x_crc_response, x_signature

BODY = b'{"object":"page","entry":[]}'
CRC_SECRET = "z3ZX4v7mAAUGykl3EcmkqbartmuW8VFOOzCloLx9Q45P0hLrFu"
CRC_TOKEN = "9b4507b3-9040-4669-9ca3-6b94edb50553"


@pytest.mark.parametrize("crc", [x_crc_response, x_crc])
def test_x_crc_vector(crc):
    assert crc(CRC_SECRET, CRC_TOKEN) == "sha256=Cytd4Sq+NvEcV3MMrXxWJGJx5A+y/lXzzU2Maartkx8="


@pytest.mark.parametrize("sign", [x_signature, x_sig])
def test_x_post_signature_vector(sign):
    assert sign("consumersecret", BODY) == "sha256=oIASS7FcSf8pp/x9n3KAwJrMBsab95zHVV3tOjpdHP0="


@pytest.mark.parametrize("sign", [meta_signature, meta_sig])
def test_meta_signature_vector(sign):
    assert (
        sign("appsecret", BODY)
        == "sha256=0e9e0080a310f376450c46d999aa4d49ed772bfe43c13205f38a3a6e6611ed2b"
    )


def test_meta_body_escapes_like_meta():
    assert meta_body({"object": "page", "entry": []}) == BODY
    assert meta_body({"text": "Réponse à 9h/17h"}) == b'{"text":"R\\u00e9ponse \\u00e0 9h\\/17h"}'

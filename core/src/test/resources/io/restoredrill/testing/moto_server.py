"""moto's server (python3 -m moto.server), with one fix for its IAM enforcement.

With IAM enforced, moto checks each request's SigV4 signature by signing the request again. It
signs the query string as it decoded it: an S3 listing with prefix=reports%2F is signed as
prefix=reports/, so the signature of every SigV4-conforming client (the AWS SDK for Java encodes
'/' as %2F, as SigV4 asks) is refused as SignatureDoesNotMatch. Here the query is encoded again,
as SigV4 defines, before moto signs it; nothing else changes.
"""
import sys
from urllib.parse import parse_qsl, quote

from moto.iam import access_control


def _sigv4_query(path):
    base, separator, query = path.partition("?")
    if not separator:
        return path
    pairs = parse_qsl(query, keep_blank_values=True)
    return base + "?" + "&".join(quote(k, safe="-_.~") + "=" + quote(v, safe="-_.~") for k, v in pairs)


_create_aws_request = access_control.IAMRequestBase._create_aws_request


def _create_sigv4_request(self):
    request = _create_aws_request(self)
    request.url = _sigv4_query(request.url)
    return request


access_control.IAMRequestBase._create_aws_request = _create_sigv4_request

if __name__ == "__main__":
    from moto.server import main

    main(sys.argv[1:])

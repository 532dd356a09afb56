"""Reads a running Lianluo Open311 server with the PyPI `georeport` client, as a third-party system would.

Usage: georeport_client.py ROOT_URL SERVICE_CODE REQUEST_ID
Prints one JSON object: what the client read in JSON and in XML (the client's own parsing of each).
"""
import json
import sys

from georeport import GeoReport


def read(root: str, output_format: str, service_code: str, request_id: str) -> dict:
    client = GeoReport(root, output_format=output_format)
    return {
        'services': client.get_service_list(),
        'definition': client.get_service_definition(service_code),
        'requests': client.get_service_requests(service_request_id=request_id),
        'request': client.get_service_request(request_id),
        'open': client.get_service_requests(status='open', service_code=service_code),
    }


def main() -> None:
    root, service_code, request_id = sys.argv[1:4]
    print(json.dumps({fmt: read(root, fmt, service_code, request_id) for fmt in ('json', 'xml')}, ensure_ascii=False))


if __name__ == '__main__':
    main()

"""An outside client generated from the published OpenAPI document (Schemathesis) finds no
fault: every operation, with valid and with invalid data, in-process against the app."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, seed, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api_world import build_little_city

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    positive_data_acceptance,
    negative_data_rejection,
]
EXAMPLES_PER_OPERATION = 30


@pytest.fixture
def city(make_user, make_product, make_need, make_quote_request, make_quote):
    """A little of everything in 厦门, seen by an official of the city."""
    return build_little_city(
        make_user, make_product, make_need, make_quote_request, make_quote
    ).official


def exercise(operation, mode, examples: dict, failures: list) -> None:
    """Run up to EXAMPLES_PER_OPERATION generated requests of one kind against one operation."""
    label = operation.label

    @seed(20261201)
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        examples[label] = examples.get(label, 0) + 1
        try:
            case.call_and_validate(checks=CHECKS)
        except Exception as failure:  # a failed check, or an error the app let through
            failures.append(f"{label} [{mode.value}] {case.as_curl_command()}\n{failure}")

    run()


def test_schemathesis_finds_no_failure(app, city, api_headers):
    token = api_headers(city)["Authorization"].removeprefix("Bearer ")
    # the token is the document's bearerAuth scheme, so Schemathesis also tries going without it
    config = schemathesis.Config.from_dict({"auth": {"openapi": {"bearerAuth": {"bearer": token}}}})
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config)
    operations = [result.ok() for result in schema.get_all_operations()]
    examples, failures = {}, []

    for operation in operations:
        exercise(operation, GenerationMode.POSITIVE, examples, failures)
        if operation.query or operation.path_parameters:
            exercise(operation, GenerationMode.NEGATIVE, examples, failures)

    print(f"schemathesis: {len(operations)} operations, {sum(examples.values())} examples")
    assert len(operations) >= 14  # every route but /openapi.json, which Schemathesis skips
    assert all(examples.get(op.label) for op in operations)
    assert failures == [], f"{len(failures)} failures:\n\n" + "\n\n".join(failures[:8])

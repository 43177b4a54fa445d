"""Schemathesis over the OpenAPI schema: every operation, generated valid and invalid input,
all default checks (no server error, documented status codes and content types, ...).

Driven through Hypothesis directly: schemathesis' pytest plugin does not run on pytest 9.
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import positive_data_acceptance
from sqlalchemy.orm import Session

from app.main import create_app
from tests.conftest import app_on

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "100"))
# A schema cannot say "from must not be after to" or "this tracker has no data yet": such
# schema-valid requests get a clear 404/422, which this check would count as a failure.
BEYOND_THE_SCHEMA = [positive_data_acceptance]
LABELS = [
    r.ok().label
    for r in schemathesis.openapi.from_asgi("/openapi.json", create_app()).get_all_operations()
]


@pytest.mark.parametrize("label", LABELS)
def test_operation(db: Session, label: str) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app_on(db))
    operation = next(r.ok() for r in schema.get_all_operations() if r.ok().label == label)

    @settings(
        max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        case = data.draw(operation.as_strategy())
        response = case.call()
        if response.status_code == 501:  # oEmbed's documented answer to format=xml
            assert response.json() == {"error": "only format=json is supported"}
            return
        case.validate_response(response, excluded_checks=BEYOND_THE_SCHEMA)

    run()

"""Satisfaction survey mutations."""

from __future__ import annotations

import strawberry

from saas.aftersales import service
from saas.schema.aftersales.types import Survey, simple_node
from saas.schema.described import described
from saas.schema.errors import Refused, result_union
from saas.schema.inputs import global_ids, id_of
from saas.schema.mutations import mutation
from saas.schema.permissions import requires
from saas.tenancy.actor import Actor

ID = strawberry.ID


@strawberry.input(description="A satisfaction survey after delivery or service.")
@described
class SubmitSurveyInput:
    """
    Attributes:
        customer_id: The customer surveyed.
        kind: delivery or service.
        product_score: Product satisfaction, 1 to 10.
        attitude_score: Staff attitude, 1 to 10.
        after_sales_score: After-sales satisfaction, 1 to 10.
        comment: The customer's comment.
    """

    customer_id: ID
    kind: str
    product_score: int
    attitude_score: int
    after_sales_score: int
    comment: str | None = None


SurveyResult = result_union(
    "SurveyResult", Survey | Refused, "The survey as saved, or why nothing was saved."
)


global_ids(SubmitSurveyInput, customer_id="Customer")


async def _submit_survey(actor: Actor, input: SubmitSurveyInput) -> SurveyResult:
    row = await service.submit_survey(
        actor,
        id_of(input, "customer_id"),
        input.kind,
        (input.product_score, input.attitude_score, input.after_sales_score),
        input.comment,
        None,
    )
    return simple_node(Survey, row)


@strawberry.type
@described
class SurveyMutations:
    """
    Attributes:
        submit_survey: Record a satisfaction survey.
    """

    submit_survey = mutation(
        SurveyResult,
        requires("customer", "update"),
        input=(SubmitSurveyInput, "The customer and the scores."),
        steps=_submit_survey,
    )

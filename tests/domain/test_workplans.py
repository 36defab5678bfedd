"""The rules of work plans and action items, without I/O."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import (
    DueBeforeCreation,
    EndsBeforeStart,
    InvalidProgress,
    ItemClosed,
    ItemNotClosed,
    NoOwner,
    OutOfOrder,
    SubItemBeforeItem,
    SubItemInAnotherPlan,
)
from domain.workplans import ActionItem, Status, WorkPlan

CREATED = date(2023, 5, 2)


def item(**overrides: object) -> ActionItem:
    values: dict[str, object] = {"owners": ("all-member-countries",), "day": CREATED}
    values.update(overrides)
    return ActionItem.create("wp-swsr-2025", "Contribute to the SWSR report 2025", **values)  # type: ignore[arg-type]


def test_a_work_plan_ends_after_it_starts():
    with pytest.raises(EndsBeforeStart, match="the period of plan-x"):
        WorkPlan.create("plan-x", "Plan", start=CREATED, end=CREATED)


def test_a_new_item_is_planned_at_no_progress():
    a = item()
    assert (a.status, a.progress, a.owners) == (Status.PLANNED, 0, ("all-member-countries",))


def test_an_item_needs_an_owner():
    with pytest.raises(NoOwner, match="wp-swsr-2025 needs at least one owner"):
        item(owners=())


def test_an_item_is_not_due_before_it_was_created():
    with pytest.raises(DueBeforeCreation, match="wp-swsr-2025 cannot be due on 2023-05-01"):
        item(due=date(2023, 5, 1))


def test_a_new_due_date_is_not_before_the_creation_either():
    a = item()
    with pytest.raises(DueBeforeCreation):
        a.set_due(date(2023, 4, 30), day=date(2023, 6, 1))


def test_no_status_change_is_dated_before_the_item_exists():
    a = item()
    with pytest.raises(
        OutOfOrder,
        match="wp-swsr-2025 cannot be marked in-progress on 2023-05-01, before it was created on"
        " 2023-05-02",
    ):
        a.update(Status.IN_PROGRESS, day=date(2023, 5, 1))
    assert a.status is Status.PLANNED
    assert a.collect_events()[1:] == []


@pytest.mark.parametrize(
    ("change", "step"),
    [
        (lambda a, day: a.assign(("gina-nilo",), day=day), "reassigned"),
        (lambda a, day: a.set_due(date(2023, 6, 1), day=day), "given a new due date"),
    ],
)
def test_no_other_change_is_dated_before_the_item_exists(change, step):
    a = item()
    with pytest.raises(OutOfOrder, match=f"cannot be {step} on 2023-05-01, before it was created"):
        change(a, date(2023, 5, 1))
    assert a.collect_events()[1:] == []


def test_a_change_is_not_dated_before_the_last_one_either():
    a = item()
    a.update(Status.DONE, day=date(2023, 9, 1))
    with pytest.raises(OutOfOrder, match="reopened on 2023-08-31, before its last step on"):
        a.reopen(day=date(2023, 8, 31))
    assert a.status is Status.DONE


@pytest.mark.parametrize("progress", [-1, 101, 250])
def test_progress_is_a_percentage(progress: int):
    a = item()
    with pytest.raises(InvalidProgress, match=f"not {progress}"):
        a.update(Status.IN_PROGRESS, day=CREATED, progress=progress)


def test_done_means_all_the_way():
    a = item()
    a.update(Status.DONE, day=date(2023, 9, 1))
    assert (a.status, a.progress) == (Status.DONE, 100)


def test_a_closed_item_moves_again_only_once_reopened():
    a = item()
    a.update(Status.DROPPED, day=date(2023, 9, 1), note="merged into another item")
    with pytest.raises(ItemClosed, match="wp-swsr-2025 is dropped; reopen it first"):
        a.update(Status.IN_PROGRESS, day=date(2023, 10, 1))
    a.reopen(day=date(2023, 10, 1))
    a.update(Status.IN_PROGRESS, day=date(2023, 10, 2), progress=10)
    assert (a.status, a.progress) == (Status.IN_PROGRESS, 10)


def test_an_open_item_cannot_be_reopened():
    with pytest.raises(ItemNotClosed, match="nothing to reopen"):
        item().reopen(day=CREATED)


def test_every_change_is_its_own_event_in_the_history():
    a = item()
    a.update(Status.IN_PROGRESS, day=date(2023, 6, 1), progress=20)
    a.assign(("land-development-department",), day=date(2023, 7, 1))
    a.set_due(date(2024, 3, 31), day=date(2023, 7, 1))
    kinds = [type(e).__name__ for e in a.collect_events()]
    assert kinds == ["Created", "StatusChanged", "Reassigned", "DueChanged"]
    assert [c.what for c in a.history] == [
        "created",
        "in-progress",
        "reassigned",
        "due date changed",
    ]


def test_a_sub_item_is_a_step_of_its_item_in_the_same_plan():
    national = item(plan="asp-work-plan-2023-2024")
    step = ActionItem.create_step(
        national,
        "wp-pilot-stakeholder-meetings",
        "Pilot countries: organize national multi-stakeholder meetings",
        owners=("all-member-countries",),
        day=CREATED,
    )
    assert (step.parent, step.plan) == ("wp-swsr-2025", "asp-work-plan-2023-2024")


def test_a_sub_item_is_not_created_before_its_item():
    with pytest.raises(
        SubItemBeforeItem,
        match="pilot cannot be created on 2023-05-01, before wp-swsr-2025, the item it is a step"
        " of, was created on 2023-05-02",
    ):
        ActionItem.create_step(item(), "pilot", "Pilot", owners=("x",), day=date(2023, 5, 1))


def test_a_sub_item_is_not_in_another_plan_than_its_item():
    with pytest.raises(SubItemInAnotherPlan, match="pilot cannot be in plan-b: wp-swsr-2025"):
        ActionItem.create_step(
            item(plan="plan-a"), "pilot", "Pilot", owners=("x",), day=CREATED, plan="plan-b"
        )

"""Each read model is an eventsourcing TrackingRecorder, so it must pass the library's own
test case for one: positions recorded exactly once, no gap filled in, `wait()` honoured.

The view runs on single-row tracking (the datastore's default, one row an upstream
application), which this test case supports as it stands: it only asks for the maximum
position, never for the set of rows, so none of its tests has to be skipped.
"""

import shutil
import tempfile
from pathlib import Path

from eventsourcing.sqlite import SQLiteDatastore
from eventsourcing.tests.persistence import TrackingRecorderTestCase

from projections.governance import GovernanceView
from projections.proceedings import ProceedingsView
from projections.workplans import WorkPlanView


class TestGovernanceViewIsATrackingRecorder(TrackingRecorderTestCase):
    def create_recorder(self) -> GovernanceView:
        # A file, not ":memory:": each pooled connection to ":memory:" is a new empty database.
        folder = Path(tempfile.mkdtemp(prefix="governance-view-"))
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        view = GovernanceView(SQLiteDatastore(str(folder / "v.db")))
        view.create_table()
        self.addCleanup(view.close)
        return view

    def test_its_own_tables_are_created_beside_the_tracking_table(self) -> None:
        view = self.create_recorder()
        with view.reading() as db:
            tables = set(db.table_names())
        assert {"tracking", "holders", "bodies", "offices", "mandates", "memberships"} <= tables


class TestGovernanceViewOpenedByPathIsATrackingRecorder(TrackingRecorderTestCase):
    """`GovernanceView.open` is how the ledger makes its view; it must give the same."""

    def create_recorder(self) -> GovernanceView:
        folder = Path(tempfile.mkdtemp(prefix="governance-view-"))
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        view = GovernanceView.open(folder / "v.db")
        assert isinstance(view, GovernanceView)
        self.addCleanup(view.close)
        return view


class TestProceedingsViewIsATrackingRecorder(TrackingRecorderTestCase):
    def create_recorder(self) -> ProceedingsView:
        folder = Path(tempfile.mkdtemp(prefix="proceedings-view-"))
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        view = ProceedingsView.open(folder / "v.db")
        assert isinstance(view, ProceedingsView)
        self.addCleanup(view.close)
        return view


class TestWorkPlanViewIsATrackingRecorder(TrackingRecorderTestCase):
    def create_recorder(self) -> WorkPlanView:
        folder = Path(tempfile.mkdtemp(prefix="workplan-view-"))
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        view = WorkPlanView.open(folder / "v.db")
        assert isinstance(view, WorkPlanView)
        self.addCleanup(view.close)
        return view


# pytest collects imported TestCase bases too; without this the abstract base would run.
del TrackingRecorderTestCase

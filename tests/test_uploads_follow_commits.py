"""A file on disk always has its committed row: a rolled-back upload leaves no file, files of
a closed project are refused, a project's files have a quota, and `flask uploads sweep`
removes what a killed process left behind."""

import io
import os
import time
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.services import attachments
from marketplace.services.errors import InvalidInput, NotAllowed
from models import Attachment, Project
from tests.conftest import first_user

PDF = b"%PDF-1.4\n" + b"x" * 2048


class Upload:
    def __init__(self, name, data):
        self.filename, self.stream = name, io.BytesIO(data)


def files_on_disk() -> set[str]:
    return {p.name for p in attachments.upload_dir().iterdir()}


def test_a_file_whose_transaction_rolls_back_leaves_nothing_on_disk(app, make_project):
    project = make_project("in_progress")
    owner = first_user(project.enterprise)
    before = files_on_disk()
    attachments.save_attachment(Upload("发票.pdf", PDF), owner, project=project, purpose="invoice")
    assert len(files_on_disk() - before) == 1  # written with its row, before the commit
    db.session.rollback()  # e.g. the financial record it belonged to was refused
    assert files_on_disk() == before
    assert db.session.scalar(select(func.count(Attachment.id))) == 0


def test_a_refused_financial_record_does_not_keep_its_upload(client, login, make_project):
    # waiting for its verdict: files are still taken, new financial records are not
    project = make_project("acceptance_requested")
    login(first_user(project.enterprise))
    before = files_on_disk()
    response = client.post(
        f"/projects/{project.id}/financial-records",
        data={
            "fr-kind": "invoice",
            "fr-amount": "5000",
            "fr-on_date": "2026-11-01",
            "fr-number": "FP-1",
            "fr-file": (io.BytesIO(PDF), "发票.pdf"),
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "项目未在实施中" in response.get_data(as_text=True)  # refused after the file was saved
    assert files_on_disk() == before
    assert db.session.scalar(select(func.count(Attachment.id))) == 0


def test_a_committed_upload_keeps_its_file(app, make_project):
    project = make_project("in_progress")
    attachment = attachments.save_attachment(
        Upload("合同.pdf", PDF), first_user(project.enterprise), project=project, purpose="contract"
    )
    db.session.commit()
    assert attachments.attachment_path(attachment).read_bytes() == PDF


@pytest.mark.parametrize("closed", ["cancelled", "failed", "paid"])
def test_a_closed_project_takes_no_more_files(app, make_project, closed):
    project = make_project("draft" if closed == "cancelled" else "acceptance_requested")
    if closed != "cancelled":
        db.session.get(Project, project.id).status = closed  # its end state, as the tests set it
    else:
        from marketplace.services.projects import cancel_project

        cancel_project(project, first_user(project.enterprise), "不再改造")
    db.session.commit()
    with pytest.raises(NotAllowed) as refused:
        attachments.save_attachment(
            Upload("补充.pdf", PDF), first_user(project.enterprise), project=project
        )
    assert refused.value.code == "project_closed"


def test_a_project_has_a_quota_for_all_its_files(app, make_project):
    app.config["PROJECT_UPLOAD_QUOTA_BYTES"] = 5000
    project = make_project("in_progress")
    owner = first_user(project.enterprise)
    attachments.save_attachment(Upload("一.pdf", PDF), owner, project=project)
    attachments.save_attachment(Upload("二.pdf", PDF), owner, project=project)  # 4.1 kB in all
    db.session.commit()
    with pytest.raises(InvalidInput) as refused:
        attachments.save_attachment(Upload("三.pdf", PDF), owner, project=project)
    assert refused.value.code == "project_quota"


def test_sweep_removes_old_files_no_row_names_and_keeps_the_rest(app, runner, make_project):
    project = make_project("in_progress")
    kept = attachments.save_attachment(
        Upload("合同.pdf", PDF), first_user(project.enterprise), project=project
    )
    db.session.commit()
    folder = attachments.upload_dir()
    orphan, fresh = folder / "left-by-a-killed-worker.pdf", folder / "still-uploading.pdf"
    orphan.write_bytes(PDF)
    fresh.write_bytes(PDF)
    an_hour_ago = time.time() - 2 * 3600
    os.utime(orphan, (an_hour_ago, an_hour_ago))
    os.utime(attachments.attachment_path(kept), (an_hour_ago, an_hour_ago))

    result = runner.invoke(args=["uploads", "sweep"])

    assert result.exit_code == 0, result.output
    assert "removed 1 orphaned file(s)" in result.output
    assert files_on_disk() == {kept.stored_name, fresh.name}
    assert Decimal(kept.size) == len(PDF)

"""The clients of `make faulttest`: signed-in providers and enterprises writing as fast as
the server answers, each write carrying a marker text unique to it, and what each attempt got.

A provider edits its own products: the summary becomes the marker and the marker is added to
the description. An enterprise posts needs (the marker in the title) and edits its open ones
(the marker added to the description). Every client writes only its own account's rows, one
write at a time, and each edit starts from the form as the server shows it now, so every
marker the server acknowledged must still be in the database at the end: a missing one is a
write the server said it saved and lost.

An attempt is the POST of the form. It was acknowledged (a redirect to the saved page),
refused with a clear message (a 4xx or 503 page, or the form again, with Chinese text saying
what happened), or failed (a 500, an answer without a message, or no answer at all: the
connection reset, the time out).
"""

import re
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser

import requests

CJK = re.compile(r"[\u4e00-\u9fff]")
TITLE = re.compile(r'class="empty-title">(.*?)</div>', re.S)
FLASH = re.compile(r'class="flash flash-(?:danger|warning)"[^>]*>(.*?)</div>', re.S)
FIELD_ERROR = re.compile(r'class="(?:field-)?errors?"[^>]*>(.*?)</', re.S)
TAGS = re.compile(r"<[^>]+>")
FORM_TIMEOUT = 15  # seconds for the form page
POST_TIMEOUT = 20  # and for the write; gunicorn's own timeout is 60 s
DESCRIPTION_ROOM = {"product": 8000, "need": 5000}  # the forms' limits


@dataclass
class Attempt:
    marker: str
    kind: str  # product edit, need post, need edit
    started: float
    ended: float = 0.0
    status: int | None = None  # None: no answer
    outcome: str = ""  # acknowledged | refused | failed
    detail: str = ""


@dataclass
class Tally:
    """Everything every client saw, shared by the threads."""

    attempts: list = field(default_factory=list)
    form_loads: dict = field(default_factory=dict)  # outcome of the GET before a write
    statuses: dict = field(default_factory=dict)  # every response's status, GETs included
    in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def saw(self, status) -> None:
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1

    def loaded(self, outcome: str) -> None:
        with self.lock:
            self.form_loads[outcome] = self.form_loads.get(outcome, 0) + 1

    def record(self, attempt: Attempt) -> None:
        with self.lock:
            self.attempts.append(attempt)


class FormReader(HTMLParser):
    """The fields of the page's forms as a browser would send them (text, hidden, checked
    boxes, selected options, text areas), and the values each checkbox offers."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"fields": [], "boxes": {}, "method": (a.get("method") or "").lower()}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                self._form["boxes"].setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    self._form["fields"].append([name, a.get("value", "on")])
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self._form["fields"].append([name, a.get("value") or ""])
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
            self._form["fields"].append(self._textarea)
        elif tag == "select" and name:
            self._select = {"name": name, "first": None, "chosen": None}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            s = self._select
            chosen = s["chosen"] if s["chosen"] is not None else s["first"]
            self._form["fields"].append([s["name"], chosen or ""])
            self._select = None
        elif tag == "form":
            self._form = None


def read_form(html: str, field_name: str) -> dict | None:
    """The POST form of the page that has a field called `field_name`."""
    reader = FormReader()
    reader.feed(html)
    for form in reader.forms:
        if form["method"] == "post" and any(n == field_name for n, _ in form["fields"]):
            return form
    return None


def set_field(fields: list, name: str, value: str) -> None:
    for pair in fields:
        if pair[0] == name:
            pair[1] = value
            return
    fields.append([name, value])


def get_field(fields: list, name: str) -> str:
    return next((v for n, v in fields if n == name), "")


def message_of(html: str) -> str:
    """The words a page shows the user about what happened, tags stripped."""
    for pattern in (TITLE, FLASH, FIELD_ERROR):
        found = pattern.search(html)
        if found and CJK.search(found.group(1)):
            return " ".join(TAGS.sub(" ", found.group(1)).split())
    return ""


def classify(response: requests.Response) -> tuple[str, str]:
    status = response.status_code
    if status in (302, 303):
        where = response.headers.get("Location", "")
        if "/account/login" in where:
            return "failed", "sent to the sign-in page"
        return "acknowledged", where
    message = message_of(response.text)
    if status == 200 or 400 <= status < 500 or status == 503:
        if message:
            return "refused", message
        return "failed", f"{status} without a message"
    return "failed", f"{status} {message}".strip()


class Client(threading.Thread):
    """One signed-in account writing until `stop` is set."""

    def __init__(self, number: int, base: str, account: dict, prefix: str, tally: Tally, stop):
        super().__init__(name=f"client-{number}", daemon=True)
        self.number, self.base, self.account, self.prefix = number, base, account, prefix
        self.tally, self.stop = tally, stop
        self.session = requests.Session()
        self.session.cookies.update(account["cookies"])
        self.sequence = 0
        self.rows = list(account["rows"])  # product or need ids this account may edit

    def marker(self) -> str:
        self.sequence += 1
        return f"{self.prefix}-{self.number:02d}-{self.sequence:04d}"

    def run(self) -> None:
        while not self.stop.is_set():
            row = self.rows[self.sequence % len(self.rows)] if self.rows else None
            if self.account["role"] == "provider":
                if row is None:
                    return  # every product of this account is full of markers
                self.write("product edit", f"/catalog/products/{row}/edit", "summary", row)
            elif self.sequence % 3 == 0 or row is None:
                self.write("need post", "/needs/new", "title", None)
            else:
                self.write("need edit", f"/needs/{row}/edit", "title", row)

    def write(self, kind: str, path: str, key: str, row: int | None) -> None:
        form = self.load(path, key)
        if form is None:
            time.sleep(0.2)  # the server is down or busy: do not spin
            return
        marker = self.marker()
        fields = form["fields"]
        if row is None:
            set_field(fields, "title", f"{marker} 故障演练需求")
            set_field(fields, "description", f"故障演练：生产数据采集与设备联网。{marker}")
            boxes = form["boxes"].get("stages") or []
            if boxes and not get_field(fields, "stages"):
                fields.append(["stages", boxes[0]])
        else:
            description = get_field(fields, "description").rstrip()
            room = DESCRIPTION_ROOM["product" if key == "summary" else "need"]
            if len(description) + len(marker) + 2 > room:
                self.rows.remove(row)
                return  # no room for more markers in this row: leave it
            set_field(fields, "description", f"{description} {marker}")
            if key == "summary":
                set_field(fields, "summary", f"{marker} 故障演练")
            else:
                title = get_field(fields, "title").split(" · ")[0][:80]
                set_field(fields, "title", f"{title} · {marker}")
        self.post(Attempt(marker, kind, time.monotonic()), path, fields)

    def load(self, path: str, key: str) -> dict | None:
        try:
            response = self.session.get(self.base + path, timeout=FORM_TIMEOUT)
        except requests.RequestException as error:
            self.tally.loaded(f"no answer ({type(error).__name__})")
            return None
        self.tally.saw(response.status_code)
        form = read_form(response.text, key) if response.status_code == 200 else None
        if form is None:
            outcome, detail = classify(response)
            self.tally.loaded(f"{response.status_code} {detail}"[:80])
            return None
        self.tally.loaded("200 form")
        return form

    def post(self, attempt: Attempt, path: str, fields: list) -> None:
        with self.tally.lock:
            self.tally.in_flight += 1
        try:
            response = self.session.post(
                self.base + path,
                data=[(n, v) for n, v in fields],
                allow_redirects=False,
                timeout=POST_TIMEOUT,
            )
        except requests.RequestException as error:
            attempt.outcome, attempt.detail = "failed", f"no answer ({type(error).__name__})"
        else:
            self.tally.saw(response.status_code)
            attempt.status = response.status_code
            attempt.outcome, attempt.detail = classify(response)
            if attempt.outcome == "acknowledged" and attempt.kind == "need post":
                posted = re.search(r"/needs/(\d+)", attempt.detail)
                if posted:
                    self.rows.append(int(posted.group(1)))
        finally:
            attempt.ended = time.monotonic()
            with self.tally.lock:
                self.tally.in_flight -= 1
        self.tally.record(attempt)

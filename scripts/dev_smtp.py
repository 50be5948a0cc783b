"""A local SMTP server for development: every mail the app sends is saved as a file under
instance/mail/ (one .eml per mail, readable in any text editor or mail client) and nothing
leaves the machine. `make run` starts it in the background on 127.0.0.1:8025.

    .venv/bin/python scripts/dev_smtp.py [--port 8025] [--dir instance/mail]
"""

import argparse
import time
from datetime import datetime
from pathlib import Path

from aiosmtpd.controller import Controller


class SaveToFolder:
    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = self.folder / f"{stamp}.eml"
        path.write_bytes(envelope.original_content or envelope.content)
        print(f"mail to {', '.join(envelope.rcpt_tos)} saved as {path}", flush=True)
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument(
        "--dir", default=str(Path(__file__).resolve().parent.parent / "instance" / "mail")
    )
    args = parser.parse_args()
    controller = Controller(SaveToFolder(Path(args.dir)), hostname=args.host, port=args.port)
    controller.start()
    print(f"dev SMTP on {args.host}:{args.port}, mails saved under {args.dir}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()

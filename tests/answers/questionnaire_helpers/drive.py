"""Run the questionnaire interactively on this terminal (for the pexpect tests).

Usage: ``python drive.py KB_DIR SAVE_PATH [--resume] [--no-review] [--lang zh]``. Prints
``RESULT <json>`` with the profile's answers, or ``INTERRUPTED`` and exits 130 on Ctrl-C.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from advisor.answers.questionnaire import run_questionnaire
from advisor.kb.load import load_knowledge


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("kb_dir", type=Path)
    parser.add_argument("save_path", type=Path)
    parser.add_argument("--resume", action="store_true")
    parser.add_argument("--no-review", action="store_true")
    parser.add_argument("--lang", choices=("en", "zh"), default="en")
    args = parser.parse_args()
    kb = load_knowledge([args.kb_dir], builtin=False)
    try:
        profile = run_questionnaire(
            kb,
            lang=args.lang,
            save_path=args.save_path,
            resume=args.resume,
            review=not args.no_review,
            interactive=True,
        )
    except KeyboardInterrupt:
        print("INTERRUPTED", flush=True)
        return 130
    print("RESULT " + json.dumps(dict(profile.answers)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

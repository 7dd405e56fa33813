"""The README's run command without a token: a terminal conversation driving the same coach."""

import os
import subprocess
import sys

from support.paths import REPO


def test_coach_run_without_token_starts_the_terminal_chat(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "WEBHOOK_URL")}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'chat.sqlite3'}"
    script = "dumbbell or barbell for hip thrusts?\n#1\n/workout hip thrust 2x5 100kg\n#99\n5\n/plates 100\n"
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run", "--chat-if-no-token"],
        cwd=REPO,
        env=env,
        input=script,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "No TELEGRAM_BOT_TOKEN set" in text and "LiftCoach" in text
    assert "Source: Barbell, dumbbell, Smith machine" in text and "[#1] 📖" in text  # buttons as numbered choices
    assert "✅ Hip thrust set 1: 5 × 100 kg" in text
    # a tap on a button that isn't there is said so, not taken as a message (no set logged, no question asked)
    assert "(There is no button #99; the buttons are #1 to #" in text and "#99?" not in text
    assert "100 kg = 20 kg bar + per side: 25 + 15" in text

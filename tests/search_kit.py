"""A kit large enough to have search: the second kit with a second top-level folder of
pages, one of them three folders deep, a facilitators' page and a draft, each holding a word
no other page has, so a test can tell exactly which page a search finds."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.kits import FIXTURE_KITS

DEEP_WORD = "lighthouse"  # only in the deep page's body
DEEP_SOURCE = "library/practice/advanced/keeping-watch.md"
DEEP_URL = "library/practice/advanced/keeping-watch.html"
DEEP_TITLE = "Keeping watch over a habit"
DEEP_HEADINGS = ("Signals worth noticing", "When the light goes out")
FACILITATORS_WORD = "stopwatch"  # only in the facilitators' page
FACILITATORS_URL = "library/timing.html"
DRAFT_WORD = "submarine"  # only in a draft: never in the index
ACCENTED = "Café conversations"  # a title with an accent: "cafe" finds it

PAGES = {
    "library/index.md": """---
title: The feedback library
description: Longer reads on feedback habits.
order: 3
---

# The feedback library

Readings to go further after the session.
""",
    DEEP_SOURCE: f"""---
title: {DEEP_TITLE}
description: How to notice when a habit is slipping.
---

# {DEEP_TITLE}

A habit needs a keeper. Like a {DEEP_WORD} keeper, you watch for small changes before
they become large ones.

## {DEEP_HEADINGS[0]}

Fewer requests for feedback, shorter answers, and meetings where nobody asks a question.

## {DEEP_HEADINGS[1]}

Restart small: one question at the end of one meeting this week.
""",
    "library/cafe.md": f"""---
title: {ACCENTED}
---

# {ACCENTED}

Informal conversations over coffee make asking for feedback ordinary.
""",
    "library/practice/first-step.md": """---
title: A first step
---

# A first step

Ask one colleague for one piece of feedback after your next meeting.
""",
    "library/reading.md": """---
title: Reading list
---

# Reading list

A few articles about habits and about asking well.
""",
    "library/timing.md": f"""---
title: Timing the practice rounds
for: facilitators
---

# Timing the practice rounds

Keep a {FACILITATORS_WORD} at hand: each round lasts four minutes.
""",
    "library/unfinished.md": f"""---
title: An unfinished page
draft: true
---

# An unfinished page

The {DRAFT_WORD} section is not written yet.
""",
}


def make_search_kit(folder: Path) -> Path:
    """The kit, written into `folder` (which must not exist); returns it."""
    shutil.copytree(FIXTURE_KITS / "second", folder)
    for source, text in PAGES.items():
        path = folder / "content" / source
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder

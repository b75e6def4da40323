"""``python -m gongkai.cli``."""

from gongkai.cli import main

main()

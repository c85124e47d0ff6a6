"""``python -m reluexact`` runs the command line."""

from reluexact.cli import console_main

if __name__ == "__main__":
    console_main()
